//! `enrolment_codes`: one-time codes for a branch, kept as hashes; used once, revocable.

use super::{Db, execute, query, query_opt};
use crate::ApiError;
use pos_protocol::owner::CodeInfo;
use uuid::Uuid;

pub struct NewCode<'a> {
    pub id: Uuid,
    pub hash: &'a [u8],
    pub store: Uuid,
    pub branch: Uuid,
    pub expires: chrono::DateTime<chrono::Utc>,
    pub manages_staff: bool,
}

pub async fn insert(db: &impl Db, c: &NewCode<'_>) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO enrolment_codes (code_hash, store_id, branch_id, expires_at, manages_staff, id)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[&c.hash, &c.store, &c.branch, &c.expires, &c.manages_staff, &c.id],
    )
    .await?;
    Ok(())
}

/// Marks an unused, unrevoked, unexpired code used; answers its store, branch and trust.
pub async fn take(db: &impl Db, hash: &[u8]) -> Result<Option<(Uuid, Uuid, bool)>, ApiError> {
    let row = query_opt(
        db,
        "UPDATE enrolment_codes SET used_at = now()
         WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
         RETURNING store_id, branch_id, manages_staff",
        &[&hash],
    )
    .await?;
    Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
}

/// The store's codes of the last week, newest first.
pub async fn recent(db: &impl Db, store: Uuid) -> Result<Vec<CodeInfo>, ApiError> {
    let rows = query(
        db,
        "SELECT c.id, b.code, c.manages_staff, (extract(epoch FROM c.created_at) * 1000)::bigint,
                (extract(epoch FROM c.expires_at) * 1000)::bigint, c.used_at IS NOT NULL, c.revoked_at IS NOT NULL
         FROM enrolment_codes c JOIN branches b ON b.id = c.branch_id
         WHERE c.store_id = $1 AND c.created_at > now() - interval '7 days' ORDER BY c.created_at DESC",
        &[&store],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| CodeInfo {
            id: r.get(0),
            branch_code: r.get(1),
            manages_staff: r.get(2),
            created_at: r.get(3),
            expires_at: r.get(4),
            used: r.get(5),
            revoked: r.get(6),
        })
        .collect())
}

/// Revokes an unused code of the store; false when there is none with this id.
pub async fn revoke(db: &impl Db, store: Uuid, id: Uuid) -> Result<bool, ApiError> {
    let n = execute(
        db,
        "UPDATE enrolment_codes SET revoked_at = coalesce(revoked_at, now())
         WHERE id = $1 AND store_id = $2 AND used_at IS NULL",
        &[&id, &store],
    )
    .await?;
    Ok(n > 0)
}
