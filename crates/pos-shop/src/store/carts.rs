//! `shop_carts` and `shop_cart_lines`: a visitor's cart, found by the hash of their cookie.

use super::{Db, execute, query, query_one, query_opt};
use pos_server::ApiError;
use uuid::Uuid;

/// Most units of one product in a cart.
pub const MAX_UNITS: i64 = 99;
/// Most different products in a cart.
pub const MAX_LINES: i64 = 50;

pub async fn find(db: &impl Db, store: Uuid, token_hash: &[u8]) -> Result<Option<Uuid>, ApiError> {
    Ok(query_opt(
        db,
        "SELECT id FROM shop_carts WHERE store_id = $1 AND token_hash = $2",
        &[&store, &token_hash],
    )
    .await?
    .map(|r| r.get(0)))
}

/// The visitor's cart, made when they first add something.
pub async fn get_or_create(db: &impl Db, store: Uuid, token_hash: &[u8]) -> Result<Uuid, ApiError> {
    let id = Uuid::now_v7();
    let row = query_one(
        db,
        "INSERT INTO shop_carts (id, store_id, token_hash) VALUES ($1, $2, $3)
         ON CONFLICT (token_hash) DO UPDATE SET updated_at = now()
         RETURNING id, store_id",
        &[&id, &store, &token_hash],
    )
    .await?;
    let owner: Uuid = row.get(1);
    if owner != store {
        // The same browser's cookie at another store of this deployment: a cart of its own is not
        // possible under one token, so the visitor starts afresh there.
        return Err(ApiError::bad_request("this browser's cart belongs to another shop"));
    }
    Ok(row.get(0))
}

/// The cart's lines, oldest first: (product id, quantity).
pub async fn lines(db: &impl Db, cart: Uuid) -> Result<Vec<(String, i64)>, ApiError> {
    let rows = query(
        db,
        "SELECT product_id, quantity FROM shop_cart_lines WHERE cart_id = $1 ORDER BY added_at, product_id",
        &[&cart],
    )
    .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// Units in the visitor's cart (the header's count).
pub async fn count(db: &impl Db, store: Uuid, token_hash: &[u8]) -> Result<i64, ApiError> {
    Ok(query_one(
        db,
        "SELECT coalesce(sum(l.quantity), 0)::bigint FROM shop_carts c JOIN shop_cart_lines l ON l.cart_id = c.id
         WHERE c.store_id = $1 AND c.token_hash = $2",
        &[&store, &token_hash],
    )
    .await?
    .get(0))
}

/// Sets a line's quantity (0 removes it). False when the cart already has its most lines.
pub async fn set(db: &impl Db, cart: Uuid, product: &str, quantity: i64) -> Result<bool, ApiError> {
    if quantity <= 0 {
        execute(
            db,
            "DELETE FROM shop_cart_lines WHERE cart_id = $1 AND product_id = $2",
            &[&cart, &product],
        )
        .await?;
        return Ok(true);
    }
    let q = quantity.min(MAX_UNITS);
    let n = execute(
        db,
        "INSERT INTO shop_cart_lines (cart_id, product_id, quantity)
         SELECT $1, $2, $3
         WHERE EXISTS (SELECT 1 FROM shop_cart_lines WHERE cart_id = $1 AND product_id = $2)
            OR (SELECT count(*) FROM shop_cart_lines WHERE cart_id = $1) < $4
         ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity",
        &[&cart, &product, &q, &MAX_LINES],
    )
    .await?;
    execute(db, "UPDATE shop_carts SET updated_at = now() WHERE id = $1", &[&cart]).await?;
    Ok(n == 1)
}

pub async fn clear(db: &impl Db, cart: Uuid) -> Result<(), ApiError> {
    execute(db, "DELETE FROM shop_cart_lines WHERE cart_id = $1", &[&cart]).await?;
    Ok(())
}
