//! `GET /v1/own?after=N`: the records this device pushed after its sequence N, in order, with the
//! facts' content: what a terminal takes back when its database lost commits the server holds (a
//! power cut, a copy restored over it). Reference data comes back through the pull, so only its
//! number and kind are listed.

use crate::auth::Device;
use crate::openapi::{DeviceAuth, Faults};
use crate::store::{changes, devices};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Query, State};
use pos_protocol::OwnRecords;
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
    let last = devices::last_seq(&client, device.id).await?;
    let mut records = changes::own_records(&client, device.store_id, device.id, q.after, limit + 1).await?;
    let more = records.len() as i64 > limit;
    records.truncate(limit as usize);
    Ok(Json(OwnRecords { records, last, more }))
}
