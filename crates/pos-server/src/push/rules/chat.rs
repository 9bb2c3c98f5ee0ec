//! A chat message from a terminal is written by the staff member who pushed it, under their name:
//! a reply, an internal note, or a product card.

use super::{Chat, Effects, Judge, Reason, id_ok, parse, same_id};
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
    /// `note` for an internal note; anything else is a staff reply (a terminal never writes as
    /// a customer).
    #[serde(default)]
    sender: Option<String>,
    #[serde(default)]
    product_id: Option<String>,
    /// The conversation is (re)assigned with this message to the staff member so named ('' for
    /// nobody).
    #[serde(default)]
    assign_to: Option<String>,
}

pub fn judge(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    let m: Message = parse(&r.payload)?;
    same_id(r, &m.id)?;
    let by = j.may(r.by.as_deref(), Permission::Sell)?;
    let chars = m.body.chars().count();
    if !id_ok(&m.conversation_id) || chars == 0 || chars > 4000 {
        return Err("a chat message needs a conversation and 1 to 4000 characters".into());
    }
    if m.product_id.as_deref().is_some_and(|p| !id_ok(p)) {
        return Err("a product card names a product by its id".into());
    }
    if let Some(name) = m.assign_to.as_deref()
        && !name.is_empty()
        && !j.ctx.people.values().any(|p| p.name == name)
    {
        return Err(format!("assigned to {name:?}, who is not on this store's staff"));
    }
    if let Some(p) = j.ctx.people.get(by)
        && p.name != m.author
    {
        return Err(format!("written by {} but signed {:?}", p.name, m.author));
    }
    fx.chats.push(Chat {
        id: m.id,
        conversation: m.conversation_id,
        author: m.author,
        body: m.body,
        at: m.at,
        note: m.sender.as_deref() == Some("note"),
        product_id: m.product_id,
        assign_to: m.assign_to,
    });
    Ok(())
}
