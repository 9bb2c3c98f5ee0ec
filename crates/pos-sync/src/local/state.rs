//! The terminal's sync state: key/values, the pull cursor and its stamp, whether this is the owner's desk.

use super::*;

pub fn state(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

pub fn set_state(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub fn cursor(conn: &Connection) -> Result<i64> {
    Ok(state(conn, "cursor")?.and_then(|c| c.parse().ok()).unwrap_or(0))
}

/// Whether the owner trusts this terminal with owner and admin accounts and store-wide settings
/// (as enrolment, then each pull, said).
pub fn owner_desk(conn: &Connection) -> Result<bool> {
    Ok(state(conn, "manages_staff")?.as_deref() == Some("1"))
}

pub fn set_owner_desk(conn: &Connection, trusted: bool) -> Result<()> {
    set_state(conn, "manages_staff", if trusted { "1" } else { "0" })
}

/// The stamp of the log row the cursor points at (see [`PullResponse::rewind`]).
pub fn cursor_stamp(conn: &Connection) -> Result<Option<i64>> {
    Ok(state(conn, "cursor_stamp")?.and_then(|c| c.parse().ok()))
}

/// The server's log is not the one the cursor was read from: read it again from the start.
pub fn rewind_cursor(conn: &Connection) -> Result<()> {
    set_state(conn, "cursor", "0")?;
    conn.execute("DELETE FROM sync_state WHERE key = 'cursor_stamp'", [])?;
    Ok(())
}
