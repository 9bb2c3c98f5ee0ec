//! Shop keys: made by the owner (shown once, kept as a hash), listed with when each was last used,
//! revoked.

use crate::auth::{Owner, new_token, token_hash};
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, ById, Faults, OwnerAuth};
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
    let client = app.pool.get().await?;
    client
        .execute(
            "INSERT INTO shop_keys (key_hash, store_id, name, id) VALUES ($1, $2, $3, $4)",
            &[&token_hash(&key), &owner.store_id, &name, &id],
        )
        .await?;
    Ok(Json(ShopKeyCreated {
        key,
        id: id.to_string(),
    }))
}

/// The store's shop keys (never the keys themselves).
#[utoipa::path(get, path = "/v1/shop-keys", tag = "shop", security(("ownerSession" = [])),
    responses((status = 200, body = Vec<ShopKeyInfo>), OwnerAuth, Faults))]
pub async fn list_keys(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<ShopKeyInfo>>, ApiError> {
    let client = app.pool.get().await?;
    let rows = client
        .query(
            "SELECT id, name, (extract(epoch FROM created_at) * 1000)::bigint, revoked_at IS NOT NULL,
                    (extract(epoch FROM last_used_at) * 1000)::bigint
             FROM shop_keys WHERE store_id = $1 ORDER BY created_at",
            &[&owner.store_id],
        )
        .await?;
    Ok(Json(
        rows.iter()
            .map(|r| ShopKeyInfo {
                id: r.get::<_, Uuid>(0).to_string(),
                name: r.get(1),
                created_at: r.get(2),
                revoked: r.get(3),
                last_used_at: r.get(4),
            })
            .collect(),
    ))
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
    let client = app.pool.get().await?;
    let n = client
        .execute(
            "UPDATE shop_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND store_id = $2",
            &[&id, &owner.store_id],
        )
        .await?;
    if n == 0 {
        return Err(ApiError::not_found("No such shop key in this store"));
    }
    tracing::info!(key = %id, "shop key revoked");
    Ok(Json(Revoked { revoked: id }))
}
