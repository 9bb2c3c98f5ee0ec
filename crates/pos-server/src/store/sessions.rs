//! `owner_sessions`: an owner's signed-in sessions, kept as token hashes with an expiry.

use super::{Db, execute, query_opt};
use crate::ApiError;
use uuid::Uuid;

pub async fn open(
    db: &impl Db,
    token_hash: &[u8],
    account: Uuid,
    expires: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO owner_sessions (token_hash, account_id, expires_at) VALUES ($1, $2, $3)",
        &[&token_hash, &account, &expires],
    )
    .await?;
    Ok(())
}

/// The account and store of a session that has not expired.
pub async fn find(db: &impl Db, token_hash: &[u8]) -> Result<Option<(Uuid, Uuid)>, ApiError> {
    let row = query_opt(
        db,
        "SELECT a.id, a.store_id FROM owner_sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.token_hash = $1 AND s.expires_at > now()",
        &[&token_hash],
    )
    .await?;
    Ok(row.map(|r| (r.get(0), r.get(1))))
}

pub async fn end(db: &impl Db, token_hash: &[u8]) -> Result<(), ApiError> {
    execute(db, "DELETE FROM owner_sessions WHERE token_hash = $1", &[&token_hash]).await?;
    Ok(())
}

/// Ends every session of the account but `keep`; answers how many ended.
pub async fn end_others(db: &impl Db, account: Uuid, keep: &[u8]) -> Result<u64, ApiError> {
    execute(
        db,
        "DELETE FROM owner_sessions WHERE account_id = $1 AND token_hash <> $2",
        &[&account, &keep],
    )
    .await
}
