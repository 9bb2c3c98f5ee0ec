//! Shop keys: made by the owner (shown once, kept as a hash), listed with when each was last used,
//! revoked.

use crate::auth::{Owner, new_token, token_hash};
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, ById, Faults, OwnerAuth};
use crate::store::shop_keys;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use pos_protocol::owner::Revoked;
use pos_protocol::shop::{ShopKeyCreated, ShopKeyInfo, ShopKeyRequest};
use uuid::Uuid;

/// A key for the online shop, shown once.
#[utoipa::path(post, path = "/v1/shop-keys", tag = "shop", security(("ownerSession" = [])), request_body = ShopKeyRequest,
    responses((status = 200, body = ShopKeyCreated), BodyErrors, OwnerAuth, Faults))]
pub async fn create_key(
    State(app): State<AppState>,
    owner: Owner,
    JsonBody(req): JsonBody<ShopKeyRequest>,
) -> Result<Json<ShopKeyCreated>, ApiError> {
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::bad_request("name must be 1 to 80 characters"));
    }
    let key = new_token("hrs");
    let id = Uuid::now_v7();
    shop_keys::insert(&app.pool.get().await?, id, owner.store_id, name, &token_hash(&key)).await?;
    Ok(Json(ShopKeyCreated {
        key,
        id: id.to_string(),
    }))
}

/// The store's shop keys (never the keys themselves).
#[utoipa::path(get, path = "/v1/shop-keys", tag = "shop", security(("ownerSession" = [])),
    responses((status = 200, body = Vec<ShopKeyInfo>), OwnerAuth, Faults))]
pub async fn list_keys(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<ShopKeyInfo>>, ApiError> {
    Ok(Json(shop_keys::list(&app.pool.get().await?, owner.store_id).await?))
}

#[utoipa::path(post, path = "/v1/shop-keys/{id}/revoke", tag = "shop", security(("ownerSession" = [])),
    params(("id" = uuid::Uuid, Path, description = "The key's id")),
    responses((status = 200, body = Revoked), ById, OwnerAuth, Faults))]
pub async fn revoke_key(
    State(app): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    let id: Uuid = id
        .parse()
        .map_err(|_| ApiError::bad_request("the key id must be a UUID"))?;
    if !shop_keys::revoke(&app.pool.get().await?, owner.store_id, id).await? {
        return Err(ApiError::not_found("No such shop key in this store"));
    }
    tracing::info!(key = %id, "shop key revoked");
    Ok(Json(Revoked { revoked: id }))
}
