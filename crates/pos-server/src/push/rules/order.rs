//! Orders to deliver made at a terminal, and the steps of every order's flow. A terminal makes a
//! counter order (numbered by itself, waiting for payment, its sums adding up) or splits a
//! back-order off a paid order; a step must be one the order flow allows from where the server's
//! copy of the order is, taken by a person who may fulfil orders (a cashier may only mark paid an
//! order taken at their own counter).

use super::{Effects, Judge, Reason, id_ok, parse, same_id};
use crate::push::context::OrderRow;
use pos_domain::orders::OrderStatus;
use pos_domain::roles::Permission;
use pos_protocol::Record;
use serde::Deserialize;
use std::collections::HashSet;

#[derive(Deserialize)]
struct Order {
    id: String,
    order_no: String,
    source: String,
    status: String,
    branch: String,
    shipping_cost: i64,
    subtotal: i64,
    total: i64,
    payment_status: String,
    #[serde(default)]
    parent_id: Option<String>,
    #[serde(default)]
    sale_id: Option<String>,
    lines: Vec<Line>,
}

#[derive(Deserialize)]
struct Line {
    id: String,
    product_id: String,
    quantity: i64,
    unit_price: i64,
}

#[derive(Deserialize)]
struct Step {
    id: String,
    order_id: String,
    #[serde(default)]
    from: Option<String>,
    to: String,
}

pub fn made(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    let o: Order = parse(&r.payload)?;
    same_id(r, &o.id)?;
    j.own(&o.branch, None)?;
    let status = OrderStatus::parse(&o.status).ok_or_else(|| format!("unknown status {:?}", o.status))?;
    match (&o.parent_id, status) {
        (None, OrderStatus::AwaitingPayment) => {
            j.may(r.by.as_deref(), Permission::Sell)?;
            if o.source != "counter" || o.payment_status != "unpaid" {
                return Err("a terminal makes counter orders, unpaid until a payment step".into());
            }
            j.number(&o.order_no, &["D"])?;
        }
        (Some(parent), OrderStatus::Backordered) => {
            j.may(r.by.as_deref(), Permission::Fulfil)?;
            let p = j
                .ctx
                .orders
                .get(parent)
                .ok_or_else(|| format!("order {parent} to split is not on the server"))?;
            if p.status != OrderStatus::Paid.as_str() {
                return Err(format!("order {parent} is {}, only a paid order is split", p.status));
            }
            j.number(&o.order_no, &["B"])?;
        }
        _ => return Err("a new order waits for payment, or is a back-order split off a paid one".into()),
    }
    if o.lines.is_empty() || o.lines.len() > 100 {
        return Err("an order needs 1 to 100 lines".into());
    }
    let mut ids = HashSet::new();
    let mut subtotal = 0i64;
    for l in &o.lines {
        if !id_ok(&l.id) || !ids.insert(l.id.as_str()) || !(1..=10_000).contains(&l.quantity) {
            return Err("an order line needs its own id and a quantity of 1 to 10 000".into());
        }
        if !(0..=10_000_000_000).contains(&l.unit_price) {
            return Err("an order line's price is out of range".into());
        }
        j.product_known(&l.product_id)?;
        subtotal += l.quantity * l.unit_price;
    }
    if !(0..=100_000_000).contains(&o.shipping_cost) || subtotal != o.subtotal || o.total != subtotal + o.shipping_cost
    {
        return Err("the order's subtotal and total are not the sums of its lines and shipping".into());
    }
    if let Some(sale) = &o.sale_id
        && !j.ctx.sales.contains_key(sale)
    {
        return Err(format!("sale {sale} is not on the server"));
    }
    fx.orders.push((
        o.id.clone(),
        o.order_no.clone(),
        o.branch.clone(),
        status.as_str().into(),
        o.payment_status.clone(),
        true,
    ));
    j.ctx.orders.insert(
        o.id,
        OrderRow {
            branch: o.branch,
            status: status.as_str().into(),
            payment_status: o.payment_status,
            device_id: Some(j.device.id),
        },
    );
    j.ctx.numbers.insert(o.order_no);
    Ok(())
}

/// Ok(true): the step moves the order; Ok(false): it was overtaken (another terminal moved the
/// order first) and is kept as a fact that changes nothing, as every terminal treats it.
pub fn step(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<bool, Reason> {
    // Any branch's terminal may work an order (a central warehouse ships for every branch).
    let e: Step = parse(&r.payload)?;
    same_id(r, &e.id)?;
    let to = OrderStatus::parse(&e.to).ok_or_else(|| format!("unknown status {:?}", e.to))?;
    let o = j
        .ctx
        .orders
        .get(&e.order_id)
        .cloned()
        .ok_or_else(|| format!("order {} is not on the server", e.order_id))?;
    let by = r.by.as_deref();
    let own_counter_payment = to == OrderStatus::Paid && o.device_id == Some(j.device.id);
    if own_counter_payment {
        j.may(by, Permission::Sell)?;
    } else {
        j.may(by, Permission::Fulfil)?;
    }
    let from = OrderStatus::parse(&o.status).ok_or("the order's status is unknown")?;
    if e.from.as_deref().is_some_and(|f| f != o.status) {
        return Ok(false);
    }
    if from == to || !from.can_become(to) {
        return Err(format!(
            "an order that is {} cannot become {}",
            from.as_str(),
            to.as_str()
        ));
    }
    let payment = match to {
        OrderStatus::Paid => "paid".to_string(),
        OrderStatus::Cancelled if o.payment_status == "paid" => "refund_due".to_string(),
        _ => o.payment_status.clone(),
    };
    fx.order_steps
        .push((e.order_id.clone(), to.as_str().into(), payment.clone()));
    if let Some(row) = j.ctx.orders.get_mut(&e.order_id) {
        row.status = to.as_str().into();
        row.payment_status = payment;
    }
    Ok(true)
}
