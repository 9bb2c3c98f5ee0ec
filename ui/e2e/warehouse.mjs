// The warehouse through the real UI in Chromium against pos-web, with the real sync server on a
// throw-away PostgreSQL database: a paid online order arrives from the shop's API, is picked,
// packed by scanning (a wrong item raises the alarm), labelled to a ZPL label printer played by a
// TCP listener whose bytes are checked, marked shipped, and tracked; live courier rates come from a
// loopback fake of Biteship. Screenshots go to artifacts/e2e-warehouse/.
import http from "node:http";
import { createServer } from "node:net";
import { chromium } from "playwright-core";
import { expect, suite } from "./harness.mjs";
import { chromiumArgs, startServer, startSyncServer } from "./server.mjs";

const { step, finish } = suite("e2e-warehouse");


// A label printer on port 9100-style TCP: keeps every byte it is sent.
const printed = [];
const printer = createServer((sock) => sock.on("data", (d) => printed.push(d)));
await new Promise((ok) => printer.listen(0, "127.0.0.1", ok));
const printerAddr = `127.0.0.1:${printer.address().port}`;

// Biteship, faked from ../shared/reference/indonesia.md: the key in `authorization`, rates by
// postal code, tracking by waybill and courier.
const biteshipKey = "biteship_test.e2e";
const biteship = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    const reply = (code, obj) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(obj));
    };
    if (req.headers.authorization !== biteshipKey) return reply(401, { success: false, error: "Authorization failed" });
    if (req.method === "POST" && req.url === "/v1/rates/couriers") {
      const b = JSON.parse(body);
      if (b.destination_postal_code !== 55281) return reply(400, { success: false, error: "Invalid destination" });
      return reply(200, { success: true, pricing: [
        { courier_name: "JNE", courier_code: "jne", courier_service_code: "reg", duration: "2 - 3 days", price: 22000 },
        { courier_name: "SiCepat", courier_code: "sicepat", courier_service_code: "reg", duration: "1 - 2 days", price: 19000 },
      ] });
    }
    const m = req.url.match(/^\/v1\/trackings\/([^/]+)\/couriers\/([^/]+)$/);
    if (req.method === "GET" && m) {
      return reply(200, { success: true, status: "picked", waybill_id: m[1], history: [
        { note: `Picked up by ${m[2].toUpperCase()} courier`, updated_at: "2026-11-22T09:00:00+07:00", status: "picked" },
      ] });
    }
    reply(404, { success: false, error: "not found" });
  });
});
await new Promise((ok) => biteship.listen(0, "127.0.0.1", ok));

const sync = await startSyncServer(`hurtrock_wh_${process.pid}`);
const pos = await startServer({
  demo: true,
  env: {
    HURTROCK_SYNC_INTERVAL_MS: "500",
    HURTROCK_BITESHIP_KEY: biteshipKey,
    HURTROCK_BITESHIP_ORIGIN_POSTAL: "40154",
    HURTROCK_BITESHIP_URL: `http://127.0.0.1:${biteship.address().port}`,
  },
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs });
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
page.setDefaultTimeout(20_000);
const owner = { email: "dimas@hurtrock.test", password: "metal-mania-77" };
const post = async (path, body, token) => {
  const r = await fetch(`${sync.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};

try {
  await step("the owner sets up the store and links it", page, async () => {
    await page.goto(pos.url);
    await page.getByTestId("setup").waitFor();
    await page.getByLabel("Nama", { exact: true }).fill("Dimas Pemilik");
    await page.getByLabel("Email").first().fill(owner.email);
    await page.getByLabel(/^Kata sandi/).fill(owner.password);
    await page.getByRole("button", { name: "Buat toko" }).click();
    await page.getByTestId("current-user").waitFor();
    await page.getByTestId("tab-sync").click();
    const form = page.getByTestId("sync-link");
    await form.locator("input[name=server]").fill(sync.url);
    await form.locator("input[name=email]").fill(owner.email);
    await form.locator("input[name=password]").fill("server-pass-123");
    await form.locator("input[name=branch_name]").fill("Bandung");
    await form.getByRole("button", { name: "Hubungkan" }).click();
    await page.getByTestId("sync-add-terminal").waitFor();
  });

  await step("a paid online order arrives from the shop", page, async () => {
    const session = await post("/v1/login", { email: owner.email, password: "server-pass-123" });
    const { key } = await post("/v1/shop-keys", { name: "hurtrock.id" }, session.token);
    // A demo product with a barcode, as the shop's catalogue knows it (through the same API the UI uses).
    const token = await page.evaluate(() => sessionStorage.getItem("hurtrock.token"));
    const found = await fetch(`${pos.url}/api/search_products`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "Slinky", category_id: null, include_inactive: false, limit: 5 }),
    }).then((r) => r.json());
    const p = found.find((x) => x.barcode);
    expect(p, "a demo product with a barcode");
    const { id, sku, barcode, name } = p;
    globalThis.item = { id, sku, barcode, name };
    const order = {
      order_no: "WEB-000777", branch_code: "BDG1",
      customer: { name: "Rina Sari", phone: "0813-1234-5678", email: "rina@example.com" },
      shipping: { name: "Rina Sari", phone: "0813-1234-5678", address: "Jl. Kaliurang KM 5 No. 12", city: "Sleman", postal: "55281" },
      courier_service: "jne-reg", shipping_cost: 20000,
      lines: [{ product_id: id, sku, name, quantity: 2, unit_price: 95000 }],
      payment_status: "paid",
    };
    await post("/v1/shop/orders", order, key);
    await page.getByTestId("tab-warehouse").click();
    await page.getByTestId("order-queue").getByText("WEB-000777").waitFor({ timeout: 30_000 });
  });

  await step("it is picked and packed by scanning; a wrong item raises the alarm", page, async () => {
    await page.getByTestId("order-queue").getByText("WEB-000777").click();
    await page.getByTestId("start-picking").click();
    await page.getByTestId("order-status").getByText("Diambil").waitFor();
    const scan = page.getByTestId("pack-scan");
    await scan.fill("8990000000017");
    await scan.press("Enter");
    await page.getByTestId("pack-alarm").getByText(/BARANG SALAH|WRONG ITEM|tidak|not found/i).waitFor();
    // Two scans in a burst, as a scanner sends them.
    for (let i = 0; i < 2; i++) {
      await scan.fill(globalThis.item.barcode);
      await scan.press("Enter");
    }
    await page.getByTestId(`packed-${globalThis.item.sku}`).getByText("2 / 2").waitFor();
    await scan.fill(globalThis.item.barcode);
    await scan.press("Enter");
    await page.getByTestId("pack-alarm").getByText(/KELEBIHAN/).waitFor();
    await page.getByTestId("packed-weight").fill("450");
    await page.getByTestId("packed-weight").press("Tab");
    await page.getByTestId("tracking-no").fill("JP1234567890");
    await page.getByTestId("tracking-no").press("Tab");
    await page.getByTestId("mark-packed").click();
    await page.getByTestId("order-status").getByText("Dikemas").waitFor();
    await page.getByTestId("label-preview").waitFor();
  });

  await step("the label prints to the label printer in ZPL", page, async () => {
    await page.getByTestId("label-printer").click();
    const form = page.getByTestId("label-printer-form");
    await form.locator("select[name=language]").selectOption("zpl");
    await form.locator("select[name=transport]").selectOption("network");
    await form.locator("input[name=target]").fill(printerAddr);
    await form.getByRole("button", { name: "Simpan" }).click();
    await page.getByTestId("print-labels").click();
    await page.getByTestId("label-job").getByText("1 tercetak dari 1").waitFor();
    await new Promise((r) => setTimeout(r, 300));
    const zpl = Buffer.concat(printed).toString("utf8");
    expect(zpl.startsWith("^XA^CI28^PW800^LL1200"), `ZPL label: ${zpl.slice(0, 40)}`);
    expect(zpl.includes("^BCN") && zpl.includes("^FH^FDJP1234567890^FS"), "the tracking number as Code128");
    expect(zpl.includes("RINA SARI") && zpl.includes("Sleman"), "the order's own address");
  });

  await step("live courier rates, cheapest first", page, async () => {
    await page.getByTestId("live-rates").click();
    const rows = page.getByTestId("live-rate-list").locator("tr");
    await rows.first().waitFor();
    const first = await rows.first().textContent();
    expect(first.includes("SiCepat") && first.includes("Rp 19.000"), `cheapest first: ${first}`);
    expect((await rows.count()) === 2, "two rates");
  });

  await step("and it is marked shipped, then tracked", page, async () => {
    await page.getByTestId("mark-shipped").click();
    await page.getByTestId("order-status").getByText("Dikirim").waitFor();
    await page.getByTestId("track-order").click();
    await page.getByTestId("tracking").getByText("Picked up by JNE courier").waitFor();
  });
} catch {
  // reported by the step
} finally {
  await browser.close();
  pos.stop();
  sync.stop();
  printer.close();
  biteship.close();
}
process.exit(finish("warehouse"));
