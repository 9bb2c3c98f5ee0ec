//! `receiving_drafts`: what this terminal scanned for an order's receipt and has not posted yet.
//! Local to the terminal (each receives what it holds); kept across a crash or a closed window.

use rusqlite::{Connection, params};

/// Adds `quantity` units of a product (a scan adds one; a carton its count); answers the total.
pub fn add(conn: &Connection, po_id: &str, product_id: &str, quantity: i64, at: i64) -> crate::Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO receiving_drafts (po_id, product_id, quantity, at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (po_id, product_id) DO UPDATE SET quantity = quantity + excluded.quantity, at = excluded.at
             RETURNING quantity",
        )?
        .query_row(params![po_id, product_id, quantity, at], |r| r.get(0))?)
}

/// Replaces a product's scanned quantity (0 removes it).
pub fn set(conn: &Connection, po_id: &str, product_id: &str, quantity: i64, at: i64) -> crate::Result<()> {
    if quantity <= 0 {
        conn.prepare_cached("DELETE FROM receiving_drafts WHERE po_id = ?1 AND product_id = ?2")?
            .execute(params![po_id, product_id])?;
    } else {
        conn.prepare_cached(
            "INSERT INTO receiving_drafts (po_id, product_id, quantity, at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (po_id, product_id) DO UPDATE SET quantity = excluded.quantity, at = excluded.at",
        )?
        .execute(params![po_id, product_id, quantity, at])?;
    }
    Ok(())
}

/// The scans of an order: (product id, quantity), in scan order.
pub fn of_order(conn: &Connection, po_id: &str) -> crate::Result<Vec<(String, i64)>> {
    let mut stmt = conn
        .prepare_cached("SELECT product_id, quantity FROM receiving_drafts WHERE po_id = ?1 ORDER BY at, product_id")?;
    let rows = stmt.query_map([po_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn clear(conn: &Connection, po_id: &str) -> crate::Result<()> {
    conn.prepare_cached("DELETE FROM receiving_drafts WHERE po_id = ?1")?
        .execute([po_id])?;
    Ok(())
}
