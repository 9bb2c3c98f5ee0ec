//! Sales figures summed over report rows, and their cells.

use super::*;

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
    pub(super) fn add(&mut self, o: &Figures) {
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

    pub(super) fn finish(&mut self) {
        self.margin = self.revenue - self.cost;
        self.margin_bp = ratio_bp(self.margin, self.revenue);
        self.avg_basket = if self.transactions > 0 {
            (self.revenue as f64 / self.transactions as f64).round() as i64
        } else {
            0
        };
    }
}

pub(super) fn ratio_bp(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        (part as f64 * 10_000.0 / whole as f64).round() as i64
    }
}

/// The sums of `report_lines`, in the order [`figures_row`] reads them.
pub(super) const SUMS: &str = "sum(quantity), sum(CASE WHEN kind <> 'return' THEN first ELSE 0 END),
    sum(CASE WHEN kind <> 'return' THEN gross ELSE 0 END), sum(discount),
    sum(CASE WHEN kind = 'return' THEN -gross ELSE 0 END), sum(CASE WHEN kind = 'return' THEN first ELSE 0 END),
    sum(revenue), sum(tax), sum(cost)";

pub(super) fn figures_row(r: &pos_store::rusqlite::Row<'_>, at: usize) -> pos_store::rusqlite::Result<Figures> {
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
pub(super) const FIGURE_COLUMNS: [(&str, ColumnKind); 11] = [
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

pub(super) fn figure_cells(f: &Figures) -> Vec<Cell> {
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
