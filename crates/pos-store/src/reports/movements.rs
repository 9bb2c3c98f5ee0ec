//! One product's stock ledger between two instants.

use rusqlite::{Connection, params};

pub struct MovementRow {
    pub at: i64,
    pub branch: String,
    pub reason: String,
    pub quantity: i64,
    pub note: String,
    pub user: String,
}

/// The balance before `from` (UTC ms).
pub fn opening(c: &Connection, product_id: &str, branch: Option<&str>, from: i64) -> crate::Result<i64> {
    Ok(c.query_row(
        "SELECT ifnull(sum(quantity), 0) FROM stock_movements
         WHERE product_id = ?1 AND (?2 IS NULL OR branch = ?2) AND at < ?3",
        params![product_id, branch, from],
        |r| r.get(0),
    )?)
}

/// The movements from `from` up to (not including) `to`, in the order they happened.
pub fn rows(
    c: &Connection,
    product_id: &str,
    branch: Option<&str>,
    from: i64,
    to: i64,
) -> crate::Result<Vec<MovementRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT m.at, m.branch, m.reason, m.quantity, m.note, ifnull(u.name, '')
         FROM stock_movements m LEFT JOIN users u ON u.id = m.user_id
         WHERE m.product_id = ?1 AND (?2 IS NULL OR m.branch = ?2) AND m.at >= ?3 AND m.at < ?4
         ORDER BY m.at, m.rowid",
    )?;
    let rows = stmt.query_map(params![product_id, branch, from, to], |r| {
        Ok(MovementRow {
            at: r.get(0)?,
            branch: r.get(1)?,
            reason: r.get(2)?,
            quantity: r.get(3)?,
            note: r.get(4)?,
            user: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
