//! The outbox: batches to send (bounded in records and bytes), the counter, and letting go of what the server acknowledged.

use super::*;

/// The oldest `limit` outbox rows, in sequence order.
pub fn outbox_batch(conn: &Connection, limit: usize) -> Result<Vec<Record>> {
    outbox_batch_within(conn, limit, usize::MAX)
}

/// The oldest outbox rows, in sequence order, as many as fit in `max_bytes` of payload (at least
/// one, so a large record still goes, alone) and at most `limit`.
pub fn outbox_batch_within(conn: &Connection, limit: usize, max_bytes: usize) -> Result<Vec<Record>> {
    outbox_batch_after(conn, i64::MIN, limit, max_bytes)
}

/// The same for the rows after sequence `after`: the next batch, read while one is on the wire.
pub fn outbox_batch_after(conn: &Connection, after: i64, limit: usize, max_bytes: usize) -> Result<Vec<Record>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, entity_id, payload, at, by FROM outbox WHERE seq > ?2 ORDER BY seq LIMIT ?1",
    )?;
    let mut rows = stmt.query([limit as i64, after])?;
    let (mut out, mut bytes) = (Vec::new(), 0usize);
    while let Some(r) = rows.next()? {
        let payload: String = r.get(3)?;
        bytes += payload.len() + 128;
        if !out.is_empty() && bytes > max_bytes {
            break;
        }
        out.push(Record {
            seq: r.get(0)?,
            kind: r.get(1)?,
            id: r.get(2)?,
            at: r.get(4)?,
            by: r.get(5)?,
            payload: serde_json::from_str(&payload).unwrap_or(Value::Null),
        });
    }
    Ok(out)
}

/// The highest sequence this file has ever numbered.
pub fn counter(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT last FROM outbox_counter WHERE id = 1", [], |r| r.get(0))
}

pub fn outbox_len(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
}

/// How long acknowledged records are kept for a server restored from a backup.
pub const KEEP_SENT_MS: i64 = 30 * 24 * 3600 * 1000;

/// The server holds everything up to `acked`: those rows leave the outbox (kept aside for
/// [`KEEP_SENT_MS`] in case the server is restored from a backup), in one transaction.
pub fn ack(conn: &mut Connection, acked: i64, now: i64) -> Result<usize> {
    relaxed(conn, |conn| ack_in(conn, acked, now))
}

/// Runs `f` with commits that do not wait for the disk (`synchronous=NORMAL`; the file's own
/// setting is FULL), for what a power cut may lose without harm: an acknowledgement (the records
/// are sent again and answered the same) and a pulled page (read again: its cursor moves with it).
pub(super) fn relaxed<T>(conn: &mut Connection, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
    conn.execute_batch("PRAGMA synchronous = NORMAL")?;
    let out = f(conn);
    conn.execute_batch("PRAGMA synchronous = FULL")?;
    out
}

pub(super) fn ack_in(conn: &mut Connection, acked: i64, now: i64) -> Result<usize> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO outbox_sent (seq, kind, entity_id, payload, at, by, acked_at)
         SELECT seq, kind, entity_id, payload, at, by, ?2 FROM outbox WHERE seq <= ?1",
    )?
    .execute(params![acked, now])?;
    let n = tx
        .prepare_cached("DELETE FROM outbox WHERE seq <= ?1")?
        .execute([acked])?;
    tx.prepare_cached("DELETE FROM outbox_sent WHERE acked_at < ?1")?
        .execute([now - KEEP_SENT_MS])?;
    if acked > acked_seq(&tx)? {
        set_state(&tx, "acked", &acked.to_string())?;
    }
    tx.commit()?;
    Ok(n)
}

/// The highest sequence the server ever acknowledged to this terminal.
pub fn acked_seq(conn: &Connection) -> Result<i64> {
    Ok(state(conn, "acked")?.and_then(|c| c.parse().ok()).unwrap_or(0))
}
