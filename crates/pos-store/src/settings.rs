//! Key-value settings: `device_settings` belong to this terminal only (its code, its printer);
//! `store_policies` are the store's rules (cashier discount limit, returns need a supervisor).

use rusqlite::{Connection, OptionalExtension, params};

fn get(conn: &Connection, table: &str, key: &str) -> crate::Result<Option<String>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT value FROM {table} WHERE key = ?1"))?;
    Ok(stmt.query_row([key], |r| r.get(0)).optional()?)
}

fn set(conn: &Connection, table: &str, key: &str, value: &str) -> crate::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO {table} (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        params![key, value],
    )?;
    Ok(())
}

pub fn device(conn: &Connection, key: &str) -> crate::Result<Option<String>> {
    get(conn, "device_settings", key)
}

pub fn set_device(conn: &Connection, key: &str, value: &str) -> crate::Result<()> {
    set(conn, "device_settings", key, value)
}

pub fn policy(conn: &Connection, key: &str) -> crate::Result<Option<String>> {
    get(conn, "store_policies", key)
}

pub fn set_policy(conn: &Connection, key: &str, value: &str) -> crate::Result<()> {
    set(conn, "store_policies", key, value)
}

/// The next number of a gap-free series for this terminal, taken inside the caller's transaction:
/// a rolled-back sale gives its number back.
pub fn next_number(conn: &Connection, terminal: &str, series: &str) -> crate::Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO receipt_sequences (terminal, series, last) VALUES (?1, ?2, 1)
         ON CONFLICT (terminal, series) DO UPDATE SET last = last + 1 RETURNING last",
    )?;
    Ok(stmt.query_row(params![terminal, series], |r| r.get(0))?)
}
