//! `shelf_label_queue`: products whose price changed and whose shelf label should be printed
//! again. A product is queued once, with the price its label shows and the new one; printing
//! takes it off.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

/// Queues a product (a later change keeps the oldest price, the one on the shelf).
pub fn queue(
    conn: &Connection,
    product_id: &str,
    old_price: i64,
    new_price: i64,
    at: i64,
    reason: &str,
) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO shelf_label_queue (product_id, old_price, new_price, at, reason) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (product_id) DO UPDATE SET new_price = excluded.new_price, at = excluded.at, reason = excluded.reason",
    )?
    .execute(params![product_id, old_price, new_price, at, reason])?;
    // A price changed back to what the shelf shows needs no label.
    conn.prepare_cached("DELETE FROM shelf_label_queue WHERE product_id = ?1 AND old_price = new_price")?
        .execute([product_id])?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct QueuedLabel {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub barcode: Option<String>,
    pub old_price: i64,
    pub new_price: i64,
    pub at: i64,
    pub reason: String,
}

pub fn list(conn: &Connection, limit: i64) -> crate::Result<Vec<QueuedLabel>> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.product_id, p.sku, p.name, p.barcode, q.old_price, q.new_price, q.at, q.reason
         FROM shelf_label_queue q JOIN products p ON p.id = q.product_id ORDER BY q.at DESC, p.sku LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(QueuedLabel {
            product_id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            barcode: r.get(3)?,
            old_price: r.get(4)?,
            new_price: r.get(5)?,
            at: r.get(6)?,
            reason: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection) -> crate::Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM shelf_label_queue", [], |r| r.get(0))?)
}

/// Takes products off the queue (their labels were printed).
pub fn done(conn: &Connection, product_ids: &[String]) -> crate::Result<usize> {
    let mut stmt = conn.prepare_cached("DELETE FROM shelf_label_queue WHERE product_id = ?1")?;
    let mut n = 0;
    for id in product_ids {
        n += stmt.execute([id])?;
    }
    Ok(n)
}
