//! Signing in to the owner's server account.
//!
//! Failed attempts are counted per email and client address, whether or not the email has an
//! account, and the answers never tell the two apart (same status, same words, a password check
//! against a dummy hash so the time is the same too). A failed attempt is counted before the
//! password is checked, so a burst of parallel guesses gets no more than five. Five failures lock
//! that email from that address for 15 minutes; a lock from one address leaves the owner free to
//! sign in from another, and a hundred failures from everywhere in an hour lock the email for all.
//! The password is checked with no database connection held, a few at a time (`Limits`), and one
//! client address gets at most thirty checks a minute whatever the emails.

use super::{NO_ACCOUNT_HASH, verify_password};
use crate::auth::{Client, new_token, token_hash};
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, Faults};
use crate::store::{accounts, login_failures, sessions};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use pos_protocol::owner::{LoginRequest, SessionResponse};
use pos_protocol::{ErrorBody, ErrorCode};
use uuid::Uuid;

pub const MAX_FAILURES: i32 = 5;
/// Password checks one client address may ask for per minute, whatever the emails: a flood from
/// one place costs the server this much hashing, no more.
pub const CHECKS_PER_MINUTE: i32 = 30;
/// Failures of one email from every address, per hour, before it is locked everywhere.
pub const MAX_FAILURES_ANYWHERE: i32 = 100;

pub async fn session(app: &AppState, account: Uuid, store: Uuid) -> Result<SessionResponse, ApiError> {
    let token = new_token("hro");
    let expires = chrono::Utc::now() + chrono::Duration::hours(12);
    sessions::open(&app.pool.get().await?, &token_hash(&token), account, expires).await?;
    Ok(SessionResponse {
        token,
        store_id: store,
        expires_at: expires.timestamp_millis(),
    })
}

fn denied() -> ApiError {
    ApiError::unauthorized("Wrong email or password")
}

fn locked() -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Locked,
        "Too many wrong passwords; wait 15 minutes",
    )
}

/// Counts one attempt for the email from this client (and from anywhere) before the password is
/// checked; false when either is locked.
async fn take_attempt(app: &AppState, email_hash: &[u8], client: &str) -> Result<bool, ApiError> {
    let counts = login_failures::count_attempt(&app.pool.get().await?, email_hash, client).await?;
    Ok(counts.iter().all(|(who, failures, is_locked)| {
        let max = if who == login_failures::ANYWHERE {
            MAX_FAILURES_ANYWHERE
        } else {
            MAX_FAILURES
        };
        !is_locked && *failures <= max
    }))
}

/// One more password check from `client` this minute, or false when it has had its share.
async fn client_budget(app: &AppState, client: &str) -> Result<bool, ApiError> {
    Ok(login_failures::count_check(&app.pool.get().await?, client).await? <= CHECKS_PER_MINUTE)
}

/// After a wrong password: the attempt stands, and the fifth locks.
async fn failed(app: &AppState, email_hash: &[u8], client: &str) -> Result<(), ApiError> {
    let db = app.pool.get().await?;
    login_failures::lock_reached(&db, email_hash, client, MAX_FAILURES, MAX_FAILURES_ANYWHERE).await
}

/// After the right password: this client's count starts again (the "anywhere" count is one
/// attempt less).
async fn succeeded(app: &AppState, email_hash: &[u8], client: &str) -> Result<(), ApiError> {
    login_failures::forgive(&app.pool.get().await?, email_hash, client).await
}

/// Signs the owner in: a session of 12 hours.
#[utoipa::path(post, path = "/v1/login", tag = "owner", request_body = LoginRequest,
    responses((status = 200, body = SessionResponse), BodyErrors,
        (status = 401, description = "`unauthorized`: wrong email or password (the same answer whether or not the email has an account)", body = ErrorBody),
        (status = 429, description = "`locked`: five wrong passwords for this email from here (15 minutes); `rate_limited`: too many attempts from here", body = ErrorBody),
        Faults))]
pub async fn login(
    State(app): State<AppState>,
    Client(client): Client,
    JsonBody(req): JsonBody<LoginRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let _slot = app.limits.anonymous()?;
    let email = req.email.trim().to_lowercase();
    if email.is_empty() || email.len() > 254 || req.password.len() > 1024 {
        return Err(denied());
    }
    let email_hash = token_hash(&email);
    if !client_budget(&app, &client).await? {
        return Err(ApiError::rate_limited(
            "Too many sign-in attempts from here; wait a minute",
        ));
    }
    if !take_attempt(&app, &email_hash, &client).await? {
        return Err(locked());
    }
    let account = accounts::by_email(&app.pool.get().await?, &email).await?;
    let hash = account
        .as_ref()
        .map_or(NO_ACCOUNT_HASH.to_string(), |a| a.password_hash.clone());
    let password = req.password;
    let ok = app.limits.hash(move || verify_password(&password, &hash)).await?;
    match account {
        Some(a) if ok => {
            succeeded(&app, &email_hash, &client).await?;
            Ok(Json(session(&app, a.id, a.store_id).await?))
        }
        _ => {
            failed(&app, &email_hash, &client).await?;
            Err(denied())
        }
    }
}
