//! A pulled page applied with its cursor in one transaction, each change in a savepoint, with retries of what could not apply yet.

use super::*;

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

pub(super) fn apply_page_in(conn: &mut Connection, page: &PullResponse, now: i64) -> Result<Applied> {
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
pub(super) fn retry_not_applied(tx: &Connection, now: i64, out: &mut Applied) -> Result<()> {
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
pub(super) fn with_version(payload: &Value, version: i64) -> String {
    let mut p = payload.clone();
    if let Some(o) = p.as_object_mut()
        && version > 0
    {
        o.insert("__version".into(), version.into());
    }
    p.to_string()
}

pub(super) fn bad(msg: String) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(msg.into())
}

pub(super) fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T> {
    T::deserialize(v).map_err(|e| bad(format!("malformed payload: {e}")))
}

pub(super) fn pending_edit(conn: &Connection, kind: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM outbox WHERE kind = ?1 AND entity_id = ?2 LIMIT 1")?
        .query_row(params![kind, id], |_| Ok(()))
        .optional()?
        .is_some())
}
