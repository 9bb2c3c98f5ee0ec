//! `sync_issues`: what the owner should look at: records set aside (with the reason), conflicts,
//! overwritten values and oversold products.

use super::{Db, execute, query};
use crate::ApiError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct Issue {
    pub id: Uuid,
    pub issue: String,
    pub kind: String,
    pub record_id: String,
    pub reason: String,
    pub device_id: Option<Uuid>,
    pub seq: Option<i64>,
    pub at: i64,
}

/// The newest thousand, newest first.
pub async fn recent(db: &impl Db, store: Uuid) -> Result<Vec<Issue>, ApiError> {
    let rows = query(
        db,
        "SELECT id, issue, kind, record_id, reason, device_id, seq, (extract(epoch FROM at) * 1000)::bigint
         FROM sync_issues WHERE store_id = $1 ORDER BY at DESC LIMIT 1000",
        &[&store],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| Issue {
            id: r.get(0),
            issue: r.get(1),
            kind: r.get(2),
            record_id: r.get(3),
            reason: r.get(4),
            device_id: r.get(5),
            seq: r.get(6),
            at: r.get(7),
        })
        .collect())
}

/// A finding of the server itself (no device pushed it) for the owner's review list, sent to
/// every terminal like the push's own findings.
pub async fn notice(
    db: &impl Db,
    store: Uuid,
    issue: &str,
    kind: &str,
    record_id: &str,
    reason: &str,
) -> Result<(), ApiError> {
    let id = Uuid::now_v7();
    execute(
        db,
        "INSERT INTO sync_issues (id, store_id, device_id, seq, issue, kind, record_id, reason, payload)
         VALUES ($1, $2, NULL, NULL, $3, $4, $5, $6, NULL)",
        &[&id, &store, &issue, &kind, &record_id, &reason],
    )
    .await?;
    let change = serde_json::json!({
        "id": id.to_string(), "issue": issue, "kind": kind, "record_id": record_id, "reason": reason,
        "device": "", "branch": "", "detail": null,
    });
    crate::shop::log_change(
        db,
        store,
        pos_protocol::ChangeKind::SyncIssue.as_str(),
        &id.to_string(),
        &change,
    )
    .await
}
