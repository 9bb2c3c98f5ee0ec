//! A pulled fact (sale, return, movement, shift, cash, order, chat...) written into this terminal's tables.

use super::*;
use pos_store::pulled::{self, FactTable};

fn has(tx: &Connection, table: FactTable, id: &str) -> Result<bool> {
    pulled::has(tx, table, id).map_err(store_err)
}

/// Applies one change; false when there was nothing to do (already here).
pub(super) fn apply_change(tx: &Connection, c: &Change, now: i64) -> Result<bool> {
    let p = &c.payload;
    let Some(kind) = ChangeKind::parse(&c.kind) else {
        return Err(bad(format!("unknown change kind {:?}", c.kind)));
    };
    match kind {
        // The server's decision on a booking, sent whole: written over the pencilled copy.
        ChangeKind::Record(Kind::Booking) => {
            let state: Map<String, Value> = parse(p)?;
            return pos_store::bookings::records::apply_synced(tx, &state, now).map_err(store_err);
        }
        // Another desk's request or move: its outcome comes as the booking itself.
        ChangeKind::Record(Kind::BookingRequest | Kind::BookingEvent) => return Ok(false),
        ChangeKind::Record(Kind::Sale) => {
            let sale: Sale = parse(p)?;
            if has(tx, FactTable::Sales, &sale.id)? {
                return Ok(false);
            }
            pos_store::trade::record_sale(tx, &sale).map_err(store_err)?;
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
            if has(tx, FactTable::Returns, &ret.id)? {
                return Ok(false);
            }
            pos_store::trade::record_return(tx, &ret).map_err(store_err)?;
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
            if has(tx, FactTable::StockMovements, &m.id)? {
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
            if has(tx, FactTable::Shifts, &s.id)? {
                return Ok(false);
            }
            pos_store::shifts::insert(tx, &s).map_err(store_err)?;
        }
        ChangeKind::Record(Kind::ShiftClosed) => {
            // Terminals before 2026-11-22 wrapped it as {shift, totals}.
            let s: pos_store::shifts::Shift = parse(p.get("shift").unwrap_or(p))?;
            if !pulled::shift_closed(tx, &s).map_err(store_err)? {
                if !has(tx, FactTable::Shifts, &s.id)? {
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
            let cash = pulled::CashMovement {
                id: &m.id,
                shift_id: &m.shift_id,
                amount: m.amount,
                reason: &m.reason,
                user_id: &m.user_id,
                at: m.at,
            };
            return pulled::cash_movement(tx, &cash).map_err(store_err);
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
            let event = pulled::AuditEvent {
                id: &a.id,
                at: a.at,
                user_id: a.user_id.as_deref(),
                action: &a.action,
                entity: &a.entity,
                entity_id: a.entity_id.as_deref(),
                before: text(&a.before),
                after: text(&a.after),
            };
            return pulled::audit_event(tx, &event).map_err(store_err);
        }
        ChangeKind::Record(Kind::ChatMessage) => {
            let m: pos_store::chat::ChatMessage = parse(p)?;
            return pulled::chat_message(tx, &m).map_err(store_err);
        }
        ChangeKind::Record(Kind::Order) => {
            let o: pos_store::orders::Order = parse(p)?;
            if has(tx, FactTable::Orders, &o.id)? {
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
            if has(tx, FactTable::OrderEvents, &e.id)? {
                return Ok(false);
            }
            let to = OrderStatus::parse(&e.to).ok_or_else(|| bad(format!("unknown status {}", e.to)))?;
            let Some((status, branch, sale_id)) = pulled::order_state(tx, &e.order_id).map_err(store_err)? else {
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
                    let paid = pulled::order_payment_status(tx, &e.order_id).map_err(store_err)?;
                    Some(if paid == "paid" { "refund_due" } else { "unpaid" })
                }
                _ => None,
            };
            let step = pulled::OrderStep {
                event_id: &e.id,
                order_id: &e.order_id,
                from: &status,
                to: to.as_str(),
                payment,
                tracking_no: e.tracking_no.as_deref(),
                packed_weight_g: e.packed_weight_g,
                note: &e.note,
                at: e.at,
            };
            pulled::order_step(tx, &step).map_err(store_err)?;
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
            pulled::order_event(tx, &step).map_err(store_err)?;
        }
        ChangeKind::Record(Kind::CountOpened) => {
            let c: pos_store::counts::StockCount = parse(p)?;
            return pos_store::counts::insert(tx, &c).map_err(store_err);
        }
        ChangeKind::Record(Kind::CountEntry) => {
            let e: pos_store::counts::CountEntry = parse(p)?;
            if pos_store::counts::get(tx, &e.count_id).map_err(store_err)?.is_none() {
                return Err(bad(format!("count {} is not here yet", e.count_id)));
            }
            return pos_store::counts::add_entry(tx, &e).map_err(store_err);
        }
        ChangeKind::Record(Kind::CountClosed) => {
            #[derive(Deserialize)]
            struct C {
                count_id: String,
                status: pos_store::counts::CountStatus,
                at: i64,
                by: String,
            }
            let c: C = parse(p)?;
            // Closed here already (posted on this terminal too): the first close stands.
            return pos_store::counts::close(tx, &c.count_id, c.status, &c.by, c.at).map_err(store_err);
        }
        ChangeKind::Record(Kind::GoodsReceipt) => {
            // Its lines' stock comes as stock movements of the same ids.
            let g: pos_store::purchasing::receipts::GoodsReceipt = parse(p)?;
            return pos_store::purchasing::receipts::insert(tx, &g).map_err(store_err);
        }
        ChangeKind::Record(Kind::SupplierReturn) => {
            let r: pos_store::purchasing::returns::SupplierReturn = parse(p)?;
            return pos_store::purchasing::returns::insert(tx, &r).map_err(store_err);
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
            return pulled::oversold(tx, &o.id, &o.product_id, &o.branch, o.sale_id.as_deref(), o.on_hand)
                .map_err(store_err);
        }
        ChangeKind::SyncIssue => {
            let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let origin = format!("{}/{}", s("branch"), s("device"));
            let issue = pulled::SyncIssue {
                id: &s("id"),
                issue: &s("issue"),
                kind: &s("kind"),
                record_id: &s("record_id"),
                reason: &s("reason"),
                origin: &origin,
                detail: p.get("detail").map(Value::to_string),
                at: now,
            };
            return pulled::sync_issue(tx, &issue).map_err(store_err);
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
pub(super) fn number_seen(tx: &Connection, number: &str) -> Result<()> {
    let terminal = pos_store::settings::device(tx, "terminal")
        .map_err(store_err)?
        .unwrap_or_else(|| "T1".into());
    if let Some(branch) = pos_store::profile::branch_code(tx).map_err(store_err)? {
        pos_store::settings::number_seen(tx, &branch, &terminal, number).map_err(store_err)?;
    }
    Ok(())
}
