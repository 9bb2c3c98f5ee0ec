//! Pull: a page of the store's change log after the device's cursor, bounded in rows and in bytes
//! (a page always carries at least one change, so a large record still goes, alone).
//!
//! Positions are assigned under the store row's lock in the writing transaction and that lock is
//! held until commit, so a position is visible only when every lower one is: reading `seq > cursor`
//! can never skip a row that commits later. A device's own facts are left out (it has them), but
//! the cursor still moves past them. What was served page after page without a skip is recorded
//! (`served_seq`): the server's own account of what the device has seen, which the merge of its
//! later edits trusts over anything the device claims.

use crate::auth::Device;
use crate::openapi::{DeviceAuth, Faults};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Query, State};
use pos_protocol::{Change, ChangeKind, MAX_PAGE, PAGE_BYTES, PullResponse};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PullQuery {
    /// The position (pull) or sequence (own) read up to so far.
    #[serde(default)]
    #[param(minimum = 0)]
    pub after: i64,
    /// At most this many (1 to 5000; 1 000 when absent; beyond the range it is clamped).
    pub limit: Option<i64>,
    /// The stamp of the row at `after`, as the last page gave it.
    pub stamp: Option<i64>,
}

/// A page of the store's change log after `after` (the device's own facts left out).
#[utoipa::path(get, path = "/v1/pull", tag = "sync", security(("deviceToken" = [])), params(PullQuery),
    responses((status = 200, body = PullResponse),
        (status = 400, description = "`bad_request`: a query value that is not a number, or a negative `after`", body = pos_protocol::ErrorBody),
        DeviceAuth, Faults))]
pub async fn pull(
    State(app): State<AppState>,
    device: Device,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::bad_request(format!("bad query: {e}")))?;
    if q.after < 0 {
        return Err(ApiError::bad_request("after must be 0 or more"));
    }
    let limit = q.limit.unwrap_or(1000).clamp(1, MAX_PAGE);
    let client = app.pool.get().await?;
    let row = crate::db::client_query_one(
        &client,
        "SELECT s.change_seq, d.last_seq, d.served_seq FROM stores s, devices d WHERE s.id = $1 AND d.id = $2",
        &[&device.store_id, &device.id],
    )
    .await?;
    let (head, acked, served): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
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
    // Payloads only while the page's running size is within the budget; the rows after it come
    // without theirs, to say there is more.
    let budget = PAGE_BYTES as i64;
    let rows = crate::db::client_query(
        &client,
        "SELECT w.seq, w.kind, w.entity_id, w.origin_device, w.version,
                CASE WHEN w.within AND NOT w.own THEN coalesce(w.payload, f.payload) END, w.stamp, w.within
         FROM (SELECT c.*, (c.running - c.counted < $4 OR c.first) AS within
               FROM (SELECT c.seq, c.kind, c.entity_id, c.origin_device, c.version, c.payload, c.stamp,
                            c.own, CASE WHEN c.own THEN 0 ELSE c.size END AS counted,
                            sum(CASE WHEN c.own THEN 0 ELSE c.size END) OVER (ORDER BY c.seq)::bigint AS running,
                            row_number() OVER (ORDER BY c.seq) = 1 AS first
                     FROM (SELECT *, (origin_device IS NOT DISTINCT FROM $5 AND payload IS NULL) AS own
                           FROM changes WHERE store_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) c) c) w
         LEFT JOIN facts f ON w.within AND NOT w.own AND w.payload IS NULL
                          AND f.store_id = $1 AND f.kind = w.kind AND f.id = w.entity_id
         ORDER BY w.seq",
        &[&device.store_id, &q.after, &(limit + 1), &budget, &device.id],
    )
    .await?;
    let mut more = rows.len() as i64 > limit;
    let mut next = q.after;
    let mut stamp = q.stamp;
    let mut changes = Vec::with_capacity(rows.len());
    for r in rows.iter().take(limit as usize) {
        if !r.get::<_, bool>(7) {
            more = true;
            break;
        }
        next = r.get(0);
        stamp = Some(r.get(6));
        let kind: String = r.get(1);
        let origin: Option<uuid::Uuid> = r.get(3);
        let own_fact =
            origin == Some(device.id) && matches!(ChangeKind::parse(&kind), Some(ChangeKind::Record(k)) if k.is_fact());
        if own_fact {
            continue;
        }
        changes.push(Change {
            seq: next,
            kind,
            id: r.get(2),
            origin: origin.map(|o| o.to_string()),
            version: r.get(4),
            payload: r
                .get::<_, Option<serde_json::Value>>(5)
                .unwrap_or(serde_json::Value::Null),
        });
    }
    if q.after <= served && next > served {
        client
            .execute(
                "UPDATE devices SET served_seq = greatest(served_seq, $2) WHERE id = $1",
                &[&device.id, &next],
            )
            .await?;
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
