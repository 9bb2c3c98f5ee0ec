//! `booking_resources` and `booking_services`: each row a document of
//! `pos_domain::bookings::setup`, with the columns lists and look-ups need.

use crate::synced::{State, flag_or, text};
use pos_domain::bookings::{BookingResource, BookingService};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Serialize, de::DeserializeOwned};

/// A resource with the version its row has (the base of the next edit).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct SavedResource {
    pub resource: BookingResource,
    pub version: i64,
}

/// A service with the version its row has.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct SavedService {
    pub service: BookingService,
    pub version: i64,
}

fn doc<T: DeserializeOwned>(doc: String) -> rusqlite::Result<T> {
    serde_json::from_str(&doc)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

fn resource_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedResource> {
    Ok(SavedResource {
        resource: doc(r.get(0)?)?,
        version: r.get(1)?,
    })
}

fn service_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedService> {
    Ok(SavedService {
        service: doc(r.get(0)?)?,
        version: r.get(1)?,
    })
}

fn json<T: Serialize>(doc: &T) -> String {
    serde_json::to_string(doc).unwrap_or_else(|_| "{}".into())
}

pub fn resources(conn: &Connection) -> crate::Result<Vec<SavedResource>> {
    let mut stmt =
        conn.prepare_cached("SELECT doc, version FROM booking_resources ORDER BY active DESC, name COLLATE NOCASE")?;
    Ok(stmt.query_map([], resource_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn resource(conn: &Connection, id: &str) -> crate::Result<Option<SavedResource>> {
    Ok(conn
        .prepare_cached("SELECT doc, version FROM booking_resources WHERE id = ?1")?
        .query_row([id], resource_row)
        .optional()?)
}

/// Inserts or, at `expected_version`, replaces the resource; false when someone else changed it.
pub fn save_resource(
    conn: &Connection,
    r: &BookingResource,
    expected_version: Option<i64>,
    now: i64,
) -> crate::Result<bool> {
    let n = match expected_version {
        None => conn.execute(
            "INSERT INTO booking_resources (id, name, doc, active, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![r.id, r.name, json(r), r.active, now],
        )?,
        Some(v) => conn.execute(
            "UPDATE booking_resources SET name = ?2, doc = ?3, active = ?4, version = version + 1, updated_at = ?5
             WHERE id = ?1 AND version = ?6",
            params![r.id, r.name, json(r), r.active, now, v],
        )?,
    };
    Ok(n == 1)
}

pub fn services(conn: &Connection) -> crate::Result<Vec<SavedService>> {
    let mut stmt =
        conn.prepare_cached("SELECT doc, version FROM booking_services ORDER BY active DESC, name COLLATE NOCASE")?;
    Ok(stmt.query_map([], service_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn service(conn: &Connection, id: &str) -> crate::Result<Option<SavedService>> {
    Ok(conn
        .prepare_cached("SELECT doc, version FROM booking_services WHERE id = ?1")?
        .query_row([id], service_row)
        .optional()?)
}

/// Whether another service has this web address.
pub fn slug_taken(conn: &Connection, slug: &str, other_than: &str) -> crate::Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM booking_services WHERE slug = ?1 AND id <> ?2")?
        .exists(params![slug, other_than])?)
}

pub fn save_service(
    conn: &Connection,
    s: &BookingService,
    expected_version: Option<i64>,
    now: i64,
) -> crate::Result<bool> {
    let n = match expected_version {
        None => conn.execute(
            "INSERT INTO booking_services (id, slug, name, doc, active, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![s.id, s.slug, s.name, json(s), s.active, now],
        )?,
        Some(v) => conn.execute(
            "UPDATE booking_services SET slug = ?2, name = ?3, doc = ?4, active = ?5, version = version + 1,
                updated_at = ?6 WHERE id = ?1 AND version = ?7",
            params![s.id, s.slug, s.name, json(s), s.active, now, v],
        )?,
    };
    Ok(n == 1)
}

/// The server's state of a service written over this terminal's copy.
pub fn apply_synced_service(conn: &Connection, id: &str, state: &State, version: i64, now: i64) -> crate::Result<()> {
    let doc = serde_json::Value::Object(state.clone()).to_string();
    conn.execute(
        "INSERT INTO booking_services (id, slug, name, doc, active, version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, name = excluded.name, doc = excluded.doc,
            active = excluded.active, version = excluded.version, updated_at = excluded.updated_at",
        params![
            id,
            text(state, "slug"),
            text(state, "name"),
            doc,
            flag_or(state, "active", true),
            version,
            now
        ],
    )?;
    Ok(())
}

/// The server's state of a resource written over this terminal's copy.
pub fn apply_synced_resource(conn: &Connection, id: &str, state: &State, version: i64, now: i64) -> crate::Result<()> {
    let doc = serde_json::Value::Object(state.clone()).to_string();
    conn.execute(
        "INSERT INTO booking_resources (id, name, doc, active, version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, doc = excluded.doc, active = excluded.active,
            version = excluded.version, updated_at = excluded.updated_at",
        params![
            id,
            text(state, "name"),
            doc,
            flag_or(state, "active", true),
            version,
            now
        ],
    )?;
    Ok(())
}
