//! Stock counts: a session opened at this terminal's branch by someone who may adjust stock,
//! entries counted by anyone who may count (a product of the catalogue, a sane quantity), and the
//! session closed once: posted by an owner or admin, or cancelled by someone who may adjust stock.
//! The adjustments a posting makes come as stock movements of their own (reason "count").

use super::{Judge, Reason, id_ok, parse, same_id, text_ok};
use pos_domain::roles::Permission;
use pos_protocol::Record;
use serde::Deserialize;

/// Most units one entry adds or sets (the terminal's limit too).
pub const MAX_ENTRY: i64 = 100_000;

#[derive(Deserialize)]
struct Opened {
    id: String,
    branch: String,
    scope: String,
    #[serde(default)]
    label: String,
    started_by: String,
}

#[derive(Deserialize)]
struct Entry {
    id: String,
    count_id: String,
    product_id: String,
    quantity: i64,
    mode: String,
    user_id: String,
    terminal: String,
}

#[derive(Deserialize)]
struct Closed {
    id: String,
    count_id: String,
    status: String,
    by: String,
}

pub fn opened(j: &mut Judge<'_>, r: &Record) -> Result<(), Reason> {
    let c: Opened = parse(&r.payload)?;
    same_id(r, &c.id)?;
    j.own(&c.branch, None)?;
    let by = j.may(r.by.as_deref(), Permission::AdjustStock)?;
    if c.started_by != by {
        return Err(format!("opened by {} but pushed as {by}", c.started_by));
    }
    if !["store", "category", "shelf"].contains(&c.scope.as_str()) || !text_ok(&c.label, 80) {
        return Err("a count is of the store, a category or a shelf, with a name of at most 80 characters".into());
    }
    Ok(())
}

pub fn entry(j: &mut Judge<'_>, r: &Record) -> Result<(), Reason> {
    let e: Entry = parse(&r.payload)?;
    same_id(r, &e.id)?;
    if e.terminal != j.device.terminal {
        return Err(format!("counted at {} but pushed by {}", e.terminal, j.device.terminal));
    }
    let by = j.may(r.by.as_deref(), Permission::CountStock)?;
    if e.user_id != by {
        return Err(format!("counted by {} but pushed as {by}", e.user_id));
    }
    let range = match e.mode.as_str() {
        "add" => 1..=MAX_ENTRY,
        "set" => 0..=MAX_ENTRY,
        other => return Err(format!("unknown count mode {other:?}")),
    };
    if !range.contains(&e.quantity) {
        return Err(format!("a count entry is 0 to {MAX_ENTRY} units"));
    }
    if !id_ok(&e.count_id) {
        return Err("a count entry names its count".into());
    }
    j.product_known(&e.product_id)
}

pub fn closed(j: &mut Judge<'_>, r: &Record) -> Result<(), Reason> {
    let c: Closed = parse(&r.payload)?;
    same_id(r, &c.id)?;
    if c.id != format!("{}-closed", c.count_id) {
        return Err("a count closes once: its id is the count's".into());
    }
    let needs = match c.status.as_str() {
        "posted" => Permission::ApproveCount,
        "cancelled" => Permission::AdjustStock,
        other => return Err(format!("a count is posted or cancelled, not {other:?}")),
    };
    let by = j.may(r.by.as_deref(), needs)?;
    if c.by != by {
        return Err(format!("closed by {} but pushed as {by}", c.by));
    }
    Ok(())
}
