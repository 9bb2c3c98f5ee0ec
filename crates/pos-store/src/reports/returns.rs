//! Returns in a range of business dates, with reasons and who approved them.

use rusqlite::{Connection, params};

pub struct ReturnRow {
    pub business_date: String,
    pub return_no: String,
    pub receipt_no: String,
    pub branch: String,
    pub cashier: String,
    pub approver: String,
    pub reason: String,
    pub quantity: i64,
    pub dpp: i64,
    pub total: i64,
}

/// `from` and `to` are ISO dates (2026-11-22), both included.
pub fn rows(c: &Connection, from: &str, to: &str, branch: Option<&str>) -> crate::Result<Vec<ReturnRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT r.business_date, r.return_no, s.receipt_no, r.branch, u.name, ifnull(a.name, ''), r.reason,
                (SELECT sum(quantity) FROM return_lines WHERE return_id = r.id), r.dpp, r.total
         FROM returns r JOIN sales s ON s.id = r.sale_id JOIN users u ON u.id = r.cashier_id
         LEFT JOIN users a ON a.id = r.approved_by
         WHERE r.business_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR r.branch = ?3)",
    )?;
    let rows = stmt.query_map(params![from, to, branch], |r| {
        Ok(ReturnRow {
            business_date: r.get(0)?,
            return_no: r.get(1)?,
            receipt_no: r.get(2)?,
            branch: r.get(3)?,
            cashier: r.get(4)?,
            approver: r.get(5)?,
            reason: r.get(6)?,
            quantity: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
            dpp: r.get(8)?,
            total: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
