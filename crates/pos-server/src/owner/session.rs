//! The owner's sessions: sign out (this session), change the server password (every session and
//! lockout ends), list and end sessions.

use super::{check_password, hash_password, verify_password};
use crate::auth::Owner;
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, Faults, OwnerAuth};
use crate::store::{accounts, sessions};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use pos_protocol::ErrorBody;
use pos_protocol::owner::{PasswordChange, PasswordChanged, SessionsEnded, SignedOut};

/// Ends this session.
#[utoipa::path(post, path = "/v1/logout", tag = "owner", security(("ownerSession" = [])),
    responses((status = 200, body = SignedOut), OwnerAuth, Faults))]
pub async fn sign_out(State(app): State<AppState>, owner: Owner) -> Result<Json<SignedOut>, ApiError> {
    sessions::end(&app.pool.get().await?, &owner.session).await?;
    Ok(Json(SignedOut { signed_out: true }))
}

/// Ends every session of the account but this one (a lost laptop, a shared password).
#[utoipa::path(post, path = "/v1/sessions/end-others", tag = "owner", security(("ownerSession" = [])),
    responses((status = 200, body = SessionsEnded), OwnerAuth, Faults))]
pub async fn end_others(State(app): State<AppState>, owner: Owner) -> Result<Json<SessionsEnded>, ApiError> {
    let n = sessions::end_others(&app.pool.get().await?, owner.account_id, &owner.session).await?;
    Ok(Json(SessionsEnded { ended: n }))
}

/// A new server password, proven by the current one; every other session ends.
#[utoipa::path(post, path = "/v1/password", tag = "owner", security(("ownerSession" = [])), request_body = PasswordChange,
    responses((status = 200, body = PasswordChanged), BodyErrors,
        (status = 401, description = "`unauthorized`: no session, or the current password is wrong", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many password checks at once", body = ErrorBody), Faults))]
pub async fn change_password(
    State(app): State<AppState>,
    owner: Owner,
    JsonBody(req): JsonBody<PasswordChange>,
) -> Result<Json<PasswordChanged>, ApiError> {
    check_password(&req.new_password)?;
    let hash = accounts::password_hash(&app.pool.get().await?, owner.account_id).await?;
    let (current, new) = (req.current_password, req.new_password);
    let new_hash = app
        .limits
        .hash(move || verify_password(&current, &hash).then(|| hash_password(&new)))
        .await?
        .ok_or_else(|| ApiError::unauthorized("The current password is wrong"))??;
    let mut db = app.pool.get().await?;
    let tx = db.transaction().await?;
    accounts::set_password_hash(&tx, owner.account_id, &new_hash).await?;
    sessions::end_others(&tx, owner.account_id, &owner.session).await?;
    tx.commit().await?;
    tracing::info!(account = %owner.account_id, "server password changed");
    Ok(Json(PasswordChanged { changed: true }))
}
