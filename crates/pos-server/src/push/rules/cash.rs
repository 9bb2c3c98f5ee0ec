//! Cash put into or taken out of the drawer: by a person who may sell, in this terminal's own
//! shift while it is open.

use super::{Judge, Reason, parse, same_id, text_ok};
use pos_domain::roles::Permission;
use pos_protocol::Record;
use serde::Deserialize;

#[derive(Deserialize)]
struct Cash {
    id: String,
    shift_id: String,
    amount: i64,
    #[serde(default)]
    reason: String,
    user_id: String,
    at: i64,
}

pub fn judge(j: &mut Judge<'_>, r: &Record) -> Result<(), Reason> {
    let c: Cash = parse(&r.payload)?;
    same_id(r, &c.id)?;
    let by = j.may(r.by.as_deref(), Permission::Sell)?;
    if by != c.user_id {
        return Err(format!("moved by {} but pushed as {by}", c.user_id));
    }
    if c.amount == 0 || c.amount.abs() > 10_000_000_000 || !text_ok(&c.reason, 200) {
        return Err("a cash movement needs a non-zero amount and a reason".into());
    }
    j.when(c.at)?;
    j.shift_open_at(&c.shift_id, c.at)?;
    j.reported(c.at);
    Ok(())
}
