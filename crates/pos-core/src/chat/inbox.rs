//! The staff's inbox: conversations by status with their unread counts, one conversation's
//! messages, marking read and resolved, and the unread total every screen's header shows.

use super::*;
use crate::error::CoreError;

pub use pos_store::chat::{ChatConversation, ChatStatus};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatListRequest {
    pub conversation_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatSearch {
    /// Words in the customer's name, contact or any message (up to 100 characters).
    pub query: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatResolveRequest {
    pub conversation_id: String,
    pub resolved: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatUnread {
    /// Customer messages not yet read at this terminal.
    pub messages: i64,
    pub conversations: i64,
}

impl Core {
    pub fn chat_inbox(&self, token: Option<&str>) -> Result<Vec<ChatConversation>> {
        self.authorize(token, Permission::Sell)?;
        self.read(|c| Ok(pos_store::chat::inbox(c)?))
    }

    /// The history searched offline, in this till's database.
    pub fn chat_search(&self, token: Option<&str>, req: ChatSearch) -> Result<Vec<ChatConversation>> {
        self.authorize(token, Permission::Sell)?;
        let query = crate::error::text("query", ("Search", "Cari"), &req.query, 100, false)?;
        self.read(|c| Ok(pos_store::chat::search(c, &query)?))
    }

    /// A conversation's messages; reading them marks them read here.
    pub fn chat_messages(&self, token: Option<&str>, req: ChatListRequest) -> Result<Vec<ChatMessage>> {
        self.authorize(token, Permission::Sell)?;
        // Read first: the inbox asks every few seconds, and writes only when there is news.
        let messages = self.read(|c| Ok(pos_store::chat::conversation(c, &req.conversation_id)?))?;
        if self.read(|c| Ok(pos_store::chat::unread_in(c, &req.conversation_id)?))? > 0 {
            self.write(|tx| Ok(pos_store::chat::mark_read(tx, &req.conversation_id)?))?;
        }
        Ok(messages)
    }

    pub fn resolve_chat(&self, token: Option<&str>, req: ChatResolveRequest) -> Result<crate::Empty> {
        self.authorize(token, Permission::Sell)?;
        self.write(|tx| {
            if !pos_store::chat::set_resolved(tx, &req.conversation_id, req.resolved)? {
                return Err(CoreError::not_found("conversation_id", "Conversation", "Percakapan"));
            }
            Ok(crate::Empty {})
        })
    }

    pub fn chat_unread(&self, token: Option<&str>) -> Result<ChatUnread> {
        self.authorize(token, Permission::Sell)?;
        let (messages, conversations) = self.read(|c| Ok(pos_store::chat::unread(c)?))?;
        Ok(ChatUnread {
            messages,
            conversations,
        })
    }
}
