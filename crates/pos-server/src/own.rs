//! `GET /v1/own?after=N`: the records this device pushed after its sequence N, in order, with the
//! facts' content: what a terminal takes back when its database lost commits the server holds (a
//! power cut, a copy restored over it). Reference data comes back through the pull, so only its
//! number and kind are listed.

use crate::auth::Device;
use crate::openapi::{DeviceAuth, Faults};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Query, State};
use pos_protocol::{OwnRecords, Record};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OwnQuery {
    /// The position (pull) or sequence (own) read up to so far.
    #[serde(default)]
    #[param(minimum = 0)]
    pub after: i64,
    /// At most this many (1 to 2000; 1 000 when absent; beyond the range it is clamped).
    pub limit: Option<i64>,
}

/// The records this device pushed after its sequence `after`, in order.
#[utoipa::path(get, path = "/v1/own", tag = "sync", security(("deviceToken" = [])), params(OwnQuery),
    responses((status = 200, body = OwnRecords),
        (status = 400, description = "`bad_request`: a query value that is not a number, or a negative `after`", body = pos_protocol::ErrorBody),
        DeviceAuth, Faults))]
pub async fn own(
    State(app): State<AppState>,
    device: Device,
    query: Result<Query<OwnQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<OwnRecords>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::bad_request(format!("bad query: {e}")))?;
    if q.after < 0 {
        return Err(ApiError::bad_request("after must be 0 or more"));
    }
    let limit = q.limit.unwrap_or(1000).clamp(1, 2000);
    let client = app.pool.get().await?;
    let last: i64 = client
        .query_one("SELECT last_seq FROM devices WHERE id = $1", &[&device.id])
        .await?
        .get(0);
    let rows = client
        .query(
            "SELECT o.seq, o.kind, o.record_id, f.payload,
                    coalesce((f.payload ->> 'at')::bigint, (extract(epoch FROM f.received_at) * 1000)::bigint, 0)
             FROM push_outcomes o
             LEFT JOIN facts f ON f.store_id = $4 AND f.kind = o.kind AND f.id = o.record_id AND f.device_id = o.device_id
             WHERE o.device_id = $1 AND o.seq > $2 ORDER BY o.seq LIMIT $3",
            &[&device.id, &q.after, &(limit + 1), &device.store_id],
        )
        .await?;
    let more = rows.len() as i64 > limit;
    let records = rows
        .iter()
        .take(limit as usize)
        .map(|r| Record {
            seq: r.get(0),
            kind: r.get(1),
            id: r.get(2),
            at: r.get(4),
            by: None,
            payload: r
                .get::<_, Option<serde_json::Value>>(3)
                .unwrap_or(serde_json::Value::Null),
        })
        .collect();
    Ok(Json(OwnRecords { records, last, more }))
}
