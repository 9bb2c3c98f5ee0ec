//! `shop_products`: the catalogue as the online shop shows it, written after every push that
//! merged products (the shop never reads the entities' JSON on a page view), each row with the
//! entity's version so that a later version never gives way to an earlier one. Its `held` column
//! belongs to the shop's checkouts and is never touched here; the products' words are added to
//! the shop's vocabulary (`shop_vocabulary`) in the same statement batch.

use super::{Db, execute};
use crate::ApiError;
use serde_json::{Map, Value};
use uuid::Uuid;

/// The shop's columns of a batch of merged products, one vector per column.
#[derive(Debug, Default)]
pub struct ShopProducts {
    id: Vec<String>,
    version: Vec<i64>,
    price: Vec<i64>,
    active: Vec<bool>,
    sku: Vec<String>,
    name: Vec<String>,
    brand: Vec<String>,
    model: Vec<String>,
    category: Vec<String>,
    featured: Vec<bool>,
    online: Vec<bool>,
    weight_g: Vec<i64>,
    length_mm: Vec<i64>,
    width_mm: Vec<i64>,
    height_mm: Vec<i64>,
}

impl ShopProducts {
    /// Each product's searchable text (name, brand and model).
    fn texts(&self) -> Vec<String> {
        (0..self.name.len())
            .map(|i| format!("{} {} {}", self.name[i], self.brand[i], self.model[i]))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// The products' ids, prices and whether they are for sale: the rules' compact copy
    /// (`products`) is written from these in the push's transaction.
    pub fn catalogue(&self) -> (&[String], &[i64], &[bool]) {
        (&self.id, &self.price, &self.active)
    }

    /// Adds a product's merged state at its version.
    pub fn push(&mut self, id: &str, version: i64, state: &Map<String, Value>) {
        self.id.push(id.to_string());
        self.version.push(version);
        self.price.push(price_of(state));
        self.active.push(active_of(state));
        let text = |k: &str| state.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let int = |k: &str| state.get(k).and_then(Value::as_i64).unwrap_or(0).max(0);
        self.sku.push(text("sku"));
        self.name.push(text("name"));
        self.brand.push(text("brand"));
        self.model.push(text("model"));
        self.category.push(text("category_id"));
        // Terminals store flags as 0/1; JSON true/false is read too.
        let flag = |k: &str| match state.get(k) {
            Some(Value::Bool(b)) => *b,
            Some(v) => v.as_i64() == Some(1),
            None => false,
        };
        self.featured.push(flag("featured"));
        // On unless the owner took it off (records from before the field have none).
        self.online.push(state.get("online").is_none_or(|_| flag("online")));
        self.weight_g.push(int("weight_g"));
        self.length_mm.push(int("length_mm"));
        self.width_mm.push(int("width_mm"));
        self.height_mm.push(int("height_mm"));
    }
}

/// A product's price as the catalogue keeps it.
fn price_of(state: &Map<String, Value>) -> i64 {
    state.get("price").and_then(Value::as_i64).unwrap_or(0)
}

/// Whether a product is for sale (records from before the field have none: yes).
fn active_of(state: &Map<String, Value>) -> bool {
    state.get("active").and_then(Value::as_bool).unwrap_or(true)
}

/// Writes the products as merged, each unless the shop already has a later version of it.
pub async fn upsert(db: &impl Db, store: Uuid, p: &ShopProducts) -> Result<(), ApiError> {
    if p.is_empty() {
        return Ok(());
    }
    execute(
        db,
        "INSERT INTO shop_products (store_id, id, sku, name, brand, model, category_id, price, active, featured,
                                    weight_g, length_mm, width_mm, height_mm, online, version)
         SELECT $1, i, s, n, b, m, c, p, a, f, w, l, wd, h, o, v
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
                     $9::bool[], $10::bool[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[],
                     $15::bool[], $16::bigint[]) AS x(i, s, n, b, m, c, p, a, f, w, l, wd, h, o, v)
         ON CONFLICT (store_id, id) DO UPDATE SET
             sku = excluded.sku, name = excluded.name, brand = excluded.brand, model = excluded.model,
             category_id = excluded.category_id, price = excluded.price, active = excluded.active,
             featured = excluded.featured, weight_g = excluded.weight_g, length_mm = excluded.length_mm,
             width_mm = excluded.width_mm, height_mm = excluded.height_mm,
             online = excluded.online, version = excluded.version
         WHERE shop_products.version < excluded.version",
        &[
            &store,
            &p.id,
            &p.sku,
            &p.name,
            &p.brand,
            &p.model,
            &p.category,
            &p.price,
            &p.active,
            &p.featured,
            &p.weight_g,
            &p.length_mm,
            &p.width_mm,
            &p.height_mm,
            &p.online,
            &p.version,
        ],
    )
    .await?;
    // Their words join the shop's vocabulary at once (a customer's typo of a product added a
    // minute ago is corrected to it); words no product has any more leave it when the shop
    // rebuilds it.
    execute(
        db,
        "INSERT INTO shop_vocabulary (store_id, word)
         SELECT DISTINCT $1::uuid, w FROM unnest($2::text[]) AS n(t),
              unnest(tsvector_to_array(to_tsvector('simple'::regconfig, t))) AS w
         WHERE w ~ '^[[:alpha:]]{3,40}$'
         ON CONFLICT DO NOTHING",
        &[&store, &p.texts()],
    )
    .await?;
    Ok(())
}

/// Products whose shop row is missing or behind their entity (the push that merged them crashed
/// between its commit and the shop's), at most `limit`, as (store, id, version, state).
pub async fn behind(db: &impl Db, limit: i64) -> Result<Vec<(Uuid, String, i64, Map<String, Value>)>, ApiError> {
    let rows = super::query(
        db,
        "SELECT e.store_id, e.id, e.version, e.state FROM entities e
         LEFT JOIN shop_products s ON s.store_id = e.store_id AND s.id = e.id
         WHERE e.kind = 'product' AND (s.id IS NULL OR s.version < e.version)
         LIMIT $1",
        &[&limit],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let state: Value = r.get(3);
            (
                r.get(0),
                r.get(1),
                r.get(2),
                serde_json::from_value(state).unwrap_or_default(),
            )
        })
        .collect())
}
