//! The stock ledger. Movements are append-only; on-hand is their sum, cached in `stock_levels` by a
//! trigger in the same transaction, so the cache cannot drift from the ledger.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum MovementReason {
    /// The first count when a product enters the system.
    Opening,
    /// A stocktake: the movement is the difference between counted and recorded.
    Count,
    Damage,
    Correction,
}

impl MovementReason {
    pub fn as_str(self) -> &'static str {
        match self {
            MovementReason::Opening => "opening",
            MovementReason::Count => "count",
            MovementReason::Damage => "damage",
            MovementReason::Correction => "correction",
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StockMovement {
    pub id: String,
    pub product_id: String,
    pub branch: String,
    pub quantity: i64,
    /// opening, count, damage, correction, and the kinds later features add (sale, return, ...).
    pub reason: String,
    pub note: String,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub at: i64,
    /// On hand after this movement.
    pub balance: i64,
}

pub struct NewMovement<'a> {
    pub product_id: &'a str,
    pub branch: &'a str,
    pub quantity: i64,
    pub reason: &'a str,
    pub note: &'a str,
    pub user_id: Option<&'a str>,
    pub at: i64,
    /// The sale or return this movement belongs to.
    pub ref_id: Option<&'a str>,
}

pub fn insert(conn: &Connection, m: &NewMovement<'_>) -> crate::Result<String> {
    let id = pos_domain::new_id();
    insert_with_id(conn, &id, m)?;
    Ok(id)
}

/// A movement whose id is given: a sale line's or return line's movement has that line's id, so
/// every terminal's ledger holds the same rows.
pub fn insert_with_id(conn: &Connection, id: &str, m: &NewMovement<'_>) -> crate::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO stock_movements (id, product_id, branch, quantity, reason, note, user_id, at, ref_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    stmt.execute(params![
        id,
        m.product_id,
        m.branch,
        m.quantity,
        m.reason,
        m.note,
        m.user_id,
        m.at,
        m.ref_id
    ])?;
    Ok(())
}

pub fn on_hand(conn: &Connection, product_id: &str, branch: &str) -> crate::Result<i64> {
    let mut stmt =
        conn.prepare_cached("SELECT ifnull(sum(on_hand), 0) FROM stock_levels WHERE product_id = ?1 AND branch = ?2")?;
    Ok(stmt.query_row(params![product_id, branch], |r| r.get(0))?)
}

/// The sum of the ledger itself, bypassing the cache: what the cache must always equal.
pub fn ledger_sum(conn: &Connection, product_id: &str, branch: &str) -> crate::Result<i64> {
    Ok(conn.query_row(
        "SELECT ifnull(sum(quantity), 0) FROM stock_movements WHERE product_id = ?1 AND branch = ?2",
        params![product_id, branch],
        |r| r.get(0),
    )?)
}

/// A product's movements, newest first, each with the balance after it.
pub fn movements(conn: &Connection, product_id: &str, branch: &str, limit: i64) -> crate::Result<Vec<StockMovement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.product_id, m.branch, m.quantity, m.reason, m.note, m.user_id, u.name, m.at,
                sum(m.quantity) OVER (ORDER BY m.at, m.id ROWS UNBOUNDED PRECEDING)
         FROM stock_movements m LEFT JOIN users u ON u.id = m.user_id
         WHERE m.product_id = ?1 AND m.branch = ?2
         ORDER BY m.at DESC, m.id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![product_id, branch, limit], |r| {
        Ok(StockMovement {
            id: r.get(0)?,
            product_id: r.get(1)?,
            branch: r.get(2)?,
            quantity: r.get(3)?,
            reason: r.get(4)?,
            note: r.get(5)?,
            user_id: r.get(6)?,
            user_name: r.get(7)?,
            at: r.get(8)?,
            balance: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
