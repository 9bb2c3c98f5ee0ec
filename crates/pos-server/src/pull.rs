//! Pull: a page of the store's change log after the device's cursor.
//!
//! Positions are assigned under the store row's lock in the writing transaction and that lock is
//! held until commit, so a position is visible only when every lower one is: reading `seq > cursor`
//! can never skip a row that commits later. A device's own facts are left out (it has them), but
//! the cursor still moves past them.

use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use pos_sync::protocol::{Change, Kind, MAX_PAGE, PullResponse};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    pub after: i64,
    pub limit: Option<i64>,
    /// The stamp of the row at `after`, as the last page gave it.
    pub stamp: Option<i64>,
}

pub async fn pull(
    State(app): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let device = crate::device(&app, &headers).await?;
    let Query(q) = query.map_err(|e| ApiError::bad_request(format!("bad query: {e}")))?;
    if q.after < 0 {
        return Err(ApiError::bad_request("after must be 0 or more"));
    }
    let limit = q.limit.unwrap_or(1000).clamp(1, MAX_PAGE);
    let client = app.pool.get().await?;
    let row = client
        .query_one(
            "SELECT s.change_seq, d.last_seq FROM stores s, devices d WHERE s.id = $1 AND d.id = $2",
            &[&device.store_id, &device.id],
        )
        .await?;
    let (head, acked): (i64, i64) = (row.get(0), row.get(1));
    if let Some(stamp) = q.stamp
        && q.after > 0
    {
        let at: Option<i64> = client
            .query_opt(
                "SELECT stamp FROM changes WHERE store_id = $1 AND seq = $2",
                &[&device.store_id, &q.after],
            )
            .await?
            .map(|r| r.get(0));
        if at != Some(stamp) {
            return Ok(Json(PullResponse {
                changes: Vec::new(),
                next: 0,
                head,
                more: true,
                acked: Some(acked),
                stamp: None,
                rewind: true,
                manages_staff: Some(device.manages_staff),
            }));
        }
    }
    let rows = client
        .query(
            "SELECT seq, kind, entity_id, origin_device, version, payload, stamp FROM changes
             WHERE store_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[&device.store_id, &q.after, &(limit + 1)],
        )
        .await?;
    let more = rows.len() as i64 > limit;
    let mut next = q.after;
    let mut stamp = q.stamp;
    let mut changes = Vec::with_capacity(rows.len());
    for r in rows.iter().take(limit as usize) {
        next = r.get(0);
        stamp = Some(r.get(6));
        let kind: String = r.get(1);
        let origin: Option<uuid::Uuid> = r.get(3);
        let own_fact = origin == Some(device.id) && Kind::parse(&kind).is_some_and(Kind::is_fact);
        if own_fact {
            continue;
        }
        changes.push(Change {
            seq: next,
            kind,
            id: r.get(2),
            origin: origin.map(|o| o.to_string()),
            version: r.get(4),
            payload: r.get(5),
        });
    }
    // The head is read before the page, so it may trail the page's last position by changes that
    // committed in between.
    Ok(Json(PullResponse {
        changes,
        next,
        head,
        more,
        acked: Some(acked),
        stamp,
        rewind: false,
        manages_staff: Some(device.manages_staff),
    }))
}
