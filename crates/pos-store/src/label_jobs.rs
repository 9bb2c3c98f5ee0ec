//! `label_jobs`: batches of shipping labels printed one at a time, resumable after a printer fault.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A batch of labels: `done` counts labels the printer accepted, so a resumed job prints each
/// remaining label once and none twice; `error` is the last fault; the orders in print order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LabelJob {
    pub id: String,
    pub total: i64,
    pub done: i64,
    pub error: Option<String>,
    pub order_ids: Vec<String>,
}

pub fn create(conn: &Connection, id: &str, order_ids: &[String], now: i64) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO label_jobs (id, kind, total, payload, created_at, updated_at) VALUES (?1, 'shipping', ?2, ?3, ?4, ?4)",
        params![id, order_ids.len() as i64, serde_json::to_string(order_ids).unwrap_or_default(), now],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<LabelJob>> {
    let row: Option<(i64, i64, Option<String>, String)> = conn
        .query_row(
            "SELECT total, done, error, payload FROM label_jobs WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    row.map(|(total, done, error, payload)| {
        Ok(LabelJob {
            id: id.to_string(),
            total,
            done,
            error,
            order_ids: serde_json::from_str(&payload)
                .map_err(|e| crate::StoreError::Corrupt(format!("label job {id}: {e}")))?,
        })
    })
    .transpose()
}

/// One more label printed; the last fault is cleared.
pub fn printed_one(conn: &Connection, id: &str, now: i64) -> crate::Result<()> {
    conn.execute(
        "UPDATE label_jobs SET done = done + 1, error = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

pub fn failed(conn: &Connection, id: &str, error: &str, now: i64) -> crate::Result<()> {
    conn.execute(
        "UPDATE label_jobs SET error = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, error, now],
    )?;
    Ok(())
}
