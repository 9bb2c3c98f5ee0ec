//! Facts another terminal made, written here as they come from the sync's pull: each is stored once
//! (an id seen before is nothing to do), in the tables their own modules own.

use rusqlite::{Connection, OptionalExtension, params};

/// Tables whose rows are facts with an id made on a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactTable {
    Sales,
    Returns,
    StockMovements,
    Shifts,
    Orders,
    OrderEvents,
}

impl FactTable {
    fn sql(self) -> &'static str {
        match self {
            FactTable::Sales => "SELECT 1 FROM sales WHERE id = ?1",
            FactTable::Returns => "SELECT 1 FROM returns WHERE id = ?1",
            FactTable::StockMovements => "SELECT 1 FROM stock_movements WHERE id = ?1",
            FactTable::Shifts => "SELECT 1 FROM shifts WHERE id = ?1",
            FactTable::Orders => "SELECT 1 FROM orders WHERE id = ?1",
            FactTable::OrderEvents => "SELECT 1 FROM order_events WHERE id = ?1",
        }
    }
}

/// Whether this terminal holds the fact already.
pub fn has(conn: &Connection, table: FactTable, id: &str) -> crate::Result<bool> {
    Ok(conn
        .prepare_cached(table.sql())?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A shift closed on another terminal; false when it was not open here (closed already, or never
/// opened here).
pub fn shift_closed(conn: &Connection, s: &crate::shifts::Shift) -> crate::Result<bool> {
    let n = conn.execute(
        "UPDATE shifts SET closed_by = ?2, closed_at = ?3, counted_cash = ?4, expected_cash = ?5, note = ?6
         WHERE id = ?1 AND closed_at IS NULL",
        params![
            s.id,
            s.closed_by,
            s.closed_at,
            s.counted_cash.map(|m| m.rupiah()),
            s.expected_cash.map(|m| m.rupiah()),
            s.note
        ],
    )?;
    Ok(n > 0)
}

pub struct CashMovement<'a> {
    pub id: &'a str,
    pub shift_id: &'a str,
    pub amount: i64,
    pub reason: &'a str,
    pub user_id: &'a str,
    pub at: i64,
}

/// False when it was here already.
pub fn cash_movement(conn: &Connection, m: &CashMovement<'_>) -> crate::Result<bool> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO cash_movements (id, shift_id, amount, reason, user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![m.id, m.shift_id, m.amount, m.reason, m.user_id, m.at],
    )? > 0)
}

pub struct AuditEvent<'a> {
    pub id: &'a str,
    pub at: i64,
    pub user_id: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<&'a str>,
    /// JSON text.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// False when it was here already.
pub fn audit_event(conn: &Connection, a: &AuditEvent<'_>) -> crate::Result<bool> {
    Ok(conn
        .prepare_cached(
            "INSERT OR IGNORE INTO audit_events (id, at, user_id, action, entity, entity_id, before, after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            a.id,
            a.at,
            a.user_id,
            a.action,
            a.entity,
            a.entity_id,
            a.before,
            a.after
        ])?
        > 0)
}

/// Another terminal's staff message (through the change log): false when it was here already.
pub fn chat_message(conn: &Connection, m: &crate::chat::ChatMessage) -> crate::Result<bool> {
    let here: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM chat_messages WHERE id = ?1)",
        [&m.id],
        |r| r.get(0),
    )?;
    if here {
        return Ok(false);
    }
    crate::chat::insert(conn, m)?;
    Ok(true)
}

/// An order's status, branch and sale (None when the order is not here yet).
pub fn order_state(conn: &Connection, id: &str) -> crate::Result<Option<(String, String, Option<String>)>> {
    Ok(conn
        .query_row("SELECT status, branch, sale_id FROM orders WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

pub fn order_payment_status(conn: &Connection, id: &str) -> crate::Result<String> {
    Ok(conn.query_row("SELECT payment_status FROM orders WHERE id = ?1", [id], |r| r.get(0))?)
}

/// A step of an order made on another terminal.
pub struct OrderStep<'a> {
    pub event_id: &'a str,
    pub order_id: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    /// The payment status it moves to (None: unchanged).
    pub payment: Option<&'a str>,
    pub tracking_no: Option<&'a str>,
    pub packed_weight_g: Option<i64>,
    pub note: &'a str,
    pub at: i64,
}

pub fn order_step(conn: &Connection, e: &OrderStep<'_>) -> crate::Result<()> {
    conn.execute(
        "UPDATE orders SET status = ?2, payment_status = coalesce(?3, payment_status),
            tracking_no = coalesce(?4, tracking_no), packed_weight_g = coalesce(?5, packed_weight_g),
            updated_at = ?6, version = version + 1 WHERE id = ?1",
        params![e.order_id, e.to, e.payment, e.tracking_no, e.packed_weight_g, e.at],
    )?;
    Ok(())
}

pub fn order_event(conn: &Connection, e: &OrderStep<'_>) -> crate::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO order_events (id, order_id, from_status, to_status, note, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![e.event_id, e.order_id, e.from, e.to, e.note, e.at],
    )?;
    Ok(())
}

/// A product the server found sold below zero; at the time of the sale that did it (0 when
/// that sale is not here). False when it was here already.
pub fn oversold(
    conn: &Connection,
    id: &str,
    product_id: &str,
    branch: &str,
    sale_id: Option<&str>,
    on_hand: i64,
) -> crate::Result<bool> {
    let at: i64 = conn
        .query_row("SELECT at FROM sales WHERE id = ?1", [&sale_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    Ok(conn.execute(
        "INSERT OR IGNORE INTO oversold (id, product_id, branch, sale_id, on_hand, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, product_id, branch, sale_id, on_hand, at],
    )? > 0)
}

pub struct SyncIssue<'a> {
    pub id: &'a str,
    pub issue: &'a str,
    pub kind: &'a str,
    pub record_id: &'a str,
    pub reason: &'a str,
    pub origin: &'a str,
    /// JSON text.
    pub detail: Option<String>,
    pub at: i64,
}

/// False when it was here already.
pub fn sync_issue(conn: &Connection, s: &SyncIssue<'_>) -> crate::Result<bool> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO sync_issues (id, issue, kind, record_id, reason, origin, detail, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![s.id, s.issue, s.kind, s.record_id, s.reason, s.origin, s.detail, s.at],
    )? > 0)
}
