//! The store's branches on the server: listed, and created (or found) by code.

use super::{branch_code, text};
use crate::auth::Owner;
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, Faults, OwnerAuth};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use pos_protocol::owner::{Branch, BranchRequest};
use uuid::Uuid;

/// The store's branches, by code.
#[utoipa::path(get, path = "/v1/branches", tag = "owner", security(("ownerSession" = [])),
    responses((status = 200, body = Vec<Branch>), OwnerAuth, Faults))]
pub async fn list_branches(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<Branch>>, ApiError> {
    let o = owner;
    let client = app.pool.get().await?;
    let rows = client
        .query(
            "SELECT id, code, name FROM branches WHERE store_id = $1 ORDER BY code",
            &[&o.store_id],
        )
        .await?;
    Ok(Json(
        rows.iter()
            .map(|r| Branch {
                id: r.get(0),
                code: r.get(1),
                name: r.get(2),
            })
            .collect(),
    ))
}

/// Creates a branch, or answers the existing one with that code (upper-cased).
#[utoipa::path(post, path = "/v1/branches", tag = "owner", security(("ownerSession" = [])), request_body = BranchRequest,
    responses((status = 200, body = Branch), BodyErrors, OwnerAuth, Faults))]
pub async fn create_branch(
    State(app): State<AppState>,
    owner: Owner,
    JsonBody(req): JsonBody<BranchRequest>,
) -> Result<Json<Branch>, ApiError> {
    let o = owner;
    let code = branch_code(&req.code)?;
    let name = text("name", &req.name, 120)?;
    let client = app.pool.get().await?;
    let row = client
        .query_one(
            "INSERT INTO branches (id, store_id, code, name) VALUES ($1, $2, $3, $4)
             ON CONFLICT (store_id, code) DO UPDATE SET code = excluded.code RETURNING id, code, name",
            &[&Uuid::now_v7(), &o.store_id, &code, &name],
        )
        .await?;
    Ok(Json(Branch {
        id: row.get(0),
        code: row.get(1),
        name: row.get(2),
    }))
}
