//! Products: the catalogue's rows, barcode and SKU look-ups, and search as you type. Search stays
//! index-backed at 100 000 products: a name prefix walks `products_name_key`, a SKU prefix walks
//! the SKU's unique index, and word prefixes go through the `products_fts` FTS5 index; each stops
//! at the page size, so a short prefix never scans the table.

use crate::synced::{State, flag, flag_or, int, opt, text};
use pos_domain::{BarcodeKind, Money};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Product {
    pub id: String,
    pub sku: String,
    pub barcode: Option<String>,
    pub barcode_kind: Option<BarcodeKind>,
    pub name: String,
    pub brand: String,
    pub model: String,
    pub category_id: String,
    pub category_name: String,
    pub supplier_id: Option<String>,
    pub price: Money,
    pub cost: Money,
    pub weight_g: i64,
    pub length_mm: i64,
    pub width_mm: i64,
    pub height_mm: i64,
    pub min_stock: i64,
    pub low_stock_threshold: i64,
    pub featured: bool,
    pub active: bool,
    pub version: i64,
    /// On hand at this branch, from the stock ledger.
    pub on_hand: i64,
    /// The main photo's thumbnail (a blob hash), if it has photos.
    #[serde(default)]
    pub thumb: Option<String>,
    /// The online shop offers it.
    #[serde(default = "crate::yes")]
    pub online: bool,
}

const SELECT: &str = "SELECT p.id, p.sku, p.barcode, p.barcode_kind, p.name, p.brand, p.model, p.category_id,
    c.name, p.supplier_id, p.price, p.cost, p.weight_g, p.length_mm, p.width_mm, p.height_mm, p.min_stock,
    p.low_stock_threshold, p.featured, p.active, p.version, ifnull(s.on_hand, 0),
    (SELECT ph.thumb FROM product_photos ph WHERE ph.product_id = p.id ORDER BY ph.position LIMIT 1),
    p.online
    FROM products p JOIN categories c ON c.id = p.category_id
    LEFT JOIN stock_levels s ON s.product_id = p.id AND s.branch = :branch";

fn kind_of(s: Option<String>) -> rusqlite::Result<Option<BarcodeKind>> {
    Ok(match s.as_deref() {
        None => None,
        Some("ean13") => Some(BarcodeKind::Ean13),
        Some("upc_a") => Some(BarcodeKind::UpcA),
        Some("code128") => Some(BarcodeKind::Code128),
        Some(other) => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("unknown barcode kind {other}").into(),
            ));
        }
    })
}

fn money(v: i64, col: usize) -> rusqlite::Result<Money> {
    Money::new(v).map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Integer, e.into()))
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        sku: r.get(1)?,
        barcode: r.get(2)?,
        barcode_kind: kind_of(r.get(3)?)?,
        name: r.get(4)?,
        brand: r.get(5)?,
        model: r.get(6)?,
        category_id: r.get(7)?,
        category_name: r.get(8)?,
        supplier_id: r.get(9)?,
        price: money(r.get(10)?, 10)?,
        cost: money(r.get(11)?, 11)?,
        weight_g: r.get(12)?,
        length_mm: r.get(13)?,
        width_mm: r.get(14)?,
        height_mm: r.get(15)?,
        min_stock: r.get(16)?,
        low_stock_threshold: r.get(17)?,
        featured: crate::bool_of(r.get(18)?),
        active: crate::bool_of(r.get(19)?),
        version: r.get(20)?,
        on_hand: r.get(21)?,
        thumb: r.get(22)?,
        online: crate::bool_of(r.get(23)?),
    })
}

pub fn get(conn: &Connection, id: &str, branch: &str) -> crate::Result<Option<Product>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE p.id = :id"))?;
    Ok(stmt
        .query_row(rusqlite::named_params! {":id": id, ":branch": branch}, row)
        .optional()?)
}

/// Several products in one query (the cart's lines), in no particular order.
/// Every product (an import compares a whole file with the catalogue in one read).
pub fn all(conn: &Connection, branch: &str) -> crate::Result<Vec<Product>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY p.id"))?;
    let rows = stmt.query_map(rusqlite::named_params! {":branch": branch}, row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_many(conn: &Connection, ids: &[&str], branch: &str) -> crate::Result<Vec<Product>> {
    let list = serde_json::to_string(ids).unwrap_or_default();
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE p.id IN (SELECT value FROM json_each(:ids))"))?;
    let rows = stmt.query_map(rusqlite::named_params! {":ids": list, ":branch": branch}, row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The product with exactly this barcode, trying each form a scanner may send.
pub fn by_barcode(conn: &Connection, forms: &[String], branch: &str) -> crate::Result<Option<Product>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE p.barcode = :code"))?;
    for code in forms {
        if let Some(p) = stmt
            .query_row(rusqlite::named_params! {":code": code, ":branch": branch}, row)
            .optional()?
        {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

pub fn by_sku(conn: &Connection, sku: &str, branch: &str) -> crate::Result<Option<Product>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE p.sku = :sku"))?;
    Ok(stmt
        .query_row(rusqlite::named_params! {":sku": sku, ":branch": branch}, row)
        .optional()?)
}

pub struct Search<'a> {
    /// Already trimmed; empty lists everything by name.
    pub query: &'a str,
    pub branch: &'a str,
    pub category_id: Option<&'a str>,
    pub include_inactive: bool,
    pub limit: usize,
}

/// Upper bound for a prefix range: every string starting with `prefix` sorts below it.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// An FTS5 query where every word must appear as a word prefix: `"fend"* "strat"*`.
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.to_lowercase()))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

pub fn search(conn: &Connection, s: &Search<'_>) -> crate::Result<Vec<Product>> {
    // Filters shared by every arm; the category filter includes sub-categories.
    let filter = "(:inactive OR p.active = 1)
        AND (:category IS NULL OR p.category_id IN (
            WITH RECURSIVE sub(id) AS (SELECT :category UNION SELECT c2.id FROM categories c2 JOIN sub ON c2.parent_id = sub.id)
            SELECT id FROM sub))";
    let limit = s.limit.clamp(1, 200);
    let mut out: Vec<Product> = Vec::with_capacity(limit);
    let push = |rows: Vec<Product>, out: &mut Vec<Product>| {
        for p in rows {
            if out.len() < limit && !out.iter().any(|o| o.id == p.id) {
                out.push(p);
            }
        }
    };
    let key = pos_domain::text::search_key(s.query);
    let base = rusqlite::named_params! {
        ":branch": s.branch, ":inactive": s.include_inactive, ":category": s.category_id, ":limit": limit as i64,
    };
    if key.is_empty() {
        let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE {filter} ORDER BY p.name_key LIMIT :limit"))?;
        let rows = stmt.query_map(base, row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        push(rows, &mut out);
        return Ok(out);
    }
    let end = prefix_end(&key);
    // 1. exact barcode or SKU: a scan or a typed code goes first.
    let mut exact = by_barcode(conn, &pos_domain::Barcode::scan_forms(s.query), s.branch)?
        .into_iter()
        .collect::<Vec<_>>();
    exact.extend(by_sku(conn, s.query, s.branch)?);
    exact.retain(|p| s.include_inactive || p.active);
    push(exact, &mut out);
    // 2. name prefix, in name order
    if out.len() < limit {
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE p.name_key >= :lo AND p.name_key < :hi AND {filter} ORDER BY p.name_key LIMIT :limit"
        ))?;
        let params = rusqlite::named_params! {
            ":branch": s.branch, ":inactive": s.include_inactive, ":category": s.category_id, ":limit": limit as i64,
            ":lo": key, ":hi": end,
        };
        let rows = stmt.query_map(params, row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        push(rows, &mut out);
    }
    // 3. SKU prefix (the SKU's NOCASE index serves the range)
    if out.len() < limit {
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE p.sku >= :lo AND p.sku < :hi AND {filter} ORDER BY p.sku LIMIT :limit"
        ))?;
        let params = rusqlite::named_params! {
            ":branch": s.branch, ":inactive": s.include_inactive, ":category": s.category_id, ":limit": limit as i64,
            ":lo": s.query, ":hi": prefix_end(s.query),
        };
        let rows = stmt.query_map(params, row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        push(rows, &mut out);
    }
    // 4. word prefixes anywhere in name, brand, model or SKU; single letters would match most of
    //    the catalogue, so they wait for a second character.
    if out.len() < limit
        && key.chars().count() >= 2
        && let Some(fts) = fts_query(&key)
    {
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE p.rowid IN (SELECT rowid FROM products_fts WHERE products_fts MATCH :fts LIMIT :scan)
               AND {filter} LIMIT :limit"
        ))?;
        let params = rusqlite::named_params! {
            ":branch": s.branch, ":inactive": s.include_inactive, ":category": s.category_id, ":limit": limit as i64,
            ":fts": fts, ":scan": (limit * 4) as i64,
        };
        let rows = stmt.query_map(params, row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        push(rows, &mut out);
    }
    Ok(out)
}

/// Active products at or below their low-stock threshold (or minimum stock) at `branch`, the
/// largest shortfall first.
pub fn low_stock(conn: &Connection, branch: &str, limit: i64) -> crate::Result<Vec<Product>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE p.active = 1 AND ifnull(s.on_hand, 0) <= max(p.low_stock_threshold, p.min_stock)
         ORDER BY ifnull(s.on_hand, 0) - max(p.low_stock_threshold, p.min_stock), p.name_key LIMIT :limit"
    ))?;
    Ok(stmt
        .query_map(rusqlite::named_params! {":branch": branch, ":limit": limit}, row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Runs `sql` with the product's columns bound as ?1 (id) to ?20 (active) and `now` as ?21, plus
/// any `extra` values from ?22 on: the one place the column order is written down.
fn execute_with_columns(
    conn: &Connection,
    sql: &str,
    p: &Product,
    now: i64,
    extra: &[&dyn rusqlite::ToSql],
) -> crate::Result<usize> {
    let name_key = pos_domain::text::search_key(&p.name);
    let kind = p.barcode_kind.map(|k| k.as_str());
    let (price, cost) = (p.price.rupiah(), p.cost.rupiah());
    let columns: [&dyn rusqlite::ToSql; 21] = [
        &p.id,
        &p.sku,
        &p.barcode,
        &kind,
        &p.name,
        &name_key,
        &p.brand,
        &p.model,
        &p.category_id,
        &p.supplier_id,
        &price,
        &cost,
        &p.weight_g,
        &p.length_mm,
        &p.width_mm,
        &p.height_mm,
        &p.min_stock,
        &p.low_stock_threshold,
        &p.featured,
        &p.active,
        &now,
    ];
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.execute(rusqlite::params_from_iter(columns.iter().chain(extra.iter())))?)
}

pub fn insert(conn: &Connection, p: &Product, now: i64) -> crate::Result<()> {
    execute_with_columns(
        conn,
        "INSERT INTO products (id, sku, barcode, barcode_kind, name, name_key, brand, model, category_id, supplier_id,
            price, cost, weight_g, length_mm, width_mm, height_mm, min_stock, low_stock_threshold, featured, active,
            online, version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?22, 1, ?21, ?21)",
        p,
        now,
        &[&p.online],
    )?;
    Ok(())
}

/// Saves every editable field when `expected_version` is still the stored one; false when someone
/// else saved in between (the caller reports a stale edit and nothing is written).
pub fn update(conn: &Connection, p: &Product, expected_version: i64, now: i64) -> crate::Result<bool> {
    let n = execute_with_columns(
        conn,
        "UPDATE products SET sku = ?2, barcode = ?3, barcode_kind = ?4, name = ?5, name_key = ?6, brand = ?7,
            model = ?8, category_id = ?9, supplier_id = ?10, price = ?11, cost = ?12, weight_g = ?13,
            length_mm = ?14, width_mm = ?15, height_mm = ?16, min_stock = ?17, low_stock_threshold = ?18,
            featured = ?19, active = ?20, online = ?22, version = version + 1, updated_at = ?21
         WHERE id = ?1 AND version = ?23",
        p,
        now,
        &[&p.online, &expected_version],
    )?;
    Ok(n == 1)
}

/// A product with its price and cost, no more.
#[derive(Debug, Clone)]
pub struct PricedItem {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub price: i64,
    pub cost: i64,
}

/// Active products, cheapest first (the history generator's stock).
pub fn active_by_price(conn: &Connection) -> crate::Result<Vec<PricedItem>> {
    let mut stmt =
        conn.prepare("SELECT id, sku, name, price, cost FROM products WHERE active = 1 ORDER BY price, rowid")?;
    let rows = stmt.query_map([], |r| {
        Ok(PricedItem {
            id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            price: r.get(3)?,
            cost: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection) -> crate::Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM products", [], |r| r.get(0))?)
}

/// Writes the server's state of the entity over this terminal's copy (`version` bumps so an open
/// editor sees it changed; `sync_version` is the base of the next local edit).
pub fn apply_synced(conn: &Connection, id: &str, s: &State, version: i64, now: i64) -> crate::Result<()> {
    let name = text(s, "name");
    conn.prepare_cached(
        "INSERT INTO products (id, sku, barcode, barcode_kind, name, name_key, brand, model, category_id,
            supplier_id, price, cost, weight_g, length_mm, width_mm, height_mm, min_stock, low_stock_threshold,
            featured, active, created_at, updated_at, sync_version, online)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21, ?22, ?23)
         ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode,
            barcode_kind = excluded.barcode_kind, name = excluded.name, name_key = excluded.name_key,
            brand = excluded.brand, model = excluded.model, category_id = excluded.category_id,
            supplier_id = excluded.supplier_id, price = excluded.price, cost = excluded.cost,
            weight_g = excluded.weight_g, length_mm = excluded.length_mm, width_mm = excluded.width_mm,
            height_mm = excluded.height_mm, min_stock = excluded.min_stock,
            low_stock_threshold = excluded.low_stock_threshold, featured = excluded.featured,
            active = excluded.active, online = excluded.online, version = version + 1,
            sync_version = excluded.sync_version",
    )?
    .execute(rusqlite::params![
        id,
        text(s, "sku"),
        opt(s, "barcode"),
        opt(s, "barcode_kind"),
        name,
        name.to_lowercase(),
        text(s, "brand"),
        text(s, "model"),
        text(s, "category_id"),
        opt(s, "supplier_id"),
        int(s, "price"),
        int(s, "cost"),
        int(s, "weight_g"),
        int(s, "length_mm"),
        int(s, "width_mm"),
        int(s, "height_mm"),
        int(s, "min_stock"),
        int(s, "low_stock_threshold"),
        flag(s, "featured"),
        flag(s, "active"),
        now,
        version,
        flag_or(s, "online", true)
    ])?;
    Ok(())
}
