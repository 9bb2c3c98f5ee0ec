//! The owner's sessions: sign out (this session), change the server password (every session and
//! lockout ends), list and end sessions.

use super::{body, check_password, hash_password, verify_password};
use crate::auth::Owner;
use crate::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

pub async fn sign_out(State(app): State<AppState>, owner: Owner) -> Result<Json<Value>, ApiError> {
    let db = app.pool.get().await?;
    db.execute("DELETE FROM owner_sessions WHERE token_hash = $1", &[&owner.session])
        .await?;
    Ok(Json(json!({ "signed_out": true })))
}

/// Ends every session of the account but this one (a lost laptop, a shared password).
pub async fn end_others(State(app): State<AppState>, owner: Owner) -> Result<Json<Value>, ApiError> {
    let db = app.pool.get().await?;
    let n = db
        .execute(
            "DELETE FROM owner_sessions WHERE account_id = $1 AND token_hash <> $2",
            &[&owner.account_id, &owner.session],
        )
        .await?;
    Ok(Json(json!({ "ended": n })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// A new server password, proven by the current one; every other session ends.
pub async fn change_password(State(app): State<AppState>, owner: Owner, bytes: Bytes) -> Result<Json<Value>, ApiError> {
    let req: PasswordChange = body(&bytes)?;
    check_password(&req.new_password)?;
    let hash: String = {
        let db = app.pool.get().await?;
        db.query_one("SELECT password_hash FROM accounts WHERE id = $1", &[&owner.account_id])
            .await?
            .get(0)
    };
    let (current, new) = (req.current_password, req.new_password);
    let new_hash = app
        .limits
        .hash(move || verify_password(&current, &hash).then(|| hash_password(&new)))
        .await?
        .ok_or_else(|| ApiError::unauthorized("The current password is wrong"))??;
    let mut db = app.pool.get().await?;
    let tx = db.transaction().await?;
    tx.execute(
        "UPDATE accounts SET password_hash = $2 WHERE id = $1",
        &[&owner.account_id, &new_hash],
    )
    .await?;
    tx.execute(
        "DELETE FROM owner_sessions WHERE account_id = $1 AND token_hash <> $2",
        &[&owner.account_id, &owner.session],
    )
    .await?;
    tx.commit().await?;
    tracing::info!(account = %owner.account_id, "server password changed");
    Ok(Json(json!({ "changed": true })))
}
