//! The owner's review list as this terminal holds it: `oversold` (stock sold below zero) and
//! `sync_issues` (records the server set aside, conflicts, overwritten values), each resolvable.

use rusqlite::{Connection, params};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReviewItem {
    pub id: String,
    /// oversold, set_aside, conflict, overwrite, not_applied, server_restored
    pub issue: String,
    pub kind: String,
    pub record_id: String,
    /// Product name for oversold items, else the record's kind and id.
    pub title: String,
    pub reason: String,
    pub origin: String,
    pub at: i64,
    pub resolved_at: Option<i64>,
}

/// The newest 500, open ones only unless `include_resolved`.
pub fn list(conn: &Connection, include_resolved: bool) -> crate::Result<Vec<ReviewItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, 'oversold', 'product', o.product_id, ifnull(p.name, o.product_id),
                'on hand ' || o.on_hand || ' at ' || o.branch || ifnull(' after ' || s.receipt_no, ''),
                o.branch, o.at, o.resolved_at
         FROM oversold o LEFT JOIN products p ON p.id = o.product_id LEFT JOIN sales s ON s.id = o.sale_id
         WHERE ?1 OR o.resolved_at IS NULL
         UNION ALL
         SELECT id, issue, kind, record_id, kind || ' ' || record_id, reason, origin, at, resolved_at
         FROM sync_issues WHERE ?1 OR resolved_at IS NULL
         ORDER BY 8 DESC LIMIT 500",
    )?;
    let rows = stmt.query_map([include_resolved], |r| {
        Ok(ReviewItem {
            id: r.get(0)?,
            issue: r.get(1)?,
            kind: r.get(2)?,
            record_id: r.get(3)?,
            title: r.get(4)?,
            reason: r.get(5)?,
            origin: r.get(6)?,
            at: r.get(7)?,
            resolved_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Resolves an open item; false when there is no open item with this id.
pub fn resolve(conn: &Connection, oversold: bool, id: &str, by: &str, now: i64) -> crate::Result<bool> {
    let sql = if oversold {
        "UPDATE oversold SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1 AND resolved_at IS NULL"
    } else {
        "UPDATE sync_issues SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1 AND resolved_at IS NULL"
    };
    Ok(conn.execute(sql, params![id, now, by])? > 0)
}

/// Open sync issues and open oversold products.
pub fn open_counts(conn: &Connection) -> crate::Result<(i64, i64)> {
    let issues = conn.query_row("SELECT count(*) FROM sync_issues WHERE resolved_at IS NULL", [], |r| {
        r.get(0)
    })?;
    let oversold = conn.query_row("SELECT count(*) FROM oversold WHERE resolved_at IS NULL", [], |r| {
        r.get(0)
    })?;
    Ok((issues, oversold))
}
