//! A pulled fact (sale, return, movement, shift, cash, order, chat...) written into this terminal's tables.

use super::*;

/// Applies one change; false when there was nothing to do (already here).
pub(super) fn apply_change(tx: &Connection, c: &Change, now: i64) -> Result<bool> {
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
            if exists(tx, "SELECT 1 FROM returns WHERE id = ?1", &ret.id)? {
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
pub(super) fn number_seen(tx: &Connection, number: &str) -> Result<()> {
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
