//! `login_failures`: counters per (email hash, client address) with a lock time: failed sign-ins
//! per email from one address and from anywhere ([`ANYWHERE`]), password checks per address per
//! minute, and sign-ups per address per hour (the last two under fixed pseudo-emails).

use super::{Db, execute, query, query_one};
use crate::ApiError;

/// The client of the per-email count over every address.
pub const ANYWHERE: &str = "*";

/// Counts one sign-up from `client`; answers how many it made in the last hour.
pub async fn count_signup(db: &impl Db, client: &str) -> Result<i32, ApiError> {
    Ok(query_one(
        db,
        "INSERT INTO login_failures (email_hash, client, failures, last_at) VALUES ($2, $1, 1, now())
         ON CONFLICT (email_hash, client) DO UPDATE SET
             failures = CASE WHEN login_failures.last_at < now() - interval '1 hour' THEN 1
                             ELSE login_failures.failures + 1 END,
             last_at = now()
         RETURNING failures",
        &[&format!("signup:{client}"), &crate::auth::token_hash("signup")],
    )
    .await?
    .get(0))
}

/// Counts one attempt for the email from `client` and from anywhere; answers for each of the two
/// counts its client, failures so far and whether it is locked now.
pub async fn count_attempt(
    db: &impl Db,
    email_hash: &[u8],
    client: &str,
) -> Result<Vec<(String, i32, bool)>, ApiError> {
    let rows = query(
        db,
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
    Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
}

/// Counts one password check by `client` this minute; answers how many it had.
pub async fn count_check(db: &impl Db, client: &str) -> Result<i32, ApiError> {
    Ok(query_one(
        db,
        "INSERT INTO login_failures (email_hash, client, failures, last_at) VALUES ($1, $2, 1, now())
         ON CONFLICT (email_hash, client) DO UPDATE SET
             failures = CASE WHEN login_failures.last_at < now() - interval '1 minute' THEN 1
                             ELSE login_failures.failures + 1 END,
             last_at = CASE WHEN login_failures.last_at < now() - interval '1 minute' THEN now()
                            ELSE login_failures.last_at END
         RETURNING failures",
        &[&crate::auth::token_hash("checks per minute"), &client],
    )
    .await?
    .get(0))
}

/// Locks the email for 15 minutes where a count reached its maximum.
pub async fn lock_reached(
    db: &impl Db,
    email_hash: &[u8],
    client: &str,
    max: i32,
    max_anywhere: i32,
) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE login_failures SET locked_until = now() + interval '15 minutes'
         WHERE email_hash = $1 AND ((client = $2 AND failures >= $3) OR (client = $4 AND failures >= $5))",
        &[&email_hash, &client, &max, &ANYWHERE, &max_anywhere],
    )
    .await?;
    Ok(())
}

/// After the right password: this client's count starts again, the one from anywhere is one less.
pub async fn forgive(db: &impl Db, email_hash: &[u8], client: &str) -> Result<(), ApiError> {
    execute(
        db,
        "DELETE FROM login_failures WHERE email_hash = $1 AND client = $2",
        &[&email_hash, &client],
    )
    .await?;
    execute(
        db,
        "UPDATE login_failures SET failures = greatest(failures - 1, 0) WHERE email_hash = $1 AND client = $2",
        &[&email_hash, &ANYWHERE],
    )
    .await?;
    Ok(())
}
