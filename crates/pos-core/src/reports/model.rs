//! What a report is: its kinds, the request, and the table, cells and chart the screen and exports show.

use super::*;

/// The longest range one report covers (a few years of history at once).
pub const MAX_DAYS: i64 = 3 * 366;
pub(super) const MAX_PAGE_SIZE: u32 = 500;

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
    /// Bookings of services, with deposits held and service revenue.
    Bookings,
}

impl ReportKind {
    pub const ALL: [ReportKind; 15] = [
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
        ReportKind::Bookings,
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
            ReportKind::Bookings => "bookings",
        }
    }

    pub(super) fn title(self, lang: Lang) -> &'static str {
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
            ReportKind::Bookings => (
                "Bookings, deposits and service revenue",
                "Booking, deposit dan pendapatan jasa",
            ),
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
