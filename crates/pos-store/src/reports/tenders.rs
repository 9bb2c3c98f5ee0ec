//! Takings per tender kind from `report_payments`.

use super::Range;
use rusqlite::{Connection, params};

pub struct TenderRow {
    /// cash, card, transfer, qris
    pub kind: String,
    pub payments: i64,
    pub paid: i64,
    pub refunded: i64,
    pub net: i64,
}

pub fn rows(c: &Connection, range: &Range<'_>) -> crate::Result<Vec<TenderRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT kind, sum(CASE WHEN amount >= 0 THEN 1 ELSE 0 END), sum(CASE WHEN amount > 0 THEN amount ELSE 0 END),
                sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END), sum(amount)
         FROM report_payments WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3)
         GROUP BY kind",
    )?;
    let rows = stmt.query_map(params![range.from, range.to, range.branch], |r| {
        Ok(TenderRow {
            kind: r.get(0)?,
            payments: r.get(1)?,
            paid: r.get(2)?,
            refunded: r.get(3)?,
            net: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
