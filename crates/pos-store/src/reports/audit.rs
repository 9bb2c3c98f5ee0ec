//! The audit log between two instants, newest first.

use rusqlite::{Connection, params};

pub struct AuditRow {
    pub at: i64,
    pub user: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: String,
    pub after: String,
}

/// At most `limit` events from `from` up to `to` (UTC ms), of one person and of actions starting
/// with `action_prefix` when given.
pub fn rows(
    c: &Connection,
    (from, to): (i64, i64),
    user_id: Option<&str>,
    action_prefix: Option<&str>,
    limit: i64,
) -> crate::Result<Vec<AuditRow>> {
    let like = action_prefix.map(|a| format!("{}%", a.replace(['%', '_'], "")));
    let mut stmt = c.prepare_cached(
        "SELECT a.at, ifnull(u.name, ''), a.action, a.entity, ifnull(a.entity_id, ''), ifnull(a.before, ''), ifnull(a.after, '')
         FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.at >= ?1 AND a.at < ?2 AND (?3 IS NULL OR a.user_id = ?3) AND (?4 IS NULL OR a.action LIKE ?4)
         ORDER BY a.at DESC LIMIT ?5",
    )?;
    let rows = stmt.query_map(params![from, to, user_id, like, limit], |r| {
        Ok(AuditRow {
            at: r.get(0)?,
            user: r.get(1)?,
            action: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            before: r.get(5)?,
            after: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
