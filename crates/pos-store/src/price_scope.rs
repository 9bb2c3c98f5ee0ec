//! Which products a bulk price change touches: a category with its sub-categories, a brand, or a
//! supplier's products; active products only, by name.

use crate::products::Product;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PriceScope {
    /// A category id: its products and those of every category under it.
    Category(String),
    /// A brand, as written on the products (case does not matter).
    Brand(String),
    /// A supplier id.
    Supplier(String),
}

/// The active products in scope, by name.
pub fn products(conn: &Connection, scope: &PriceScope, branch: &str) -> crate::Result<Vec<Product>> {
    let (sql, key) = match scope {
        PriceScope::Category(id) => (
            "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
             SELECT p.id FROM products p WHERE p.active = 1 AND p.category_id IN (SELECT id FROM sub)",
            id,
        ),
        PriceScope::Brand(b) => (
            "SELECT id FROM products WHERE active = 1 AND brand = ?1 COLLATE NOCASE AND trim(?1) <> ''",
            b,
        ),
        PriceScope::Supplier(id) => ("SELECT id FROM products WHERE active = 1 AND supplier_id = ?1", id),
    };
    let ids: Vec<String> = conn
        .prepare_cached(sql)?
        .query_map([key], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut out = crate::products::get_many(conn, &refs, branch)?;
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.sku.cmp(&b.sku))
    });
    Ok(out)
}

impl Default for PriceScope {
    fn default() -> Self {
        PriceScope::Category(String::new())
    }
}
