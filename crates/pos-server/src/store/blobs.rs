//! `blobs`: pictures a store's terminals uploaded, by content hash, stored once per store.

use super::{Db, execute, query_opt};
use crate::ApiError;
use uuid::Uuid;

/// Stores a blob; false when the store had it already (the same hash is the same bytes).
/// Stores a blob (`device`: the terminal that uploaded it; None for the server's own, such as a
/// customer's chat picture).
pub async fn insert(
    db: &impl Db,
    store: Uuid,
    hash: &str,
    bytes: &[u8],
    device: Option<Uuid>,
) -> Result<bool, ApiError> {
    let size = bytes.len() as i32;
    let n = execute(
        db,
        "INSERT INTO blobs (store_id, hash, bytes, size, device_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (store_id, hash) DO NOTHING",
        &[&store, &hash, &bytes, &size, &device],
    )
    .await?;
    Ok(n == 1)
}

pub async fn get(db: &impl Db, store: Uuid, hash: &str) -> Result<Option<Vec<u8>>, ApiError> {
    Ok(query_opt(
        db,
        "SELECT bytes FROM blobs WHERE store_id = $1 AND hash = $2",
        &[&store, &hash],
    )
    .await?
    .map(|r| r.get(0)))
}

/// Bytes of pictures a store keeps.
pub async fn held(db: &impl Db, store: Uuid) -> Result<i64, ApiError> {
    Ok(super::query_one(
        db,
        "SELECT coalesce(sum(size), 0)::bigint FROM blobs WHERE store_id = $1",
        &[&store],
    )
    .await?
    .get(0))
}

/// Whether the store has this picture already.
pub async fn has(db: &impl Db, store: Uuid, hash: &str) -> Result<bool, ApiError> {
    Ok(query_opt(
        db,
        "SELECT 1 FROM blobs WHERE store_id = $1 AND hash = $2",
        &[&store, &hash],
    )
    .await?
    .is_some())
}
