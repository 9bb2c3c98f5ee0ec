//! Customers named on a sale (optional at the counter).

use crate::synced::{State, text};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Customer {
    pub id: String,
    pub name: String,
    pub phone: String,
    pub email: String,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        email: r.get(3)?,
    })
}

pub fn insert(conn: &Connection, c: &Customer, now: i64) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO customers (id, name, phone, email, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![c.id, c.name, c.phone, c.email, now],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<Customer>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, phone, email FROM customers WHERE id = ?1")?;
    Ok(stmt.query_row([id], row).optional()?)
}

/// By phone prefix or name prefix, for the customer picker.
pub fn search(conn: &Connection, q: &str, limit: i64) -> crate::Result<Vec<Customer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, phone, email FROM customers
         WHERE phone LIKE ?1 || '%' OR name LIKE ?1 || '%' COLLATE NOCASE ORDER BY name LIMIT ?2",
    )?;
    Ok(stmt
        .query_map(params![q, limit], row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Writes the server's state of the entity over this terminal's copy (`version` bumps so an open
/// editor sees it changed; `sync_version` is the base of the next local edit).
pub fn apply_synced(conn: &Connection, id: &str, s: &State, version: i64, now: i64) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO customers (id, name, phone, email, created_at, updated_at, sync_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email,
            version = version + 1, sync_version = excluded.sync_version",
    )?
    .execute(rusqlite::params![
        id,
        text(s, "name"),
        text(s, "phone"),
        text(s, "email"),
        now,
        version
    ])?;
    Ok(())
}
