//! `stores`: one row per store; its row lock orders everything written to the store's change log.

use super::{Db, execute, query_one};
use crate::ApiError;
use uuid::Uuid;

pub async fn create(db: &impl Db, store: Uuid, name: &str) -> Result<(), ApiError> {
    execute(db, "INSERT INTO stores (id, name) VALUES ($1, $2)", &[&store, &name]).await?;
    Ok(())
}

/// Locks the store's row until the transaction ends (pushes and shop orders of one store apply
/// one after another); answers the change log's head.
pub async fn lock(db: &impl Db, store: Uuid) -> Result<i64, ApiError> {
    let row = query_one(
        db,
        "SELECT change_seq FROM stores WHERE id = $1 FOR NO KEY UPDATE",
        &[&store],
    )
    .await?;
    Ok(row.get(0))
}

/// Whether the schema is in place (the readiness probe).
pub async fn migrated(db: &impl Db) -> bool {
    query_one(db, "SELECT count(*) FROM stores", &[]).await.is_ok()
}
