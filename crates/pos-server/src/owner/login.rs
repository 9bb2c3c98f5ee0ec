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
const ANYWHERE: &str = "*";

pub async fn session(app: &AppState, account: Uuid, store: Uuid) -> Result<SessionResponse, ApiError> {
    let token = new_token("hro");
    let expires = chrono::Utc::now() + chrono::Duration::hours(12);
    let client = app.pool.get().await?;
    client
        .execute(
            "INSERT INTO owner_sessions (token_hash, account_id, expires_at) VALUES ($1, $2, $3)",
            &[&token_hash(&token), &account, &expires],
        )
        .await?;
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
    let db = app.pool.get().await?;
    let rows = db
        .query(
            "INSERT INTO login_failures (email_hash, client, failures, locked_until, last_at)
             VALUES ($1, $2, 1, NULL, now()), ($1, $3, 1, NULL, now())
             ON CONFLICT (email_hash, client) DO UPDATE SET
                 failures = CASE WHEN login_failures.locked_until < now()
                                   OR (login_failures.client = $3 AND login_failures.last_at < now() - interval '1 hour')
                                 THEN 1 ELSE login_failures.failures + 1 END,
                 locked_until = CASE WHEN login_failures.locked_until < now() THEN NULL ELSE login_failures.locked_until END,
                 last_at = now()
             RETURNING client, failures, coalesce(locked_until > now(), false)",
            &[&email_hash, &client, &ANYWHERE],
        )
        .await?;
    let mut ok = true;
    for r in rows {
        let (who, failures, is_locked): (String, i32, bool) = (r.get(0), r.get(1), r.get(2));
        let max = if who == ANYWHERE {
            MAX_FAILURES_ANYWHERE
        } else {
            MAX_FAILURES
        };
        if is_locked || failures > max {
            ok = false;
        }
    }
    Ok(ok)
}

/// One more password check from `client` this minute, or false when it has had its share.
async fn client_budget(app: &AppState, client: &str) -> Result<bool, ApiError> {
    let db = app.pool.get().await?;
    let n: i32 = db
        .query_one(
            "INSERT INTO login_failures (email_hash, client, failures, last_at) VALUES ($1, $2, 1, now())
             ON CONFLICT (email_hash, client) DO UPDATE SET
                 failures = CASE WHEN login_failures.last_at < now() - interval '1 minute' THEN 1
                                 ELSE login_failures.failures + 1 END,
                 last_at = CASE WHEN login_failures.last_at < now() - interval '1 minute' THEN now()
                                ELSE login_failures.last_at END
             RETURNING failures",
            &[&token_hash("checks per minute"), &client],
        )
        .await?
        .get(0);
    Ok(n <= CHECKS_PER_MINUTE)
}

/// After a wrong password: the attempt stands, and the fifth locks.
async fn failed(app: &AppState, email_hash: &[u8], client: &str) -> Result<(), ApiError> {
    let db = app.pool.get().await?;
    db.execute(
        "UPDATE login_failures SET locked_until = now() + interval '15 minutes'
         WHERE email_hash = $1 AND ((client = $2 AND failures >= $3) OR (client = $4 AND failures >= $5))",
        &[&email_hash, &client, &MAX_FAILURES, &ANYWHERE, &MAX_FAILURES_ANYWHERE],
    )
    .await?;
    Ok(())
}

/// After the right password: this client's count starts again (the "anywhere" count is one
/// attempt less).
async fn succeeded(app: &AppState, email_hash: &[u8], client: &str) -> Result<(), ApiError> {
    let db = app.pool.get().await?;
    db.execute(
        "DELETE FROM login_failures WHERE email_hash = $1 AND client = $2",
        &[&email_hash, &client],
    )
    .await?;
    db.execute(
        "UPDATE login_failures SET failures = greatest(failures - 1, 0) WHERE email_hash = $1 AND client = $2",
        &[&email_hash, &ANYWHERE],
    )
    .await?;
    Ok(())
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
    let account = {
        let db = app.pool.get().await?;
        db.query_opt(
            "SELECT id, store_id, password_hash FROM accounts WHERE email = $1",
            &[&email],
        )
        .await?
        .map(|r| (r.get::<_, Uuid>(0), r.get::<_, Uuid>(1), r.get::<_, String>(2)))
    };
    let hash = account.as_ref().map_or(NO_ACCOUNT_HASH.to_string(), |a| a.2.clone());
    let password = req.password;
    let ok = app.limits.hash(move || verify_password(&password, &hash)).await?;
    match account {
        Some((id, store, _)) if ok => {
            succeeded(&app, &email_hash, &client).await?;
            Ok(Json(session(&app, id, store).await?))
        }
        _ => {
            failed(&app, &email_hash, &client).await?;
            Err(denied())
        }
    }
}
