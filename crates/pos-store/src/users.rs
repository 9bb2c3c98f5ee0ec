//! Staff accounts. Hashes never leave this module's callers in `pos-core`: the public view
//! ([`User`]) carries none.

use crate::synced::{State, flag, opt, text};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

pub use pos_domain::roles::Role;

/// A staff member as the UI sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub has_pin: bool,
    pub version: i64,
}

/// A staff member with the secrets needed to check a sign-in.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub pin_hash: Option<String>,
    pub failed_attempts: i64,
    pub locked_until: i64,
}

const COLS: &str = "id, email, name, role, active, pin_hash IS NOT NULL, version, password_hash, pin_hash, failed_attempts, locked_until";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Credentials> {
    let role: String = r.get(3)?;
    let role = Role::parse(&role).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, format!("unknown role {role}").into())
    })?;
    Ok(Credentials {
        user: User {
            id: r.get(0)?,
            email: r.get(1)?,
            name: r.get(2)?,
            role,
            active: crate::bool_of(r.get(4)?),
            has_pin: r.get(5)?,
            version: r.get(6)?,
        },
        password_hash: r.get(7)?,
        pin_hash: r.get(8)?,
        failed_attempts: r.get(9)?,
        locked_until: r.get(10)?,
    })
}

pub fn count(conn: &Connection) -> crate::Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
}

pub fn by_email(conn: &Connection, email: &str) -> crate::Result<Option<Credentials>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLS} FROM users WHERE email = ?1"))?;
    Ok(stmt.query_row([email], row).optional()?)
}

pub fn by_id(conn: &Connection, id: &str) -> crate::Result<Option<Credentials>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLS} FROM users WHERE id = ?1"))?;
    Ok(stmt.query_row([id], row).optional()?)
}

pub fn list(conn: &Connection) -> crate::Result<Vec<User>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM users ORDER BY active DESC, name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.map(|c| c.map(|c| c.user)).collect::<rusqlite::Result<_>>()?)
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub pin_hash: Option<&'a str>,
}

pub fn insert(conn: &Connection, u: &NewUser<'_>, now: i64) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO users (id, email, name, role, password_hash, pin_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![u.id, u.email, u.name, u.role.as_str(), u.password_hash, u.pin_hash, now],
    )?;
    Ok(())
}

/// A person nobody can sign in as ("!" is no argon2 hash; inactive): the demo's cashiers.
pub fn insert_placeholder(
    conn: &Connection,
    id: &str,
    email: &str,
    name: &str,
    role: Role,
    now: i64,
) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO users (id, email, name, role, password_hash, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, '!', 0, ?5, ?5)",
        params![id, email, name, role.as_str(), now],
    )?;
    Ok(())
}

/// Sets the lock after a failed attempt that was counted already (None keeps the current one).
pub fn set_lock(conn: &Connection, id: &str, until: Option<i64>) -> crate::Result<()> {
    conn.execute(
        "UPDATE users SET locked_until = coalesce(?2, locked_until) WHERE id = ?1",
        params![id, until],
    )?;
    Ok(())
}

/// Updates name, email, role and active flag when the version matches; false when stale.
pub fn update(conn: &Connection, u: &User, expected_version: i64, now: i64) -> crate::Result<bool> {
    let n = conn.execute(
        "UPDATE users SET email = ?2, name = ?3, role = ?4, active = ?5, version = version + 1, updated_at = ?6
         WHERE id = ?1 AND version = ?7",
        params![u.id, u.email, u.name, u.role.as_str(), u.active, now, expected_version],
    )?;
    Ok(n == 1)
}

pub fn set_password_hash(conn: &Connection, id: &str, hash: &str, now: i64) -> crate::Result<()> {
    conn.execute(
        "UPDATE users SET password_hash = ?2, failed_attempts = 0, locked_until = 0, version = version + 1, updated_at = ?3 WHERE id = ?1",
        params![id, hash, now],
    )?;
    Ok(())
}

pub fn set_pin_hash(conn: &Connection, id: &str, hash: Option<&str>, now: i64) -> crate::Result<()> {
    conn.execute(
        "UPDATE users SET pin_hash = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1",
        params![id, hash, now],
    )?;
    Ok(())
}

/// Records a failed sign-in; returns the new count.
pub fn record_failure(conn: &Connection, id: &str, locked_until: Option<i64>) -> crate::Result<i64> {
    conn.execute(
        "UPDATE users SET failed_attempts = failed_attempts + 1, locked_until = coalesce(?2, locked_until) WHERE id = ?1",
        params![id, locked_until],
    )?;
    Ok(conn.query_row("SELECT failed_attempts FROM users WHERE id = ?1", [id], |r| r.get(0))?)
}

/// Counts one attempt before its secret is checked, so that parallel guesses cannot get more than
/// the limit between them: the attempts so far (this one included) and the lock's end. A lock
/// that has run out starts the count again.
pub fn take_attempt(conn: &Connection, id: &str, now: i64) -> crate::Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "UPDATE users SET
                failed_attempts = CASE WHEN ifnull(locked_until, 0) > 0 AND locked_until <= ?2 THEN 1
                                       ELSE failed_attempts + 1 END,
                locked_until = CASE WHEN ifnull(locked_until, 0) <= ?2 THEN 0 ELSE locked_until END
             WHERE id = ?1
             RETURNING failed_attempts, ifnull(locked_until, 0)",
        )?
        .query_row(params![id, now], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

pub fn clear_failures(conn: &Connection, id: &str) -> crate::Result<()> {
    conn.execute(
        "UPDATE users SET failed_attempts = 0, locked_until = 0 WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

pub fn active_owner_count(conn: &Connection) -> crate::Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users WHERE role = 'owner' AND active = 1",
        [],
        |r| r.get(0),
    )?)
}

/// Writes the server's state of the entity over this terminal's copy (`version` bumps so an open
/// editor sees it changed; `sync_version` is the base of the next local edit).
pub fn apply_synced(conn: &Connection, id: &str, s: &State, version: i64, now: i64) -> crate::Result<()> {
    let role = text(s, "role");
    if Role::parse(&role).is_none() || text(s, "password_hash").is_empty() {
        return Err(crate::StoreError::Corrupt(
            "a user needs a known role and a password hash".into(),
        ));
    }
    conn.prepare_cached(
        "INSERT INTO users (id, email, name, role, password_hash, pin_hash, active, created_at, updated_at,
            sync_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, role = excluded.role,
            password_hash = excluded.password_hash, pin_hash = excluded.pin_hash, active = excluded.active,
            version = version + 1, sync_version = excluded.sync_version",
    )?
    .execute(rusqlite::params![
        id,
        text(s, "email"),
        text(s, "name"),
        role,
        text(s, "password_hash"),
        opt(s, "pin_hash"),
        flag(s, "active"),
        now,
        version
    ])?;
    Ok(())
}
