//! `supplier_returns`: goods sent back to a supplier (damaged, wrong model), each line a stock
//! movement out with the same id, valued at the cost it left at.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SupplierReturnLine {
    pub id: String,
    pub product_id: String,
    pub quantity: i64,
    pub unit_cost: i64,
}

/// A return to a supplier as synced (a fact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SupplierReturn {
    pub id: String,
    pub branch: String,
    pub supplier_id: String,
    #[serde(default)]
    pub receipt_id: Option<String>,
    pub reason: String,
    pub at: i64,
    pub user_id: String,
    pub lines: Vec<SupplierReturnLine>,
}

/// Stores a return; false when it is here already.
pub fn insert(conn: &Connection, r: &SupplierReturn) -> crate::Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO supplier_returns (id, branch, supplier_id, receipt_id, reason, at, user_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            r.id,
            r.branch,
            r.supplier_id,
            r.receipt_id,
            r.reason,
            r.at,
            r.user_id
        ])?;
    if n == 0 {
        return Ok(false);
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO supplier_return_lines (id, return_id, product_id, quantity, unit_cost) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for l in &r.lines {
        stmt.execute(params![l.id, r.id, l.product_id, l.quantity, l.unit_cost])?;
    }
    Ok(true)
}

/// One row of the returns list.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SupplierReturnSummary {
    pub id: String,
    pub supplier_name: String,
    pub reason: String,
    pub at: i64,
    pub units: i64,
    pub value: i64,
}

/// A branch's returns to suppliers, newest first.
pub fn list(conn: &Connection, branch: &str, limit: i64) -> crate::Result<Vec<SupplierReturnSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, ifnull(s.name, ''), r.reason, r.at,
            (SELECT ifnull(sum(quantity), 0) FROM supplier_return_lines WHERE return_id = r.id),
            (SELECT ifnull(sum(quantity * unit_cost), 0) FROM supplier_return_lines WHERE return_id = r.id)
         FROM supplier_returns r LEFT JOIN suppliers s ON s.id = r.supplier_id
         WHERE r.branch = ?1 ORDER BY r.at DESC, r.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![branch, limit], |r| {
        Ok(SupplierReturnSummary {
            id: r.get(0)?,
            supplier_name: r.get(1)?,
            reason: r.get(2)?,
            at: r.get(3)?,
            units: r.get(4)?,
            value: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
