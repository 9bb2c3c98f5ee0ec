//! What the owner's reports and dashboard read, one module per report (the shaping into tables,
//! labels and charts is `pos-core`'s). Sales figures come from `report_lines`, `report_hours`,
//! `report_payments` and `report_discounts` (written by [`crate::reporting`]); a range is a pair
//! of WIB day keys (20261122) and, optionally, one branch.

pub mod audit;
pub mod bookings;
pub mod dashboard;
pub mod discounts;
pub mod grouped;
pub mod lines;
pub mod movements;
pub mod names;
pub mod returns;
pub mod slow_movers;
pub mod stock_value;
pub mod tax;
pub mod tenders;

use serde::{Deserialize, Serialize};

/// A report's days (WIB day keys, both included) and branch (every branch when None).
#[derive(Debug, Clone, Copy)]
pub struct Range<'a> {
    pub from: i64,
    pub to: i64,
    pub branch: Option<&'a str>,
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
    pub fn add(&mut self, o: &Figures) {
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

    /// Sets the figures derived from the sums (margin, its ratio, the average basket).
    pub fn finish(&mut self) {
        self.margin = self.revenue - self.cost;
        self.margin_bp = ratio_bp(self.margin, self.revenue);
        self.avg_basket = if self.transactions > 0 {
            (self.revenue as f64 / self.transactions as f64).round() as i64
        } else {
            0
        };
    }
}

/// `part` over `whole` in basis points (0 for nothing).
pub fn ratio_bp(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        (part as f64 * 10_000.0 / whole as f64).round() as i64
    }
}

/// The sums of `report_lines`, in the order [`figures_row`] reads them.
pub(crate) const SUMS: &str = "sum(quantity), sum(CASE WHEN kind <> 'return' THEN first ELSE 0 END),
    sum(CASE WHEN kind <> 'return' THEN gross ELSE 0 END), sum(discount),
    sum(CASE WHEN kind = 'return' THEN -gross ELSE 0 END), sum(CASE WHEN kind = 'return' THEN first ELSE 0 END),
    sum(revenue), sum(tax), sum(cost)";

/// The sums of `report_hours`, in the same order.
pub(crate) const HOUR_SUMS: &str =
    "sum(quantity), sum(transactions), sum(gross), sum(discount), sum(returns), sum(return_count),
    sum(revenue), sum(tax), sum(cost)";

pub(crate) fn figures_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Figures> {
    let g = |i: usize| -> rusqlite::Result<i64> { Ok(r.get::<_, Option<i64>>(at + i)?.unwrap_or(0)) };
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

fn corrupt(e: impl std::fmt::Display) -> crate::StoreError {
    crate::StoreError::Corrupt(e.to_string())
}
