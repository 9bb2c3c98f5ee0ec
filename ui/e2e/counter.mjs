// A whole trading day at the counter through the web backend, in Debian's Chromium, with a
// network receipt printer that is a TCP listener on loopback: open the shift, scan three items,
// a discount that needs the supervisor's PIN, split card and cash, the receipt decoded from the
// printer's bytes, a return of one item, and the shift closed with the Z report's totals checked.
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { decodeEscpos } from "./escpos.mjs";
import { expect, suite } from "./harness.mjs";
import { chromiumArgs, startServer } from "./server.mjs";

const { shots, step, finish } = suite("e2e-counter");
const rp = (n) => "Rp " + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

// The receipt printer: answers the paper-status query, then keeps each job's bytes.
const jobs = [];
const printer = net.createServer((sock) => {
  let buf = Buffer.alloc(0);
  let answered = false;
  sock.on("data", (d) => {
    buf = Buffer.concat([buf, d]);
    if (!answered && buf.length >= 3) {
      answered = true;
      sock.write(Buffer.from([0x12]));
      buf = buf.subarray(3);
    }
  });
  sock.on("end", () => jobs.push(buf));
});
await new Promise((r) => printer.listen(0, "127.0.0.1", r));
const printerAddress = `127.0.0.1:${printer.address().port}`;
const waitJobs = async (n) => {
  for (let i = 0; i < 100 && jobs.length < n; i++) await new Promise((r) => setTimeout(r, 50));
  expect(jobs.length >= n, `printer got ${jobs.length} jobs, expected ${n}`);
};


// Midtrans's Core API, faked on loopback from ../shared/reference/payments.md: a QRIS charge is
// pending for two status polls, then settled.
const midtransKey = "SB-Mid-server-E2E";
const charges = new Map();
const midtrans = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    const reply = (code, obj) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(obj));
    };
    if (req.headers.authorization !== "Basic " + Buffer.from(midtransKey + ":").toString("base64")) return reply(401, { error_messages: ["Access denied"] });
    if (req.method === "POST" && req.url === "/v2/charge") {
      const b = JSON.parse(body);
      const id = b.transaction_details.order_id;
      const amount = b.transaction_details.gross_amount;
      charges.set(id, { amount, polls: 2 });
      return reply(200, {
        status_code: "201", transaction_status: "pending", fraud_status: "accept", order_id: id, gross_amount: `${amount}.00`,
        qr_string: `00020101021226620014COM.GO-JEK.WWW0118936009140000000005204599953033605405${amount}5802ID5920Hurtrock Music Store6007BANDUNG6304ABCD`,
      });
    }
    const m = req.url.match(/^\/v2\/([^/]+)\/(status|cancel)$/);
    const c = m && charges.get(m[1]);
    if (!c) return reply(200, { status_code: "404", status_message: "Transaction doesn't exist." });
    const status = m[2] === "cancel" ? "cancel" : c.polls-- > 0 ? "pending" : "settlement";
    reply(200, { status_code: status === "settlement" ? "200" : "201", transaction_status: status, order_id: m[1], gross_amount: `${c.amount}.00`, fraud_status: "accept" });
  });
});
await new Promise((r) => midtrans.listen(0, "127.0.0.1", r));

const server = await startServer({
  demo: true,
  env: { HURTROCK_MIDTRANS_URL: `http://127.0.0.1:${midtrans.address().port}`, HURTROCK_MIDTRANS_SERVER_KEY: midtransKey },
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs });
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
page.setDefaultTimeout(10_000);
const api = async (name, body) => {
  const token = await page.evaluate(() => sessionStorage.getItem("hurtrock.token"));
  const res = await fetch(`${server.url}/api/${name}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return res.json();
};
const items = {};
let receiptNo = "";

try {
  await page.goto(server.url);
  await step("owner sets up the store, the printer and a cashier", page, async () => {
    await page.getByLabel("Nama", { exact: true }).fill("Dimas Pemilik");
    await page.getByLabel("Email").fill("dimas@hurtrock.test");
    await page.getByLabel(/^Kata sandi/).fill("metal-mania-77");
    await page.getByLabel(/^PIN/).fill("258046");
    await page.getByRole("button", { name: "Buat toko" }).click();
    await page.getByTestId("current-user").waitFor();
    await page.getByTestId("tab-settings").click();
    const form = page.getByTestId("counter-settings");
    await form.locator("select[name=printer-kind]").selectOption("network");
    await form.locator("input[name=printer-target]").fill(printerAddress);
    await form.getByLabel("Laci kas di printer").check();
    await form.getByRole("button", { name: "Simpan" }).click();
    await page.getByTestId("toast").getByText("Tersimpan").waitFor();
    await page.getByTestId("test-print").click();
    await waitJobs(1);
    const test = decodeEscpos(jobs[0]);
    expect(test.lines.some((l) => l.includes("TEST PRINT")) && test.drawer === 1, "test page");
    await page.getByTestId("tab-users").click();
    await page.getByLabel("Nama", { exact: true }).fill("Rina Kasir");
    await page.getByLabel("Email").fill("rina@hurtrock.test");
    await page.getByLabel("Peran").selectOption("cashier");
    await page.getByLabel(/^Kata sandi/).fill("kasir-rina-1");
    await page.getByLabel(/^PIN/).fill("135792");
    await page.getByRole("button", { name: "Tambah" }).click();
    await page.getByTestId("user-list").getByText("Rina Kasir").waitFor();
    for (const [key, q] of [["strings", "Ernie Ball Regular"], ["pedal", "Boss DS-1"], ["picks", "Dunlop Jazz III"]]) {
      const [p] = await api("search_products", { query: q, category_id: null, include_inactive: false, limit: 1 });
      items[key] = p;
    }
    expect(items.pedal.price === 1150000, "demo price changed");
  });

  await step("the cashier signs in and opens the shift", page, async () => {
    await page.getByTestId("sign-out").click();
    await page.getByTestId("signin").waitFor();
    await page.getByLabel("Email").fill("rina@hurtrock.test");
    await page.getByLabel("Kata sandi").fill("kasir-rina-1");
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.getByTestId("open-shift").waitFor();
    await page.getByTestId("open-shift").locator("input[name=float]").fill("500.000");
    await page.getByRole("button", { name: "Buka shift" }).click();
    await page.getByTestId("shift-bar").waitFor();
  });

  await step("three scans ring up three lines", page, async () => {
    const scan = page.getByTestId("scan");
    for (const k of ["strings", "pedal", "picks"]) {
      await scan.fill(items[k].barcode);
      await scan.press("Enter");
    }
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=cart] tbody tr").length === 3);
    await page.getByTestId("total").getByText(rp(95000 + 1150000 + 65000)).waitFor();
  });

  await step("a 15% line discount needs the supervisor's PIN", page, async () => {
    await page.getByTestId("cart").getByText("Boss DS-1 Distortion").click();
    await page.keyboard.press("F5");
    await page.getByTestId("value-form").locator("input[name=value]").fill("15");
    await page.getByTestId("value-form").getByRole("button", { name: "OK" }).click();
    await page.getByTestId("total").getByText(rp(95000 + 977500 + 65000)).waitFor();
    await page.keyboard.press("F12");
    const f = page.getByTestId("approval-form");
    await f.locator("input[name=pin]").fill("999999");
    await f.locator("input[name=reason]").fill("pelanggan tetap");
    await f.getByRole("button", { name: "Setujui" }).click();
    await f.getByText("PIN salah").waitFor();
    await f.locator("input[name=pin]").fill("258046");
    await f.getByRole("button", { name: "Setujui" }).click();
    await page.getByTestId("pay-form").waitFor();
  });

  await step("split payment: card with approval code, cash with change", page, async () => {
    const f = page.getByTestId("pay-form");
    await f.getByLabel("Kartu (EDC)").check();
    await f.locator("input[name=tender-amount]").fill("1.000.000");
    await f.locator("input[name=tender-ref]").fill("EDC123");
    await page.getByTestId("add-tender").click();
    await f.getByLabel("Tunai").check();
    await f.locator("input[name=tender-amount]").fill("200.000");
    await page.getByTestId("add-tender").click();
    await page.getByTestId("complete").click();
    await page.getByTestId("sale-done").waitFor();
    receiptNo = await page.getByTestId("receipt-no").textContent();
    expect(receiptNo === "BDG1-T1-000001", `receipt ${receiptNo}`);
    await page.getByTestId("sale-done").getByText(rp(62500)).waitFor();
  });

  await step("the receipt printed: text, Code128 of the number, drawer, cut", page, async () => {
    await waitJobs(2);
    const r = decodeEscpos(jobs[1]);
    const text = r.lines.join("\n");
    for (const s of ["Hurtrock Music Store", receiptNo, "Rina Kasir", "Boss DS-1", "Diskon", rp(1137500), "Kartu (EDC) #EDC123", "Tunai", "Kembali", "62.500"]) {
      expect(text.includes(s), `receipt lacks ${s}:\n${text}`);
    }
    expect(r.code128.includes(receiptNo), `barcode ${r.code128}`);
    expect(r.drawer === 1 && r.cuts === 1, `drawer ${r.drawer} cuts ${r.cuts}`);
    // The same receipt as a PDF download.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save-pdf").click()]);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 4).toString() === "%PDF" && download.suggestedFilename() === `${receiptNo}.pdf`, "PDF download");
    await page.getByTestId("sale-done").getByRole("button", { name: "OK" }).click();
  });

  await step("one item comes back with the supervisor's PIN", page, async () => {
    await page.getByTestId("tab-returns").click();
    await page.getByTestId("receipt-lookup").fill(receiptNo);
    await page.getByTestId("receipt-lookup").press("Enter");
    await page.getByTestId(`return-qty-${items.picks.sku}`).fill("1");
    await page.locator("input[name=return-reason]").fill("salah warna");
    await page.getByTestId("create-return").click();
    await page.locator("input[name=return-pin]").fill("258046");
    await page.getByTestId("create-return").click();
    await page.getByTestId("toast").getByText(/Retur tercatat: BDG1-T1-R000001/).waitFor();
    await waitJobs(3);
    const r = decodeEscpos(jobs[2]);
    expect(r.lines.join("\n").includes("STRUK RETUR") && r.code128.includes("BDG1-T1-R000001"), "return receipt");
  });

  await step("a QRIS sale: the QR on the till and the customer display, paid by polling", page, async () => {
    const display = await context.newPage();
    await display.setViewportSize({ width: 1024, height: 768 });
    await display.goto(`${server.url}/#display`);
    await page.getByTestId("tab-sale").click();
    const scan = page.getByTestId("scan");
    await scan.fill(items.pedal.barcode);
    await scan.press("Enter");
    await display.getByTestId("display-total").getByText(rp(1150000)).waitFor();
    await page.keyboard.press("F12");
    const f = page.getByTestId("pay-form");
    await f.getByLabel("QRIS").check();
    await page.getByTestId("show-qr").click();
    await page.getByTestId("qris").locator("img").waitFor();
    await display.getByTestId("display-qr").waitFor();
    await display.screenshot({ path: join(shots, "customer-display-qris.png") });
    await page.getByTestId("toast").getByText("QRIS lunas").waitFor({ timeout: 15_000 });
    await page.getByTestId("complete").click();
    await page.getByTestId("sale-done").waitFor();
    expect((await page.getByTestId("receipt-no").textContent()) === "BDG1-T1-000002", "second receipt number");
    await display.getByText("Terima kasih!").waitFor();
    await display.close();
    await page.getByTestId("sale-done").getByRole("button", { name: "OK" }).click();
  });

  await step("closing the shift: the Z report adds up to the day", page, async () => {
    await page.getByTestId("tab-sale").click();
    await page.getByTestId("close-shift").click();
    // float + cash kept (200.000 − 62.500 change) − cash refund 65.000
    const expected = 500000 + 137500 - 65000;
    await page.getByTestId("close-form").locator("input[name=counted]").fill(String(expected));
    await page.getByTestId("close-form").getByRole("button", { name: "Tutup shift (Z)" }).click();
    const z = page.getByTestId("shift-report");
    await z.waitFor();
    await z.getByText(rp(1137500 + 1150000)).first().waitFor();
    expect((await page.getByTestId("variance").textContent()).trim() === "Rp 0", "variance not 0");
    await z.getByText(rp(expected)).first().waitFor();
    await waitJobs(5);
    const text = decodeEscpos(jobs[4]).lines.join("\n");
    expect(text.includes("Z REPORT") && text.includes(rp(1137500 + 1150000)) && text.includes("QRIS") || text.includes("qris"), `Z report:\n${text}`);
    expect(text.includes("Selisih"), "variance line");
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
  server.stop();
  printer.close();
  midtrans.close();
  process.exit(finish("counter"));
}
