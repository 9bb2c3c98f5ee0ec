//! `changes`: each store's change log, read by the terminals' pull; and `push_outcomes` with
//! `facts`, read back by a terminal that lost its own commits (`GET /v1/own`).

use super::{Db, execute, query, query_opt};
use crate::ApiError;
use pos_protocol::Record;
use serde_json::Value;
use uuid::Uuid;

/// Appends one server-made change to the store's log; the caller holds the store's lock
/// ([`super::stores::lock`]), which answered `head`.
pub async fn append(
    db: &impl Db,
    store: Uuid,
    head: i64,
    kind: &str,
    id: &str,
    payload: &Value,
) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO changes (store_id, seq, kind, entity_id, origin_device, version, payload, size)
         VALUES ($1, $2, $3, $4, NULL, 0, $5, $6)",
        &[
            &store,
            &(head + 1),
            &kind,
            &id,
            payload,
            &crate::push::write::json_size(payload),
        ],
    )
    .await?;
    execute(
        db,
        "UPDATE stores SET change_seq = $2 WHERE id = $1",
        &[&store, &(head + 1)],
    )
    .await?;
    Ok(())
}

/// The stamp of the log row at `seq` (a restored server's log has other stamps).
pub async fn stamp_at(db: &impl Db, store: Uuid, seq: i64) -> Result<Option<i64>, ApiError> {
    let row = query_opt(
        db,
        "SELECT stamp FROM changes WHERE store_id = $1 AND seq = $2",
        &[&store, &seq],
    )
    .await?;
    Ok(row.map(|r| r.get(0)))
}

/// A row of a pull page. `payload` is None past the page's byte budget (the page stops there) and
/// for the device's own reference edits (it has them).
pub struct Row {
    pub seq: i64,
    pub kind: String,
    pub entity_id: String,
    pub origin: Option<Uuid>,
    pub version: i64,
    pub payload: Option<Value>,
    pub stamp: i64,
    pub within: bool,
    /// The device's own: a fact it pushed, or (when echoes are left out) an entity exactly as it sent it.
    pub own: bool,
}

/// Up to `limit` rows after `after`, with payloads while their running size stays within `budget`
/// bytes (the first row always carries its own). The device's own rows carry none and count
/// nothing: its facts, and its echoes when `skip_echoes`.
///
/// Positions are dense (each push takes the next ones under the store's lock), so the page is
/// the range after `after`: its plan cannot turn into a scan of the whole rest of the log when
/// the table's statistics lag behind a large first push. Should a range come back empty before
/// `head`, the rows are read in order instead. A fact's payload is read only for the rows that
/// carry one.
#[allow(clippy::too_many_arguments)]
pub async fn page(
    db: &impl Db,
    store: Uuid,
    device: Uuid,
    after: i64,
    head: i64,
    limit: i64,
    budget: i64,
    skip_echoes: bool,
) -> Result<Vec<Row>, ApiError> {
    let sql = |rows: &str| {
        format!(
            "SELECT w.seq, w.kind, w.entity_id, w.origin_device, w.version,
                    CASE WHEN w.within AND NOT w.own THEN coalesce(w.payload,
                        (SELECT f.payload FROM facts f WHERE f.store_id = $1 AND f.kind = w.kind AND f.id = w.entity_id))
                    END,
                    w.stamp, w.within, w.own
             FROM (SELECT c.*, (c.running - c.counted < $4 OR c.first) AS within
                   FROM (SELECT c.seq, c.kind, c.entity_id, c.origin_device, c.version, c.payload, c.stamp,
                                c.own, CASE WHEN c.own THEN 0 ELSE c.size END AS counted,
                                sum(CASE WHEN c.own THEN 0 ELSE c.size END) OVER (ORDER BY c.seq)::bigint AS running,
                                row_number() OVER (ORDER BY c.seq) = 1 AS first
                         FROM (SELECT *, (origin_device IS NOT DISTINCT FROM $5 AND (payload IS NULL OR ($6 AND echo))) AS own
                               FROM changes WHERE store_id = $1 AND {rows}) c) c) w
             ORDER BY w.seq"
        )
    };
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 6] =
        [&store, &after, &limit, &budget, &device, &skip_echoes];
    let mut rows = query(db, &sql("seq > $2 AND seq <= $2 + $3"), &params).await?;
    if rows.is_empty() && after < head {
        rows = query(db, &sql("seq > $2 ORDER BY seq LIMIT $3"), &params).await?;
    }
    Ok(rows
        .iter()
        .map(|r| Row {
            seq: r.get(0),
            kind: r.get(1),
            entity_id: r.get(2),
            origin: r.get(3),
            version: r.get(4),
            payload: r.get(5),
            stamp: r.get(6),
            within: r.get(7),
            own: r.get(8),
        })
        .collect())
}

/// Up to `limit` of the device's records after its sequence `after`, in order, with the facts'
/// content (reference edits come back through the pull: number and kind only).
pub async fn own_records(
    db: &impl Db,
    store: Uuid,
    device: Uuid,
    after: i64,
    limit: i64,
) -> Result<Vec<Record>, ApiError> {
    let rows = query(
        db,
        "SELECT seq, kind, id, payload,
                coalesce((payload ->> 'at')::bigint, (extract(epoch FROM received_at) * 1000)::bigint, 0)
         FROM (SELECT o.seq, o.kind, o.record_id AS id, f.payload, f.received_at
               FROM push_outcomes o
               LEFT JOIN facts f ON f.store_id = $4 AND f.kind = o.kind AND f.id = o.record_id AND f.device_id = o.device_id
               WHERE o.device_id = $1 AND o.seq > $2
               UNION ALL
               SELECT seq, kind, id, payload, received_at FROM facts WHERE device_id = $1 AND seq > $2) r
         ORDER BY seq LIMIT $3",
        &[&device, &after, &limit, &store],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| Record {
            seq: r.get(0),
            kind: r.get(1),
            id: r.get(2),
            at: r.get(4),
            by: None,
            payload: r.get::<_, Option<Value>>(3).unwrap_or(Value::Null),
        })
        .collect())
}
