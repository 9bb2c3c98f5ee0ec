//! Creating a store, its first branch and the owner's account.
//!
//! A deployment that sets a signup token (any public one should) takes new stores only from who
//! holds it, so nobody else can even ask whether an email has an account. Without one (a private
//! or test server) an email that already has an account is answered as such, so the owner is
//! told to sign in; sign-ups per client address are capped either way.

use super::login::session;
use super::{branch_code, check_password, hash_password, text};
use crate::auth::Client;
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, Faults};
use crate::store::{accounts, branches, login_failures, stores};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use pos_protocol::owner::SessionResponse;
use pos_protocol::owner::SignupRequest;
use pos_protocol::{ErrorBody, ErrorCode};
use uuid::Uuid;

/// Sign-ups from one address per hour.
pub const MAX_PER_HOUR: i32 = 20;

/// Constant-time comparison of two secrets.
pub fn same_secret(a: &str, b: &str) -> bool {
    use sha2::Digest;
    let (x, y) = (sha2::Sha256::digest(a.as_bytes()), sha2::Sha256::digest(b.as_bytes()));
    x.iter().zip(y.iter()).fold(0u8, |acc, (p, q)| acc | (p ^ q)) == 0
}

/// An address with one `@`, something before it, and a dot in the part after it; no spaces.
fn email_ok(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// A new store with its first branch and the owner's account; answers a signed-in session.
#[utoipa::path(post, path = "/v1/signup", tag = "owner", request_body = SignupRequest,
    responses((status = 200, body = SessionResponse), BodyErrors,
        (status = 403, description = "`forbidden`: this server needs a signup token and none (or a wrong one) was sent", body = ErrorBody),
        (status = 409, description = "`conflict`: an account with this email exists; sign in", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many stores created from this address, or too many requests at once", body = ErrorBody),
        Faults))]
pub async fn signup(
    State(app): State<AppState>,
    Client(client): Client,
    JsonBody(req): JsonBody<SignupRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let _slot = app.limits.anonymous()?;
    if let Some(want) = &app.config.signup_token
        && !req.signup_token.as_deref().is_some_and(|t| same_secret(t, want))
    {
        return Err(ApiError::forbidden(
            "This server needs a signup token to create a store",
        ));
    }
    let store_name = text("store_name", &req.store_name, 120)?;
    let branch_name = text("branch_name", &req.branch_name, 120)?;
    let code = branch_code(&req.branch_code)?;
    let email = text("email", &req.email, 254)?.to_lowercase();
    if !email_ok(&email) {
        return Err(ApiError::bad_request("email must be an email address"));
    }
    check_password(&req.password)?;
    if login_failures::count_signup(&app.pool.get().await?, &client).await? > MAX_PER_HOUR {
        return Err(ApiError::rate_limited(
            "Too many stores created from here; try again later",
        ));
    }
    let password = req.password;
    let hash = app.limits.hash(move || hash_password(&password)).await??;
    let (store, account) = (Uuid::now_v7(), Uuid::now_v7());
    let mut db = app.pool.get().await?;
    let tx = db.transaction().await?;
    if accounts::exists(&tx, &email).await? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::Conflict,
            "An account with this email exists; sign in",
        ));
    }
    stores::create(&tx, store, &store_name).await?;
    accounts::create(&tx, account, store, &email, &hash).await?;
    branches::create_or_find(&tx, store, &code, &branch_name).await?;
    tx.commit().await?;
    drop(db);
    tracing::info!(%store, "store created");
    Ok(Json(session(&app, account, store).await?))
}
