//! The store's terminals: listed, trusted with staff accounts or not, revoked.

use super::body;
use crate::auth::Owner;
use crate::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use pos_protocol::owner::{DeviceInfo, StaffTrust};
use serde_json::{Value, json};
use uuid::Uuid;

pub async fn list_devices(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<DeviceInfo>>, ApiError> {
    let o = owner;
    let client = app.pool.get().await?;
    let rows = client
        .query(
            "SELECT d.id, d.name, b.code, d.terminal, d.last_seq, d.revoked_at IS NOT NULL,
                    (extract(epoch FROM d.last_seen_at) * 1000)::bigint, d.manages_staff
             FROM devices d JOIN branches b ON b.id = d.branch_id WHERE d.store_id = $1 ORDER BY b.code, d.terminal",
            &[&o.store_id],
        )
        .await?;
    Ok(Json(
        rows.iter()
            .map(|r| DeviceInfo {
                id: r.get(0),
                name: r.get(1),
                branch_code: r.get(2),
                terminal: r.get(3),
                last_seq: r.get(4),
                revoked: r.get(5),
                last_seen_at: r.get(6),
                manages_staff: r.get(7),
            })
            .collect(),
    ))
}

fn device_id(id: &str) -> Result<Uuid, ApiError> {
    id.parse()
        .map_err(|_| ApiError::bad_request("the device id must be a UUID"))
}

fn no_device() -> ApiError {
    ApiError::not_found("No such device in this store")
}

/// The owner lets a terminal change owner and admin accounts, or takes that away.
pub async fn set_manages_staff(
    State(app): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, ApiError> {
    let o = owner;
    let id = device_id(&id)?;
    let req: StaffTrust = body(&bytes)?;
    let client = app.pool.get().await?;
    let n = client
        .execute(
            "UPDATE devices SET manages_staff = $3 WHERE id = $1 AND store_id = $2",
            &[&id, &o.store_id, &req.manages_staff],
        )
        .await?;
    if n == 0 {
        return Err(no_device());
    }
    tracing::info!(device = %id, manages_staff = req.manages_staff, "staff trust changed");
    Ok(Json(json!({ "device": id, "manages_staff": req.manages_staff })))
}

pub async fn revoke_device(
    State(app): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let o = owner;
    let id = device_id(&id)?;
    let client = app.pool.get().await?;
    let n = client
        .execute(
            "UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND store_id = $2",
            &[&id, &o.store_id],
        )
        .await?;
    if n == 0 {
        return Err(no_device());
    }
    tracing::info!(device = %id, "device revoked");
    Ok(Json(json!({ "revoked": id })))
}
