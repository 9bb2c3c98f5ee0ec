//! The sync outbox: every fact written locally appends a row in the same transaction, numbered
//! gap-free on this device (the sync engine ships them in order).

use rusqlite::{Connection, params};

pub fn append(
    conn: &Connection,
    kind: &str,
    entity_id: &str,
    payload: &impl serde::Serialize,
    at: i64,
) -> crate::Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO outbox (seq, kind, entity_id, payload, at)
         VALUES ((SELECT ifnull(max(seq), 0) + 1 FROM outbox), ?1, ?2, ?3, ?4) RETURNING seq",
    )?;
    Ok(stmt.query_row(
        params![kind, entity_id, serde_json::to_string(payload).unwrap_or_default(), at],
        |r| r.get(0),
    )?)
}

pub fn count(conn: &Connection) -> crate::Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?)
}
