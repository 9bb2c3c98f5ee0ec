//! A stock movement at this terminal's branch: adjustments (opening, count, damage, correction)
//! by a person who may adjust stock, shipments by one who may fulfil orders, receipts and returns
//! to suppliers by one who may receive goods.

use super::{Effects, Judge, LedgerRow, MAX_QUANTITY, Reason, parse, same_id};
use pos_domain::roles::Permission;
use pos_protocol::Record;
use serde::Deserialize;

#[derive(Deserialize)]
struct Movement {
    id: String,
    product_id: String,
    branch: String,
    quantity: i64,
    reason: String,
    #[serde(default)]
    user_id: Option<String>,
}

pub fn judge(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    let m: Movement = parse(&r.payload)?;
    same_id(r, &m.id)?;
    j.own(&m.branch, None)?;
    let needs = match m.reason.as_str() {
        "opening" | "count" | "damage" | "correction" => Permission::AdjustStock,
        "shipment" => Permission::Fulfil,
        // Parts used in a repair, at the bench.
        "repair" => Permission::TakeBookings,
        "receipt" | "supplier_return" => Permission::Receive,
        other => return Err(format!("unknown stock movement reason {other:?}")),
    };
    let by = j.may(r.by.as_deref(), needs)?;
    if m.user_id.as_deref().is_some_and(|u| u != by) {
        return Err(format!("moved by {} but pushed as {by}", m.user_id.unwrap_or_default()));
    }
    if m.quantity == 0 || m.quantity.abs() > MAX_QUANTITY {
        return Err(format!("a stock movement needs a quantity of ±1 to ±{MAX_QUANTITY}"));
    }
    j.product_known(&m.product_id)?;
    j.new_ledger_ids([m.id.as_str()])?;
    j.ctx.ledger_ids.insert(m.id.clone());
    fx.ledger.push((
        LedgerRow {
            id: m.id.clone(),
            product_id: m.product_id,
            branch: m.branch,
            quantity: m.quantity,
            reason: m.reason,
        },
        m.id,
        None,
    ));
    Ok(())
}
