//! The audit log: who did what, when, with the record before and after. Append-only (the schema
//! refuses updates and deletes).

use rusqlite::{Connection, params};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AuditEvent {
    pub id: String,
    pub at: i64,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub struct NewAuditEvent<'a> {
    pub at: i64,
    pub user_id: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<&'a str>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub fn insert(conn: &Connection, ev: &NewAuditEvent<'_>) -> crate::Result<String> {
    let id = pos_domain::new_id();
    conn.prepare_cached(
        "INSERT INTO audit_events (id, at, user_id, action, entity, entity_id, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        ev.at,
        ev.user_id,
        ev.action,
        ev.entity,
        ev.entity_id,
        ev.before.as_ref().map(|v| v.to_string()),
        ev.after.as_ref().map(|v| v.to_string())
    ])?;
    Ok(id)
}

pub struct AuditFilter<'a> {
    pub action: Option<&'a str>,
    pub entity_id: Option<&'a str>,
    pub limit: i64,
    pub offset: i64,
}

pub fn list(conn: &Connection, f: &AuditFilter<'_>) -> crate::Result<Vec<AuditEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.at, a.user_id, u.name, a.action, a.entity, a.entity_id, a.before, a.after
         FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
         WHERE (?1 IS NULL OR a.action = ?1) AND (?2 IS NULL OR a.entity_id = ?2)
         ORDER BY a.at DESC, a.id DESC LIMIT ?3 OFFSET ?4",
    )?;
    let rows = stmt.query_map(params![f.action, f.entity_id, f.limit, f.offset], |r| {
        Ok(AuditEvent {
            id: r.get(0)?,
            at: r.get(1)?,
            user_id: r.get(2)?,
            user_name: r.get(3)?,
            action: r.get(4)?,
            entity: r.get(5)?,
            entity_id: r.get(6)?,
            before: r.get(7)?,
            after: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
