//! The store's branches on the server: listed, and created (or found) by code.

use super::{branch_code, text};
use crate::auth::Owner;
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, Faults, OwnerAuth};
use crate::store::branches;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use pos_protocol::owner::{Branch, BranchRequest};

/// The store's branches, by code.
#[utoipa::path(get, path = "/v1/branches", tag = "owner", security(("ownerSession" = [])),
    responses((status = 200, body = Vec<Branch>), OwnerAuth, Faults))]
pub async fn list_branches(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<Branch>>, ApiError> {
    Ok(Json(branches::list(&app.pool.get().await?, owner.store_id).await?))
}

/// Creates a branch, or answers the existing one with that code (upper-cased).
#[utoipa::path(post, path = "/v1/branches", tag = "owner", security(("ownerSession" = [])), request_body = BranchRequest,
    responses((status = 200, body = Branch), BodyErrors, OwnerAuth, Faults))]
pub async fn create_branch(
    State(app): State<AppState>,
    owner: Owner,
    JsonBody(req): JsonBody<BranchRequest>,
) -> Result<Json<Branch>, ApiError> {
    let code = branch_code(&req.code)?;
    let name = text("name", &req.name, 120)?;
    let db = app.pool.get().await?;
    Ok(Json(branches::create_or_find(&db, owner.store_id, &code, &name).await?))
}
