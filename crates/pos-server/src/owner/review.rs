//! The owner's review list: records set aside (with the reason), conflicts, overwritten values and
//! oversold products, newest first.

use crate::auth::Owner;
use crate::openapi::{Faults, OwnerAuth};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
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

/// Records set aside, conflicts, overwritten values and oversold products, newest first.
#[utoipa::path(get, path = "/v1/review", tag = "owner", security(("ownerSession" = [])),
    responses((status = 200, description = "At most 1 000, newest first", body = Vec<Issue>), OwnerAuth, Faults))]
pub async fn review(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<Issue>>, ApiError> {
    let o = owner;
    let client = app.pool.get().await?;
    let rows = client
        .query(
            "SELECT id, issue, kind, record_id, reason, device_id, seq, (extract(epoch FROM at) * 1000)::bigint
             FROM sync_issues WHERE store_id = $1 ORDER BY at DESC LIMIT 1000",
            &[&o.store_id],
        )
        .await?;
    Ok(Json(
        rows.iter()
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
            .collect(),
    ))
}
