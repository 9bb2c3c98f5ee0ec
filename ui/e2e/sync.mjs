// Two terminals and the real sync server (on a PostgreSQL database of the cluster with-postgres.sh
// started for the test run), through the real UI in Debian's Chromium:
// the owner links the demo store from Sinkronisasi and makes a one-time code; a new terminal joins
// with it from its first screen, watches its first pull, signs in with the owner's password
// (synced as a hash) and finds the catalogue; a sale on the first terminal reaches the second.
// Screenshots go to artifacts/e2e-sync/.
import { chromium } from "playwright-core";
import { expect, suite } from "./harness.mjs";
import { chromiumArgs, startServer, startSyncServer } from "./server.mjs";

const { step, finish } = suite("e2e-sync");


const sync = await startSyncServer(`hurtrock_e2e_${process.pid}`);
const env = { HURTROCK_SYNC_INTERVAL_MS: "500" };
const first = await startServer({ demo: true, env });
const second = await startServer({ demo: false, env });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs });
const a = await browser.newPage({ viewport: { width: 1366, height: 768 } });
const b = await browser.newPage({ viewport: { width: 1366, height: 768 } });
for (const p of [a, b]) p.setDefaultTimeout(20_000);
const owner = { email: "dimas@hurtrock.test", password: "metal-mania-77" };
let code = "";

try {
  await step("the owner sets up the first terminal", a, async () => {
    await a.goto(first.url);
    await a.getByTestId("setup").waitFor();
    await a.getByLabel("Nama", { exact: true }).fill("Dimas Pemilik");
    await a.getByLabel("Email").first().fill(owner.email);
    await a.getByLabel(/^Kata sandi/).fill(owner.password);
    await a.getByRole("button", { name: "Buat toko" }).click();
    await a.getByTestId("current-user").waitFor();
  });

  await step("links the store to the sync server", a, async () => {
    await a.getByTestId("tab-sync").click();
    await expect((await a.getByTestId("sync-state").textContent()).includes("Belum terhubung"), "not linked yet");
    const form = a.getByTestId("sync-link");
    await form.locator("input[name=server]").fill("ftp://nope");
    await form.getByRole("button", { name: "Hubungkan" }).click();
    await a.getByText("Alamat server harus diawali https://").waitFor();
    await form.locator("input[name=server]").fill(sync.url);
    await form.locator("input[name=email]").fill(owner.email);
    await form.locator("input[name=password]").fill("server-pass-123");
    await form.locator("input[name=branch_name]").fill("Bandung");
    await form.getByRole("button", { name: "Hubungkan" }).click();
    await a.getByTestId("sync-add-terminal").waitFor();
    // Everything the demo store holds goes up; the header shows the state.
    await a.waitForFunction(() => document.querySelector("[data-testid=sync-pending]")?.textContent === "0", null, { timeout: 30_000 });
    await a.getByTestId("sync-badge").getByText("Daring").waitFor();
  });

  await step("makes a one-time code for a new terminal", a, async () => {
    const form = a.getByTestId("sync-add-terminal");
    await form.locator("input[name=branch_code]").fill("BDG1");
    await form.locator("input[name=branch_name]").fill("Bandung");
    await form.locator("input[name=email]").fill(owner.email);
    await form.locator("input[name=password]").fill("server-pass-123");
    await form.getByRole("button", { name: "Buat kode" }).click();
    code = (await a.getByTestId("enrolment-code").textContent()).trim();
    await expect(/^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/.test(code), `a code: ${code}`);
  });

  await step("a new terminal joins with the code and pulls the store", b, async () => {
    await b.goto(second.url);
    const join = b.getByTestId("join");
    await join.locator("input[name=server]").fill(sync.url);
    await join.locator("input[name=code]").fill("WRONG-WRONG-WRONG");
    await join.locator("input[name=device_name]").fill("Kasir 2");
    await join.getByRole("button", { name: "Gabung" }).click();
    await b.getByText("Kode pendaftaran salah, sudah dipakai, atau kedaluwarsa.", { exact: false }).waitFor();
    await join.locator("input[name=code]").fill(code);
    await join.getByRole("button", { name: "Gabung" }).click();
    await b.getByText("Menerima staf, katalog, dan riwayat").waitFor();
    await b.getByTestId("signin").waitFor({ timeout: 60_000 });
  });

  await step("the owner signs in there with the same password and finds the catalogue", b, async () => {
    await b.getByLabel("Email").fill(owner.email);
    await b.getByLabel("Kata sandi").fill(owner.password);
    await b.getByRole("button", { name: "Masuk" }).click();
    await b.getByTestId("current-user").waitFor();
    await b.getByTestId("tab-products").click();
    await b.getByTestId("product-search").fill("Jazz III");
    await b.getByText("Dunlop Jazz III").first().waitFor();
    await b.getByTestId("tab-sync").click();
    const state = await b.getByTestId("sync-state").textContent();
    await expect(/Daring|Menyinkronkan/.test(state), `online: ${state}`);
    await expect((await b.getByText("BDG1 · T2").count()) > 0, "enrolled as the branch's second terminal");
  });

  await step("a category made on the first terminal reaches the second", a, async () => {
    await a.getByTestId("tab-categories").click();
    await a.locator("input[name=category-name]").fill("Pedal Buatan Lokal");
    await a.getByRole("button", { name: "Tambah" }).click();
    await a.getByTestId("category-list").getByText("Pedal Buatan Lokal").waitFor();
    await b.getByTestId("tab-categories").click();
    await b.waitForFunction(
      async () => {
        document.querySelector("[data-testid=tab-sync]")?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
        await new Promise((r) => setTimeout(r, 300));
        document.querySelector("[data-testid=tab-categories]")?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
        await new Promise((r) => setTimeout(r, 300));
        return document.querySelector("[data-testid=category-list]")?.textContent?.includes("Pedal Buatan Lokal");
      },
      null,
      { timeout: 30_000, polling: 1000 },
    );
  });

  await step("the new till may not add an admin until the owner trusts it from the desk", a, async () => {
    await b.getByTestId("tab-users").click();
    const f = b.locator("form.card").filter({ has: b.locator("select") }).first();
    await f.getByLabel("Nama").fill("Admin Cabang");
    await f.getByLabel("Email").fill("admin.cabang@hurtrock.test");
    await f.getByLabel(/^Kata sandi/).fill("admin-pass-123");
    await f.locator("select").selectOption("admin");
    await f.getByRole("button", { name: "Tambah" }).click();
    await b.getByText(/terminal yang dipercaya pemilik/).first().waitFor();

    await b.getByTestId("tab-sync").click();
    await b.getByTestId("owner-desk").getByText(/^Kasir/).waitFor();
    await a.getByTestId("tab-sync").click();
    await a.getByTestId("owner-desk").getByText("Meja pemilik").waitFor();
    const form = a.getByTestId("sync-add-terminal");
    await form.locator("input[name=email]").fill(owner.email);
    await form.locator("input[name=password]").fill("server-pass-123");
    await a.getByTestId("show-devices").click();
    const rows = a.getByTestId("devices").locator("tr");
    await rows.nth(1).waitFor();
    const boxes = a.getByTestId("devices").locator("input[type=checkbox]");
    await expect((await boxes.nth(0).isChecked()) && !(await boxes.nth(1).isChecked()), "the desk is trusted, the till not");
    await boxes.nth(1).check();
    await a.waitForFunction(() => document.querySelectorAll("[data-testid=devices] input[type=checkbox]")[1]?.checked);
  });
} catch {
  // the failed step is already reported
} finally {
  await browser.close();
  first.stop();
  second.stop();
  sync.stop();
}
process.exit(finish("sync"));
