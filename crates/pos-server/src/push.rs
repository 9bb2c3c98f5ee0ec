//! Push: one device's outbox records, applied in order in one PostgreSQL transaction.
//!
//! - Unique on (device, seq): a record at or below the device's last sequence is a replay and gets
//!   the answer stored for it the first time, so a retried batch gets the identical response.
//! - A batch starting after a gap is refused whole (409 with the sequence the server holds).
//! - Facts are unique on (kind, id): the same id with the same content is a duplicate, with
//!   different content a conflict (the first is kept, the second reported), never an overwrite.
//! - Reference data merges field by field in server order; an edit made without having seen a
//!   newer value of a field from another device overwrites it and the old value is recorded.
//! - A record that fails validation is set aside (stored for the owner) and the queue goes on.
//! - Change-log positions, stock balances, oversold flags and chat order are assigned at the end
//!   under the store row's lock, held until commit: positions become visible strictly in order.

use crate::{ApiError, AppState, Device};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use pos_sync::protocol::{
    self, FactView, Kind, LedgerRow, OVERSOLD, Outcome, PushResponse, Pusher, Record, SYNC_ISSUE, Status,
};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use tokio_postgres::Transaction;
use uuid::Uuid;

pub async fn push(
    State(app): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<PushResponse>, ApiError> {
    let device = crate::device(&app, &headers).await?;
    let req = protocol::decode_push(&bytes).map_err(|e| match e {
        protocol::DecodeError::TooMany(_) => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", e.to_string()),
        protocol::DecodeError::Protocol(_) => ApiError::new(StatusCode::BAD_REQUEST, "protocol", e.to_string()),
        _ => ApiError::bad_request(e.to_string()),
    })?;
    if req.device_id != device.id.to_string() {
        return Err(ApiError::forbidden("These records belong to another device"));
    }
    for attempt in 0.. {
        let mut client = app.pool.get().await?;
        let tx = client.transaction().await?;
        let result = match apply_batch(&tx, &device, &req.records).await {
            Ok(r) => tx.commit().await.map(|_| r).map_err(ApiError::from),
            Err(e) => Err(e),
        };
        match result {
            Err(e) if e.retry && attempt < 5 => {
                tokio::time::sleep(std::time::Duration::from_millis(5 << attempt)).await;
                continue;
            }
            other => return other.map(Json),
        }
    }
    unreachable!()
}

/// A change-log row waiting for its position.
struct NewChange {
    kind: String,
    id: String,
    origin: Option<Uuid>,
    version: i64,
    payload: Value,
}

struct NewIssue {
    issue: &'static str,
    seq: Option<i64>,
    kind: String,
    record_id: String,
    reason: String,
    payload: Option<Value>,
}

#[derive(Default)]
struct Effects {
    changes: Vec<NewChange>,
    ledger: Vec<(LedgerRow, String, Option<String>)>,
    chats: Vec<(String, String, Value)>,
    issues: Vec<NewIssue>,
}

enum Plan {
    Done(Status, Option<String>),
    Fact(Kind, FactView),
    Ref(Kind, protocol::RefEdit),
}

async fn apply_batch(tx: &Transaction<'_>, device: &Device, records: &[Record]) -> Result<PushResponse, ApiError> {
    let last: i64 = tx
        .query_one(
            "SELECT last_seq FROM devices WHERE id = $1 FOR NO KEY UPDATE",
            &[&device.id],
        )
        .await?
        .get(0);
    if let Some(first) = records.first()
        && first.seq > last + 1
    {
        let mut e = ApiError::new(
            StatusCode::CONFLICT,
            "gap",
            format!("Sequence {} is missing: the server holds up to {last}", last + 1),
        );
        e.body.acked = Some(last);
        return Err(e);
    }
    let hashes: Vec<Vec<u8>> = records.iter().map(|r| protocol::payload_hash(&r.payload)).collect();
    let mut results: Vec<Option<Outcome>> = vec![None; records.len()];

    // Replays: the stored answer, or a conflict if the content differs.
    let replayed: Vec<i64> = records.iter().filter(|r| r.seq <= last).map(|r| r.seq).collect();
    if !replayed.is_empty() {
        let rows = tx
            .query(
                "SELECT seq, payload_hash, status, reason FROM push_outcomes WHERE device_id = $1 AND seq = ANY($2)",
                &[&device.id, &replayed],
            )
            .await?;
        let stored: HashMap<i64, (Vec<u8>, String, Option<String>)> = rows
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3))))
            .collect();
        for (i, r) in records.iter().enumerate().filter(|(_, r)| r.seq <= last) {
            results[i] = Some(match stored.get(&r.seq) {
                Some((h, status, reason)) if *h == hashes[i] => Outcome {
                    seq: r.seq,
                    status: Status::parse(status).unwrap_or(Status::SetAside),
                    reason: reason.clone(),
                },
                _ => Outcome {
                    seq: r.seq,
                    status: Status::Conflict,
                    reason: Some(format!("sequence {} was received before with different content", r.seq)),
                },
            });
        }
    }

    // New records: validate, then store facts in bulk and merge reference data in order.
    let pusher = Pusher {
        branch: &device.branch,
        terminal: &device.terminal,
    };
    let mut plans: Vec<(usize, Plan)> = Vec::new();
    for (i, r) in records.iter().enumerate().filter(|(_, r)| r.seq > last) {
        let size = serde_json::to_vec(&r.payload).map(|v| v.len()).unwrap_or(usize::MAX);
        let plan = match Kind::parse(&r.kind) {
            _ if size > protocol::MAX_PAYLOAD_BYTES => {
                Plan::Done(Status::SetAside, Some("the record is too large".into()))
            }
            None => Plan::Done(Status::SetAside, Some(format!("unknown kind {:?}", r.kind))),
            Some(k) if k.is_fact() => match protocol::validate_fact(k, &r.id, &r.payload, &pusher) {
                Ok(view) => Plan::Fact(k, view),
                Err(reason) => Plan::Done(Status::SetAside, Some(reason)),
            },
            Some(k) => match protocol::validate_ref(k, &r.id, &r.payload) {
                Ok(edit) => Plan::Ref(k, edit),
                Err(reason) => Plan::Done(Status::SetAside, Some(reason)),
            },
        };
        plans.push((i, plan));
    }

    // Facts: one INSERT for the batch; whatever did not insert existed already.
    let fact_idx: Vec<usize> = plans
        .iter()
        .filter(|(_, p)| matches!(p, Plan::Fact(..)))
        .map(|(i, _)| *i)
        .collect();
    let mut inserted: std::collections::HashSet<(String, String)> = Default::default();
    let mut existing: HashMap<(String, String), (Uuid, Vec<u8>)> = HashMap::new();
    if !fact_idx.is_empty() {
        let kinds: Vec<&str> = fact_idx.iter().map(|&i| records[i].kind.as_str()).collect();
        let ids: Vec<&str> = fact_idx.iter().map(|&i| records[i].id.as_str()).collect();
        let seqs: Vec<i64> = fact_idx.iter().map(|&i| records[i].seq).collect();
        let payloads: Vec<&Value> = fact_idx.iter().map(|&i| &records[i].payload).collect();
        let fhashes: Vec<&Vec<u8>> = fact_idx.iter().map(|&i| &hashes[i]).collect();
        let rows = tx
            .query(
                "INSERT INTO facts (kind, id, store_id, device_id, seq, payload, payload_hash)
                 SELECT k, i, $3, $4, s, p, h FROM unnest($1::text[], $2::text[], $5::bigint[], $6::jsonb[], $7::bytea[])
                     AS t(k, i, s, p, h)
                 ON CONFLICT (kind, id) DO NOTHING RETURNING kind, id",
                &[&kinds, &ids, &device.store_id, &device.id, &seqs, &payloads, &fhashes],
            )
            .await?;
        inserted = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        let missing: Vec<usize> = fact_idx
            .iter()
            .copied()
            .filter(|&i| !inserted.contains(&(records[i].kind.clone(), records[i].id.clone())))
            .collect();
        if !missing.is_empty() {
            let mk: Vec<&str> = missing.iter().map(|&i| records[i].kind.as_str()).collect();
            let mi: Vec<&str> = missing.iter().map(|&i| records[i].id.as_str()).collect();
            let rows = tx
                .query(
                    "SELECT f.kind, f.id, f.store_id, f.payload_hash FROM facts f
                     JOIN unnest($1::text[], $2::text[]) AS t(k, i) ON f.kind = t.k AND f.id = t.i",
                    &[&mk, &mi],
                )
                .await?;
            existing = rows
                .iter()
                .map(|r| ((r.get(0), r.get(1)), (r.get(2), r.get(3))))
                .collect();
        }
    }

    // Reference data merges under the store lock (taken now rather than at the end), so edits of
    // the same entities by several devices queue instead of deadlocking on each other.
    if plans.iter().any(|(_, p)| matches!(p, Plan::Ref(..))) {
        tx.execute(
            "SELECT 1 FROM stores WHERE id = $1 FOR NO KEY UPDATE",
            &[&device.store_id],
        )
        .await?;
    }

    let mut fx = Effects::default();
    let mut first_in_batch: HashMap<(String, String), usize> = HashMap::new();
    for (i, plan) in plans {
        let r = &records[i];
        let (status, reason) = match plan {
            Plan::Done(s, reason) => (s, reason),
            Plan::Fact(kind, view) => {
                let key = (r.kind.clone(), r.id.clone());
                if inserted.contains(&key) && !first_in_batch.contains_key(&key) {
                    first_in_batch.insert(key, i);
                    fx.changes.push(NewChange {
                        kind: r.kind.clone(),
                        id: r.id.clone(),
                        origin: Some(device.id),
                        version: 0,
                        payload: r.payload.clone(),
                    });
                    for row in view.ledger {
                        fx.ledger.push((row, r.id.clone(), view.sale_id.clone()));
                    }
                    if let (Kind::ChatMessage, Some(conv)) = (kind, view.conversation) {
                        fx.chats.push((r.id.clone(), conv, r.payload.clone()));
                    }
                    (Status::Applied, None)
                } else {
                    let (store, hash) = match first_in_batch.get(&key) {
                        Some(&j) => (device.store_id, hashes[j].clone()),
                        None => existing.get(&key).cloned().unwrap_or((device.store_id, Vec::new())),
                    };
                    if store != device.store_id {
                        (Status::SetAside, Some("this id belongs to another store".to_string()))
                    } else if hash == hashes[i] {
                        (Status::Duplicate, None)
                    } else {
                        (
                            Status::Conflict,
                            Some(format!("{} {} exists with different content", r.kind, r.id)),
                        )
                    }
                }
            }
            Plan::Ref(kind, edit) => merge(tx, device, r, kind, edit, &mut fx).await?,
        };
        if matches!(status, Status::SetAside | Status::Conflict) {
            fx.issues.push(NewIssue {
                issue: if status == Status::Conflict {
                    "conflict"
                } else {
                    "set_aside"
                },
                seq: Some(r.seq),
                kind: r.kind.clone(),
                record_id: r.id.clone(),
                reason: reason.clone().unwrap_or_default(),
                payload: Some(r.payload.clone()),
            });
        }
        results[i] = Some(Outcome {
            seq: r.seq,
            status,
            reason,
        });
    }

    // Store each new record's answer.
    let new: Vec<usize> = (0..records.len()).filter(|&i| records[i].seq > last).collect();
    if !new.is_empty() {
        let seqs: Vec<i64> = new.iter().map(|&i| records[i].seq).collect();
        let kinds: Vec<&str> = new.iter().map(|&i| records[i].kind.as_str()).collect();
        let ids: Vec<&str> = new.iter().map(|&i| records[i].id.as_str()).collect();
        let nh: Vec<&Vec<u8>> = new.iter().map(|&i| &hashes[i]).collect();
        let statuses: Vec<&str> = new
            .iter()
            .map(|&i| results[i].as_ref().map_or("set_aside", |o| o.status.as_str()))
            .collect();
        let reasons: Vec<Option<&str>> = new
            .iter()
            .map(|&i| results[i].as_ref().and_then(|o| o.reason.as_deref()))
            .collect();
        tx.execute(
            "INSERT INTO push_outcomes (device_id, seq, kind, record_id, payload_hash, status, reason)
             SELECT $1, s, k, i, h, st, re FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bytea[], $6::text[], $7::text[])
                 AS t(s, k, i, h, st, re)",
            &[&device.id, &seqs, &kinds, &ids, &nh, &statuses, &reasons],
        )
        .await?;
        let top = seqs.iter().copied().max().unwrap_or(last);
        tx.execute(
            "UPDATE devices SET last_seq = $2, last_seen_at = now() WHERE id = $1",
            &[&device.id, &top],
        )
        .await?;
    } else {
        tx.execute("UPDATE devices SET last_seen_at = now() WHERE id = $1", &[&device.id])
            .await?;
    }
    let acked = records.iter().map(|r| r.seq).max().unwrap_or(last).max(last);
    if !(fx.changes.is_empty() && fx.issues.is_empty()) {
        finish(tx, device, fx).await?;
    }
    Ok(PushResponse {
        acked,
        results: results.into_iter().flatten().collect(),
    })
}

/// Field-level last-writer-wins by server order, recording what an edit overwrote.
async fn merge(
    tx: &Transaction<'_>,
    device: &Device,
    r: &Record,
    kind: Kind,
    edit: protocol::RefEdit,
    fx: &mut Effects,
) -> Result<(Status, Option<String>), ApiError> {
    let dev = Value::String(device.id.to_string());
    let own: Map<String, Value> = edit
        .state
        .into_iter()
        .filter(|(k, _)| !protocol::LOCAL_FIELDS.contains(&k.as_str()))
        .collect();
    let row = tx
        .query_opt(
            "SELECT version, state, field_versions FROM entities WHERE store_id = $1 AND kind = $2 AND id = $3 FOR NO KEY UPDATE",
            &[&device.store_id, &r.kind, &r.id],
        )
        .await?;
    if matches!(kind, Kind::StoreProfile | Kind::StorePolicies) && !device.manages_staff {
        return Ok((
            Status::SetAside,
            Some("only a terminal the owner trusts may change store-wide settings".into()),
        ));
    }
    if kind == Kind::User && !device.manages_staff {
        let old_role = row.as_ref().and_then(|r| {
            r.get::<_, Value>(1)
                .get("role")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        let new_role = own.get("role").and_then(Value::as_str);
        let manager = |r: Option<&str>| matches!(r, Some("owner" | "admin"));
        if manager(old_role.as_deref()) || manager(new_role) {
            return Ok((
                Status::SetAside,
                Some("only a terminal the owner trusts with staff accounts may change owner and admin accounts".into()),
            ));
        }
    }
    let (version, state) = match row {
        None => {
            let fv: Map<String, Value> = own.keys().map(|k| (k.clone(), json!([1, dev]))).collect();
            let state = Value::Object(own);
            tx.execute(
                "INSERT INTO entities (store_id, kind, id, version, state, field_versions) VALUES ($1, $2, $3, 1, $4, $5)",
                &[&device.store_id, &r.kind, &r.id, &state, &Value::Object(fv)],
            )
            .await?;
            (1, state)
        }
        Some(row) => {
            let version: i64 = row.get(0);
            let mut state: Map<String, Value> = serde_json::from_value(row.get(1)).unwrap_or_default();
            let mut fv: Map<String, Value> = serde_json::from_value(row.get(2)).unwrap_or_default();
            let next = version + 1;
            let fields: Vec<String> = match edit.changed {
                Some(c) => c,
                None => own.keys().cloned().collect(),
            };
            let mut changed = false;
            for f in fields {
                let Some(new) = own.get(&f) else { continue };
                if state.get(&f) == Some(new) {
                    continue;
                }
                let (wrote_at, wrote_by) = fv
                    .get(&f)
                    .and_then(Value::as_array)
                    .map(|a| {
                        (
                            a.first().and_then(Value::as_i64).unwrap_or(0),
                            a.get(1).cloned().unwrap_or(Value::Null),
                        )
                    })
                    .unwrap_or((0, Value::Null));
                if wrote_at > edit.base && wrote_by != dev {
                    fx.issues.push(NewIssue {
                        issue: "overwrite",
                        seq: Some(r.seq),
                        kind: r.kind.clone(),
                        record_id: r.id.clone(),
                        reason: format!("{f} changed on two terminals; the later edit won"),
                        payload: Some(json!({
                            "field": f, "overwritten": state.get(&f), "overwritten_version": wrote_at,
                            "overwritten_by": wrote_by, "value": new, "base": edit.base,
                        })),
                    });
                }
                state.insert(f.clone(), new.clone());
                fv.insert(f, json!([next, dev]));
                changed = true;
            }
            if !changed {
                return Ok((Status::Applied, None));
            }
            let state = Value::Object(state);
            tx.execute(
                "UPDATE entities SET version = $4, state = $5, field_versions = $6 WHERE store_id = $1 AND kind = $2 AND id = $3",
                &[&device.store_id, &r.kind, &r.id, &next, &state, &Value::Object(fv)],
            )
            .await?;
            (next, state)
        }
    };
    fx.changes.push(NewChange {
        kind: r.kind.clone(),
        id: r.id.clone(),
        origin: Some(device.id),
        version,
        payload: state,
    });
    Ok((Status::Applied, None))
}

/// Under the store lock: stock ledger and balances (with oversold flags), chat order, issues and
/// the change-log positions.
async fn finish(tx: &Transaction<'_>, device: &Device, mut fx: Effects) -> Result<(), ApiError> {
    let head: i64 = tx
        .query_one(
            "SELECT change_seq FROM stores WHERE id = $1 FOR NO KEY UPDATE",
            &[&device.store_id],
        )
        .await?
        .get(0);

    if !fx.ledger.is_empty() {
        let mut keys: Vec<(String, String)> = fx
            .ledger
            .iter()
            .map(|(l, _, _)| (l.product_id.clone(), l.branch.clone()))
            .collect();
        keys.sort();
        keys.dedup();
        let (kp, kb): (Vec<&str>, Vec<&str>) = keys.iter().map(|(p, b)| (p.as_str(), b.as_str())).unzip();
        let rows = tx
            .query(
                "SELECT b.product_id, b.branch, b.on_hand FROM stock_balances b
                 JOIN unnest($2::text[], $3::text[]) AS t(p, br) ON b.product_id = t.p AND b.branch = t.br
                 WHERE b.store_id = $1",
                &[&device.store_id, &kp, &kb],
            )
            .await?;
        let mut balance: HashMap<(String, String), i64> =
            rows.iter().map(|r| ((r.get(0), r.get(1)), r.get(2))).collect();
        let (mut ids, mut products, mut branches, mut qtys, mut reasons, mut facts) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        for (row, fact, sale) in &fx.ledger {
            let on_hand = balance.entry((row.product_id.clone(), row.branch.clone())).or_insert(0);
            *on_hand += row.quantity;
            if row.quantity < 0 && *on_hand < 0 && sale.is_some() {
                // Sold below zero once all terminals' ledgers meet: the same id as the till's own
                // flag (the sale line), so a terminal that flagged it locally keeps one row.
                let payload = json!({
                    "id": row.id, "product_id": row.product_id, "branch": row.branch,
                    "sale_id": sale, "on_hand": *on_hand,
                });
                fx.issues.push(NewIssue {
                    issue: "oversold",
                    seq: None,
                    kind: "product".into(),
                    record_id: row.product_id.clone(),
                    reason: format!(
                        "on hand {} at {} after sale {}",
                        on_hand,
                        row.branch,
                        sale.as_deref().unwrap_or("")
                    ),
                    payload: None,
                });
                fx.changes.push(NewChange {
                    kind: OVERSOLD.into(),
                    id: row.id.clone(),
                    origin: None,
                    version: 0,
                    payload,
                });
            }
            ids.push(row.id.as_str());
            products.push(row.product_id.as_str());
            branches.push(row.branch.as_str());
            qtys.push(row.quantity);
            reasons.push(row.reason.as_str());
            facts.push(fact.as_str());
        }
        tx.execute(
            "INSERT INTO stock_ledger (id, store_id, product_id, branch, quantity, reason, fact_id)
             SELECT i, $1, p, b, q, r, f FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[])
                 AS t(i, p, b, q, r, f)",
            &[&device.store_id, &ids, &products, &branches, &qtys, &reasons, &facts],
        )
        .await?;
        let (bp, bb, bq): (Vec<&str>, Vec<&str>, Vec<i64>) = {
            let mut p = vec![];
            let mut b = vec![];
            let mut q = vec![];
            for (k, v) in &balance {
                p.push(k.0.as_str());
                b.push(k.1.as_str());
                q.push(*v);
            }
            (p, b, q)
        };
        tx.execute(
            "INSERT INTO stock_balances (store_id, product_id, branch, on_hand)
             SELECT $1, p, b, q FROM unnest($2::text[], $3::text[], $4::bigint[]) AS t(p, b, q)
             ON CONFLICT (store_id, product_id, branch) DO UPDATE SET on_hand = excluded.on_hand",
            &[&device.store_id, &bp, &bb, &bq],
        )
        .await?;
    }

    for (id, conv, payload) in &fx.chats {
        let author = payload.get("author").and_then(Value::as_str).unwrap_or("");
        let body = payload.get("body").and_then(Value::as_str).unwrap_or("");
        let at = payload.get("at").and_then(Value::as_i64).unwrap_or(0);
        tx.execute(
            "INSERT INTO chat_messages (id, store_id, conversation_id, position, author, body, at)
             VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM chat_messages
                                  WHERE store_id = $2 AND conversation_id = $3), $4, $5, $6)",
            &[id, &device.store_id, conv, &author, &body, &at],
        )
        .await?;
    }

    for issue in fx.issues.drain(..) {
        let id = Uuid::now_v7();
        let (dev, seq) = if issue.issue == "oversold" {
            (None, None)
        } else {
            (Some(device.id), issue.seq)
        };
        tx.execute(
            "INSERT INTO sync_issues (id, store_id, device_id, seq, issue, kind, record_id, reason, payload)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &id,
                &device.store_id,
                &dev,
                &seq,
                &issue.issue,
                &issue.kind,
                &issue.record_id,
                &issue.reason,
                &issue.payload,
            ],
        )
        .await?;
        if issue.issue != "oversold" {
            fx.changes.push(NewChange {
                kind: SYNC_ISSUE.into(),
                id: id.to_string(),
                origin: None,
                version: 0,
                payload: json!({
                    "id": id.to_string(), "issue": issue.issue, "kind": issue.kind, "record_id": issue.record_id,
                    "reason": issue.reason, "device": device.terminal, "branch": device.branch, "detail": issue.payload,
                }),
            });
        }
    }

    if !fx.changes.is_empty() {
        let n = fx.changes.len() as i64;
        let seqs: Vec<i64> = (1..=n).map(|i| head + i).collect();
        let kinds: Vec<&str> = fx.changes.iter().map(|c| c.kind.as_str()).collect();
        let ids: Vec<&str> = fx.changes.iter().map(|c| c.id.as_str()).collect();
        let origins: Vec<Option<Uuid>> = fx.changes.iter().map(|c| c.origin).collect();
        let versions: Vec<i64> = fx.changes.iter().map(|c| c.version).collect();
        let payloads: Vec<&Value> = fx.changes.iter().map(|c| &c.payload).collect();
        tx.execute(
            "INSERT INTO changes (store_id, seq, kind, entity_id, origin_device, version, payload)
             SELECT $1, s, k, i, o, v, p FROM unnest($2::bigint[], $3::text[], $4::text[], $5::uuid[], $6::bigint[], $7::jsonb[])
                 AS t(s, k, i, o, v, p)",
            &[&device.store_id, &seqs, &kinds, &ids, &origins, &versions, &payloads],
        )
        .await?;
        tx.execute(
            "UPDATE stores SET change_seq = $2 WHERE id = $1",
            &[&device.store_id, &(head + n)],
        )
        .await?;
    }
    Ok(())
}
