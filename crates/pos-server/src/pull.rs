//! Pull: a page of the store's change log after the device's cursor, bounded in rows and in bytes
//! (a page always carries at least one change, so a large record still goes, alone).
//!
//! Positions are assigned under the store row's lock in the writing transaction and that lock is
//! held until commit, so a position is visible only when every lower one is: reading `seq > cursor`
//! can never skip a row that commits later. A device's own facts are left out (it has them), and
//! so are its reference edits that merged exactly as it sent them (echoes), while it reads past
//! what it was served; the cursor still moves past them. What was served page after page without
//! a skip is recorded (`served_seq`): the server's own account of what the device has seen, which the merge of its
//! later edits trusts over anything the device claims.

use crate::auth::Device;
use crate::openapi::{DeviceAuth, Faults};
use crate::store::{changes, devices};
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
    /// The terminal's sync protocol (2 when absent): kinds it does not know are left out.
    pub protocol: Option<u32>,
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
    let protocol = q.protocol.unwrap_or(2);
    let client = app.pool.get().await?;
    let (head, acked, served) = devices::positions(&client, device.store_id, device.id).await?;
    if let Some(stamp) = q.stamp
        && q.after > 0
        && changes::stamp_at(&client, device.store_id, q.after).await? != Some(stamp)
    {
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
    // On new ground the device's own entity edits that merged unchanged are left out (it has
    // them); reading again what it was served (a lost page, a copy restored after a power cut, a
    // rewind) it gets them, so an edit its disk lost comes back.
    let rows = changes::page(
        &client,
        device.store_id,
        device.id,
        q.after,
        head,
        limit + 1,
        PAGE_BYTES as i64,
        q.after >= served,
    )
    .await?;
    let mut more = rows.len() as i64 > limit;
    let mut next = q.after;
    let mut stamp = q.stamp;
    let mut page = Vec::with_capacity(rows.len());
    for r in rows.into_iter().take(limit as usize) {
        if !r.within {
            more = true;
            break;
        }
        next = r.seq;
        stamp = Some(r.stamp);
        let kind = ChangeKind::parse(&r.kind);
        let own_fact = r.origin == Some(device.id) && matches!(kind, Some(ChangeKind::Record(k)) if k.is_fact());
        let unknown_to_it = matches!(kind, Some(ChangeKind::Record(k)) if k.since() > protocol);
        if r.own || own_fact || unknown_to_it {
            continue;
        }
        page.push(Change {
            seq: r.seq,
            kind: r.kind,
            id: r.entity_id,
            origin: r.origin.map(|o| o.to_string()),
            version: r.version,
            payload: r.payload.unwrap_or(serde_json::Value::Null),
        });
    }
    if q.after <= served && next > served {
        devices::served_up_to(&client, device.id, next).await?;
    }
    // The head is read before the page, so it may trail the page's last position by changes that
    // committed in between.
    Ok(Json(PullResponse {
        changes: page,
        next,
        head,
        more,
        acked: Some(acked),
        stamp,
        rewind: false,
        manages_staff: Some(device.manages_staff),
    }))
}
