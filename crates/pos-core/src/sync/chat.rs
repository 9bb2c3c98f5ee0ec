//! Chat messages between the store's terminals (and, later, customers).

use super::*;

pub use pos_store::chat::ChatMessage;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SendChatRequest {
    pub conversation_id: String,
    pub body: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatListRequest {
    pub conversation_id: String,
}

impl Core {
    /// A chat message from staff (customers' come through the server); synced to every terminal.
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
        };
        self.write(|tx| {
            pos_store::chat::insert(tx, &m)?;
            pos_store::outbox::append(tx, "chat_message", &m.id, &m, m.at, Some(&s.user.id))?;
            Ok(())
        })?;
        self.nudge_sync();
        Ok(m)
    }

    pub fn chat_messages(&self, token: Option<&str>, req: ChatListRequest) -> Result<Vec<ChatMessage>> {
        self.authorize(token, Permission::Sell)?;
        self.read(|c| Ok(pos_store::chat::conversation(c, &req.conversation_id)?))
    }
}
