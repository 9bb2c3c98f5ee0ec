//! The online shop's side: the owner issues the shop an API key; the shop sends each order once
//! (by its number) and says when one is paid. Orders become facts in the store's change log, so
//! every terminal's warehouse queue receives them.

use crate::owner::{body, owner};
use crate::{ApiError, AppState, bearer, new_token, token_hash};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use pos_sync::protocol::{ShopOrder, payload_hash};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio_postgres::Transaction;
use uuid::Uuid;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRequest {
    pub name: String,
}

#[derive(Serialize, Deserialize)]
pub struct ShopKey {
    /// Shown once; the server keeps only its hash.
    pub key: String,
}

pub async fn create_key(
    State(app): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<ShopKey>, ApiError> {
    let o = owner(&app, &headers).await?;
    let req: KeyRequest = body(&bytes)?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::bad_request("name must be 1 to 80 characters"));
    }
    let key = new_token("hrs");
    let client = app.pool.get().await?;
    client
        .execute(
            "INSERT INTO shop_keys (key_hash, store_id, name) VALUES ($1, $2, $3)",
            &[&token_hash(&key), &o.store_id, &name],
        )
        .await?;
    Ok(Json(ShopKey { key }))
}

async fn shop(app: &AppState, headers: &HeaderMap) -> Result<Uuid, ApiError> {
    let hash = token_hash(bearer(headers)?);
    let client = app.pool.get().await?;
    let row = client
        .query_opt(
            "SELECT store_id FROM shop_keys WHERE key_hash = $1 AND revoked_at IS NULL",
            &[&hash],
        )
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "Unknown or revoked shop key"))?;
    Ok(row.get(0))
}

/// Appends one server-made change to the store's log under the store row's lock.
async fn log_change(tx: &Transaction<'_>, store: Uuid, kind: &str, id: &str, payload: &Value) -> Result<(), ApiError> {
    let head: i64 = tx
        .query_one(
            "SELECT change_seq FROM stores WHERE id = $1 FOR NO KEY UPDATE",
            &[&store],
        )
        .await?
        .get(0);
    tx.execute(
        "INSERT INTO changes (store_id, seq, kind, entity_id, origin_device, version, payload) VALUES ($1, $2, $3, $4, NULL, 0, $5)",
        &[&store, &(head + 1), &kind, &id, payload],
    )
    .await?;
    tx.execute(
        "UPDATE stores SET change_seq = $2 WHERE id = $1",
        &[&store, &(head + 1)],
    )
    .await?;
    Ok(())
}

#[derive(Serialize, Deserialize)]
pub struct ShopOrderAccepted {
    pub order_id: String,
    pub order_no: String,
    pub status: String,
}

/// Accepts an online order once; the same order sent again gets the same answer, a different one
/// under the same number is refused.
pub async fn create_order(
    State(app): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<ShopOrderAccepted>, ApiError> {
    let store = shop(&app, &headers).await?;
    let order: ShopOrder = body(&bytes)?;
    let hash = payload_hash(&serde_json::to_value(&order)?);
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    let branch_ok = tx
        .query_opt(
            "SELECT 1 FROM branches WHERE store_id = $1 AND code = $2",
            &[&store, &order.branch_code.trim().to_ascii_uppercase()],
        )
        .await?
        .is_some();
    if !branch_ok {
        return Err(ApiError::bad_request("branch_code is not a branch of this store"));
    }
    if let Some(row) = tx
        .query_opt(
            "SELECT order_id, request_hash FROM shop_orders WHERE store_id = $1 AND order_no = $2",
            &[&store, &order.order_no.trim()],
        )
        .await?
    {
        let (id, previous): (String, Vec<u8>) = (row.get(0), row.get(1));
        if previous != hash {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "This order number was sent before with other content",
            ));
        }
        let status = if order.payment_status == "paid" {
            "paid"
        } else {
            "awaiting_payment"
        };
        return Ok(Json(ShopOrderAccepted {
            order_id: id,
            order_no: order.order_no.trim().into(),
            status: status.into(),
        }));
    }
    let id = Uuid::now_v7().to_string();
    let fact = order
        .to_fact(&id, chrono::Utc::now().timestamp_millis())
        .map_err(ApiError::bad_request)?;
    tx.execute(
        "INSERT INTO shop_orders (store_id, order_no, order_id, request_hash, paid) VALUES ($1, $2, $3, $4, $5)",
        &[
            &store,
            &order.order_no.trim(),
            &id,
            &hash,
            &(order.payment_status == "paid"),
        ],
    )
    .await?;
    tx.execute(
        "INSERT INTO facts (kind, id, store_id, device_id, seq, payload, payload_hash) VALUES ('order', $1, $2, NULL, NULL, $3, $4)",
        &[&id, &store, &fact, &payload_hash(&fact)],
    )
    .await?;
    log_change(&tx, store, "order", &id, &fact).await?;
    tx.commit().await?;
    tracing::info!(%store, order_no = %order.order_no, "online order received");
    Ok(Json(ShopOrderAccepted {
        order_id: id,
        order_no: order.order_no.trim().into(),
        status: fact["status"].as_str().unwrap_or("").into(),
    }))
}

/// The shop's payment confirmation: the order moves to paid on every terminal (once).
pub async fn order_paid(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(order_no): Path<String>,
) -> Result<Json<ShopOrderAccepted>, ApiError> {
    let store = shop(&app, &headers).await?;
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "SELECT order_id, paid FROM shop_orders WHERE store_id = $1 AND order_no = $2 FOR UPDATE",
            &[&store, &order_no],
        )
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such order"))?;
    let (id, paid): (String, bool) = (row.get(0), row.get(1));
    if !paid {
        let event_id = Uuid::now_v7().to_string();
        let ev = json!({
            "id": event_id, "order_id": id, "order_no": order_no, "from": "awaiting_payment", "to": "paid",
            "note": "paid online", "at": chrono::Utc::now().timestamp_millis(),
        });
        tx.execute(
            "UPDATE shop_orders SET paid = true WHERE store_id = $1 AND order_no = $2",
            &[&store, &order_no],
        )
        .await?;
        tx.execute(
            "INSERT INTO facts (kind, id, store_id, device_id, seq, payload, payload_hash) VALUES ('order_event', $1, $2, NULL, NULL, $3, $4)",
            &[&event_id, &store, &ev, &payload_hash(&ev)],
        )
        .await?;
        log_change(&tx, store, "order_event", &event_id, &ev).await?;
    }
    tx.commit().await?;
    Ok(Json(ShopOrderAccepted {
        order_id: id,
        order_no,
        status: "paid".into(),
    }))
}
