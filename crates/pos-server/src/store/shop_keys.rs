//! `shop_keys`: keys the owner gives the online shop, kept as hashes, with when each was last used.

use super::{Db, execute, query, query_opt};
use crate::ApiError;
use pos_protocol::shop::ShopKeyInfo;
use uuid::Uuid;

pub async fn insert(db: &impl Db, id: Uuid, store: Uuid, name: &str, key_hash: &[u8]) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO shop_keys (key_hash, store_id, name, id) VALUES ($1, $2, $3, $4)",
        &[&key_hash, &store, &name, &id],
    )
    .await?;
    Ok(())
}

pub async fn list(db: &impl Db, store: Uuid) -> Result<Vec<ShopKeyInfo>, ApiError> {
    let rows = query(
        db,
        "SELECT id, name, (extract(epoch FROM created_at) * 1000)::bigint, revoked_at IS NOT NULL,
                (extract(epoch FROM last_used_at) * 1000)::bigint
         FROM shop_keys WHERE store_id = $1 ORDER BY created_at",
        &[&store],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| ShopKeyInfo {
            id: r.get::<_, Uuid>(0).to_string(),
            name: r.get(1),
            created_at: r.get(2),
            revoked: r.get(3),
            last_used_at: r.get(4),
        })
        .collect())
}

/// False when the store has no such key.
pub async fn revoke(db: &impl Db, store: Uuid, id: Uuid) -> Result<bool, ApiError> {
    let n = execute(
        db,
        "UPDATE shop_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND store_id = $2",
        &[&id, &store],
    )
    .await?;
    Ok(n > 0)
}

/// The store of a key that is not revoked, noting its use.
pub async fn use_key(db: &impl Db, key_hash: &[u8]) -> Result<Option<Uuid>, ApiError> {
    let row = query_opt(
        db,
        "UPDATE shop_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING store_id",
        &[&key_hash],
    )
    .await?;
    Ok(row.map(|r| r.get(0)))
}
