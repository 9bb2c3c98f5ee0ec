// End to end through the web backend: the real UI in Debian's Chromium against the real core.
// First-run setup, sign-in, a category and a product, finding it by barcode (typed and scanned),
// a stock count, a refused bad barcode, theme and language remembered across a reload.
// Screenshots go to artifacts/e2e/.
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { expect, suite } from "./harness.mjs";
import { chromiumArgs, startServer } from "./server.mjs";

const { shots, step, finish } = suite("e2e");

function ean13(body12) {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[11 - i]) * (i % 2 === 0 ? 3 : 1);
  return body12 + ((10 - (sum % 10)) % 10);
}


const server = await startServer({ demo: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs });
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
page.setDefaultTimeout(10_000);
// The UI must run under the strict CSP without a single violation or uncaught error.
const pageProblems = [];
page.on("console", (m) => /Content Security Policy|Uncaught/.test(m.text()) && pageProblems.push(m.text()));
page.on("pageerror", (e) => pageProblems.push(String(e)));
const barcode = ean13("899123499901");

try {
  await page.goto(server.url);

  await step("first-run setup", page, async () => {
    await page.getByTestId("setup").waitFor();
    // The demo store's profile is offered; the owner is ours to create.
    await expect((await page.getByLabel("Nama toko").inputValue()) === "Hurtrock Music Store", "profile not prefilled");
    await page.getByLabel("Nama", { exact: true }).fill("Dimas Pemilik");
    await page.getByLabel("Email").fill("dimas@hurtrock.test");
    await page.getByLabel(/^Kata sandi/).fill("pendek");
    await page.getByRole("button", { name: "Buat toko" }).click();
    await page.getByText("Kata sandi minimal 8 karakter").waitFor();
    await page.getByLabel(/^Kata sandi/).fill("metal-mania-77");
    await page.getByLabel(/^PIN/).fill("258046");
    await page.screenshot({ path: join(shots, "00-setup-screen.png"), fullPage: true });
    await page.getByRole("button", { name: "Buat toko" }).click();
    await page.getByTestId("current-user").waitFor();
  });

  await step("sign out and sign in", page, async () => {
    await page.getByTestId("sign-out").click();
    await page.getByTestId("signin").waitFor();
    await page.getByLabel("Email").fill("dimas@hurtrock.test");
    await page.getByLabel("Kata sandi").fill("salah-sekali");
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.getByText("Email, kata sandi, atau PIN salah.").waitFor();
    await page.getByLabel("Kata sandi").fill("metal-mania-77");
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect((await page.getByTestId("current-user").textContent()).includes("Dimas"), "not signed in");
  });

  await step("create a category", page, async () => {
    await page.getByTestId("tab-categories").click();
    await page.locator("input[name=category-name]").fill("Pedal Buatan Lokal");
    await page.locator("select[name=parent]").selectOption({ label: "Effects" });
    await page.getByRole("button", { name: "Tambah" }).click();
    await page.getByTestId("category-list").getByText("Pedal Buatan Lokal").waitFor();
  });

  await step("a bad barcode is refused with a clear message", page, async () => {
    await page.getByTestId("tab-products").click();
    await page.getByTestId("new-product").click();
    const form = page.getByTestId("product-form");
    await form.locator("input[name=name]").fill("Hurtrock Doom Fuzz");
    await form.locator("input[name=sku]").fill("HR-FUZZ-01");
    const wrong = barcode.slice(0, 12) + ((Number(barcode[12]) + 1) % 10);
    await form.locator("input[name=barcode]").fill(wrong);
    await form.locator("select[name=category_id]").selectOption({ label: "  └ Pedal Buatan Lokal" });
    await form.locator("input[name=price]").fill("1.250.000");
    await form.locator("input[name=cost]").fill("700000");
    await form.locator("input[name=opening_stock]").fill("3");
    await page.getByTestId("save-product").click();
    await form.getByText(/Digit pemeriksa salah/).first().waitFor();
  });

  await step("create a product with a valid EAN-13", page, async () => {
    const form = page.getByTestId("product-form");
    await form.locator("input[name=barcode]").fill(barcode);
    await page.getByTestId("barcode-preview").locator("svg").waitFor();
    await page.getByTestId("save-product").click();
    await page.getByTestId("toast").getByText("Tersimpan").waitFor();
    await expect((await page.getByTestId("on-hand").textContent()) === "3", "opening stock not 3");
  });

  await step("find it by typing its barcode", page, async () => {
    await page.getByTestId("tab-low_stock").click();
    await page.getByTestId("tab-products").click();
    const search = page.getByTestId("product-search");
    await search.fill(barcode);
    await page.getByTestId("product-results").getByText("Hurtrock Doom Fuzz").waitFor();
    await search.press("Enter");
    await expect((await page.getByTestId("product-form").locator("input[name=name]").inputValue()) === "Hurtrock Doom Fuzz", "not opened");
  });

  await step("a scanner burst anywhere jumps to the product", page, async () => {
    await page.getByTestId("tab-categories").click();
    await page.locator("body").click({ position: { x: 5, y: 740 } });
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await page.keyboard.type(barcode, { delay: 4 });
    await page.keyboard.press("Enter");
    await page.getByTestId("stock-panel").waitFor();
    await expect((await page.getByTestId("product-form").locator("input[name=sku]").inputValue()) === "HR-FUZZ-01", "scan did not open it");
  });

  await step("a stock count sets the new on-hand", page, async () => {
    const adj = page.getByTestId("adjust-form");
    await adj.locator("select[name=reason]").selectOption("count");
    await adj.locator("input[name=quantity]").fill("7");
    await adj.getByRole("button").click();
    await page.waitForFunction(() => document.querySelector("[data-testid=on-hand]")?.textContent === "7");
    await page.getByTestId("stock-panel").getByText("+4").waitFor();
  });

  await step("theme and language switch and are remembered", page, async () => {
    await page.getByTestId("theme-toggle").click();
    await expect((await page.locator("html").getAttribute("data-theme")) === "light", "theme not light");
    await page.getByTestId("lang-toggle").click();
    await page.getByTestId("tab-products").getByText("Products").waitFor();
    await page.reload();
    await page.getByTestId("tab-products").getByText("Products").waitFor();
    await expect((await page.locator("html").getAttribute("data-theme")) === "light", "theme forgotten");
    // The owner lands on the dashboard.
    await page.getByTestId("dashboard").waitFor();
    await page.getByTestId("tab-products").click();
    await page.getByTestId("product-search").fill("doom");
    // The row itself (the unfiltered list may still be showing, with other products at this price).
    const row = page.getByTestId("product-results").locator("tr", { hasText: "Hurtrock Doom Fuzz" });
    await row.getByText("Rp 1.250.000").waitFor();
  });

  await step("errors come in the chosen language", page, async () => {
    await page.getByTestId("new-product").click();
    const form = page.getByTestId("product-form");
    await form.locator("input[name=name]").fill("Duplicate");
    await form.locator("input[name=sku]").fill("hr-fuzz-01");
    await form.locator("select[name=category_id]").selectOption({ index: 1 });
    await page.getByTestId("save-product").click();
    await form.getByText("This SKU is already used by another record").waitFor();
  });

  await step("a stale edit is refused and can be reloaded", page, async () => {
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByTestId("product-search").fill("doom");
    await page.getByTestId("product-results").getByText("Hurtrock Doom Fuzz").click();
    const form = page.getByTestId("product-form");
    await form.locator("input[name=brand]").fill("Hurtrock");
    // Meanwhile someone at another terminal changes the price.
    const other = await browser.newPage();
    await other.goto(server.url);
    await other.getByLabel("Email").fill("dimas@hurtrock.test");
    await other.getByLabel("Kata sandi").fill("metal-mania-77");
    await other.getByRole("button", { name: "Masuk" }).click();
    await other.getByTestId("tab-products").click();
    await other.getByTestId("product-search").fill("doom");
    await other.getByTestId("product-results").getByText("Hurtrock Doom Fuzz").click();
    await other.getByTestId("product-form").locator("input[name=price]").fill("1.300.000");
    await other.getByTestId("save-product").click();
    await other.getByTestId("toast").waitFor();
    await other.close();
    await page.getByTestId("save-product").click();
    await form.getByText(/Someone else changed this record/).waitFor();
    await form.getByRole("button", { name: "Reload" }).click();
    await page.waitForFunction(() => document.querySelector("[data-testid=product-form] input[name=price]")?.value === "1.300.000");
  });

  await step("catalogue import: the dry run names the bad rows, then the valid ones import", page, async () => {
    await page.getByTestId("import-products").click();
    // A distributor's semicolon CSV from Excel, in Windows-1252 (é is one byte).
    const csv = "Kode Barang;Nama Barang;Kategori;Harga Jual\r\nIMP-1;Fuzz Café Imported;Basses;990000\r\nIMP-2;Broken;Basses;-5\r\n";
    await page.getByTestId("import-file").setInputFiles({ name: "distributor.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "latin1") });
    await page.getByTestId("import-summary").getByText("2 rows: 1 new, 0 changed, 0 unchanged, 1 with problems").waitFor();
    await page.getByTestId("import-problems").getByText(/cannot be negative/).waitFor();
    await page.screenshot({ path: join(shots, "05-import-dry-run.png"), fullPage: true });
    await expect(await page.getByTestId("import-apply").isDisabled(), "apply waits while rows have problems");
    await page.getByTestId("import-skip").check();
    await page.getByTestId("import-apply").click();
    await page.getByTestId("toast").getByText("Imported: 1 new, 0 changed, 1 left out").waitFor();
    await page.getByTestId("product-search").fill("Fuzz Café");
    await page.getByTestId("product-results").getByText("Fuzz Café Imported").waitFor();
  });

  await step("stock count: two scans and a carton, the variance read, posted once", page, async () => {
    await page.getByTestId("tab-counts").click();
    await page.getByTestId("count-new").click();
    await page.getByTestId("count-form").locator("input[name=label]").fill("Rak A3");
    await page.getByRole("button", { name: "Start counting" }).click();
    const code = page.getByTestId("count-code");
    for (const q of [1, 1, 3]) {
      await code.fill(barcode);
      await page.getByTestId("count-units").fill(String(q));
      await code.press("Enter");
    }
    await page.getByTestId("count-last").getByText("Counted 5").waitFor();
    await page.getByTestId("count-variance-load").click();
    await page.getByTestId("count-summary").getByText(/1 products counted/).waitFor();
    await page.screenshot({ path: join(shots, "06-stock-count-variance.png"), fullPage: true });
    await page.getByTestId("count-post").click();
    await page.getByTestId("toast").getByText("Posted: 1 products adjusted").waitFor();
    await page.getByTestId("count-list").getByText("posted").waitFor();
    await page.getByTestId("tab-products").click();
    await page.getByTestId("product-search").fill("doom");
    const row = page.getByTestId("product-results").locator("tr", { hasText: "Hurtrock Doom Fuzz" });
    await expect((await row.locator("td").nth(3).innerText()).trim() === "5", "five on hand after the count");
  });

  await step("purchasing: an order drafted, sent, received by scanning with an extra unit asked about", page, async () => {
    await page.getByTestId("tab-suppliers").click();
    await page.locator("form.card input").first().fill("PT Musik Nusantara");
    await page.locator("form.card").getByRole("button", { name: "Add" }).click();
    await page.getByTestId("toast").getByText("Saved").waitFor();
    await page.getByTestId("tab-purchasing").click();
    await page.getByTestId("po-new-supplier").selectOption({ label: "PT Musik Nusantara" });
    await page.getByTestId("po-search").fill("doom");
    await page.getByRole("button", { name: /Hurtrock Doom Fuzz/ }).click();
    await page.getByTestId("po-lines").getByLabel("Ordered").fill("4");
    await page.getByTestId("po-save").click();
    await page.getByTestId("toast").getByText(/Saved .*-P000001/).waitFor();
    await page.getByTestId("po-send").click();
    await page.getByTestId("po-editor").getByText("sent", { exact: true }).waitFor();
    await page.getByTestId("po-receive-open").click();
    const code = page.getByTestId("receive-code");
    for (const q of [3, 2]) {
      await code.fill(barcode);
      await page.getByTestId("receive-units").fill(String(q));
      await code.press("Enter");
    }
    await page.getByTestId("receive-lines").getByText(/1 units more than ordered/).waitFor();
    await page.getByTestId("receive-reference").fill("SJ-0118");
    await page.getByTestId("receive-post").click();
    await page.getByTestId("receive-ask").getByText(/More than was ordered: Hurtrock Doom Fuzz \+1/).waitFor();
    await page.screenshot({ path: join(shots, "07-receiving-over.png"), fullPage: true });
    await page.getByTestId("receive-accept").click();
    await page.getByTestId("toast").getByText("Received 5 units").waitFor();
    await page.getByTestId("receive").getByRole("button", { name: "←" }).click();
    await page.getByTestId("po-list").getByText("received", { exact: true }).waitFor();
    await page.getByTestId("po-list").getByText("5 / 4").waitFor();
    await page.getByTestId("tab-products").click();
    await page.getByTestId("product-search").fill("doom");
    const row = page.getByTestId("product-results").locator("tr", { hasText: "Hurtrock Doom Fuzz" });
    await page.waitForFunction(() => true);
    await expect((await row.locator("td").nth(3).innerText()).trim() === "10", "five counted plus five received");
  });

  await step("bulk price change: previewed, applied, and its shelf label waits to be printed", page, async () => {
    await page.getByTestId("bulk-prices").click();
    await page.getByTestId("price-category").selectOption({ label: "Pedal Buatan Lokal" });
    await page.getByTestId("price-value").fill("10");
    await page.getByTestId("price-rounding").selectOption("to1000");
    await page.getByTestId("price-preview").click();
    await page.getByTestId("price-summary").getByText(/^1 of 1 products change; 0 would sell below cost/).waitFor();
    await page.getByTestId("price-lines").getByText("Rp 1.430.000").waitFor();
    await page.screenshot({ path: join(shots, "08-bulk-price-preview.png"), fullPage: true });
    await page.getByTestId("price-apply").click();
    await page.getByTestId("toast").getByText("1 prices changed; 1 shelf labels to print").waitFor();
    await page.getByTestId("shelf-labels").getByText("(1)").waitFor();
    await page.getByTestId("shelf-labels").click();
    await page.getByTestId("shelf-queue").getByText("Hurtrock Doom Fuzz").waitFor();
    const download = page.waitForEvent("download");
    await page.getByTestId("shelf-pdf").click();
    await expect((await download).suggestedFilename().endsWith(".pdf"), "a PDF of the labels");
    await page.getByTestId("shelf-queue").getByText(/Every shelf label shows its price/).waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    await page.getByTestId("shelf-labels").getByText("(0)").waitFor();
  });

  await step("product photos: a picture added to the product shows in its editor and the list", page, async () => {
    await page.getByTestId("product-search").fill("doom");
    await page.getByTestId("product-results").getByText("Hurtrock Doom Fuzz").click();
    const panel = page.getByTestId("photo-panel");
    await panel.getByText(/Drop photos here/).waitFor();
    const jpeg = await page.screenshot({ type: "jpeg", quality: 85 });
    await page.getByTestId("photo-file").setInputFiles({ name: "fuzz.jpg", mimeType: "image/jpeg", buffer: jpeg });
    await panel.getByTestId("photo-list").locator("img").waitFor();
    await panel.getByText("Main", { exact: true }).waitFor();
    await page.getByTestId("toast").getByText("Photo added").waitFor();
    const row = page.getByTestId("product-results").locator("tr", { hasText: "Hurtrock Doom Fuzz" });
    await row.locator("img").waitFor();
    // Shown large: the 2 048 px picture, at most that on its longest side.
    await panel.getByTestId("photo-open").click();
    const large = page.getByTestId("photo-large");
    await large.waitFor();
    const w = await large.evaluate((img) => Math.max(img.naturalWidth, img.naturalHeight));
    await expect(w > 256 && w <= 2048, `the large photo is the stored one (${w} px)`);
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    // What is not a picture is refused with the reason.
    await page.getByTestId("photo-file").setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a picture") });
    await page.getByTestId("photo-error").getByText(/not a JPEG, PNG or WebP/).waitFor();
    await page.screenshot({ path: join(shots, "09-product-photo.png"), fullPage: true });
  });

  await step("app updates: the browser build says the desktop app installs them", page, async () => {
    await page.getByTestId("tab-settings").click();
    const panel = page.getByTestId("app-updates");
    await panel.getByTestId("update-blocked").getByText(/installed by the desktop app/).waitFor();
    await expect(/^\d+\.\d+\.\d+/.test(await panel.getByTestId("app-version").innerText()), "a version is shown");
  });

  await step("backups: a copy to a chosen folder, listed with what it holds", page, async () => {
    const folder = mkdtempSync(join(tmpdir(), "hurtrock-usb-"));
    const panel = page.getByTestId("backups");
    await panel.locator("input[name=backup-folder]").fill(folder);
    await panel.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("toast").getByText("Saved").waitFor();
    await panel.getByTestId("backup-now").click();
    await page.getByTestId("toast").getByText("Copy taken and checked").waitFor();
    await panel.getByTestId("backup-list").getByText(/hurtrock-.*\.db/).waitFor();
    await expect(readdirSync(folder).some((f) => /^hurtrock-.*\.db$/.test(f)), "the copy is in the folder");
  });

  await step("lock screen unlocks with the PIN", page, async () => {
    await page.keyboard.press("Control+l");
    await page.getByTestId("lock-screen").waitFor();
    await page.getByLabel(/Enter your PIN/).fill("258046");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByTestId("current-user").waitFor();
    // A PIN opens the counter only: the owner's powers wait for the password.
    await page.getByTestId("pin-only").click();
    await page.getByTestId("lock-screen").waitFor();
    await page.getByLabel(/Enter your PIN/).fill("metal-mania-77");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByTestId("current-user").waitFor();
    await expect((await page.getByTestId("pin-only").count()) === 0, "the password opens everything");
  });
  await step("no CSP violation or page error", page, async () => {
    await expect(pageProblems.length === 0, pageProblems.join("\n"));
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
  server.stop();
  process.exit(finish("e2e"));
}
