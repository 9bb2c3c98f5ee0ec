//! Nested product categories (guitars → electric guitars → 7-string).

use crate::synced::{State, flag, opt, text};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Category {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub active: bool,
    pub version: i64,
    /// Number of products directly in this category.
    pub product_count: i64,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Category> {
    Ok(Category {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        name: r.get(2)?,
        active: crate::bool_of(r.get(3)?),
        version: r.get(4)?,
        product_count: r.get(5)?,
    })
}

const SELECT: &str = "SELECT c.id, c.parent_id, c.name, c.active, c.version,
    (SELECT count(*) FROM products p WHERE p.category_id = c.id) FROM categories c";

pub fn list(conn: &Connection) -> crate::Result<Vec<Category>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY c.name COLLATE NOCASE"))?;
    Ok(stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<Category>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?;
    Ok(stmt.query_row([id], row).optional()?)
}

/// True when `candidate` is `id` itself or one of its descendants (a move there would make a loop).
pub fn is_self_or_descendant(conn: &Connection, id: &str, candidate: &str) -> crate::Result<bool> {
    Ok(conn.query_row(
        "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
         SELECT count(*) FROM sub WHERE id = ?2",
        params![id, candidate],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

pub fn insert(conn: &Connection, c: &Category, now: i64) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO categories (id, parent_id, name, active, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![c.id, c.parent_id, c.name, c.active, now],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, c: &Category, expected_version: i64, now: i64) -> crate::Result<bool> {
    let n = conn.execute(
        "UPDATE categories SET parent_id = ?2, name = ?3, active = ?4, version = version + 1, updated_at = ?5
         WHERE id = ?1 AND version = ?6",
        params![c.id, c.parent_id, c.name, c.active, now, expected_version],
    )?;
    Ok(n == 1)
}

/// Writes the server's state of the entity over this terminal's copy (`version` bumps so an open
/// editor sees it changed; `sync_version` is the base of the next local edit).
pub fn apply_synced(conn: &Connection, id: &str, s: &State, version: i64, now: i64) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO categories (id, parent_id, name, active, created_at, updated_at, sync_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
            active = excluded.active, version = version + 1, sync_version = excluded.sync_version",
    )?
    .execute(rusqlite::params![
        id,
        opt(s, "parent_id"),
        text(s, "name"),
        flag(s, "active"),
        now,
        version
    ])?;
    Ok(())
}
