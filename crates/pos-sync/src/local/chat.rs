//! Customers' chat from the server's feed, written into this terminal's chat tables with its
//! feed place, one page per transaction (a page applied is never read again, nor skipped).

use super::*;
use crate::protocol::chat::{ChatFeed, ChatSender};
use pos_store::chat::{self, ChatMessage};

const FEED: &str = "chat_feed";

/// Where this terminal's chat feed stands.
pub fn chat_feed_place(conn: &Connection) -> Result<i64> {
    Ok(state(conn, FEED)?.and_then(|c| c.parse().ok()).unwrap_or(0))
}

/// Applies a page; returns how many customer messages were new here.
pub fn apply_chat_page(conn: &mut Connection, page: &ChatFeed) -> Result<i64> {
    let tx = conn.transaction()?;
    let mut fresh = 0;
    let mut place = chat_feed_place(&tx)?;
    for l in &page.messages {
        let m = ChatMessage {
            id: l.id.clone(),
            conversation_id: l.conversation.clone(),
            author: l.author.clone(),
            body: l.body.clone(),
            at: l.at,
            seq: Some(l.seq),
            sender: match l.sender {
                ChatSender::Customer => chat::ChatSender::Customer,
                ChatSender::Staff => chat::ChatSender::Staff,
                ChatSender::Note => chat::ChatSender::Note,
            },
            product_id: l.product_id.clone(),
            attachment: l.attachment.clone().filter(|h| crate::protocol::is_blob_hash(h)),
            assign_to: None,
        };
        let new = chat::apply(&tx, &m, &l.customer, &l.contact, &l.assigned_to).map_err(reference::store_err)?;
        if new && l.sender == ChatSender::Customer {
            fresh += 1;
        }
        place = place.max(l.feed);
    }
    set_state(&tx, FEED, &place.to_string())?;
    tx.commit()?;
    Ok(fresh)
}
