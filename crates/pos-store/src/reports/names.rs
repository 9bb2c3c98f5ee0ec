//! Names the reports label their rows with: products, categories (with their parent), people.

use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

fn pairs(c: &Connection, sql: &str) -> crate::Result<HashMap<String, String>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Category id → "Parent › Name" (or the name of a top category).
pub fn category_paths(c: &Connection) -> crate::Result<HashMap<String, String>> {
    pairs(
        c,
        "SELECT c.id, CASE WHEN p.name IS NULL THEN c.name ELSE p.name || ' › ' || c.name END
         FROM categories c LEFT JOIN categories p ON p.id = c.parent_id",
    )
}

/// Category id → name.
pub fn categories(c: &Connection) -> crate::Result<HashMap<String, String>> {
    pairs(c, "SELECT id, name FROM categories")
}

/// User id → name.
pub fn users(c: &Connection) -> crate::Result<HashMap<String, String>> {
    pairs(c, "SELECT id, name FROM users")
}

/// A product's SKU and name (None for one this file does not know).
pub fn product(c: &Connection, id: &str) -> crate::Result<Option<(String, String)>> {
    let mut stmt = c.prepare_cached("SELECT sku, name FROM products WHERE id = ?1")?;
    Ok(stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}
