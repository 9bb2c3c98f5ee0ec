// The owner's desk through the web backend in Debian's Chromium, on the demo store with its ninety
// days of generated trading: the dashboard and two reports render with their Chart.js charts
// (pixels on the canvas, not just an element), the table sorts and pages, and the exported CSV,
// XLSX and PDF open (Python's zipfile for the XLSX, poppler's pdftotext for the PDF) and carry the
// same totals as the screen.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { expect, suite } from "./harness.mjs";
import { chromiumArgs, startServer } from "./server.mjs";

const { step, finish } = suite("e2e-reports");
const grouped = (n) => (n < 0 ? "-" : "") + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

const server = await startServer({ demo: true, history: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
const page = await context.newPage();
page.setDefaultTimeout(15_000);
const problems = [];
page.on("console", (m) => /Content Security Policy|Uncaught/.test(m.text()) && problems.push(m.text()));
page.on("pageerror", (e) => problems.push(String(e)));
const api = async (name, body) => {
  const token = await page.evaluate(() => sessionStorage.getItem("hurtrock.token"));
  const res = await fetch(`${server.url}/api/${name}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(json)}`);
  return json;
};

/** How many pixels of a chart's canvas were painted (a blank canvas has none). */
const painted = (testid) =>
  page.locator(`[data-testid=${testid}][data-ready="1"]`).first().evaluate((c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });

/** Clicks an export button and returns the downloaded file's bytes and name. */
async function download(testid) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testid).click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

/** The totals row of the report on screen, by column key. */
async function screenTotals() {
  return page.getByTestId("report-totals").evaluate((tr) =>
    Object.fromEntries([...tr.querySelectorAll("td")].map((td) => [td.dataset.key, td.dataset.value])),
  );
}

const py = `
import sys, zipfile, re, json
z = zipfile.ZipFile(sys.argv[1])
shared = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode()) if "xl/sharedStrings.xml" in z.namelist() else []
rows = []
for row in re.findall(r"<row[^>]*>(.*?)</row>", z.read("xl/worksheets/sheet1.xml").decode(), re.S):
    cells = []
    for attrs, body in re.findall(r"<c([^>]*)>(.*?)</c>", row, re.S):
        v = re.search(r"<v>([^<]*)</v>", body)
        v = v.group(1) if v else ""
        cells.append(shared[int(v)] if 't="s"' in attrs and v else v)
    rows.append(cells)
print(json.dumps(rows))
`;

try {
  await page.goto(server.url);
  await step("the owner sets up the demo store and lands on the dashboard with its charts", page, async () => {
    await page.getByLabel("Nama", { exact: true }).fill("Dimas Pemilik");
    await page.getByLabel("Email").fill("dimas@hurtrock.test");
    await page.getByLabel(/^Kata sandi/).fill("metal-mania-77");
    await page.getByRole("button", { name: "Buat toko" }).click();
    await page.getByTestId("dashboard").waitFor();
    await page.locator("[data-testid=chart-hours][data-ready='1']").waitFor();
    await page.locator("[data-testid=chart-days][data-ready='1']").waitFor();
    expect((await painted("chart-hours")) > 500, "the hourly chart is blank");
    expect((await painted("chart-days")) > 500, "the daily chart is blank");
    const d = await api("dashboard", { branch: null });
    // Yesterday as a whole (previous_day counts only up to this hour: nothing yet before 09.30 WIB).
    expect(d.hours_yesterday.reduce((a, b) => a + b, 0) > 0, "yesterday traded in the demo");
    // The KPI on screen is the core's figure.
    const kpi = await page.getByTestId("kpi-month-net_sales").locator(".value").textContent();
    expect(kpi.trim() === `Rp ${grouped(d.month.revenue)}`, `month net sales ${kpi} vs ${d.month.revenue}`);
    // This month's best sellers (none on the 1st: the history ends yesterday).
    if (d.best_sellers.length > 0) {
      expect((await page.getByTestId("best-sellers").locator("tr").count()) === d.best_sellers.length, "best sellers listed");
      expect(d.best_sellers.length === 10, "ten best sellers");
    }
  });

  let totals;
  await step("sales by week over the last 365 days: a chart, and totals over every row", page, async () => {
    await page.getByTestId("tab-reports").click();
    await page.getByTestId("report-sales").click();
    await page.getByTestId("preset-365").click();
    await page.getByTestId("report-granularity").selectOption("week");
    await page.locator("[data-testid=report-chart][data-ready='1']").waitFor();
    await page.getByTestId("page-info").getByText("/ 2").waitFor();
    expect((await painted("report-chart")) > 500, "the report chart is blank");
    totals = await screenTotals();
    expect(Number(totals.revenue) > 0 && Number(totals.returns) > 0, `totals ${JSON.stringify(totals)}`);
    // The same figures as the core's own report by day.
    const to = await page.getByTestId("report-to").inputValue();
    const from = await page.getByTestId("report-from").inputValue();
    const byDay = await api("report", { kind: "sales", from, to, granularity: "day", page_size: 500 });
    const i = byDay.columns.findIndex((c) => c.key === "revenue");
    expect(byDay.totals[i] === Number(totals.revenue), "weeks and days disagree");
  });

  await step("the exported CSV, XLSX and PDF carry the same totals", page, async () => {
    const csv = await download("export-csv");
    expect(csv.name.endsWith(".csv"), csv.name);
    const lines = csv.bytes.toString("utf8").replace(/^\ufeff/, "").trim().split("\r\n");
    const header = lines[0].split(",");
    const last = lines.at(-1).split(",");
    const col = header.indexOf("Penjualan bersih tanpa PPN");
    expect(col >= 0, `CSV header ${lines[0]}`);
    expect(Number(last[col]) === Number(totals.revenue), `CSV total ${last[col]} vs ${totals.revenue}`);
    expect(Number(last[header.indexOf("Retur")]) === Number(totals.returns), "CSV returns");
    expect(lines.length === 1 + 53 + 1 || lines.length === 1 + 54 + 1, `CSV has every week, not one page (${lines.length})`);

    const xlsx = await download("export-xlsx");
    const tmp = `${server.dir}/${xlsx.name}`;
    (await import("node:fs")).writeFileSync(tmp, xlsx.bytes);
    const out = spawnSync("python3", ["-c", py, tmp], { encoding: "utf8" });
    expect(out.status === 0, `python3: ${out.stderr}`);
    const rows = JSON.parse(out.stdout);
    const head = rows.find((r) => r.includes("Penjualan bersih tanpa PPN"));
    const xcol = head.indexOf("Penjualan bersih tanpa PPN");
    expect(Number(rows.at(-1)[xcol]) === Number(totals.revenue), `XLSX total ${rows.at(-1)[xcol]} vs ${totals.revenue}`);

    const pdf = await download("export-pdf");
    const pdfPath = `${server.dir}/${pdf.name}`;
    (await import("node:fs")).writeFileSync(pdfPath, pdf.bytes);
    const text = spawnSync("pdftotext", ["-layout", pdfPath, "-"], { encoding: "utf8" });
    expect(text.status === 0, `pdftotext: ${text.stderr}`);
    expect(text.stdout.includes("Penjualan per periode"), "PDF title");
    expect(text.stdout.includes(grouped(Number(totals.revenue))), `PDF total ${grouped(Number(totals.revenue))} not in\n${text.stdout.slice(-1500)}`);
  });

  await step("sales by product: a bar chart, sorted by a click, paged", page, async () => {
    await page.getByTestId("report-products").click();
    await page.locator("[data-testid=report-chart][data-ready='1'][data-kind='bar']").waitFor();
    expect((await painted("report-chart")) > 500, "the product chart is blank");
    const sku = page.locator("th[data-key=sku]");
    await sku.click();
    await page.locator("th[data-key=sku]", { hasText: "▲" }).waitFor();
    const skus = await page.getByTestId("report-table").locator("tbody tr td:first-child").allTextContents();
    const sorted = [...skus].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(JSON.stringify(skus) === JSON.stringify(sorted), `not sorted by SKU: ${skus.slice(0, 5)}`);
    const t = await screenTotals();
    expect(Number(t.revenue) === Number(totals.revenue), "products add up to the same net sales");
    expect(problems.length === 0, `page problems: ${problems.join("\n")}`);
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
  server.stop();
  process.exit(finish("reports"));
}
