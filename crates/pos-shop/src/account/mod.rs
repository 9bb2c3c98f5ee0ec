//! Customer accounts: register with email and phone, verify the email by a link, sign in and out,
//! reset a forgotten password by a link, and the account's page (orders, addresses). Passwords are
//! argon2id, checked a few at a time with no database connection held (the server's `Limits`).
//! No answer tells whether an email has an account: registering an email that has one says the
//! same "check your email" (and the mail tells its owner), a wrong email or password says the same
//! words, a forgotten-password request says the same whatever the email. Failed sign-ins are
//! counted per email and address before the password is checked (five lock for 15 minutes), and
//! each address gets a budget of password checks, registrations and reset mails.

pub mod page;
pub mod register;
pub mod reset;
pub mod signin;
pub mod verify;

use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::http::{HeaderMap, HeaderValue};
use pos_server::store::login_failures;

/// The session cookie.
pub const SESSION_COOKIE: &str = "hr_s";
/// Days a session lasts.
pub const SESSION_DAYS: i64 = 30;
/// Failed sign-ins of one email from one address before it is locked there for 15 minutes.
pub const MAX_FAILURES: i32 = 5;
/// Failed sign-ins of one email from everywhere in an hour before it is locked for all.
pub const MAX_FAILURES_ANYWHERE: i32 = 100;
/// Password checks (sign-ins, registrations, resets) one address may ask for per minute.
pub const CHECKS_PER_MINUTE: i32 = 30;
/// Registrations and reset mails one address may ask for per hour.
pub const MAILS_PER_HOUR: i32 = 10;

/// The session token a request carries, if it looks like one of ours.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    crate::visitor::cookie(headers, SESSION_COOKIE)
        .filter(|t| t.len() == 43 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

pub fn session_cookie(token: &str, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        SESSION_DAYS * 86_400
    ))
    .ok()
}

pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("hr_s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
}

pub use crate::fields::{email, password};

/// The shop's own counters in the server's `login_failures` (never mixed with owners').
fn key(site: &Site, what: &str) -> String {
    format!("shop:{}:{what}", site.store)
}

/// One more password check from this address this minute, or "too many".
pub async fn check_budget(state: &ShopState, site: &Site) -> Result<(), ShopError> {
    let db = state.app.pool.get().await?;
    if login_failures::count_check(&db, &key(site, &site.client)).await? > CHECKS_PER_MINUTE {
        return Err(too_many());
    }
    Ok(())
}

/// One more mail-sending request (registering, forgetting) from this address this hour.
pub async fn mail_budget(state: &ShopState, site: &Site) -> Result<(), ShopError> {
    let db = state.app.pool.get().await?;
    if login_failures::count_signup(&db, &key(site, &site.client)).await? > MAILS_PER_HOUR {
        return Err(too_many());
    }
    Ok(())
}

fn too_many() -> ShopError {
    ShopError::bad(
        "Too many attempts from here. Please wait a while and try again.",
        "Terlalu banyak percobaan dari sini. Tunggu sebentar lalu coba lagi.",
    )
}

/// The hash a failed sign-in of this email counts under.
pub fn email_key(site: &Site, email: &str) -> Vec<u8> {
    crate::visitor::hash(&key(site, email))
}

/// The shop's address as links in mail write it.
pub fn base_url(state: &ShopState, site: &Site) -> String {
    state
        .config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", site.host))
}
