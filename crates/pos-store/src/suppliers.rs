//! Suppliers the shop buys from.

use crate::synced::{State, flag, text};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Supplier {
    pub id: String,
    pub name: String,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub notes: String,
    pub active: bool,
    pub version: i64,
}

const SELECT: &str = "SELECT id, name, contact_name, phone, email, address, notes, active, version FROM suppliers";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Supplier> {
    Ok(Supplier {
        id: r.get(0)?,
        name: r.get(1)?,
        contact_name: r.get(2)?,
        phone: r.get(3)?,
        email: r.get(4)?,
        address: r.get(5)?,
        notes: r.get(6)?,
        active: crate::bool_of(r.get(7)?),
        version: r.get(8)?,
    })
}

pub fn list(conn: &Connection) -> crate::Result<Vec<Supplier>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY active DESC, name COLLATE NOCASE"))?;
    Ok(stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<Supplier>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?;
    Ok(stmt.query_row([id], row).optional()?)
}

pub fn insert(conn: &Connection, s: &Supplier, now: i64) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO suppliers (id, name, contact_name, phone, email, address, notes, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            s.id,
            s.name,
            s.contact_name,
            s.phone,
            s.email,
            s.address,
            s.notes,
            s.active,
            now
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, s: &Supplier, expected_version: i64, now: i64) -> crate::Result<bool> {
    let n = conn.execute(
        "UPDATE suppliers SET name = ?2, contact_name = ?3, phone = ?4, email = ?5, address = ?6, notes = ?7,
            active = ?8, version = version + 1, updated_at = ?9
         WHERE id = ?1 AND version = ?10",
        params![
            s.id,
            s.name,
            s.contact_name,
            s.phone,
            s.email,
            s.address,
            s.notes,
            s.active,
            now,
            expected_version
        ],
    )?;
    Ok(n == 1)
}

/// Writes the server's state of the entity over this terminal's copy (`version` bumps so an open
/// editor sees it changed; `sync_version` is the base of the next local edit).
pub fn apply_synced(conn: &Connection, id: &str, s: &State, version: i64, now: i64) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO suppliers (id, name, contact_name, phone, email, address, notes, active, created_at,
            updated_at, sync_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, contact_name = excluded.contact_name,
            phone = excluded.phone, email = excluded.email, address = excluded.address, notes = excluded.notes,
            active = excluded.active, version = version + 1, sync_version = excluded.sync_version",
    )?
    .execute(rusqlite::params![
        id,
        text(s, "name"),
        text(s, "contact_name"),
        text(s, "phone"),
        text(s, "email"),
        text(s, "address"),
        text(s, "notes"),
        flag(s, "active"),
        now,
        version
    ])?;
    Ok(())
}
