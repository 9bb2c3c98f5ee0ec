//! `sync_issues`: what the owner should look at: records set aside (with the reason), conflicts,
//! overwritten values and oversold products.

use super::{Db, query};
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
