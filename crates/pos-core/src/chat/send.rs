//! `send_chat_message`: a reply, an internal note or a product card from staff, synced to the
//! server (which numbers it and delivers it to the customer's socket) and to every terminal.

use super::*;
use crate::error::CoreError;

pub use pos_store::chat::{ChatMessage, ChatSender};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SendChatRequest {
    pub conversation_id: String,
    pub body: String,
    /// An internal note, never shown to the customer.
    #[serde(default)]
    pub note: bool,
    /// A product card: the customer sees its photo, price and an add-to-cart button.
    #[serde(default)]
    pub product_id: Option<String>,
}

impl Core {
    pub fn send_chat_message(&self, token: Option<&str>, req: SendChatRequest) -> Result<ChatMessage> {
        let s = self.authorize(token, Permission::Sell)?;
        let conversation = crate::error::text(
            "conversation_id",
            ("Conversation", "Percakapan"),
            &req.conversation_id,
            64,
            true,
        )?;
        let body = req.body.trim();
        if body.is_empty() || body.chars().count() > 4000 {
            return Err(CoreError::invalid(
                "body",
                "Write 1 to 4000 characters",
                "Tulis 1 sampai 4000 karakter",
            ));
        }
        let m = ChatMessage {
            id: pos_domain::new_id(),
            conversation_id: conversation,
            author: s.user.name.clone(),
            body: body.to_string(),
            at: self.now(),
            seq: None,
            sender: if req.note { ChatSender::Note } else { ChatSender::Staff },
            product_id: None,
            attachment: None,
            assign_to: None,
        };
        let m = self.write(|tx| {
            let mut m = m.clone();
            if let Some(p) = req.product_id.as_deref().filter(|p| !p.is_empty()) {
                // A card names a product this store has.
                let known: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM products WHERE id = ?1)", [p], |r| {
                    r.get(0)
                })?;
                if !known {
                    return Err(CoreError::not_found("product_id", "Product", "Produk"));
                }
                m.product_id = Some(p.to_string());
            }
            pos_store::chat::insert(tx, &m)?;
            // Staff who answer have read what they answered.
            pos_store::chat::mark_read(tx, &m.conversation_id)?;
            pos_store::outbox::append(tx, "chat_message", &m.id, &m, m.at, Some(&s.user.id))?;
            Ok(m)
        })?;
        self.nudge_sync();
        Ok(m)
    }
}
