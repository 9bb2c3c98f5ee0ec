//! The terminal's side of sync in its SQLite file: reading the outbox, letting go of what the
//! server holds, and applying pulled pages, each page and its cursor in one transaction.
//!
//! Every change is applied inside a savepoint: one that cannot be applied here (a reference this
//! terminal never received, say) is recorded as a sync issue and the page goes on.

use crate::protocol::{Change, ChangeKind, Kind, LOCAL_FIELDS, PullResponse, Record};
use pos_store::sales::{Return, Sale};
use pos_store::stock::{self, NewMovement};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Deserialize;
use serde_json::{Map, Value};

pub type Result<T> = std::result::Result<T, rusqlite::Error>;

pub fn state(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

pub fn set_state(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub fn cursor(conn: &Connection) -> Result<i64> {
    Ok(state(conn, "cursor")?.and_then(|c| c.parse().ok()).unwrap_or(0))
}

/// The oldest `limit` outbox rows, in sequence order.
pub fn outbox_batch(conn: &Connection, limit: usize) -> Result<Vec<Record>> {
    outbox_batch_within(conn, limit, usize::MAX)
}

/// The oldest outbox rows, in sequence order, as many as fit in `max_bytes` of payload (at least
/// one, so a large record still goes, alone) and at most `limit`.
pub fn outbox_batch_within(conn: &Connection, limit: usize, max_bytes: usize) -> Result<Vec<Record>> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, kind, entity_id, payload, at, by FROM outbox ORDER BY seq LIMIT ?1")?;
    let mut rows = stmt.query([limit as i64])?;
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
fn relaxed<T>(conn: &mut Connection, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
    conn.execute_batch("PRAGMA synchronous = NORMAL")?;
    let out = f(conn);
    conn.execute_batch("PRAGMA synchronous = FULL")?;
    out
}

fn ack_in(conn: &mut Connection, acked: i64, now: i64) -> Result<usize> {
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

/// Whether the owner trusts this terminal with owner and admin accounts and store-wide settings
/// (as enrolment, then each pull, said).
pub fn owner_desk(conn: &Connection) -> Result<bool> {
    Ok(state(conn, "manages_staff")?.as_deref() == Some("1"))
}

pub fn set_owner_desk(conn: &Connection, trusted: bool) -> Result<()> {
    set_state(conn, "manages_staff", if trusted { "1" } else { "0" })
}

/// The stamp of the log row the cursor points at (see [`PullResponse::rewind`]).
pub fn cursor_stamp(conn: &Connection) -> Result<Option<i64>> {
    Ok(state(conn, "cursor_stamp")?.and_then(|c| c.parse().ok()))
}

/// The server's log is not the one the cursor was read from: read it again from the start.
pub fn rewind_cursor(conn: &Connection) -> Result<()> {
    set_state(conn, "cursor", "0")?;
    conn.execute("DELETE FROM sync_state WHERE key = 'cursor_stamp'", [])?;
    Ok(())
}

/// The server version this terminal last saw of an entity: the base of its next edit.
pub fn base_version(conn: &Connection, kind: &str, id: &str) -> Result<i64> {
    let sql = match kind {
        "product" => "SELECT sync_version FROM products WHERE id = ?1",
        "category" => "SELECT sync_version FROM categories WHERE id = ?1",
        "supplier" => "SELECT sync_version FROM suppliers WHERE id = ?1",
        "customer" => "SELECT sync_version FROM customers WHERE id = ?1",
        "user" => "SELECT sync_version FROM users WHERE id = ?1",
        "store_profile" => "SELECT sync_version FROM store_profile WHERE ?1 = ?1",
        "store_policies" => {
            return Ok(state(conn, "policies_version")?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0));
        }
        _ => return Ok(0),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// An outbox payload for a change of reference data: the whole record, the fields this edit
/// changed (against `before`; all of them when None), and the base version.
pub fn ref_edit(conn: &Connection, kind: &str, id: &str, before: Option<&Value>, after: Value) -> Result<Value> {
    let changed: Option<Vec<String>> = before.and_then(Value::as_object).map(|b| {
        after
            .as_object()
            .map(|a| {
                a.iter()
                    .filter(|(k, v)| !LOCAL_FIELDS.contains(&k.as_str()) && b.get(*k) != Some(*v))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default()
    });
    let base = base_version(conn, kind, id)?;
    Ok(serde_json::json!({ "state": after, "changed": changed, "base": base }))
}

/// Queues the whole store ahead of the outbox when a terminal first links a store that traded
/// before (data written before the outbox existed, or by the demo seeder, is in no outbox row):
/// profile, policies, staff, categories (parents first), suppliers, products, customers, and the
/// stock movements and audit events not already queued. Reference data goes as whole records;
/// facts the outbox already holds are not repeated. Each record names its own author where it has
/// one (a movement's or an audit event's user), else `by`, the owner linking the store. Returns
/// how many records were queued.
pub fn snapshot(conn: &Connection, now: i64, by: &str) -> Result<usize> {
    const QUERIES: [(&str, &str); 9] = [
        (
            "store_profile",
            "SELECT 'store', json_object('name', name, 'address', address, 'phone', phone, 'npwp', npwp,
                'branch_code', branch_code, 'opening_hours', opening_hours,
                'vat_registered', json(iif(vat_registered, 'true', 'false')), 'ppn_rate_bp', ppn_rate_bp,
                'prices_include_tax', json(iif(prices_include_tax, 'true', 'false'))) FROM store_profile",
        ),
        (
            "store_policies",
            "SELECT 'policies', json_group_object(key, value) FROM store_policies HAVING count(*) > 0",
        ),
        (
            "user",
            "SELECT id, json_object('id', id, 'email', email, 'name', name, 'role', role,
                'active', json(iif(active, 'true', 'false')), 'password_hash', password_hash, 'pin_hash', pin_hash)
             FROM users ORDER BY created_at, id",
        ),
        (
            "category",
            "WITH RECURSIVE tree(id, depth) AS (
                 SELECT id, 0 FROM categories WHERE parent_id IS NULL
                 UNION ALL SELECT c.id, t.depth + 1 FROM categories c JOIN tree t ON c.parent_id = t.id)
             SELECT c.id, json_object('id', c.id, 'parent_id', c.parent_id, 'name', c.name,
                'active', json(iif(c.active, 'true', 'false')))
             FROM tree t JOIN categories c ON c.id = t.id ORDER BY t.depth, c.id",
        ),
        (
            "supplier",
            "SELECT id, json_object('id', id, 'name', name, 'contact_name', contact_name, 'phone', phone,
                'email', email, 'address', address, 'notes', notes, 'active', json(iif(active, 'true', 'false')))
             FROM suppliers ORDER BY id",
        ),
        (
            "product",
            "SELECT id, json_object('id', id, 'sku', sku, 'barcode', barcode, 'barcode_kind', barcode_kind,
                'name', name, 'brand', brand, 'model', model, 'category_id', category_id, 'supplier_id', supplier_id,
                'price', price, 'cost', cost, 'weight_g', weight_g, 'length_mm', length_mm, 'width_mm', width_mm,
                'height_mm', height_mm, 'min_stock', min_stock, 'low_stock_threshold', low_stock_threshold,
                'featured', json(iif(featured, 'true', 'false')), 'active', json(iif(active, 'true', 'false')))
             FROM products ORDER BY id",
        ),
        (
            "customer",
            "SELECT id, json_object('id', id, 'name', name, 'phone', phone, 'email', email) FROM customers ORDER BY id",
        ),
        (
            "stock_movement",
            "SELECT id, json_object('id', id, 'product_id', product_id, 'branch', branch, 'quantity', quantity,
                'reason', reason, 'note', note, 'user_id', user_id, 'at', at, 'ref_id', ref_id)
             FROM stock_movements m WHERE ref_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'stock_movement' AND o.entity_id = m.id)
             ORDER BY at, id",
        ),
        (
            "audit_event",
            "SELECT id, json_object('id', id, 'at', at, 'user_id', user_id, 'action', action, 'entity', entity,
                'entity_id', entity_id, 'before', json(before), 'after', json(after))
             FROM audit_events a
             WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'audit_event' AND o.entity_id = a.id)
             ORDER BY at, id",
        ),
    ];
    let mut rows: Vec<(&str, String, Value, Option<String>)> = Vec::new();
    for (kind, sql) in QUERIES {
        let mut stmt = conn.prepare(sql)?;
        let found = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for f in found {
            let (id, json) = f?;
            let state: Value = serde_json::from_str(&json).map_err(|e| bad(e.to_string()))?;
            let author = match kind {
                "audit_event" => state.get("user_id").and_then(Value::as_str).map(str::to_string),
                _ => Some(state.get("user_id").and_then(Value::as_str).unwrap_or(by).to_string()),
            };
            let payload = match Kind::parse(kind) {
                Some(k) if !k.is_fact() => serde_json::json!({ "state": state, "changed": null, "base": 0 }),
                _ => state,
            };
            rows.push((kind, id, payload, author));
        }
    }
    // Ahead of everything already queued (nothing has been sent yet): renumber, then insert 1..n.
    let n = rows.len() as i64;
    conn.execute("UPDATE outbox SET seq = -seq", [])?;
    conn.execute("UPDATE outbox SET seq = -seq + ?1", [n])?;
    let mut insert =
        conn.prepare("INSERT INTO outbox (seq, kind, entity_id, payload, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for (i, (kind, id, payload, author)) in rows.iter().enumerate() {
        insert.execute(params![i as i64 + 1, kind, id, payload.to_string(), now, author])?;
    }
    conn.execute("UPDATE outbox_counter SET last = last + ?1 WHERE id = 1", [n])?;
    Ok(rows.len())
}

/// What applying a page did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub applied: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Store policies or profile changed: cached settings must be re-read.
    pub settings_changed: bool,
}

/// Applies one pulled page and moves the cursor, in one transaction.
pub fn apply_page(conn: &mut Connection, page: &PullResponse, now: i64) -> Result<Applied> {
    relaxed(conn, |conn| apply_page_in(conn, page, now))
}

fn apply_page_in(conn: &mut Connection, page: &PullResponse, now: i64) -> Result<Applied> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut out = Applied::default();
    for c in &page.changes {
        tx.execute_batch("SAVEPOINT change")?;
        match apply_change(&tx, c, now) {
            Ok(true) => {
                out.applied += 1;
                out.settings_changed |= matches!(c.kind.as_str(), "store_policies" | "store_profile");
                tx.execute_batch("RELEASE change")?;
            }
            Ok(false) => {
                out.skipped += 1;
                tx.execute_batch("RELEASE change")?;
            }
            Err(e) => {
                tx.execute_batch("ROLLBACK TO change; RELEASE change")?;
                out.failed += 1;
                tracing::warn!(kind = %c.kind, id = %c.id, error = %e, "a pulled change could not be applied");
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO sync_issues (id, issue, kind, record_id, reason, origin, detail, at)
                     VALUES (?1, 'not_applied', ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    format!("local-{}", c.seq),
                    c.kind,
                    c.id,
                    e.to_string(),
                    c.origin.clone().unwrap_or_default(),
                    with_version(&c.payload, c.version),
                    now
                ])?;
            }
        }
    }
    if out.applied > 0 {
        retry_not_applied(&tx, now, &mut out)?;
    }
    set_state(&tx, "cursor", &page.next.to_string())?;
    if let Some(stamp) = page.stamp {
        set_state(&tx, "cursor_stamp", &stamp.to_string())?;
    }
    if let Some(m) = page.manages_staff {
        set_owner_desk(&tx, m)?;
    }
    tx.commit()?;
    Ok(out)
}

/// How many times a change that cannot be applied is tried again before it is left to the owner.
pub const MAX_RETRIES: i64 = 50;

/// Changes that could not be applied when they arrived (what they refer to came later) are tried
/// again after each page that brought something new, the least-tried first; one that applies
/// leaves the list, one that fails counts a try.
fn retry_not_applied(tx: &Connection, now: i64, out: &mut Applied) -> Result<()> {
    let waiting: Vec<(String, Change)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, kind, record_id, origin, detail FROM sync_issues
             WHERE issue = 'not_applied' AND resolved_at IS NULL AND attempts < ?1
             ORDER BY attempts, at, id LIMIT 200",
        )?;
        let rows = stmt.query_map([MAX_RETRIES], |r| {
            let detail: Option<String> = r.get(4)?;
            let origin: String = r.get(3)?;
            Ok((
                r.get::<_, String>(0)?,
                Change {
                    seq: 0,
                    kind: r.get(1)?,
                    id: r.get(2)?,
                    origin: Some(origin).filter(|o| !o.is_empty()),
                    version: 0,
                    payload: detail
                        .and_then(|d| serde_json::from_str(&d).ok())
                        .unwrap_or(Value::Null),
                },
            ))
        })?;
        rows.collect::<Result<_>>()?
    };
    for (issue, mut change) in waiting {
        change.version = change.payload.get("__version").and_then(Value::as_i64).unwrap_or(0);
        if let Some(o) = change.payload.as_object_mut() {
            o.remove("__version");
        }
        tx.execute_batch("SAVEPOINT retry")?;
        match apply_change(tx, &change, now) {
            Ok(_) => {
                tx.execute_batch("RELEASE retry")?;
                tx.prepare_cached("DELETE FROM sync_issues WHERE id = ?1")?
                    .execute([&issue])?;
                out.failed = out.failed.saturating_sub(1);
                out.applied += 1;
            }
            Err(_) => {
                tx.execute_batch("ROLLBACK TO retry; RELEASE retry")?;
                tx.prepare_cached("UPDATE sync_issues SET attempts = attempts + 1 WHERE id = ?1")?
                    .execute([&issue])?;
            }
        }
    }
    Ok(())
}

/// The payload kept for a retry, with the entity version it carried.
fn with_version(payload: &Value, version: i64) -> String {
    let mut p = payload.clone();
    if let Some(o) = p.as_object_mut()
        && version > 0
    {
        o.insert("__version".into(), version.into());
    }
    p.to_string()
}

fn bad(msg: String) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(msg.into())
}

fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T> {
    T::deserialize(v).map_err(|e| bad(format!("malformed payload: {e}")))
}

fn exists(conn: &Connection, sql: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn pending_edit(conn: &Connection, kind: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM outbox WHERE kind = ?1 AND entity_id = ?2 LIMIT 1")?
        .query_row(params![kind, id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Applies one change; false when there was nothing to do (already here).
fn apply_change(tx: &Connection, c: &Change, now: i64) -> Result<bool> {
    let p = &c.payload;
    let Some(kind) = ChangeKind::parse(&c.kind) else {
        return Err(bad(format!("unknown change kind {:?}", c.kind)));
    };
    match kind {
        ChangeKind::Record(Kind::Sale) => {
            let sale: Sale = parse(p)?;
            if exists(tx, "SELECT 1 FROM sales WHERE id = ?1", &sale.id)? {
                return Ok(false);
            }
            pos_store::sales::insert(tx, &sale).map_err(store_err)?;
            if let Some(by) = &sale.discount_approved_by {
                pos_store::sales::insert_approval(tx, &sale.id, None, "discount", by, "").map_err(store_err)?;
            }
            number_seen(tx, &sale.receipt_no)?;
            for l in &sale.lines {
                let m = NewMovement {
                    product_id: &l.product_id,
                    branch: &sale.branch,
                    quantity: -l.quantity,
                    reason: "sale",
                    note: &sale.receipt_no,
                    user_id: Some(&sale.cashier_id),
                    at: sale.at,
                    ref_id: Some(&sale.id),
                };
                stock::insert_with_id(tx, &l.id, &m).map_err(store_err)?;
            }
        }
        ChangeKind::Record(Kind::Return) => {
            let ret: Return = parse(p)?;
            if exists(tx, "SELECT 1 FROM returns WHERE id = ?1", &ret.id)? {
                return Ok(false);
            }
            pos_store::sales::insert_return(tx, &ret).map_err(store_err)?;
            number_seen(tx, &ret.return_no)?;
            for l in &ret.lines {
                let m = NewMovement {
                    product_id: &l.product_id,
                    branch: &ret.branch,
                    quantity: l.quantity,
                    reason: "return",
                    note: &ret.return_no,
                    user_id: Some(&ret.cashier_id),
                    at: ret.at,
                    ref_id: Some(&ret.id),
                };
                stock::insert_with_id(tx, &l.id, &m).map_err(store_err)?;
            }
        }
        ChangeKind::Record(Kind::StockMovement) => {
            #[derive(Deserialize)]
            struct M {
                id: String,
                product_id: String,
                branch: String,
                quantity: i64,
                reason: String,
                #[serde(default)]
                note: String,
                user_id: Option<String>,
                at: i64,
                ref_id: Option<String>,
            }
            let m: M = parse(p)?;
            if exists(tx, "SELECT 1 FROM stock_movements WHERE id = ?1", &m.id)? {
                return Ok(false);
            }
            let nm = NewMovement {
                product_id: &m.product_id,
                branch: &m.branch,
                quantity: m.quantity,
                reason: &m.reason,
                note: &m.note,
                user_id: m.user_id.as_deref(),
                at: m.at,
                ref_id: m.ref_id.as_deref(),
            };
            stock::insert_with_id(tx, &m.id, &nm).map_err(store_err)?;
        }
        ChangeKind::Record(Kind::ShiftOpened) => {
            let s: pos_store::shifts::Shift = parse(p)?;
            if exists(tx, "SELECT 1 FROM shifts WHERE id = ?1", &s.id)? {
                return Ok(false);
            }
            pos_store::shifts::insert(tx, &s).map_err(store_err)?;
        }
        ChangeKind::Record(Kind::ShiftClosed) => {
            // Terminals before 2026-11-22 wrapped it as {shift, totals}.
            let s: pos_store::shifts::Shift = parse(p.get("shift").unwrap_or(p))?;
            let n = tx.execute(
                "UPDATE shifts SET closed_by = ?2, closed_at = ?3, counted_cash = ?4, expected_cash = ?5, note = ?6
                 WHERE id = ?1 AND closed_at IS NULL",
                params![
                    s.id,
                    s.closed_by,
                    s.closed_at,
                    s.counted_cash.map(|m| m.rupiah()),
                    s.expected_cash.map(|m| m.rupiah()),
                    s.note
                ],
            )?;
            if n == 0 {
                if !exists(tx, "SELECT 1 FROM shifts WHERE id = ?1", &s.id)? {
                    return Err(bad(format!("shift {} was never opened here", s.id)));
                }
                return Ok(false);
            }
        }
        ChangeKind::Record(Kind::CashMovement) => {
            #[derive(Deserialize)]
            struct C {
                id: String,
                shift_id: String,
                amount: i64,
                reason: String,
                user_id: String,
                at: i64,
            }
            let m: C = parse(p)?;
            return Ok(tx.execute(
                "INSERT OR IGNORE INTO cash_movements (id, shift_id, amount, reason, user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![m.id, m.shift_id, m.amount, m.reason, m.user_id, m.at],
            )? > 0);
        }
        ChangeKind::Record(Kind::AuditEvent) => {
            #[derive(Deserialize)]
            struct A {
                id: String,
                at: i64,
                user_id: Option<String>,
                action: String,
                entity: String,
                entity_id: Option<String>,
                before: Option<Value>,
                after: Option<Value>,
            }
            let a: A = parse(p)?;
            let text = |v: &Option<Value>| v.as_ref().filter(|v| !v.is_null()).map(Value::to_string);
            return Ok(tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO audit_events (id, at, user_id, action, entity, entity_id, before, after)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    a.id,
                    a.at,
                    a.user_id,
                    a.action,
                    a.entity,
                    a.entity_id,
                    text(&a.before),
                    text(&a.after)
                ])?
                > 0);
        }
        ChangeKind::Record(Kind::ChatMessage) => {
            #[derive(Deserialize)]
            struct M {
                id: String,
                conversation_id: String,
                author: String,
                body: String,
                at: i64,
            }
            let m: M = parse(p)?;
            return Ok(tx.execute(
                "INSERT OR IGNORE INTO chat_messages (id, conversation_id, author, body, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![m.id, m.conversation_id, m.author, m.body, m.at],
            )? > 0);
        }
        ChangeKind::Record(Kind::Order) => {
            let o: pos_store::orders::Order = parse(p)?;
            if exists(tx, "SELECT 1 FROM orders WHERE id = ?1", &o.id)? {
                return Ok(false);
            }
            pos_store::orders::insert(tx, &o).map_err(store_err)?;
            number_seen(tx, &o.order_no)?;
            pos_store::orders::add_event(tx, &o.id, None, o.status, None, &o.source, o.created_at)
                .map_err(store_err)?;
            if o.status.holds_stock() && o.sale_id.is_none() {
                for l in &o.lines {
                    pos_store::orders::reserve(tx, l, &o.branch, o.created_at).map_err(store_err)?;
                }
            }
        }
        ChangeKind::Record(Kind::OrderEvent) => {
            use pos_store::orders::OrderStatus;
            #[derive(Deserialize)]
            struct E {
                id: String,
                order_id: String,
                #[serde(default)]
                from: Option<String>,
                to: String,
                #[serde(default)]
                note: String,
                at: i64,
                #[serde(default)]
                tracking_no: Option<String>,
                #[serde(default)]
                packed_weight_g: Option<i64>,
            }
            let e: E = parse(p)?;
            if exists(tx, "SELECT 1 FROM order_events WHERE id = ?1", &e.id)? {
                return Ok(false);
            }
            let to = OrderStatus::parse(&e.to).ok_or_else(|| bad(format!("unknown status {}", e.to)))?;
            let current: Option<(String, String, Option<String>)> = tx
                .query_row(
                    "SELECT status, branch, sale_id FROM orders WHERE id = ?1",
                    [&e.order_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((status, branch, sale_id)) = current else {
                return Err(bad(format!("order {} is not here yet", e.order_id)));
            };
            let from = OrderStatus::parse(&status).ok_or_else(|| bad(format!("unknown status {status}")))?;
            if from == to || e.from.as_deref().is_some_and(|f| f != status) || !from.can_become(to) {
                // Already there, or another terminal moved it first: the first step stands.
                return Ok(false);
            }
            let payment = match to {
                OrderStatus::Paid => Some("paid"),
                OrderStatus::Cancelled => {
                    let paid: String =
                        tx.query_row("SELECT payment_status FROM orders WHERE id = ?1", [&e.order_id], |r| {
                            r.get(0)
                        })?;
                    Some(if paid == "paid" { "refund_due" } else { "unpaid" })
                }
                _ => None,
            };
            tx.execute(
                "UPDATE orders SET status = ?2, payment_status = coalesce(?3, payment_status),
                    tracking_no = coalesce(?4, tracking_no), packed_weight_g = coalesce(?5, packed_weight_g),
                    updated_at = ?6, version = version + 1 WHERE id = ?1",
                params![e.order_id, to.as_str(), payment, e.tracking_no, e.packed_weight_g, e.at],
            )?;
            match to {
                OrderStatus::Paid if sale_id.is_none() => {
                    for l in pos_store::orders::lines(tx, &e.order_id).map_err(store_err)? {
                        pos_store::orders::reserve(tx, &l, &branch, e.at).map_err(store_err)?;
                    }
                }
                OrderStatus::Shipped => {
                    pos_store::orders::release(tx, &e.order_id, e.at).map_err(store_err)?;
                    pos_store::reporting::index_shipment(tx, &e.order_id, e.at).map_err(store_err)?;
                }
                OrderStatus::Cancelled => pos_store::orders::release(tx, &e.order_id, e.at).map_err(store_err)?,
                _ => {}
            }
            tx.execute(
                "INSERT OR IGNORE INTO order_events (id, order_id, from_status, to_status, note, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![e.id, e.order_id, status, to.as_str(), e.note, e.at],
            )?;
        }
        ChangeKind::Oversold => {
            #[derive(Deserialize)]
            struct O {
                id: String,
                product_id: String,
                branch: String,
                sale_id: Option<String>,
                on_hand: i64,
            }
            let o: O = parse(p)?;
            let at: i64 = tx
                .query_row("SELECT at FROM sales WHERE id = ?1", [&o.sale_id], |r| r.get(0))
                .optional()?
                .unwrap_or(0);
            return Ok(tx.execute(
                "INSERT OR IGNORE INTO oversold (id, product_id, branch, sale_id, on_hand, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![o.id, o.product_id, o.branch, o.sale_id, o.on_hand, at],
            )? > 0);
        }
        ChangeKind::SyncIssue => {
            let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let origin = format!("{}/{}", s("branch"), s("device"));
            return Ok(tx.execute(
                "INSERT OR IGNORE INTO sync_issues (id, issue, kind, record_id, reason, origin, detail, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    s("id"),
                    s("issue"),
                    s("kind"),
                    s("record_id"),
                    s("reason"),
                    origin,
                    p.get("detail").map(Value::to_string),
                    now
                ],
            )? > 0);
        }
        ChangeKind::Record(k) => {
            if pending_edit(tx, k.as_str(), &c.id)? {
                // This terminal's newer edit is still on its way; the server's merge of it comes back.
                return Ok(false);
            }
            let state: Map<String, Value> = parse(p)?;
            apply_reference(tx, k, &c.id, &state, c.version, now)?;
        }
    }
    Ok(true)
}

/// A record carrying one of this terminal's own numbers (taken back from the server after this
/// file lost commits) moves the terminal's counter past it: a pulled record never blocks the
/// next sale, return or order.
fn number_seen(tx: &Connection, number: &str) -> Result<()> {
    let terminal = pos_store::settings::device(tx, "terminal")
        .map_err(store_err)?
        .unwrap_or_else(|| "T1".into());
    let branch: Option<String> = tx
        .prepare_cached("SELECT branch_code FROM store_profile WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    if let Some(branch) = branch {
        pos_store::settings::number_seen(tx, &branch, &terminal, number).map_err(store_err)?;
    }
    Ok(())
}

fn store_err(e: pos_store::StoreError) -> rusqlite::Error {
    match e {
        pos_store::StoreError::Sqlite(e) => e,
        other => bad(other.to_string()),
    }
}

fn get<'a>(s: &'a Map<String, Value>, k: &str) -> &'a Value {
    s.get(k).unwrap_or(&Value::Null)
}
fn text(s: &Map<String, Value>, k: &str) -> String {
    get(s, k).as_str().unwrap_or_default().to_string()
}
fn opt(s: &Map<String, Value>, k: &str) -> Option<String> {
    get(s, k).as_str().filter(|v| !v.is_empty()).map(str::to_string)
}
fn int(s: &Map<String, Value>, k: &str) -> i64 {
    get(s, k).as_i64().unwrap_or_default()
}
fn flag(s: &Map<String, Value>, k: &str) -> bool {
    get(s, k).as_bool().unwrap_or_else(|| get(s, k).as_i64() == Some(1))
}

/// Writes the server's state of an entity over this terminal's copy (`version` bumps so an open
/// editor sees it changed; `sync_version` is the base of the next local edit).
fn apply_reference(tx: &Connection, k: Kind, id: &str, s: &Map<String, Value>, version: i64, now: i64) -> Result<()> {
    match k {
        Kind::Product => {
            let name = text(s, "name");
            tx.prepare_cached(
                "INSERT INTO products (id, sku, barcode, barcode_kind, name, name_key, brand, model, category_id,
                    supplier_id, price, cost, weight_g, length_mm, width_mm, height_mm, min_stock, low_stock_threshold,
                    featured, active, created_at, updated_at, sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21, ?22)
                 ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode,
                    barcode_kind = excluded.barcode_kind, name = excluded.name, name_key = excluded.name_key,
                    brand = excluded.brand, model = excluded.model, category_id = excluded.category_id,
                    supplier_id = excluded.supplier_id, price = excluded.price, cost = excluded.cost,
                    weight_g = excluded.weight_g, length_mm = excluded.length_mm, width_mm = excluded.width_mm,
                    height_mm = excluded.height_mm, min_stock = excluded.min_stock,
                    low_stock_threshold = excluded.low_stock_threshold, featured = excluded.featured,
                    active = excluded.active, version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
                id,
                text(s, "sku"),
                opt(s, "barcode"),
                opt(s, "barcode_kind"),
                name,
                name.to_lowercase(),
                text(s, "brand"),
                text(s, "model"),
                text(s, "category_id"),
                opt(s, "supplier_id"),
                int(s, "price"),
                int(s, "cost"),
                int(s, "weight_g"),
                int(s, "length_mm"),
                int(s, "width_mm"),
                int(s, "height_mm"),
                int(s, "min_stock"),
                int(s, "low_stock_threshold"),
                flag(s, "featured"),
                flag(s, "active"),
                now,
                version
            ])?;
        }
        Kind::Category => {
            tx.prepare_cached(
                "INSERT INTO categories (id, parent_id, name, active, created_at, updated_at, sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
                    active = excluded.active, version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
                id,
                opt(s, "parent_id"),
                text(s, "name"),
                flag(s, "active"),
                now,
                version
            ])?;
        }
        Kind::Supplier => {
            tx.prepare_cached(
                "INSERT INTO suppliers (id, name, contact_name, phone, email, address, notes, active, created_at,
                    updated_at, sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, contact_name = excluded.contact_name,
                    phone = excluded.phone, email = excluded.email, address = excluded.address, notes = excluded.notes,
                    active = excluded.active, version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
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
        }
        Kind::Customer => {
            tx.prepare_cached(
                "INSERT INTO customers (id, name, phone, email, created_at, updated_at, sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email,
                    version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
                id,
                text(s, "name"),
                text(s, "phone"),
                text(s, "email"),
                now,
                version
            ])?;
        }
        Kind::User => {
            let role = text(s, "role");
            if !["owner", "admin", "cashier", "warehouse"].contains(&role.as_str())
                || text(s, "password_hash").is_empty()
            {
                return Err(bad("a user needs a known role and a password hash".into()));
            }
            tx.prepare_cached(
                "INSERT INTO users (id, email, name, role, password_hash, pin_hash, active, created_at, updated_at,
                    sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)
                 ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, role = excluded.role,
                    password_hash = excluded.password_hash, pin_hash = excluded.pin_hash, active = excluded.active,
                    version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
                id,
                text(s, "email"),
                text(s, "name"),
                role,
                text(s, "password_hash"),
                opt(s, "pin_hash"),
                flag(s, "active"),
                now,
                version
            ])?;
        }
        Kind::StoreProfile => {
            // The branch code is this terminal's own (set at enrolment), never another branch's.
            let branch: String = tx
                .query_row("SELECT branch_code FROM store_profile WHERE id = 1", [], |r| r.get(0))
                .optional()?
                .or(pos_store::settings::device(tx, "branch_code").map_err(store_err)?)
                .unwrap_or_else(|| "MAIN".into());
            tx.prepare_cached(
                "INSERT INTO store_profile (id, name, address, phone, npwp, branch_code, opening_hours, vat_registered,
                    ppn_rate_bp, prices_include_tax, updated_at, sync_version)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
                    phone = excluded.phone, npwp = excluded.npwp, opening_hours = excluded.opening_hours,
                    vat_registered = excluded.vat_registered, ppn_rate_bp = excluded.ppn_rate_bp,
                    prices_include_tax = excluded.prices_include_tax, version = version + 1,
                    sync_version = excluded.sync_version",
            )?
            .execute(params![
                text(s, "name"),
                text(s, "address"),
                text(s, "phone"),
                text(s, "npwp"),
                branch,
                text(s, "opening_hours"),
                flag(s, "vat_registered"),
                int(s, "ppn_rate_bp"),
                flag(s, "prices_include_tax"),
                now,
                version
            ])?;
        }
        Kind::StorePolicies => {
            for (k, v) in s {
                let v = match v {
                    Value::String(t) => t.clone(),
                    Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                    other => other.to_string(),
                };
                pos_store::settings::set_policy(tx, k, &v).map_err(store_err)?;
            }
            set_state(tx, "policies_version", &version.to_string())?;
        }
        _ => return Err(bad(format!("{} is not reference data", k.as_str()))),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 3600 * 1000;

    fn queue(conn: &Connection, n: usize) {
        for i in 0..n {
            pos_store::outbox::append(
                conn,
                "audit_event",
                &format!("e{i}"),
                &serde_json::json!({ "i": i }),
                0,
                None,
            )
            .unwrap();
        }
    }

    fn seqs(conn: &Connection, table: &str) -> Vec<i64> {
        conn.prepare(&format!("SELECT seq FROM {table} ORDER BY seq"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_restored_server_gets_what_is_still_kept_and_the_outbox_goes_on_without_a_gap() {
        let mut conn = pos_store::open_in_memory().unwrap();
        queue(&conn, 10);
        // 1..=4 acknowledged 40 days ago, 5..=8 yesterday; 9 and 10 still waiting.
        ack(&mut conn, 4, 0).unwrap();
        ack(&mut conn, 8, 40 * DAY).unwrap();
        assert_eq!(seqs(&conn, "outbox_sent"), vec![5, 6, 7, 8], "kept 30 days, no longer");
        assert_eq!(acked_seq(&conn).unwrap(), 8);
        ack(&mut conn, 3, 40 * DAY).unwrap();
        assert_eq!(acked_seq(&conn).unwrap(), 8, "never goes back on a late answer");

        // The server comes back from a backup holding only 1..=2.
        let r = recover_lost(&mut conn, 2, 41 * DAY).unwrap();
        assert_eq!(r, Recovered { resent: 4, lost: 2 });
        assert_eq!(
            seqs(&conn, "outbox"),
            vec![3, 4, 5, 6, 7, 8],
            "numbered on from 3, no gap"
        );
        let ids: Vec<String> = conn
            .prepare("SELECT entity_id FROM outbox ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(ids, ["e4", "e5", "e6", "e7", "e8", "e9"], "same records, same order");
        assert_eq!(acked_seq(&conn).unwrap(), 2);
        queue(&conn, 1);
        assert_eq!(*seqs(&conn, "outbox").last().unwrap(), 9, "the counter follows");
        let reason: String = conn
            .query_row(
                "SELECT reason FROM sync_issues WHERE issue = 'server_restored'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            reason.contains("4 records sent again") && reason.contains("2 older than 30 days"),
            "{reason}"
        );

        // Everything still kept: resent with its own numbers, nothing renumbered.
        let mut conn = pos_store::open_in_memory().unwrap();
        queue(&conn, 6);
        ack(&mut conn, 5, DAY).unwrap();
        let r = recover_lost(&mut conn, 3, 2 * DAY).unwrap();
        assert_eq!(r, Recovered { resent: 2, lost: 0 });
        assert_eq!(seqs(&conn, "outbox"), vec![4, 5, 6]);
    }

    fn change(seq: i64, kind: &str, id: &str, payload: Value) -> Change {
        Change {
            seq,
            kind: kind.into(),
            id: id.into(),
            origin: None,
            version: seq,
            payload,
        }
    }

    fn page(changes: Vec<Change>) -> PullResponse {
        let next = changes.last().map_or(0, |c| c.seq);
        PullResponse {
            changes,
            next,
            head: next,
            more: false,
            acked: None,
            stamp: None,
            rewind: false,
            manages_staff: None,
        }
    }

    #[test]
    fn changes_that_never_apply_do_not_starve_one_that_would() {
        let mut conn = pos_store::open_in_memory().unwrap();
        // Twelve hundred broken sales, then a product whose category has not arrived yet.
        let mut junk: Vec<Change> = (1..=1200)
            .map(|i| {
                change(
                    i,
                    "sale",
                    &format!("bad{i}"),
                    serde_json::json!({"id": format!("bad{i}")}),
                )
            })
            .collect();
        apply_page(&mut conn, &page(std::mem::take(&mut junk)), 1).unwrap();
        let product = change(
            1201,
            "product",
            "p1",
            serde_json::json!({"id": "p1", "sku": "P1", "name": "Pick", "category_id": "c1", "price": 1, "cost": 1}),
        );
        apply_page(&mut conn, &page(vec![product]), 2).unwrap();
        let waiting = |c: &Connection| -> i64 {
            c.query_row(
                "SELECT count(*) FROM sync_issues WHERE issue = 'not_applied'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(waiting(&conn), 1201);
        // The category arrives, and then a few more pages of other things.
        apply_page(
            &mut conn,
            &page(vec![change(
                1202,
                "category",
                "c1",
                serde_json::json!({"id": "c1", "name": "Picks"}),
            )]),
            3,
        )
        .unwrap();
        for i in 0..8 {
            let id = format!("c{}", i + 2);
            let c = change(1203 + i, "category", &id, serde_json::json!({"id": id, "name": id}));
            apply_page(&mut conn, &page(vec![c]), 4 + i).unwrap();
        }
        let products: i64 = conn
            .query_row("SELECT count(*) FROM products", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            products, 1,
            "the product applied although twelve hundred older ones never will"
        );
        assert_eq!(waiting(&conn), 1200);
        let tries: i64 = conn
            .query_row("SELECT max(attempts) FROM sync_issues", [], |r| r.get(0))
            .unwrap();
        assert!(tries <= MAX_RETRIES);
    }
}
