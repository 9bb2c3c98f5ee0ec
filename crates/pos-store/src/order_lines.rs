//! Shortening an order's lines when part of it goes to a back-order, and the order's totals
//! after: the line, its reservation and the order's subtotal move together.

use rusqlite::{Connection, params};

/// Takes `short` units off the line, keeping `here` reserved; a line left with nothing is removed
/// with its reservation (released first, so the ledger of reservations shows when).
pub fn shorten(conn: &Connection, line_id: &str, short: i64, here: i64, now: i64) -> crate::Result<()> {
    if here == 0 {
        conn.execute(
            "UPDATE stock_reservations SET released_at = ?2 WHERE order_line_id = ?1",
            params![line_id, now],
        )?;
        conn.execute("DELETE FROM stock_reservations WHERE order_line_id = ?1", [line_id])?;
        conn.execute("DELETE FROM order_lines WHERE id = ?1", [line_id])?;
    } else {
        conn.execute(
            "UPDATE order_lines SET quantity = quantity - ?2 WHERE id = ?1",
            params![line_id, short],
        )?;
        conn.execute(
            "UPDATE stock_reservations SET quantity = ?2 WHERE order_line_id = ?1",
            params![line_id, here],
        )?;
    }
    Ok(())
}

/// Sets the order's subtotal from its lines (and its total with shipping); a new version.
pub fn retotal(conn: &Connection, order_id: &str, now: i64) -> crate::Result<()> {
    let sub: i64 = conn.query_row(
        "SELECT ifnull(sum(quantity * unit_price), 0) FROM order_lines WHERE order_id = ?1",
        [order_id],
        |r| r.get(0),
    )?;
    conn.execute(
        "UPDATE orders SET subtotal = ?2, total = ?2 + shipping_cost, updated_at = ?3, version = version + 1 WHERE id = ?1",
        params![order_id, sub, now],
    )?;
    Ok(())
}
