//! The sync outbox: every fact written locally appends a row in the same transaction, numbered
//! gap-free on this device (the sync engine ships them in order), naming the person who did it.

use rusqlite::{Connection, params};

pub fn append(
    conn: &Connection,
    kind: &str,
    entity_id: &str,
    payload: &impl serde::Serialize,
    at: i64,
    by: Option<&str>,
) -> crate::Result<i64> {
    // The counter row is written in the caller's transaction: a rolled-back write gives its number
    // back, a committed one keeps it even after the row has left the outbox.
    let seq: i64 = conn
        .prepare_cached("UPDATE outbox_counter SET last = last + 1 WHERE id = 1 RETURNING last")?
        .query_row([], |r| r.get(0))?;
    let payload = serde_json::to_string(payload).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached("INSERT INTO outbox (seq, kind, entity_id, payload, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![seq, kind, entity_id, payload, at, by])?;
    Ok(seq)
}

/// The highest sequence this device has ever numbered.
pub fn counter(conn: &Connection) -> crate::Result<i64> {
    Ok(conn.query_row("SELECT last FROM outbox_counter WHERE id = 1", [], |r| r.get(0))?)
}

pub fn count(conn: &Connection) -> crate::Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?)
}
