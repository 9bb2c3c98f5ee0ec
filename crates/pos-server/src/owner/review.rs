//! The owner's review list: records set aside (with the reason), conflicts, overwritten values and
//! oversold products, newest first.

use crate::auth::Owner;
use crate::openapi::{Faults, OwnerAuth};
use crate::store::issues::{self, Issue};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;

/// Records set aside, conflicts, overwritten values and oversold products, newest first.
#[utoipa::path(get, path = "/v1/review", tag = "owner", security(("ownerSession" = [])),
    responses((status = 200, description = "At most 1 000, newest first", body = Vec<Issue>), OwnerAuth, Faults))]
pub async fn review(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<Issue>>, ApiError> {
    Ok(Json(issues::recent(&app.pool.get().await?, owner.store_id).await?))
}
