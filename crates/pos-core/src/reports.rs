//! The owner's desk: the dashboard and the reports, all read from the local file (offline), over
//! every branch that sync brought in. Sales figures come from `report_lines` (pos-store's
//! reporting module): revenue is the DPP share of each line — no PPN, no shipping — and margin is
//! revenue minus the cost frozen on the sale line. Returns count on the day they happen, as
//! negative rows; a discount counts once, on its sale.
//!
//! A report is built whole (every row), then sorted and paged here, so the screen, the totals and
//! the exports always come from the same rows.

use crate::permissions::Permission;
use crate::{Core, CoreError, ErrorCode, Lang, Result};
use chrono::{Datelike, Duration, NaiveDate};
use pos_store::reporting::{day_key, key_day};
use pos_store::rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The longest range one report covers (a few years of history at once).
pub const MAX_DAYS: i64 = 3 * 366;
const MAX_PAGE_SIZE: u32 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// Sales by day, week or month.
    #[default]
    Sales,
    Categories,
    Products,
    Cashiers,
    Tenders,
    Branches,
    Terminals,
    /// Stock on hand now and its value at cost.
    StockValue,
    /// The movements of one product.
    Movements,
    /// Products on the shelf that sold least in the period.
    SlowMovers,
    /// DPP and PPN per period, for the tax return.
    Tax,
    Returns,
    Discounts,
    Audit,
}

impl ReportKind {
    pub const ALL: [ReportKind; 14] = [
        ReportKind::Sales,
        ReportKind::Categories,
        ReportKind::Products,
        ReportKind::Cashiers,
        ReportKind::Tenders,
        ReportKind::Branches,
        ReportKind::Terminals,
        ReportKind::StockValue,
        ReportKind::Movements,
        ReportKind::SlowMovers,
        ReportKind::Tax,
        ReportKind::Returns,
        ReportKind::Discounts,
        ReportKind::Audit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Sales => "sales",
            ReportKind::Categories => "categories",
            ReportKind::Products => "products",
            ReportKind::Cashiers => "cashiers",
            ReportKind::Tenders => "tenders",
            ReportKind::Branches => "branches",
            ReportKind::Terminals => "terminals",
            ReportKind::StockValue => "stock_value",
            ReportKind::Movements => "movements",
            ReportKind::SlowMovers => "slow_movers",
            ReportKind::Tax => "tax",
            ReportKind::Returns => "returns",
            ReportKind::Discounts => "discounts",
            ReportKind::Audit => "audit",
        }
    }

    fn title(self, lang: Lang) -> &'static str {
        let (en, id) = match self {
            ReportKind::Sales => ("Sales by period", "Penjualan per periode"),
            ReportKind::Categories => ("Sales by category", "Penjualan per kategori"),
            ReportKind::Products => ("Sales by product", "Penjualan per produk"),
            ReportKind::Cashiers => ("Sales by cashier", "Penjualan per kasir"),
            ReportKind::Tenders => ("Payments by tender", "Pembayaran per metode"),
            ReportKind::Branches => ("Sales by branch", "Penjualan per cabang"),
            ReportKind::Terminals => ("Sales by terminal", "Penjualan per terminal"),
            ReportKind::StockValue => ("Stock on hand and value", "Stok dan nilai persediaan"),
            ReportKind::Movements => ("Stock movements", "Mutasi stok"),
            ReportKind::SlowMovers => ("Slow movers", "Barang lambat laku"),
            ReportKind::Tax => ("Tax (DPP and PPN)", "Pajak (DPP dan PPN)"),
            ReportKind::Returns => ("Returns", "Retur"),
            ReportKind::Discounts => ("Discounts", "Diskon"),
            ReportKind::Audit => ("Audit log", "Log audit"),
        };
        pick(lang, en, id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    #[default]
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    Month,
}

/// Every field may be left out: a missing kind is the sales report, missing dates are refused.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ReportRequest {
    pub kind: ReportKind,
    /// First and last WIB day, inclusive (YYYY-MM-DD).
    pub from: String,
    pub to: String,
    pub granularity: Option<Granularity>,
    /// One branch, or every branch when empty.
    pub branch: Option<String>,
    pub category_id: Option<String>,
    /// The product of a movements report.
    pub product_id: Option<String>,
    /// The audit log's user and action (prefix) filters.
    pub user_id: Option<String>,
    pub action: Option<String>,
    /// A column key; each report has its own default.
    pub sort: Option<String>,
    pub desc: Option<bool>,
    /// From 0.
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Text,
    /// YYYY-MM-DD, or a period label (2026-W47, 2026-11).
    Date,
    /// UTC milliseconds.
    Time,
    Count,
    /// Whole rupiah.
    Money,
    /// Basis points (2 534 = 25.34%).
    Percent,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Column {
    pub key: String,
    pub label: String,
    pub kind: ColumnKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(untagged)]
pub enum Cell {
    Num(i64),
    Text(String),
}

impl Cell {
    pub fn num(&self) -> i64 {
        match self {
            Cell::Num(n) => *n,
            Cell::Text(_) => 0,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Cell::Num(n) => n.to_string(),
            Cell::Text(t) => t.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    Bar,
    Line,
    Doughnut,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Series {
    pub key: String,
    pub label: String,
    pub values: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Chart {
    pub kind: ChartKind,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Report {
    pub kind: ReportKind,
    pub title: String,
    pub from: String,
    pub to: String,
    pub columns: Vec<Column>,
    /// The rows of this page.
    pub rows: Vec<Vec<Cell>>,
    pub total_rows: u32,
    pub page: u32,
    pub page_size: u32,
    pub sort: String,
    pub desc: bool,
    /// Sums of the numeric columns over every row (not just this page); None where a sum means
    /// nothing (stock movements).
    pub totals: Option<Vec<Cell>>,
    pub chart: Option<Chart>,
    /// Every branch this file has trading for, for the branch filter.
    pub branches: Vec<String>,
}

fn pick(lang: Lang, en: &'static str, id: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Id => id,
    }
}

/// A column's label in both languages.
fn col(key: &str, kind: ColumnKind, lang: Lang) -> Column {
    let (en, id) = match key {
        "period" => ("Period", "Periode"),
        "day" => ("Date", "Tanggal"),
        "time" => ("Time", "Waktu"),
        "category" => ("Category", "Kategori"),
        "sku" => ("SKU", "SKU"),
        "product" => ("Product", "Produk"),
        "cashier" => ("Cashier", "Kasir"),
        "tender" => ("Tender", "Metode bayar"),
        "branch" => ("Branch", "Cabang"),
        "terminal" => ("Terminal", "Terminal"),
        "quantity" => ("Units", "Unit"),
        "transactions" => ("Transactions", "Transaksi"),
        "gross" => ("Gross (list price)", "Bruto (harga label)"),
        "discount" => ("Discounts", "Diskon"),
        "returns" => ("Returns", "Retur"),
        "revenue" => ("Net sales excl. PPN", "Penjualan bersih tanpa PPN"),
        "tax" => ("PPN", "PPN"),
        "cost" => ("Cost", "HPP"),
        "margin" => ("Gross margin", "Laba kotor"),
        "margin_pct" => ("Margin %", "Margin %"),
        "avg_basket" => ("Average basket", "Rata-rata belanja"),
        "payments" => ("Payments", "Pembayaran"),
        "amount" => ("Amount", "Jumlah"),
        "on_hand" => ("On hand", "Stok"),
        "unit_cost" => ("Unit cost", "HPP satuan"),
        "value" => ("Value at cost", "Nilai (HPP)"),
        "retail_value" => ("Value at price", "Nilai (harga jual)"),
        "reason" => ("Reason", "Alasan"),
        "change" => ("Change", "Perubahan"),
        "balance" => ("Balance", "Saldo"),
        "note" => ("Note", "Catatan"),
        "user" => ("User", "Pengguna"),
        "sold" => ("Units sold", "Unit terjual"),
        "last_sold" => ("Last sold", "Terakhir terjual"),
        "sales_dpp" => ("Sales DPP", "DPP penjualan"),
        "sales_ppn" => ("Sales PPN", "PPN penjualan"),
        "returns_dpp" => ("Returns DPP", "DPP retur"),
        "returns_ppn" => ("Returns PPN", "PPN retur"),
        "dpp" => ("Net DPP", "DPP bersih"),
        "ppn" => ("Net PPN", "PPN bersih"),
        "total" => ("Total incl. PPN", "Total termasuk PPN"),
        "return_no" => ("Return no.", "No. retur"),
        "receipt_no" => ("Receipt no.", "No. struk"),
        "approved_by" => ("Approved by", "Disetujui oleh"),
        "net" => ("Net", "Neto"),
        "action" => ("Action", "Aksi"),
        "entity" => ("Record", "Data"),
        "entity_id" => ("Record id", "Id data"),
        "detail" => ("Detail", "Rincian"),
        _ => ("", ""),
    };
    let label = if en.is_empty() {
        key.to_string()
    } else {
        pick(lang, en, id).to_string()
    };
    Column {
        key: key.into(),
        label,
        kind,
    }
}

/// Sums over report rows: every sales figure of the dashboard and the reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Figures {
    /// Units sold, less units returned.
    pub quantity: i64,
    /// Sales, and orders shipped without a sale at the till (online shop).
    pub transactions: i64,
    /// Sales at list price, before discounts (as shelved: with PPN when prices include it).
    pub gross: i64,
    pub discount: i64,
    /// What was refunded (as shelved).
    pub returns: i64,
    pub return_count: i64,
    /// Net sales without PPN and shipping (DPP), after discounts and returns.
    pub revenue: i64,
    pub tax: i64,
    pub cost: i64,
    pub margin: i64,
    /// Margin over revenue in basis points.
    pub margin_bp: i64,
    /// Net sales per transaction.
    pub avg_basket: i64,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.quantity += o.quantity;
        self.transactions += o.transactions;
        self.gross += o.gross;
        self.discount += o.discount;
        self.returns += o.returns;
        self.return_count += o.return_count;
        self.revenue += o.revenue;
        self.tax += o.tax;
        self.cost += o.cost;
        self.finish();
    }

    fn finish(&mut self) {
        self.margin = self.revenue - self.cost;
        self.margin_bp = ratio_bp(self.margin, self.revenue);
        self.avg_basket = if self.transactions > 0 {
            (self.revenue as f64 / self.transactions as f64).round() as i64
        } else {
            0
        };
    }
}

fn ratio_bp(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        (part as f64 * 10_000.0 / whole as f64).round() as i64
    }
}

/// The sums of `report_lines`, in the order [`figures_row`] reads them.
const SUMS: &str = "sum(quantity), sum(CASE WHEN kind <> 'return' THEN first ELSE 0 END),
    sum(CASE WHEN kind <> 'return' THEN gross ELSE 0 END), sum(discount),
    sum(CASE WHEN kind = 'return' THEN -gross ELSE 0 END), sum(CASE WHEN kind = 'return' THEN first ELSE 0 END),
    sum(revenue), sum(tax), sum(cost)";

fn figures_row(r: &pos_store::rusqlite::Row<'_>, at: usize) -> pos_store::rusqlite::Result<Figures> {
    let g = |i: usize| -> pos_store::rusqlite::Result<i64> { Ok(r.get::<_, Option<i64>>(at + i)?.unwrap_or(0)) };
    let mut f = Figures {
        quantity: g(0)?,
        transactions: g(1)?,
        gross: g(2)?,
        discount: g(3)?,
        returns: g(4)?,
        return_count: g(5)?,
        revenue: g(6)?,
        tax: g(7)?,
        cost: g(8)?,
        ..Default::default()
    };
    f.finish();
    Ok(f)
}

/// The columns of a sales summary, after the grouping columns.
const FIGURE_COLUMNS: [(&str, ColumnKind); 11] = [
    ("quantity", ColumnKind::Count),
    ("transactions", ColumnKind::Count),
    ("gross", ColumnKind::Money),
    ("discount", ColumnKind::Money),
    ("returns", ColumnKind::Money),
    ("revenue", ColumnKind::Money),
    ("tax", ColumnKind::Money),
    ("cost", ColumnKind::Money),
    ("margin", ColumnKind::Money),
    ("margin_pct", ColumnKind::Percent),
    ("avg_basket", ColumnKind::Money),
];

fn figure_cells(f: &Figures) -> Vec<Cell> {
    [
        f.quantity,
        f.transactions,
        f.gross,
        f.discount,
        f.returns,
        f.revenue,
        f.tax,
        f.cost,
        f.margin,
        f.margin_bp,
        f.avg_basket,
    ]
    .into_iter()
    .map(Cell::Num)
    .collect()
}

/// A validated request: the day range as keys, the branch, the language.
struct Scope {
    from: NaiveDate,
    to: NaiveDate,
    branch: Option<String>,
    lang: Lang,
}

impl Scope {
    fn keys(&self) -> (i64, i64) {
        (day_key(self.from), day_key(self.to))
    }

    /// The range as UTC milliseconds: WIB midnight of `from` to WIB midnight after `to`.
    fn millis(&self) -> (i64, i64) {
        let start = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc().timestamp_millis() - 7 * 3_600_000)
                .unwrap_or(0)
        };
        (start(self.from), start(self.to + Duration::days(1)))
    }
}

fn parse_day(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        CoreError::invalid(
            field,
            "Enter a date as YYYY-MM-DD",
            "Isi tanggal dengan format TTTT-BB-HH",
        )
    })
}

fn scope(from: &str, to: &str, branch: &Option<String>, lang: Option<Lang>) -> Result<Scope> {
    let from = parse_day("from", from)?;
    let to = parse_day("to", to)?;
    if to < from {
        return Err(CoreError::invalid(
            "to",
            "The end date is before the start date",
            "Tanggal akhir sebelum tanggal awal",
        ));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(CoreError::invalid(
            "to",
            "Choose at most three years at once",
            "Pilih paling lama tiga tahun sekaligus",
        ));
    }
    let branch = branch.as_deref().map(str::trim).filter(|b| !b.is_empty());
    if branch.is_some_and(|b| b.len() > 32) {
        return Err(CoreError::invalid("branch", "Unknown branch", "Cabang tidak dikenal"));
    }
    Ok(Scope {
        from,
        to,
        branch: branch.map(str::to_string),
        lang: lang.unwrap_or_default(),
    })
}

fn period_label(day: NaiveDate, g: Granularity) -> String {
    match g {
        Granularity::Day => day.format("%Y-%m-%d").to_string(),
        Granularity::Week => {
            let w = day.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Granularity::Month => day.format("%Y-%m").to_string(),
    }
}

/// A report before sorting and paging.
struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    totals: Option<Vec<Cell>>,
    chart: Option<Chart>,
    default_sort: &'static str,
    default_desc: bool,
    /// Rows whose SKU and name cells (these two columns) still hold the product id: filled in
    /// only for the rows shown (or all of them, to sort by name or export). A year of 100 000
    /// products is not looked up to show fifty.
    lazy: Option<(usize, usize)>,
}

/// Sums every numeric column except those listed (ratios, balances); the first column says
/// "Total".
fn sum_totals(columns: &[Column], rows: &[Vec<Cell>], lang: Lang) -> Vec<Cell> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| match c.kind {
            ColumnKind::Count | ColumnKind::Money => Cell::Num(rows.iter().map(|r| r[i].num()).sum()),
            _ if i == 0 => Cell::Text(pick(lang, "Total", "Total").into()),
            _ => Cell::Text(String::new()),
        })
        .collect()
}

/// Totals of a sales summary: the figures summed, and the ratios of the sums.
fn figure_totals(lead: usize, all: &Figures, lang: Lang) -> Vec<Cell> {
    let mut cells = vec![Cell::Text(String::new()); lead];
    cells[0] = Cell::Text(pick(lang, "Total", "Total").into());
    cells.extend(figure_cells(all));
    cells
}

fn columns_for(lead: &[(&str, ColumnKind)], lang: Lang) -> Vec<Column> {
    lead.iter()
        .chain(FIGURE_COLUMNS.iter())
        .map(|(k, kind)| col(k, *kind, lang))
        .collect()
}

/// The sums of `report_hours`, in the same order.
const HOUR_SUMS: &str = "sum(quantity), sum(transactions), sum(gross), sum(discount), sum(returns), sum(return_count),
    sum(revenue), sum(tax), sum(cost)";

/// Figures grouped by one SQL expression in the scope. Without a category the hourly sums answer
/// (a year is tens of thousands of rows); by product, or within one category, the lines are read
/// through their covering product index (a category's products are seeked one by one; every
/// product is one pass in product order, with no sort).
fn grouped(c: &Connection, sc: &Scope, key: &str, category: Option<&str>) -> Result<Vec<(String, Figures)>> {
    let (from, to) = sc.keys();
    let sql = match category {
        Some(_) => format!(
            "SELECT {key}, {SUMS} FROM report_lines INDEXED BY report_lines_product
             WHERE product_id IN (SELECT id FROM products WHERE category_id = ?4)
               AND day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3)
             GROUP BY 1"
        ),
        None if key == "product_id" => format!(
            "SELECT product_id, {SUMS} FROM report_lines INDEXED BY report_lines_product
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND ?4 IS NULL
             GROUP BY 1"
        ),
        None => format!(
            "SELECT {key}, {HOUR_SUMS} FROM report_hours
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND ?4 IS NULL
             GROUP BY 1"
        ),
    };
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![from, to, sc.branch, category], |r| {
        use pos_store::rusqlite::types::Value;
        let key = match r.get::<_, Value>(0)? {
            Value::Text(t) => t,
            Value::Integer(n) => n.to_string(),
            _ => String::new(),
        };
        Ok((key, figures_row(r, 1)?))
    })?;
    Ok(rows.collect::<pos_store::rusqlite::Result<_>>()?)
}

fn top_chart(rows: &[(String, Figures)], lang: Lang, n: usize, kind: ChartKind) -> Chart {
    let mut top: Vec<&(String, Figures)> = rows.iter().collect();
    top.sort_by(|a, b| b.1.revenue.cmp(&a.1.revenue).then_with(|| a.0.cmp(&b.0)));
    top.truncate(n);
    Chart {
        kind,
        labels: top.iter().map(|(l, _)| l.clone()).collect(),
        series: vec![
            Series {
                key: "revenue".into(),
                label: col("revenue", ColumnKind::Money, lang).label,
                values: top.iter().map(|(_, f)| f.revenue).collect(),
            },
            Series {
                key: "margin".into(),
                label: col("margin", ColumnKind::Money, lang).label,
                values: top.iter().map(|(_, f)| f.margin).collect(),
            },
        ],
    }
}

fn sales_by_period(c: &Connection, sc: &Scope, g: Granularity, category: Option<&str>) -> Result<Table> {
    let days = grouped(c, sc, "day", category)?;
    let mut periods: Vec<(String, Figures)> = Vec::new();
    let mut all = Figures::default();
    for (day, f) in days {
        let Some(d) = day.parse().ok().and_then(key_day) else {
            continue;
        };
        let label = period_label(d, g);
        all.add(&f);
        match periods.last_mut() {
            Some((l, acc)) if *l == label => acc.add(&f),
            _ => periods.push((label, f)),
        }
    }
    // Every period of the range appears, sold in or not, so the chart's axis has no holes.
    let mut filled = Vec::new();
    let mut d = sc.from;
    let mut have: HashMap<String, Figures> = periods.into_iter().collect();
    while d <= sc.to {
        let label = period_label(d, g);
        if filled
            .last()
            .map(|(l, _): &(String, Figures)| l != &label)
            .unwrap_or(true)
        {
            let f = have.remove(&label).unwrap_or_default();
            filled.push((label, f));
        }
        d += Duration::days(1);
    }
    let lang = sc.lang;
    let chart = Chart {
        kind: if filled.len() > 1 {
            ChartKind::Line
        } else {
            ChartKind::Bar
        },
        labels: filled.iter().map(|(l, _)| l.clone()).collect(),
        series: ["revenue", "margin"]
            .iter()
            .map(|k| Series {
                key: k.to_string(),
                label: col(k, ColumnKind::Money, lang).label,
                values: filled
                    .iter()
                    .map(|(_, f)| if *k == "revenue" { f.revenue } else { f.margin })
                    .collect(),
            })
            .collect(),
    };
    let rows = filled
        .iter()
        .map(|(l, f)| {
            let mut r = vec![Cell::Text(l.clone())];
            r.extend(figure_cells(f));
            r
        })
        .collect();
    Ok(Table {
        columns: columns_for(&[("period", ColumnKind::Date)], lang),
        rows,
        totals: Some(figure_totals(1, &all, lang)),
        chart: Some(chart),
        default_sort: "period",
        default_desc: false,
        lazy: None,
    })
}

/// Sales grouped by a key the caller names (`names` turns keys into labels).
fn sales_by(
    sc: &Scope,
    groups: Vec<(String, Figures)>,
    lead: &[(&str, ColumnKind)],
    cells: impl Fn(&str) -> Vec<Cell>,
    chart: ChartKind,
) -> Table {
    let lang = sc.lang;
    let mut all = Figures::default();
    let mut labelled = Vec::with_capacity(groups.len());
    let mut rows = Vec::with_capacity(groups.len());
    for (k, f) in &groups {
        all.add(f);
        let mut r = cells(k);
        labelled.push((r.last().map(Cell::text).unwrap_or_default(), *f));
        r.extend(figure_cells(f));
        rows.push(r);
    }
    Table {
        columns: columns_for(lead, lang),
        rows,
        totals: Some(figure_totals(lead.len(), &all, lang)),
        chart: Some(top_chart(&labelled, lang, 10, chart)),
        default_sort: "revenue",
        default_desc: true,
        lazy: None,
    }
}

fn names(c: &Connection, sql: &str) -> Result<HashMap<String, String>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<pos_store::rusqlite::Result<_>>()?)
}

fn sales_by_product(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let groups = grouped(c, sc, "product_id", category)?;
    let mut t = sales_by(
        sc,
        groups,
        &[("sku", ColumnKind::Text), ("product", ColumnKind::Text)],
        |id| vec![Cell::Text(id.to_string()), Cell::Text(id.to_string())],
        ChartKind::Bar,
    );
    t.lazy = Some((0, 1));
    if let Some(chart) = t.chart.as_mut() {
        for label in chart.labels.iter_mut() {
            *label = product_label(c, label)?.1;
        }
    }
    Ok(t)
}

/// A product's SKU and name (the id itself for one this file does not know).
fn product_label(c: &Connection, id: &str) -> Result<(String, String)> {
    let mut stmt = c.prepare_cached("SELECT sku, name FROM products WHERE id = ?1")?;
    Ok(stmt
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or_else(|| (String::new(), id.to_string())))
}

/// Fills the SKU and name cells of rows that still hold a product id.
fn resolve_products(c: &Connection, (sku, name): (usize, usize), rows: &mut [Vec<Cell>]) -> Result<()> {
    for r in rows {
        let (s, n) = product_label(c, &r[name].text())?;
        r[sku] = Cell::Text(s);
        r[name] = Cell::Text(n);
    }
    Ok(())
}

fn sales_by_category(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    // By product first (a product's category is read once, not once per line), then folded.
    let by_product = grouped(c, sc, "product_id", category)?;
    let cat_of = names(c, "SELECT p.id, p.category_id FROM products p")?;
    let cat_name = names(
        c,
        "SELECT c.id, CASE WHEN p.name IS NULL THEN c.name ELSE p.name || ' › ' || c.name END
         FROM categories c LEFT JOIN categories p ON p.id = c.parent_id",
    )?;
    let mut folded: HashMap<String, Figures> = HashMap::new();
    for (pid, f) in &by_product {
        let cat = cat_of.get(pid).cloned().unwrap_or_default();
        folded.entry(cat).or_default().add(f);
    }
    let groups: Vec<(String, Figures)> = folded.into_iter().collect();
    Ok(sales_by(
        sc,
        groups,
        &[("category", ColumnKind::Text)],
        |id| vec![Cell::Text(cat_name.get(id).cloned().unwrap_or_else(|| "—".into()))],
        ChartKind::Bar,
    ))
}

fn sales_by_cashier(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let groups = grouped(c, sc, "cashier_id", category)?;
    let users = names(c, "SELECT id, name FROM users")?;
    let online = pick(
        sc.lang,
        "Orders (online shop, delivery)",
        "Pesanan (toko online, antar)",
    );
    Ok(sales_by(
        sc,
        groups,
        &[("cashier", ColumnKind::Text)],
        |id| {
            vec![Cell::Text(if id.is_empty() {
                online.to_string()
            } else {
                users.get(id).cloned().unwrap_or_else(|| id.to_string())
            })]
        },
        ChartKind::Bar,
    ))
}

fn sales_by_branch(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let groups = grouped(c, sc, "branch", category)?;
    Ok(sales_by(
        sc,
        groups,
        &[("branch", ColumnKind::Text)],
        |b| vec![Cell::Text(b.to_string())],
        ChartKind::Doughnut,
    ))
}

fn sales_by_terminal(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let groups = grouped(c, sc, "branch || '/' || terminal", category)?;
    Ok(sales_by(
        sc,
        groups,
        &[("branch", ColumnKind::Text), ("terminal", ColumnKind::Text)],
        |k| {
            let (b, t) = k.split_once('/').unwrap_or((k, ""));
            vec![Cell::Text(b.to_string()), Cell::Text(t.to_string())]
        },
        ChartKind::Bar,
    ))
}

fn tender_label(kind: &str, lang: Lang) -> String {
    let (en, id) = match kind {
        "cash" => ("Cash", "Tunai"),
        "card" => ("Card (EDC)", "Kartu (EDC)"),
        "transfer" => ("Bank transfer", "Transfer bank"),
        "qris" => ("QRIS", "QRIS"),
        _ => return kind.to_string(),
    };
    pick(lang, en, id).to_string()
}

fn tenders(c: &Connection, sc: &Scope) -> Result<Table> {
    let (from, to) = sc.keys();
    let mut stmt = c.prepare_cached(
        "SELECT kind, sum(CASE WHEN amount >= 0 THEN 1 ELSE 0 END), sum(CASE WHEN amount > 0 THEN amount ELSE 0 END),
                sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END), sum(amount)
         FROM report_payments WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3)
         GROUP BY kind",
    )?;
    let lang = sc.lang;
    let groups: Vec<(String, i64, i64, i64, i64)> = stmt
        .query_map(params![from, to, sc.branch], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let columns = vec![
        col("tender", ColumnKind::Text, lang),
        col("payments", ColumnKind::Count, lang),
        col("gross", ColumnKind::Money, lang),
        col("returns", ColumnKind::Money, lang),
        col("amount", ColumnKind::Money, lang),
    ];
    let rows: Vec<Vec<Cell>> = groups
        .iter()
        .map(|(k, n, paid, refunded, net)| {
            vec![
                Cell::Text(tender_label(k, lang)),
                Cell::Num(*n),
                Cell::Num(*paid),
                Cell::Num(*refunded),
                Cell::Num(*net),
            ]
        })
        .collect();
    let chart = Chart {
        kind: ChartKind::Doughnut,
        labels: groups.iter().map(|g| tender_label(&g.0, lang)).collect(),
        series: vec![Series {
            key: "amount".into(),
            label: col("amount", ColumnKind::Money, lang).label,
            values: groups.iter().map(|g| g.4).collect(),
        }],
    };
    Ok(Table {
        totals: Some(sum_totals(&columns, &rows, lang)),
        columns,
        rows,
        chart: Some(chart),
        default_sort: "amount",
        default_desc: true,
        lazy: None,
    })
}

fn stock_value(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let mut stmt = c.prepare_cached(
        "SELECT p.sku, p.name, p.category_id, s.on_hand, p.cost, p.price FROM
            (SELECT product_id, sum(on_hand) AS on_hand FROM stock_levels WHERE ?1 IS NULL OR branch = ?1
             GROUP BY product_id) s
         JOIN products p ON p.id = s.product_id
         WHERE s.on_hand <> 0 AND (?2 IS NULL OR p.category_id = ?2)",
    )?;
    let cat_name = names(c, "SELECT id, name FROM categories")?;
    let lang = sc.lang;
    let mut by_cat: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = stmt
        .query_map(params![sc.branch, category], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?
        .map(|row| {
            let (sku, name, cat, on_hand, cost, price) = row?;
            let cat = cat_name.get(&cat).cloned().unwrap_or_default();
            *by_cat.entry(cat.clone()).or_default() += on_hand * cost;
            Ok(vec![
                Cell::Text(sku),
                Cell::Text(name),
                Cell::Text(cat),
                Cell::Num(on_hand),
                Cell::Num(cost),
                Cell::Num(on_hand * cost),
                Cell::Num(on_hand * price),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let columns = vec![
        col("sku", ColumnKind::Text, lang),
        col("product", ColumnKind::Text, lang),
        col("category", ColumnKind::Text, lang),
        col("on_hand", ColumnKind::Count, lang),
        Column {
            kind: ColumnKind::Money,
            ..col("unit_cost", ColumnKind::Money, lang)
        },
        col("value", ColumnKind::Money, lang),
        col("retail_value", ColumnKind::Money, lang),
    ];
    let mut totals = sum_totals(&columns, &rows, lang);
    totals[4] = Cell::Text(String::new()); // a sum of unit costs means nothing
    let mut cats: Vec<(String, i64)> = by_cat.into_iter().collect();
    cats.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    cats.truncate(10);
    let chart = Chart {
        kind: ChartKind::Doughnut,
        labels: cats.iter().map(|c| c.0.clone()).collect(),
        series: vec![Series {
            key: "value".into(),
            label: col("value", ColumnKind::Money, lang).label,
            values: cats.iter().map(|c| c.1).collect(),
        }],
    };
    Ok(Table {
        columns,
        rows,
        totals: Some(totals),
        chart: Some(chart),
        default_sort: "value",
        default_desc: true,
        lazy: None,
    })
}

fn movements(c: &Connection, sc: &Scope, product_id: Option<&str>) -> Result<Table> {
    let product_id = product_id
        .filter(|p| !p.is_empty())
        .ok_or_else(|| CoreError::invalid("product_id", "Choose a product", "Pilih produk"))?;
    let lang = sc.lang;
    let (from, to) = sc.millis();
    let opening: i64 = c.query_row(
        "SELECT ifnull(sum(quantity), 0) FROM stock_movements
         WHERE product_id = ?1 AND (?2 IS NULL OR branch = ?2) AND at < ?3",
        params![product_id, sc.branch, from],
        |r| r.get(0),
    )?;
    let mut stmt = c.prepare_cached(
        "SELECT m.at, m.branch, m.reason, m.quantity, m.note, ifnull(u.name, '')
         FROM stock_movements m LEFT JOIN users u ON u.id = m.user_id
         WHERE m.product_id = ?1 AND (?2 IS NULL OR m.branch = ?2) AND m.at >= ?3 AND m.at < ?4
         ORDER BY m.at, m.rowid",
    )?;
    let mut balance = opening;
    let mut series = Vec::new();
    let mut labels = Vec::new();
    let mut rows: Vec<Vec<Cell>> = stmt
        .query_map(params![product_id, sc.branch, from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .map(|row| {
            let (at, branch, reason, q, note, user) = row?;
            balance += q;
            labels.push(pos_store::reporting::wib_day_hour(at).0.to_string());
            series.push(balance);
            Ok(vec![
                Cell::Num(at),
                Cell::Text(branch),
                Cell::Text(reason),
                Cell::Num(q),
                Cell::Num(balance),
                Cell::Text(note),
                Cell::Text(user),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let opening_row = vec![
        Cell::Num(from),
        Cell::Text(sc.branch.clone().unwrap_or_default()),
        Cell::Text(pick(lang, "opening balance", "saldo awal").into()),
        Cell::Num(0),
        Cell::Num(opening),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
    ];
    rows.insert(0, opening_row);
    let labels = labels
        .iter()
        .map(|k| {
            k.parse()
                .ok()
                .and_then(key_day)
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    Ok(Table {
        columns: vec![
            col("time", ColumnKind::Time, lang),
            col("branch", ColumnKind::Text, lang),
            col("reason", ColumnKind::Text, lang),
            col("change", ColumnKind::Count, lang),
            col("balance", ColumnKind::Count, lang),
            col("note", ColumnKind::Text, lang),
            col("user", ColumnKind::Text, lang),
        ],
        rows,
        totals: None,
        chart: Some(Chart {
            kind: ChartKind::Line,
            labels,
            series: vec![Series {
                key: "balance".into(),
                label: col("balance", ColumnKind::Count, lang).label,
                values: series,
            }],
        }),
        default_sort: "time",
        default_desc: false,
        lazy: None,
    })
}

fn slow_movers(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let (from, to) = sc.keys();
    let sold: HashMap<String, i64> = {
        let mut stmt = c.prepare_cached(
            "SELECT product_id, sum(quantity) FROM report_lines INDEXED BY report_lines_product
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND kind <> 'return'
             GROUP BY product_id",
        )?;
        stmt.query_map(params![from, to, sc.branch], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<pos_store::rusqlite::Result<_>>()?
    };
    let mut stmt = c.prepare_cached(
        "SELECT s.product_id, s.on_hand, p.cost FROM
            (SELECT product_id, sum(on_hand) AS on_hand FROM stock_levels WHERE ?1 IS NULL OR branch = ?1
             GROUP BY product_id) s
         JOIN products p ON p.id = s.product_id
         WHERE s.on_hand > 0 AND p.active = 1 AND (?2 IS NULL OR p.category_id = ?2)",
    )?;
    let lang = sc.lang;
    let mut rows: Vec<Vec<Cell>> = stmt
        .query_map(params![sc.branch, category], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        })?
        .map(|row| {
            let (id, on_hand, cost) = row?;
            let n = sold.get(&id).copied().unwrap_or(0);
            // The id rides in the SKU and name cells (resolved for the rows shown) and in the
            // last-sold cell (looked up for the rows shown, see `fill_last_sold`).
            Ok(vec![
                Cell::Text(id.clone()),
                Cell::Text(id.clone()),
                Cell::Num(on_hand),
                Cell::Num(on_hand * cost),
                Cell::Num(n),
                Cell::Text(id),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    // Slow first: least sold, then most money tied up.
    rows.sort_by(|a, b| a[4].num().cmp(&b[4].num()).then(b[3].num().cmp(&a[3].num())));
    let mut labels = Vec::new();
    for r in rows.iter().take(10) {
        labels.push(product_label(c, &r[1].text())?.1);
    }
    let chart = Chart {
        kind: ChartKind::Bar,
        labels,
        series: vec![Series {
            key: "value".into(),
            label: col("value", ColumnKind::Money, lang).label,
            values: rows.iter().take(10).map(|r| r[3].num()).collect(),
        }],
    };
    let columns = vec![
        col("sku", ColumnKind::Text, lang),
        col("product", ColumnKind::Text, lang),
        col("on_hand", ColumnKind::Count, lang),
        col("value", ColumnKind::Money, lang),
        col("sold", ColumnKind::Count, lang),
        col("last_sold", ColumnKind::Date, lang),
    ];
    let mut totals = sum_totals(&columns, &rows, lang);
    totals[5] = Cell::Text(String::new());
    Ok(Table {
        columns,
        rows,
        totals: Some(totals),
        chart: Some(chart),
        default_sort: "sold",
        default_desc: false,
        lazy: Some((0, 1)),
    })
}

/// Replaces the product id carried in the last cell of slow-mover rows with the product's last
/// sale day (only for the rows shown or exported).
fn fill_last_sold(c: &Connection, branch: &Option<String>, rows: &mut [Vec<Cell>]) -> Result<()> {
    let mut stmt = c.prepare_cached(
        "SELECT max(day) FROM report_lines WHERE product_id = ?1 AND kind <> 'return' AND (?2 IS NULL OR branch = ?2)",
    )?;
    for r in rows {
        let id = r[5].text();
        let last: Option<i64> = stmt.query_row(params![id, branch], |r| r.get(0))?;
        r[5] = Cell::Text(
            last.and_then(key_day)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
        );
    }
    Ok(())
}

fn tax(c: &Connection, sc: &Scope, g: Granularity) -> Result<Table> {
    let (from, to) = sc.keys();
    let mut stmt = c.prepare_cached(
        "SELECT day, sum(CASE WHEN kind <> 'return' THEN revenue ELSE 0 END),
                sum(CASE WHEN kind <> 'return' THEN tax ELSE 0 END),
                sum(CASE WHEN kind = 'return' THEN -revenue ELSE 0 END),
                sum(CASE WHEN kind = 'return' THEN -tax ELSE 0 END)
         FROM report_lines WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) GROUP BY day",
    )?;
    let days: Vec<(i64, [i64; 4])> = stmt
        .query_map(params![from, to, sc.branch], |r| {
            Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]))
        })?
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let mut periods: Vec<(String, [i64; 4])> = Vec::new();
    for (day, v) in days {
        let Some(d) = key_day(day) else { continue };
        let label = period_label(d, g);
        match periods.last_mut() {
            Some((l, acc)) if *l == label => (0..4).for_each(|i| acc[i] += v[i]),
            _ => periods.push((label, v)),
        }
    }
    let lang = sc.lang;
    let rows: Vec<Vec<Cell>> = periods
        .iter()
        .map(|(l, v)| {
            let (dpp, ppn) = (v[0] - v[2], v[1] - v[3]);
            vec![
                Cell::Text(l.clone()),
                Cell::Num(v[0]),
                Cell::Num(v[1]),
                Cell::Num(v[2]),
                Cell::Num(v[3]),
                Cell::Num(dpp),
                Cell::Num(ppn),
                Cell::Num(dpp + ppn),
            ]
        })
        .collect();
    let columns: Vec<Column> = [
        ("period", ColumnKind::Date),
        ("sales_dpp", ColumnKind::Money),
        ("sales_ppn", ColumnKind::Money),
        ("returns_dpp", ColumnKind::Money),
        ("returns_ppn", ColumnKind::Money),
        ("dpp", ColumnKind::Money),
        ("ppn", ColumnKind::Money),
        ("total", ColumnKind::Money),
    ]
    .iter()
    .map(|(k, kind)| col(k, *kind, lang))
    .collect();
    let chart = Chart {
        kind: ChartKind::Bar,
        labels: periods.iter().map(|p| p.0.clone()).collect(),
        series: vec![
            Series {
                key: "dpp".into(),
                label: columns[5].label.clone(),
                values: rows.iter().map(|r| r[5].num()).collect(),
            },
            Series {
                key: "ppn".into(),
                label: columns[6].label.clone(),
                values: rows.iter().map(|r| r[6].num()).collect(),
            },
        ],
    };
    Ok(Table {
        totals: Some(sum_totals(&columns, &rows, lang)),
        columns,
        rows,
        chart: Some(chart),
        default_sort: "period",
        default_desc: false,
        lazy: None,
    })
}

fn returns(c: &Connection, sc: &Scope) -> Result<Table> {
    let mut stmt = c.prepare_cached(
        "SELECT r.business_date, r.return_no, s.receipt_no, r.branch, u.name, ifnull(a.name, ''), r.reason,
                (SELECT sum(quantity) FROM return_lines WHERE return_id = r.id), r.dpp, r.total
         FROM returns r JOIN sales s ON s.id = r.sale_id JOIN users u ON u.id = r.cashier_id
         LEFT JOIN users a ON a.id = r.approved_by
         WHERE r.business_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR r.branch = ?3)",
    )?;
    let lang = sc.lang;
    let mut by_reason: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = stmt
        .query_map(params![sc.from.to_string(), sc.to.to_string(), sc.branch], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<i64>>(7)?.unwrap_or(0),
                r.get::<_, i64>(8)?,
                r.get::<_, i64>(9)?,
            ))
        })?
        .map(|row| {
            let (day, no, receipt, branch, cashier, approver, reason, q, dpp, total) = row?;
            *by_reason.entry(reason.clone()).or_default() += total;
            Ok(vec![
                Cell::Text(day),
                Cell::Text(no),
                Cell::Text(receipt),
                Cell::Text(branch),
                Cell::Text(cashier),
                Cell::Text(approver),
                Cell::Text(reason),
                Cell::Num(q),
                Cell::Num(dpp),
                Cell::Num(total),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let columns = vec![
        col("day", ColumnKind::Date, lang),
        col("return_no", ColumnKind::Text, lang),
        col("receipt_no", ColumnKind::Text, lang),
        col("branch", ColumnKind::Text, lang),
        col("cashier", ColumnKind::Text, lang),
        col("approved_by", ColumnKind::Text, lang),
        col("reason", ColumnKind::Text, lang),
        col("quantity", ColumnKind::Count, lang),
        Column {
            label: pick(lang, "DPP", "DPP").into(),
            ..col("dpp", ColumnKind::Money, lang)
        },
        col("amount", ColumnKind::Money, lang),
    ];
    Ok(Table {
        totals: Some(sum_totals(&columns, &rows, lang)),
        chart: Some(reason_chart(by_reason, lang)),
        columns,
        rows,
        default_sort: "day",
        default_desc: true,
        lazy: None,
    })
}

fn reason_chart(by: HashMap<String, i64>, lang: Lang) -> Chart {
    let mut v: Vec<(String, i64)> = by.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(10);
    Chart {
        kind: ChartKind::Doughnut,
        labels: v
            .iter()
            .map(|r| if r.0.is_empty() { "—".into() } else { r.0.clone() })
            .collect(),
        series: vec![Series {
            key: "amount".into(),
            label: col("amount", ColumnKind::Money, lang).label,
            values: v.iter().map(|r| r.1).collect(),
        }],
    }
}

fn discounts(c: &Connection, sc: &Scope) -> Result<Table> {
    let (from, to) = sc.keys();
    let mut stmt = c.prepare_cached(
        "SELECT d.doc_id, d.day, s.receipt_no, s.branch, ifnull(u.name, ''), d.gross, d.discount,
                ifnull((SELECT group_concat(a.reason, '; ') FROM sale_approvals a WHERE a.sale_id = d.doc_id), ''),
                ifnull((SELECT group_concat(DISTINCT v.name) FROM sale_approvals a JOIN users v ON v.id = a.approved_by
                        WHERE a.sale_id = d.doc_id), '')
         FROM (SELECT doc_id, min(day) AS day, sum(gross) AS gross, sum(discount) AS discount FROM report_lines
               WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND kind = 'sale'
               GROUP BY doc_id HAVING sum(discount) <> 0) d
         JOIN sales s ON s.id = d.doc_id LEFT JOIN users u ON u.id = s.cashier_id",
    )?;
    let lang = sc.lang;
    let mut by_cashier: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = stmt
        .query_map(params![from, to, sc.branch], |r| {
            Ok((
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?
        .map(|row| {
            let (day, receipt, branch, cashier, gross, discount, reason, approver) = row?;
            *by_cashier.entry(cashier.clone()).or_default() += discount;
            Ok(vec![
                Cell::Text(key_day(day).map(|d| d.to_string()).unwrap_or_default()),
                Cell::Text(receipt),
                Cell::Text(branch),
                Cell::Text(cashier),
                Cell::Num(gross),
                Cell::Num(discount),
                Cell::Num(gross - discount),
                Cell::Text(reason),
                Cell::Text(approver),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let columns = vec![
        col("day", ColumnKind::Date, lang),
        col("receipt_no", ColumnKind::Text, lang),
        col("branch", ColumnKind::Text, lang),
        col("cashier", ColumnKind::Text, lang),
        col("gross", ColumnKind::Money, lang),
        col("discount", ColumnKind::Money, lang),
        col("net", ColumnKind::Money, lang),
        col("reason", ColumnKind::Text, lang),
        col("approved_by", ColumnKind::Text, lang),
    ];
    let mut chart = reason_chart(by_cashier, lang);
    chart.kind = ChartKind::Bar;
    chart.series[0].key = "discount".into();
    chart.series[0].label = columns[5].label.clone();
    Ok(Table {
        totals: Some(sum_totals(&columns, &rows, lang)),
        chart: Some(chart),
        columns,
        rows,
        default_sort: "day",
        default_desc: true,
        lazy: None,
    })
}

/// The longest audit listing one report holds (the screen pages through it; exports carry it).
const MAX_AUDIT_ROWS: i64 = 100_000;

fn audit(c: &Connection, sc: &Scope, user_id: Option<&str>, action: Option<&str>) -> Result<Table> {
    let (from, to) = sc.millis();
    let action = action.map(|a| format!("{}%", a.replace(['%', '_'], "")));
    let mut stmt = c.prepare_cached(
        "SELECT a.at, ifnull(u.name, ''), a.action, a.entity, ifnull(a.entity_id, ''), ifnull(a.before, ''), ifnull(a.after, '')
         FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.at >= ?1 AND a.at < ?2 AND (?3 IS NULL OR a.user_id = ?3) AND (?4 IS NULL OR a.action LIKE ?4)
         ORDER BY a.at DESC LIMIT ?5",
    )?;
    let lang = sc.lang;
    let mut by_action: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = stmt
        .query_map(params![from, to, user_id, action, MAX_AUDIT_ROWS], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .map(|row| {
            let (at, user, action, entity, entity_id, before, after) = row?;
            *by_action.entry(action.clone()).or_default() += 1;
            let detail = match (before.is_empty(), after.is_empty()) {
                (true, true) => String::new(),
                (true, false) => after,
                (false, true) => before,
                (false, false) => format!("{before} → {after}"),
            };
            Ok(vec![
                Cell::Num(at),
                Cell::Text(user),
                Cell::Text(action),
                Cell::Text(entity),
                Cell::Text(entity_id),
                Cell::Text(truncate(&detail, 400)),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let mut chart = reason_chart(by_action, lang);
    chart.kind = ChartKind::Bar;
    chart.series[0].key = "events".into();
    chart.series[0].label = pick(lang, "Events", "Kejadian").into();
    Ok(Table {
        columns: vec![
            col("time", ColumnKind::Time, lang),
            col("user", ColumnKind::Text, lang),
            col("action", ColumnKind::Text, lang),
            col("entity", ColumnKind::Text, lang),
            col("entity_id", ColumnKind::Text, lang),
            col("detail", ColumnKind::Text, lang),
        ],
        rows,
        totals: None,
        chart: Some(chart),
        default_sort: "time",
        default_desc: true,
        lazy: None,
    })
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

fn build(c: &Connection, req: &ReportRequest, sc: &Scope) -> Result<Table> {
    let category = req.category_id.as_deref().filter(|s| !s.is_empty());
    let g = req.granularity.unwrap_or_default();
    match req.kind {
        ReportKind::Sales => sales_by_period(c, sc, g, category),
        ReportKind::Categories => sales_by_category(c, sc, category),
        ReportKind::Products => sales_by_product(c, sc, category),
        ReportKind::Cashiers => sales_by_cashier(c, sc, category),
        ReportKind::Tenders => tenders(c, sc),
        ReportKind::Branches => sales_by_branch(c, sc, category),
        ReportKind::Terminals => sales_by_terminal(c, sc, category),
        ReportKind::StockValue => stock_value(c, sc, category),
        ReportKind::Movements => movements(c, sc, req.product_id.as_deref()),
        ReportKind::SlowMovers => slow_movers(c, sc, category),
        ReportKind::Tax => tax(
            c,
            sc,
            if req.granularity.is_none() {
                Granularity::Month
            } else {
                g
            },
        ),
        ReportKind::Returns => returns(c, sc),
        ReportKind::Discounts => discounts(c, sc),
        ReportKind::Audit => audit(
            c,
            sc,
            req.user_id.as_deref().filter(|s| !s.is_empty()),
            req.action.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        ),
    }
}

/// Sorts rows on one column, stably: numbers as numbers, text without regard to case (each
/// row's key lowered once, not once per comparison).
fn sort_rows(rows: &mut [Vec<Cell>], i: usize, desc: bool) {
    let numeric = rows.iter().all(|r| matches!(r[i], Cell::Num(_)));
    if numeric {
        rows.sort_by(|a, b| {
            let o = a[i].num().cmp(&b[i].num());
            if desc { o.reverse() } else { o }
        });
    } else if desc {
        rows.sort_by_cached_key(|r| std::cmp::Reverse(r[i].text().to_lowercase()));
    } else {
        rows.sort_by_cached_key(|r| r[i].text().to_lowercase());
    }
}

/// Builds the whole report and sorts it; `page` None keeps every row (exports).
fn run(c: &Connection, req: &ReportRequest, page: Option<(u32, u32)>) -> Result<Report> {
    let sc = scope(&req.from, &req.to, &req.branch, req.lang)?;
    let t = build(c, req, &sc)?;
    let sort_key = req
        .sort
        .as_deref()
        .filter(|k| t.columns.iter().any(|c| c.key == *k))
        .unwrap_or(t.default_sort)
        .to_string();
    let desc = req
        .desc
        .unwrap_or(if req.sort.is_some() { false } else { t.default_desc });
    let mut rows = t.rows;
    let sort_at = t.columns.iter().position(|c| c.key == sort_key);
    // Sorting by SKU or name, or taking every row (an export), needs every product's label.
    let mut lazy = t.lazy;
    if let Some(l) = lazy
        && (page.is_none() || sort_at.is_some_and(|i| i == l.0 || i == l.1))
    {
        resolve_products(c, l, &mut rows)?;
        lazy = None;
    }
    if let Some(i) = sort_at
        && !(req.kind == ReportKind::Movements)
    {
        sort_rows(&mut rows, i, desc);
    }
    let total_rows = rows.len() as u32;
    let (page_no, size) = page.unwrap_or((0, total_rows.max(1)));
    let mut rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .skip(page_no as usize * size as usize)
        .take(size as usize)
        .collect();
    if let Some(l) = lazy {
        resolve_products(c, l, &mut rows)?;
    }
    if req.kind == ReportKind::SlowMovers {
        fill_last_sold(c, &sc.branch, &mut rows)?;
    }
    Ok(Report {
        kind: req.kind,
        title: req.kind.title(sc.lang).into(),
        from: sc.from.to_string(),
        to: sc.to.to_string(),
        columns: t.columns,
        rows,
        total_rows,
        page: page_no,
        page_size: size,
        sort: sort_key,
        desc,
        totals: t.totals,
        chart: t.chart,
        branches: branches(c)?,
    })
}

fn permission_for(kind: ReportKind) -> Permission {
    if kind == ReportKind::Audit {
        Permission::ViewAudit
    } else {
        Permission::ViewReports
    }
}

// ---- the dashboard ----

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DashboardRequest {
    #[serde(default)]
    pub branch: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct TopProduct {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub revenue: i64,
    pub margin: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct StockAlert {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub branch: String,
    pub on_hand: i64,
    pub threshold: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ShiftVariance {
    pub shift_id: String,
    pub branch: String,
    pub terminal: String,
    pub cashier: String,
    pub closed_at: i64,
    pub expected: i64,
    pub counted: i64,
    /// Counted − expected: negative is cash missing.
    pub variance: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Dashboard {
    /// Today's WIB date.
    pub today: String,
    pub branches: Vec<String>,
    pub day: Figures,
    pub previous_day: Figures,
    /// The 1st of this month to today, against the same days of last month.
    pub month: Figures,
    pub previous_month: Figures,
    pub month_from: String,
    pub previous_from: String,
    pub previous_to: String,
    /// Net sales (DPP) by WIB hour, 0–23, today and yesterday.
    pub hours_today: Vec<i64>,
    pub hours_yesterday: Vec<i64>,
    /// Net sales by day of this month and of last month (index 0 = the 1st).
    pub days_month: Vec<i64>,
    pub days_previous: Vec<i64>,
    /// This month's best sellers by net sales.
    pub best_sellers: Vec<TopProduct>,
    pub low_stock: Vec<StockAlert>,
    pub low_stock_count: i64,
    pub oversold: Vec<StockAlert>,
    pub oversold_count: i64,
    /// Online orders waiting, by status (awaiting_payment, paid, picking, packed, backordered).
    pub orders_waiting: Vec<(String, i64)>,
    pub shift_variances: Vec<ShiftVariance>,
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn previous_month_start(d: NaiveDate) -> NaiveDate {
    month_start(month_start(d) - Duration::days(1))
}

fn dashboard(c: &Connection, today: NaiveDate, branch: Option<&str>) -> Result<Dashboard> {
    let yesterday = today - Duration::days(1);
    let m_from = month_start(today);
    let p_from = previous_month_start(today);
    let p_end = m_from - Duration::days(1);
    // The same number of days into last month (30 March compares with 28/29 February).
    let p_to = p_from + Duration::days((today.day() as i64 - 1).min((p_end - p_from).num_days()));
    let lo = p_from.min(yesterday);
    let (tk, yk, mk, pk, ptk) = (
        day_key(today),
        day_key(yesterday),
        day_key(m_from),
        day_key(p_from),
        day_key(p_to),
    );
    let mut d = Dashboard {
        today: today.to_string(),
        branches: Vec::new(),
        day: Figures::default(),
        previous_day: Figures::default(),
        month: Figures::default(),
        previous_month: Figures::default(),
        month_from: m_from.to_string(),
        previous_from: p_from.to_string(),
        previous_to: p_to.to_string(),
        hours_today: vec![0; 24],
        hours_yesterday: vec![0; 24],
        days_month: vec![0; today.day() as usize],
        days_previous: vec![0; (p_end - p_from).num_days() as usize + 1],
        best_sellers: Vec::new(),
        low_stock: Vec::new(),
        low_stock_count: 0,
        oversold: Vec::new(),
        oversold_count: 0,
        orders_waiting: Vec::new(),
        shift_variances: Vec::new(),
    };
    {
        // One pass over two months of hourly sums, in their stored (day, hour) order.
        let mut stmt = c.prepare_cached(&format!(
            "SELECT day, hour, {HOUR_SUMS} FROM report_hours
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) GROUP BY day, hour"
        ))?;
        let mut rows = stmt.query(params![day_key(lo), tk, branch])?;
        while let Some(r) = rows.next()? {
            let (day, hour): (i64, i64) = (r.get(0)?, r.get(1)?);
            let f = figures_row(r, 2)?;
            let h = hour.clamp(0, 23) as usize;
            if day == tk {
                d.day.add(&f);
                d.hours_today[h] += f.revenue;
            }
            if day == yk {
                d.previous_day.add(&f);
                d.hours_yesterday[h] += f.revenue;
            }
            if (mk..=tk).contains(&day) {
                d.month.add(&f);
                d.days_month[(day % 100 - 1) as usize] += f.revenue;
            }
            if (pk..=day_key(p_end)).contains(&day) {
                if day <= ptk {
                    d.previous_month.add(&f);
                }
                d.days_previous[(day % 100 - 1) as usize] += f.revenue;
            }
        }
    }
    {
        let mut stmt = c.prepare_cached(
            "SELECT t.product_id, ifnull(p.sku, ''), ifnull(p.name, ''), t.q, t.rev, t.rev - t.cost FROM
                (SELECT product_id, sum(quantity) AS q, sum(revenue) AS rev, sum(cost) AS cost
                 FROM report_lines INDEXED BY report_lines_product
                 WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) GROUP BY product_id
                 ORDER BY rev DESC LIMIT 10) t
             LEFT JOIN products p ON p.id = t.product_id ORDER BY t.rev DESC",
        )?;
        d.best_sellers = stmt
            .query_map(params![mk, tk, branch], |r| {
                Ok(TopProduct {
                    product_id: r.get(0)?,
                    sku: r.get(1)?,
                    name: r.get(2)?,
                    quantity: r.get(3)?,
                    revenue: r.get(4)?,
                    margin: r.get(5)?,
                })
            })?
            .collect::<pos_store::rusqlite::Result<_>>()?;
    }
    {
        // Low: at or under the product's alert level in a branch that stocks it; oversold:
        // below zero. Both read partial indexes (see migration V5), and the count rides along.
        for (cond, index, low) in [
            (
                "alert_at > 0 AND on_hand >= 0 AND on_hand <= alert_at",
                "stock_levels_low",
                true,
            ),
            ("on_hand < 0", "stock_levels_negative", false),
        ] {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT p.id, p.sku, p.name, l.branch, l.on_hand, l.alert_at, l.n FROM
                    (SELECT product_id, branch, on_hand, alert_at, count(*) OVER () AS n
                     FROM stock_levels INDEXED BY {index} WHERE {cond} AND (?1 IS NULL OR branch = ?1)
                     ORDER BY on_hand - alert_at, product_id LIMIT 10) l
                 JOIN products p ON p.id = l.product_id ORDER BY l.on_hand - l.alert_at, p.name_key"
            ))?;
            let mut count = 0;
            let alerts = stmt
                .query_map(params![branch], |r| {
                    count = r.get(6)?;
                    alert(r)
                })?
                .collect::<pos_store::rusqlite::Result<Vec<_>>>()?;
            if low {
                (d.low_stock, d.low_stock_count) = (alerts, count);
            } else {
                (d.oversold, d.oversold_count) = (alerts, count);
            }
        }
    }
    {
        let mut stmt = c.prepare_cached(
            "SELECT status, count(*) FROM orders
             WHERE status IN ('awaiting_payment', 'paid', 'picking', 'packed', 'backordered') AND (?1 IS NULL OR branch = ?1)
             GROUP BY status",
        )?;
        let counts: HashMap<String, i64> = stmt
            .query_map(params![branch], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<pos_store::rusqlite::Result<_>>()?;
        d.orders_waiting = ["awaiting_payment", "paid", "picking", "packed", "backordered"]
            .iter()
            .map(|s| (s.to_string(), counts.get(*s).copied().unwrap_or(0)))
            .collect();
    }
    {
        let mut stmt = c.prepare_cached(
            "SELECT s.id, s.branch, s.terminal, ifnull(u.name, ''), s.closed_at, s.expected_cash, s.counted_cash
             FROM shifts s LEFT JOIN users u ON u.id = s.closed_by
             WHERE s.closed_at IS NOT NULL AND s.counted_cash <> s.expected_cash AND (?1 IS NULL OR s.branch = ?1)
             ORDER BY s.closed_at DESC LIMIT 10",
        )?;
        d.shift_variances = stmt
            .query_map(params![branch], |r| {
                let (expected, counted): (i64, i64) = (r.get(5)?, r.get(6)?);
                Ok(ShiftVariance {
                    shift_id: r.get(0)?,
                    branch: r.get(1)?,
                    terminal: r.get(2)?,
                    cashier: r.get(3)?,
                    closed_at: r.get(4)?,
                    expected,
                    counted,
                    variance: counted - expected,
                })
            })?
            .collect::<pos_store::rusqlite::Result<_>>()?;
    }
    d.branches = branches(c)?;
    Ok(d)
}

fn alert(r: &pos_store::rusqlite::Row<'_>) -> pos_store::rusqlite::Result<StockAlert> {
    Ok(StockAlert {
        product_id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        branch: r.get(3)?,
        on_hand: r.get(4)?,
        threshold: r.get(5)?,
    })
}

/// Every branch this file has trading for (its own first).
fn branches(c: &Connection) -> Result<Vec<String>> {
    let own = Core::branch(c).unwrap_or_default();
    let mut stmt =
        c.prepare_cached("SELECT DISTINCT branch FROM stock_levels UNION SELECT DISTINCT branch FROM shifts")?;
    let mut all: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<pos_store::rusqlite::Result<_>>()?;
    all.retain(|b| *b != own);
    all.sort();
    if !own.is_empty() {
        all.insert(0, own);
    }
    Ok(all)
}

// ---- exports ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    #[default]
    Csv,
    Xlsx,
    Pdf,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportRequest {
    pub report: ReportRequest,
    pub format: ExportFormat,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportFile {
    pub file_name: String,
    pub mime: String,
    /// Where it was saved on this computer, when a documents folder is set up.
    pub saved_to: Option<String>,
    pub base64: String,
    pub rows: u32,
}

/// How far the export in progress on this terminal has come (the screen polls it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportProgress {
    pub running: bool,
    /// Rows written (or laid out on pages) so far, of `total`; 0 of 0 while the report is read.
    pub done: u32,
    pub total: u32,
}

/// Marks the export finished however it ends.
struct Exporting<'a>(&'a std::sync::Mutex<ExportProgress>);

impl Drop for Exporting<'_> {
    fn drop(&mut self) {
        crate::lock(self.0).running = false;
    }
}

impl Core {
    /// Today and this month at a glance, against the previous day and the same days of last
    /// month.
    pub fn dashboard(&self, token: Option<&str>, req: DashboardRequest) -> Result<Dashboard> {
        self.authorize(token, Permission::ViewReports)?;
        let today = pos_domain::wib_date(self.clock.now());
        let branch = req.branch.as_deref().map(str::trim).filter(|b| !b.is_empty());
        self.read(|c| dashboard(c, today, branch))
    }

    /// One page of a report, with its totals and chart over every row.
    pub fn report(&self, token: Option<&str>, req: ReportRequest) -> Result<Report> {
        self.authorize(token, permission_for(req.kind))?;
        let size = req.page_size.unwrap_or(50).clamp(1, MAX_PAGE_SIZE);
        let page = req.page.unwrap_or(0).min(1_000_000);
        self.read(|c| run(c, &req, Some((page, size))))
    }

    /// The whole report as CSV, XLSX or PDF, with the same rows and totals as the screen.
    pub fn export_report(&self, token: Option<&str>, req: ExportRequest) -> Result<ExportFile> {
        self.authorize(token, permission_for(req.report.kind))?;
        let _exporting = {
            let mut e = crate::lock(&self.export);
            if e.running {
                return Err(CoreError::new(
                    ErrorCode::Duplicate,
                    "An export is already being made on this terminal; wait for it to finish.",
                    "Ekspor lain sedang dibuat di terminal ini; tunggu sampai selesai.",
                ));
            }
            *e = ExportProgress {
                running: true,
                ..Default::default()
            };
            Exporting(&self.export)
        };
        let (report, store) = self.read(|c| {
            let r = run(c, &req.report, None)?;
            let store = pos_store::profile::get(c)?.map(|p| p.name).unwrap_or_default();
            Ok((r, store))
        })?;
        let total = report.rows.len() as u32;
        crate::lock(&self.export).total = total;
        let mut written = |n: usize| crate::lock(&self.export).done = (n as u32).min(total);
        let (bytes, ext, mime) = match req.format {
            ExportFormat::Csv => (crate::export::csv_with(&report, &mut written), "csv", "text/csv"),
            ExportFormat::Xlsx => (
                crate::export::xlsx_with(&report, &store, &mut written)?,
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ExportFormat::Pdf => (
                crate::export::pdf_with(&report, &store, &mut written),
                "pdf",
                "application/pdf",
            ),
        };
        written(total as usize);
        let file_name = format!("{}-{}-{}.{ext}", report.kind.as_str(), report.from, report.to);
        let saved_to = self.save_document(&file_name, &bytes)?;
        use base64::Engine;
        Ok(ExportFile {
            file_name,
            mime: mime.into(),
            saved_to,
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            rows: report.total_rows,
        })
    }

    /// The export in progress on this terminal, if any.
    pub fn export_progress(&self, token: Option<&str>) -> Result<ExportProgress> {
        self.authorize_poll(token, Permission::ViewReports)?;
        Ok(crate::lock(&self.export).clone())
    }
}
