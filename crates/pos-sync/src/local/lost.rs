//! After a power cut: records the server holds that this file lost, taken back, and numbering on after the server's highest.

use super::*;

/// What [`recover_lost`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recovered {
    /// Acknowledged records queued again.
    pub resent: i64,
    /// Acknowledged records the server lost that were no longer kept here (older than 30 days).
    pub lost: i64,
}

/// The server holds only up to `server_seq` of this terminal's records although it acknowledged
/// more (it was restored from a backup): everything after it that is still kept goes back into
/// the outbox with its own sequence number, the outbox is numbered on from `server_seq + 1` with
/// no gap, and the owner's review list says so. One transaction.
pub fn recover_lost(conn: &mut Connection, server_seq: i64, now: i64) -> Result<Recovered> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let acked = acked_seq(&tx)?;
    let resent = tx.execute(
        "INSERT OR IGNORE INTO outbox (seq, kind, entity_id, payload, at, by)
         SELECT seq, kind, entity_id, payload, at, by FROM outbox_sent WHERE seq > ?1",
        [server_seq],
    )? as i64;
    tx.execute("DELETE FROM outbox_sent WHERE seq > ?1", [server_seq])?;
    let lost = (acked - server_seq - resent).max(0);
    // Number the outbox on from the server's position, in the same order.
    let seqs: Vec<i64> = tx
        .prepare("SELECT seq FROM outbox ORDER BY seq")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_>>()?;
    if seqs.iter().enumerate().any(|(i, &s)| s != server_seq + 1 + i as i64) {
        tx.execute("UPDATE outbox SET seq = -seq", [])?;
        let mut renumber = tx.prepare("UPDATE outbox SET seq = ?1 WHERE seq = ?2")?;
        for (i, s) in seqs.iter().enumerate() {
            renumber.execute(params![server_seq + 1 + i as i64, -s])?;
        }
    }
    tx.execute(
        "UPDATE outbox_counter SET last = ?1 WHERE id = 1",
        [server_seq + seqs.len() as i64],
    )?;
    set_state(&tx, "acked", &server_seq.to_string())?;
    let reason = if lost > 0 {
        format!(
            "The sync server was restored from a backup: {resent} records sent again; {lost} older than 30 days were no longer kept here"
        )
    } else {
        format!("The sync server was restored from a backup: {resent} records sent again")
    };
    tx.execute(
        "INSERT OR REPLACE INTO sync_issues (id, issue, kind, record_id, reason, origin, detail, at)
         VALUES (?1, 'server_restored', 'sync', ?2, ?3, '', NULL, ?4)",
        params![format!("restored-{now}"), server_seq.to_string(), reason, now],
    )?;
    tx.commit()?;
    Ok(Recovered { resent, lost })
}

/// What [`take_back`] did with one page of this terminal's own records from the server.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TakenBack {
    /// Facts this file had lost, written back.
    pub restored: usize,
    /// Outbox rows the server already held (same number, same record): no longer waiting.
    pub already_held: usize,
}

/// This file lost commits the server holds (a power cut, or a copy restored over it): `records`
/// are this terminal's own records from the server (`GET /v1/own`), in order. Facts missing here
/// are written back as if pulled (a lost sale, its stock, its shift's close); outbox rows that are
/// those very records leave the outbox. One transaction per page; [`renumber_after`] finishes.
pub fn take_back(conn: &mut Connection, records: &[Record], now: i64) -> Result<TakenBack> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut out = TakenBack::default();
    for r in records {
        out.already_held += tx
            .prepare_cached("DELETE FROM outbox WHERE seq = ?1 AND kind = ?2 AND entity_id = ?3")?
            .execute(params![r.seq, r.kind, r.id])?;
        if r.payload.is_null() || !Kind::parse(&r.kind).is_some_and(Kind::is_fact) {
            continue; // reference data comes back through the pull
        }
        let change = Change {
            seq: r.seq,
            kind: r.kind.clone(),
            id: r.id.clone(),
            origin: None,
            version: 0,
            payload: r.payload.clone(),
        };
        tx.execute_batch("SAVEPOINT own")?;
        match apply_change(&tx, &change, now) {
            Ok(true) => {
                out.restored += 1;
                tx.execute_batch("RELEASE own")?;
            }
            Ok(false) => tx.execute_batch("RELEASE own")?,
            Err(e) => {
                tx.execute_batch("ROLLBACK TO own; RELEASE own")?;
                tracing::warn!(kind = %r.kind, id = %r.id, error = %e, "a record taken back could not be written");
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO sync_issues (id, issue, kind, record_id, reason, origin, detail, at)
                     VALUES (?1, 'not_applied', ?2, ?3, ?4, '', ?5, ?6)",
                )?
                .execute(params![
                    format!("own-{}", r.seq),
                    r.kind,
                    r.id,
                    e.to_string(),
                    r.payload.to_string(),
                    now
                ])?;
            }
        }
    }
    tx.commit()?;
    Ok(out)
}

/// Numbers what is still waiting after `server_last` (the server's highest of this terminal's
/// records), in the same order, and the counter on from there: records made after the file lost
/// commits never reuse a number the server holds. Returns how many were renumbered.
pub fn renumber_after(conn: &mut Connection, server_last: i64, now: i64) -> Result<usize> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seqs: Vec<i64> = tx
        .prepare("SELECT seq FROM outbox ORDER BY seq")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_>>()?;
    tx.execute("UPDATE outbox SET seq = -seq", [])?;
    {
        let mut renumber = tx.prepare("UPDATE outbox SET seq = ?1 WHERE seq = ?2")?;
        for (i, s) in seqs.iter().enumerate() {
            renumber.execute(params![server_last + 1 + i as i64, -s])?;
        }
    }
    tx.execute(
        "UPDATE outbox_counter SET last = ?1 WHERE id = 1",
        [server_last + seqs.len() as i64],
    )?;
    tx.execute("DELETE FROM outbox_sent WHERE seq > ?1", [server_last])?;
    if server_last > acked_seq(&tx)? {
        set_state(&tx, "acked", &server_last.to_string())?;
    }
    tx.execute(
        "INSERT OR REPLACE INTO sync_issues (id, issue, kind, record_id, reason, origin, detail, at)
         VALUES (?1, 'taken_back', 'sync', ?2, ?3, '', NULL, ?4)",
        params![
            format!("taken-back-{now}"),
            server_last.to_string(),
            format!(
                "This terminal's database had lost records the server holds (a power cut?): they were taken back, and {} records made since were numbered after them",
                seqs.len()
            ),
            now
        ],
    )?;
    tx.commit()?;
    Ok(seqs.len())
}
