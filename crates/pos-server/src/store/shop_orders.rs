//! The online shop's orders: `shop_orders` (one row per shop order number, with the hash of what
//! was sent and whether it is paid), the order's `facts` and `orders` rows as terminals see them,
//! and the catalogue's products (`entities`) the server prices them from.

use super::{Db, execute, query, query_one, query_opt};
use crate::ApiError;
use pos_protocol::payload_hash;
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

/// The catalogue's current state of these products.
pub async fn products(db: &impl Db, store: Uuid, ids: &[&str]) -> Result<HashMap<String, Value>, ApiError> {
    let rows = query(
        db,
        "SELECT id, state FROM entities WHERE store_id = $1 AND kind = 'product' AND id = ANY($2)",
        &[&store, &ids],
    )
    .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// An order number seen before: the order's id, the hash of what was sent, whether it is paid.
pub async fn by_number(db: &impl Db, store: Uuid, order_no: &str) -> Result<Option<(String, Vec<u8>, bool)>, ApiError> {
    let row = query_opt(
        db,
        "SELECT order_id, request_hash, paid FROM shop_orders WHERE store_id = $1 AND order_no = $2",
        &[&store, &order_no],
    )
    .await?;
    Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
}

/// Records a new order: its number, the order fact every terminal applies, and its row.
pub async fn insert(
    db: &impl Db,
    store: Uuid,
    order_no: &str,
    request_hash: &[u8],
    fact: &Value,
) -> Result<(), ApiError> {
    let id = fact["id"].as_str().unwrap_or("");
    let paid = fact["payment_status"] == "paid";
    execute(
        db,
        "INSERT INTO shop_orders (store_id, order_no, order_id, request_hash, paid) VALUES ($1, $2, $3, $4, $5)",
        &[&store, &order_no, &id, &request_hash, &paid],
    )
    .await?;
    insert_fact(db, store, "order", id, fact).await?;
    execute(
        db,
        "INSERT INTO orders (store_id, id, order_no, branch, status, payment_status, device_id)
         VALUES ($1, $2, $3, $4, $5, $6, NULL)",
        &[
            &store,
            &id,
            &order_no,
            &fact["branch"].as_str().unwrap_or(""),
            &fact["status"].as_str().unwrap_or(""),
            &fact["payment_status"].as_str().unwrap_or(""),
        ],
    )
    .await?;
    Ok(())
}

/// A fact the server made itself (no device, no sequence).
pub async fn insert_fact(db: &impl Db, store: Uuid, kind: &str, id: &str, payload: &Value) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO facts (kind, id, store_id, device_id, seq, payload, payload_hash) VALUES ($1, $2, $3, NULL, NULL, $4, $5)",
        &[&kind, &id, &store, payload, &payload_hash(payload)],
    )
    .await?;
    Ok(())
}

/// The order's status and total as terminals see it now.
pub async fn status_and_total(db: &impl Db, store: Uuid, id: &str) -> Result<(String, i64), ApiError> {
    let row = query_one(
        db,
        "SELECT o.status, coalesce((f.payload ->> 'total')::bigint, 0)
         FROM orders o JOIN facts f ON f.store_id = o.store_id AND f.kind = 'order' AND f.id = o.id
         WHERE o.store_id = $1 AND o.id = $2",
        &[&store, &id],
    )
    .await?;
    Ok((row.get(0), row.get(1)))
}

pub async fn status(db: &impl Db, store: Uuid, id: &str) -> Result<String, ApiError> {
    Ok(query_one(
        db,
        "SELECT status FROM orders WHERE store_id = $1 AND id = $2",
        &[&store, &id],
    )
    .await?
    .get(0))
}

/// The shop's number is paid (whatever the order's state).
pub async fn mark_number_paid(db: &impl Db, store: Uuid, order_no: &str) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE shop_orders SET paid = true WHERE store_id = $1 AND order_no = $2",
        &[&store, &order_no],
    )
    .await?;
    Ok(())
}

/// An order that moved on before its payment: paid, or a refund due when it was cancelled.
pub async fn payment_landed_late(db: &impl Db, store: Uuid, id: &str) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE orders SET payment_status = CASE WHEN status = 'cancelled' THEN 'refund_due' ELSE 'paid' END
         WHERE store_id = $1 AND id = $2",
        &[&store, &id],
    )
    .await?;
    Ok(())
}

pub async fn set_paid(db: &impl Db, store: Uuid, id: &str) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE orders SET status = 'paid', payment_status = 'paid' WHERE store_id = $1 AND id = $2",
        &[&store, &id],
    )
    .await?;
    Ok(())
}

/// The order's status as terminals will see it once they apply the step the caller logs.
pub async fn set_status(db: &impl Db, store: Uuid, id: &str, status: &str) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE orders SET status = $3 WHERE store_id = $1 AND id = $2",
        &[&store, &id, &status],
    )
    .await?;
    Ok(())
}

/// Something about an online order the owner must act on, in the review list of every terminal.
pub async fn owner_notice(db: &impl Db, store: Uuid, order_id: &str, reason: &str) -> Result<(), ApiError> {
    super::issues::notice(db, store, "payment", "order", order_id, reason).await
}
