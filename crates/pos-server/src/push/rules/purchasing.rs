//! Buying from suppliers: a receipt of goods and a return to a supplier, each from this terminal's
//! branch by a person who may receive goods (a return: who may buy), naming catalogue products in
//! sane quantities and costs. Their stock comes as movements of their own (reasons "receipt" and
//! "supplier_return", ids the lines'); a purchase order is reference data (`reference.rs`).

use super::{Judge, Reason, id_ok, parse, same_id, text_ok};
use pos_domain::purchasing::{MAX_UNIT_COST, MAX_UNITS};
use pos_domain::roles::Permission;
use pos_protocol::Record;
use serde::Deserialize;

/// Most lines on one receipt, return or order.
pub const MAX_LINES: usize = 500;

#[derive(Deserialize)]
struct ReceiptLine {
    id: String,
    product_id: String,
    quantity: i64,
    unit_cost: i64,
    landed_unit: i64,
}

#[derive(Deserialize)]
struct Receipt {
    id: String,
    #[serde(default)]
    po_id: Option<String>,
    branch: String,
    terminal: String,
    supplier_id: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    landed: i64,
    user_id: String,
    lines: Vec<ReceiptLine>,
}

#[derive(Deserialize)]
struct ReturnLine {
    id: String,
    product_id: String,
    quantity: i64,
    unit_cost: i64,
}

#[derive(Deserialize)]
struct Return {
    id: String,
    branch: String,
    supplier_id: String,
    reason: String,
    user_id: String,
    lines: Vec<ReturnLine>,
}

fn units(q: i64) -> Result<(), Reason> {
    if !(1..=MAX_UNITS).contains(&q) {
        return Err(format!("a line holds 1 to {MAX_UNITS} units"));
    }
    Ok(())
}

fn cost(c: i64) -> Result<(), Reason> {
    if !(0..=MAX_UNIT_COST).contains(&c) {
        return Err(format!("a unit cost is 0 to {MAX_UNIT_COST} rupiah"));
    }
    Ok(())
}

fn lines_ok(n: usize) -> Result<(), Reason> {
    if n == 0 || n > MAX_LINES {
        return Err(format!("1 to {MAX_LINES} lines"));
    }
    Ok(())
}

pub fn receipt(j: &mut Judge<'_>, r: &Record) -> Result<(), Reason> {
    let g: Receipt = parse(&r.payload)?;
    same_id(r, &g.id)?;
    j.own(&g.branch, Some(&g.terminal))?;
    let by = j.may(r.by.as_deref(), Permission::Receive)?;
    if g.user_id != by {
        return Err(format!("received by {} but pushed as {by}", g.user_id));
    }
    if !id_ok(&g.supplier_id) || g.po_id.as_deref().is_some_and(|p| !id_ok(p)) || !text_ok(&g.reference, 60) {
        return Err("a receipt names its supplier (and order) and a delivery note of at most 60 characters".into());
    }
    if !(0..=1_000_000_000_000).contains(&g.landed) {
        return Err("landed costs are 0 or more rupiah".into());
    }
    lines_ok(g.lines.len())?;
    for l in &g.lines {
        if !id_ok(&l.id) {
            return Err("a line needs an id of 1 to 64 characters".into());
        }
        units(l.quantity)?;
        cost(l.unit_cost)?;
        cost(l.landed_unit)?;
        j.product_known(&l.product_id)?;
    }
    Ok(())
}

pub fn supplier_return(j: &mut Judge<'_>, r: &Record) -> Result<(), Reason> {
    let s: Return = parse(&r.payload)?;
    same_id(r, &s.id)?;
    j.own(&s.branch, None)?;
    let by = j.may(r.by.as_deref(), Permission::Purchase)?;
    if s.user_id != by {
        return Err(format!("returned by {} but pushed as {by}", s.user_id));
    }
    if !id_ok(&s.supplier_id) || s.reason.trim().is_empty() || !text_ok(&s.reason, 200) {
        return Err("a return names its supplier and a reason of 1 to 200 characters".into());
    }
    lines_ok(s.lines.len())?;
    for l in &s.lines {
        if !id_ok(&l.id) {
            return Err("a line needs an id of 1 to 64 characters".into());
        }
        units(l.quantity)?;
        cost(l.unit_cost)?;
        j.product_known(&l.product_id)?;
    }
    Ok(())
}
