//! One batch: the checks that refuse it whole (a gap, a device that lost commits), the stored
//! answers of replays, then each new record judged in order against the batch's context.

use super::catalogue::AfterCommit;
use super::context::{Context, DeviceRow, Wants};
use super::rules::{self, Effects, Judge};
use super::write::{Issue, IssueKind, NewChange, Written, json_size};
use crate::ApiError;
use crate::auth::Device;
use crate::store;
use axum::http::StatusCode;
use deadpool_postgres::Transaction;
use pos_protocol::{ErrorCode, Kind, MAX_PAYLOAD_BYTES, Outcome, PushRequest, PushResponse, Record, Status};
use serde_json::Value;
use std::collections::HashMap;

fn behind(last: i64) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::Behind,
        format!(
            "The server holds this terminal's records up to {last}, more than it has numbered: its database lost commits. Take them back, then number on after {last}"
        ),
    )
    .with_acked(last)
}

pub async fn apply(
    tx: &Transaction<'_>,
    spare: Option<&deadpool_postgres::Client>,
    device: &Device,
    req: &PushRequest,
    now: i64,
) -> Result<(PushResponse, AfterCommit), ApiError> {
    // Where a batch's time goes (RUST_LOG=pos_server::push=debug).
    let t0 = std::time::Instant::now();
    let mark = |what: &str| tracing::debug!(phase = what, ms = t0.elapsed().as_secs_f64() * 1000.0, "push");
    // The store first, then the device: every push of a store takes them in this order.
    store::execute(
        tx,
        "SELECT 1 FROM stores WHERE id = $1 FOR NO KEY UPDATE",
        &[&device.store_id],
    )
    .await?;
    mark("store locked");
    let row = store::query_one(
        tx,
        "SELECT last_seq, served_seq, last_fact_at, links_store, (extract(epoch FROM created_at) * 1000)::bigint
             FROM devices WHERE id = $1 FOR NO KEY UPDATE",
        &[&device.id],
    )
    .await?;
    let mut dev = DeviceRow {
        last_seq: row.get(0),
        served_seq: row.get(1),
        last_fact_at: row.get(2),
        links_store: row.get(3),
        enrolled_at: row.get(4),
    };
    let last = dev.last_seq;
    if req.counter.is_some_and(|c| c < last) {
        return Err(behind(last));
    }
    if let Some(first) = req.records.first()
        && first.seq > last + 1
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::Gap,
            format!("Sequence {} is missing: the server holds up to {last}", last + 1),
        )
        .with_acked(last));
    }
    let records = &req.records;
    let (hashes, sizes): (Vec<Vec<u8>>, Vec<usize>) =
        records.iter().map(|r| pos_protocol::payload_digest(&r.payload)).unzip();
    let mut results: Vec<Option<Outcome>> = vec![None; records.len()];

    // Replays get their stored answer; other content under a number the server holds means the
    // device reused numbers after losing commits.
    let replayed: Vec<i64> = records.iter().filter(|r| r.seq <= last).map(|r| r.seq).collect();
    if !replayed.is_empty() {
        let rows = store::query(
            tx,
            "SELECT seq, payload_hash, status, reason FROM push_outcomes WHERE device_id = $1 AND seq = ANY($2)
             UNION ALL SELECT seq, payload_hash, 'applied', NULL FROM facts WHERE device_id = $1 AND seq = ANY($2)",
            &[&device.id, &replayed],
        )
        .await?;
        let stored: HashMap<i64, (Vec<u8>, String, Option<String>)> = rows
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3))))
            .collect();
        for (i, r) in records.iter().enumerate().filter(|(_, r)| r.seq <= last) {
            match stored.get(&r.seq) {
                Some((h, status, reason)) if *h == hashes[i] => {
                    results[i] = Some(Outcome {
                        seq: r.seq,
                        status: Status::parse(status).unwrap_or(Status::SetAside),
                        reason: reason.clone(),
                    })
                }
                _ => return Err(behind(last)),
            }
        }
    }

    let new: Vec<usize> = (0..records.len()).filter(|&i| records[i].seq > last).collect();
    let mut out = Written::default();
    let mut after = AfterCommit {
        store: device.store_id,
        shop: Default::default(),
    };
    if !new.is_empty() {
        mark("locked and replays");
        let wants = wants(new.iter().map(|&i| &records[i]));
        let mut ctx = Context::load(tx, spare, device.store_id, &dev, &wants).await?;
        mark("context");
        let mut fx = Effects::default();
        let mut judge = Judge {
            ctx: &mut ctx,
            device,
            row: &mut dev,
            now,
        };
        for &i in &new {
            let r = &records[i];
            let (status, reason) = one(&mut judge, r, &hashes[i], sizes[i], &mut fx, &mut out);
            if matches!(status, Status::SetAside | Status::Conflict) {
                out.issues.push(Issue {
                    kind_of_issue: if status == Status::Conflict {
                        IssueKind::Conflict
                    } else {
                        IssueKind::SetAside
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
        out.effects = fx;
        mark("judged");
        let outcomes: Vec<(&Record, &Vec<u8>, &Outcome)> = new
            .iter()
            .filter_map(|&i| results[i].as_ref().map(|o| (&records[i], &hashes[i], o)))
            .collect();
        after.shop = out.write(tx, device, &ctx, &outcomes).await?;
        mark("written");
    }
    let top = records.iter().map(|r| r.seq).max().unwrap_or(last).max(last);
    store::execute(
        tx,
        "UPDATE devices SET last_seq = $2, last_fact_at = $3, last_seen_at = now() WHERE id = $1",
        &[&device.id, &top, &dev.last_fact_at],
    )
    .await?;
    Ok((
        PushResponse {
            acked: top,
            results: results.into_iter().flatten().collect(),
        },
        after,
    ))
}

/// Judges one new record: its status and, when set aside or in conflict, why.
fn one(
    j: &mut Judge<'_>,
    r: &Record,
    hash: &[u8],
    size: usize,
    fx: &mut Effects,
    out: &mut Written,
) -> (Status, Option<String>) {
    if size > MAX_PAYLOAD_BYTES {
        return (Status::SetAside, Some("the record is too large".into()));
    }
    let Some(kind) = Kind::parse(&r.kind) else {
        return (Status::SetAside, Some(format!("unknown kind {:?}", r.kind)));
    };
    if !kind.is_fact() {
        return match rules::reference::judge(j, kind, r) {
            Ok(m) => {
                for o in m.overwrites {
                    out.issues.push(Issue {
                        kind_of_issue: IssueKind::Overwrite,
                        seq: Some(r.seq),
                        kind: r.kind.clone(),
                        record_id: r.id.clone(),
                        reason: format!("{} changed on two terminals; the later edit won", o.field),
                        payload: Some(o.detail),
                    });
                }
                if let Some((version, state)) = m.changed {
                    out.entities.push((kind.as_str().to_string(), r.id.clone()));
                    out.changes.push(NewChange {
                        kind: r.kind.clone(),
                        id: r.id.clone(),
                        origin: Some(j.device.id),
                        version,
                        size: json_size(&state),
                        payload: state,
                        echo: m.echo,
                    });
                }
                (Status::Applied, None)
            }
            Err(reason) => (Status::SetAside, Some(reason)),
        };
    }
    let key = (r.kind.clone(), r.id.clone());
    if let Some(stored) = j.ctx.facts.get(&key) {
        return if stored.as_slice() == hash {
            (Status::Duplicate, None)
        } else {
            (
                Status::Conflict,
                Some(format!("{} {} exists with different content", r.kind, r.id)),
            )
        };
    }
    let judged = match kind {
        Kind::Sale => rules::sale::judge(j, r, fx).map(|_| true),
        Kind::Return => rules::returns::judge(j, r, fx).map(|_| true),
        Kind::StockMovement => rules::stock::judge(j, r, fx).map(|_| true),
        Kind::ShiftOpened => rules::shift::opened(j, r, fx).map(|_| true),
        Kind::ShiftClosed => rules::shift::closed(j, r, fx).map(|_| true),
        Kind::CashMovement => rules::cash::judge(j, r).map(|_| true),
        Kind::AuditEvent => rules::audit::judge(j, r).map(|_| true),
        Kind::ChatMessage => rules::chat::judge(j, r, fx).map(|_| true),
        Kind::Order => rules::order::made(j, r, fx).map(|_| true),
        Kind::OrderEvent => rules::order::step(j, r, fx),
        Kind::CountOpened => rules::count::opened(j, r).map(|_| true),
        Kind::CountEntry => rules::count::entry(j, r).map(|_| true),
        Kind::CountClosed => rules::count::closed(j, r).map(|_| true),
        Kind::GoodsReceipt => rules::purchasing::receipt(j, r).map(|_| true),
        Kind::SupplierReturn => rules::purchasing::supplier_return(j, r).map(|_| true),
        Kind::BookingRequest => rules::booking::request(j, r, fx).map(|_| true),
        Kind::BookingEvent => rules::booking::event(j, r, fx).map(|_| true),
        Kind::Booking => Err("bookings are made by the server; a desk sends a booking request".into()),
        _ => Err(format!("{} is not a fact", kind.as_str())),
    };
    match judged {
        Ok(_) => {
            j.ctx.facts.insert(key, hash.to_vec());
            out.facts.push(r.seq);
            out.changes.push(NewChange {
                kind: r.kind.clone(),
                id: r.id.clone(),
                origin: Some(j.device.id),
                version: 0,
                // The pull reads a fact's payload from `facts`: the change keeps its size only.
                payload: Value::Null,
                size: size.min(i32::MAX as usize) as i32,
                echo: false,
            });
            (Status::Applied, None)
        }
        Err(reason) => (Status::SetAside, Some(reason)),
    }
}

/// Everything the batch's records refer to, so the context is read in a few queries.
fn wants<'a>(records: impl Iterator<Item = &'a Record>) -> Wants {
    let mut w = Wants::default();
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    for r in records {
        let Some(kind) = Kind::parse(&r.kind) else { continue };
        let p = &r.payload;
        if !kind.is_fact() {
            w.entities.push((r.kind.clone(), r.id.clone()));
            continue;
        }
        w.facts.push((r.kind.clone(), r.id.clone()));
        let lines: &[Value] = p.get("lines").and_then(Value::as_array).map_or(&[], Vec::as_slice);
        match kind {
            Kind::Sale | Kind::Return => {
                w.shifts.extend(s(p, "shift_id"));
                w.numbers.extend(s(p, "receipt_no").or_else(|| s(p, "return_no")));
                w.sales.extend(s(p, "sale_id"));
                for l in lines {
                    w.products.extend(s(l, "product_id"));
                    w.ledger_ids.extend(s(l, "id"));
                }
            }
            Kind::StockMovement => {
                w.products.extend(s(p, "product_id"));
                w.ledger_ids.insert(r.id.clone());
            }
            Kind::CashMovement => w.shifts.extend(s(p, "shift_id")),
            Kind::ShiftOpened | Kind::ShiftClosed => {
                w.shifts.insert(r.id.clone());
            }
            Kind::Order => {
                w.numbers.extend(s(p, "order_no"));
                w.orders.extend(s(p, "parent_id"));
                w.sales.extend(s(p, "sale_id"));
                for l in lines {
                    w.products.extend(s(l, "product_id"));
                }
            }
            Kind::OrderEvent => w.orders.extend(s(p, "order_id")),
            Kind::CountEntry => w.products.extend(s(p, "product_id")),
            Kind::GoodsReceipt | Kind::SupplierReturn => {
                for l in lines {
                    w.products.extend(s(l, "product_id"));
                }
            }
            _ => {}
        }
    }
    w
}

/// Judges records against an empty store with no database (a trusted desk's first push): for the
/// fuzzer and property tests, which check that no record, however malformed, makes a rule panic.
pub fn judge_alone(records: &[Record]) -> Vec<Status> {
    let device = Device {
        id: uuid::Uuid::nil(),
        store_id: uuid::Uuid::nil(),
        branch: "BDG1".into(),
        terminal: "T1".into(),
        manages_staff: true,
    };
    let mut row = DeviceRow {
        last_seq: 0,
        served_seq: 0,
        last_fact_at: None,
        links_store: true,
        enrolled_at: 0,
    };
    let mut ctx = Context::default();
    let mut fx = Effects::default();
    let mut out = Written::default();
    let mut j = Judge {
        ctx: &mut ctx,
        device: &device,
        row: &mut row,
        now: 1_800_000_000_000,
    };
    records
        .iter()
        .map(|r| {
            let (hash, size) = pos_protocol::payload_digest(&r.payload);
            one(&mut j, r, &hash, size, &mut fx, &mut out).0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn arbitrary_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z0-9_-]{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::hash_map(
                    prop_oneof![
                        Just("id".to_string()),
                        Just("lines".to_string()),
                        Just("quantity".to_string()),
                        Just("state".to_string()),
                        Just("at".to_string()),
                        "[a-z_]{1,10}"
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn no_record_makes_a_rule_panic(kind in 0usize..Kind::ALL.len(), payload in arbitrary_value(), by in proptest::option::of("[a-z]{1,4}")) {
            let r = Record { seq: 1, kind: Kind::ALL[kind].as_str().into(), id: "x".into(), at: 1, by, payload };
            let statuses = judge_alone(&[r]);
            proptest::prop_assert_eq!(statuses.len(), 1);
        }
    }

    #[test]
    fn a_sale_that_does_not_add_up_is_set_aside_with_its_reason() {
        let records: Vec<Record> = vec![
            Record {
                seq: 1,
                kind: "user".into(),
                id: "u".into(),
                at: 1,
                by: Some("u".into()),
                payload: json!({"state": {"id": "u", "email": "u@x", "name": "U", "role": "owner", "password_hash": "h"}}),
            },
            Record {
                seq: 2,
                kind: "sale".into(),
                id: "s".into(),
                at: 1,
                by: Some("u".into()),
                payload: json!({"id": "s", "receipt_no": "BDG1-T1-000001", "branch": "BDG1", "terminal": "T1",
                    "shift_id": "sh", "cashier_id": "u", "at": 1, "business_date": "1970-01-01", "gross": 1, "discount_total": 0,
                    "dpp": 1, "ppn": 0, "total": 1, "tax_mode": "not_registered", "ppn_rate_bp": 0, "paid": 1, "change_due": 0,
                    "lines": [], "tenders": []}),
            },
        ];
        assert_eq!(judge_alone(&records), [Status::Applied, Status::SetAside]);
    }
}
