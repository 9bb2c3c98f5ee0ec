//! Discounted sales, one row each, from `report_discounts` with the approvals' reasons and names.

use super::Range;
use rusqlite::{Connection, params};

pub struct DiscountRow {
    pub day: i64,
    pub receipt_no: String,
    pub branch: String,
    pub cashier: String,
    pub gross: i64,
    pub discount: i64,
    /// The approvals' reasons, "; "-separated.
    pub reasons: String,
    /// Who approved, comma-separated.
    pub approvers: String,
}

pub fn rows(c: &Connection, range: &Range<'_>) -> crate::Result<Vec<DiscountRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT d.day, d.receipt_no, d.branch, ifnull(u.name, ''), d.gross, d.discount,
                ifnull((SELECT group_concat(a.reason, '; ') FROM sale_approvals a WHERE a.sale_id = d.doc_id), ''),
                ifnull((SELECT group_concat(DISTINCT v.name) FROM sale_approvals a JOIN users v ON v.id = a.approved_by
                        WHERE a.sale_id = d.doc_id), '')
         FROM report_discounts d LEFT JOIN users u ON u.id = d.cashier_id
         WHERE d.day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.branch = ?3)",
    )?;
    let rows = stmt.query_map(params![range.from, range.to, range.branch], |r| {
        Ok(DiscountRow {
            day: r.get(0)?,
            receipt_no: r.get(1)?,
            branch: r.get(2)?,
            cashier: r.get(3)?,
            gross: r.get(4)?,
            discount: r.get(5)?,
            reasons: r.get(6)?,
            approvers: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
