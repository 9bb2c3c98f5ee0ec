//! The store's terminals: listed, trusted with staff accounts or not, revoked.

use crate::auth::Owner;
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, ById, Faults, OwnerAuth};
use crate::store::devices;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use pos_protocol::owner::{DeviceInfo, Revoked, StaffTrust, StaffTrustSet};
use uuid::Uuid;

/// The store's terminals, with how far each has pushed and when it was last seen.
#[utoipa::path(get, path = "/v1/devices", tag = "owner", security(("ownerSession" = [])),
    responses((status = 200, body = Vec<DeviceInfo>), OwnerAuth, Faults))]
pub async fn list_devices(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<DeviceInfo>>, ApiError> {
    Ok(Json(devices::list(&app.pool.get().await?, owner.store_id).await?))
}

fn device_id(id: &str) -> Result<Uuid, ApiError> {
    id.parse()
        .map_err(|_| ApiError::bad_request("the device id must be a UUID"))
}

fn no_device() -> ApiError {
    ApiError::not_found("No such device in this store")
}

/// The owner lets a terminal change owner and admin accounts, or takes that away.
#[utoipa::path(post, path = "/v1/devices/{id}/manages-staff", tag = "owner", security(("ownerSession" = [])),
    params(("id" = uuid::Uuid, Path, description = "The device's id")), request_body = StaffTrust,
    responses((status = 200, body = StaffTrustSet), BodyErrors, ById, OwnerAuth, Faults))]
pub async fn set_manages_staff(
    State(app): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<StaffTrust>,
) -> Result<Json<StaffTrustSet>, ApiError> {
    let id = device_id(&id)?;
    let db = app.pool.get().await?;
    if !devices::set_manages_staff(&db, owner.store_id, id, req.manages_staff).await? {
        return Err(no_device());
    }
    tracing::info!(device = %id, manages_staff = req.manages_staff, "staff trust changed");
    Ok(Json(StaffTrustSet {
        device: id,
        manages_staff: req.manages_staff,
    }))
}

/// Ends a terminal's access (lost, stolen, replaced): its token is refused from now on.
#[utoipa::path(post, path = "/v1/devices/{id}/revoke", tag = "owner", security(("ownerSession" = [])),
    params(("id" = uuid::Uuid, Path, description = "The device's id")),
    responses((status = 200, body = Revoked), ById, OwnerAuth, Faults))]
pub async fn revoke_device(
    State(app): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    let id = device_id(&id)?;
    if !devices::revoke(&app.pool.get().await?, owner.store_id, id).await? {
        return Err(no_device());
    }
    tracing::info!(device = %id, "device revoked");
    Ok(Json(Revoked { revoked: id }))
}
