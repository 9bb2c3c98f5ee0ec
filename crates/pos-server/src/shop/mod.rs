//! The online shop's side of the server: keys the owner issues to the shop (listed, revoked), and
//! the orders the shop sends, priced from the store's own catalogue and accepted once per number.

pub mod keys;
pub mod orders;

use crate::ApiError;
use tokio_postgres::Transaction;
use uuid::Uuid;

/// Appends one server-made change to the store's log under the store row's lock.
pub async fn log_change(
    tx: &Transaction<'_>,
    store: Uuid,
    kind: &str,
    id: &str,
    payload: &serde_json::Value,
) -> Result<(), ApiError> {
    let head: i64 = tx
        .query_one(
            "SELECT change_seq FROM stores WHERE id = $1 FOR NO KEY UPDATE",
            &[&store],
        )
        .await?
        .get(0);
    tx.execute(
        "INSERT INTO changes (store_id, seq, kind, entity_id, origin_device, version, payload, size)
         VALUES ($1, $2, $3, $4, NULL, 0, $5, $6)",
        &[
            &store,
            &(head + 1),
            &kind,
            &id,
            payload,
            &crate::push::write::json_size(payload),
        ],
    )
    .await?;
    tx.execute(
        "UPDATE stores SET change_seq = $2 WHERE id = $1",
        &[&store, &(head + 1)],
    )
    .await?;
    Ok(())
}
