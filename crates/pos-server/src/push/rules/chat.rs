//! A chat message from a terminal is written by the staff member who pushed it, under their name.

use super::{Effects, Judge, Reason, id_ok, parse, same_id};
use pos_domain::roles::Permission;
use pos_protocol::Record;
use serde::Deserialize;

#[derive(Deserialize)]
struct Message {
    id: String,
    conversation_id: String,
    author: String,
    body: String,
    at: i64,
}

pub fn judge(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    let m: Message = parse(&r.payload)?;
    same_id(r, &m.id)?;
    let by = j.may(r.by.as_deref(), Permission::Sell)?;
    let chars = m.body.chars().count();
    if !id_ok(&m.conversation_id) || chars == 0 || chars > 4000 {
        return Err("a chat message needs a conversation and 1 to 4000 characters".into());
    }
    if let Some(p) = j.ctx.people.get(by)
        && p.name != m.author
    {
        return Err(format!("written by {} but signed {:?}", p.name, m.author));
    }
    fx.chats.push((m.id, m.conversation_id, m.author, m.body, m.at));
    Ok(())
}
