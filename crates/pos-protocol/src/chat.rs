//! The live chat's messages as the server sends them to terminals and customers: over the chat
//! sockets and `GET /v1/chat/feed`. A message is numbered in its conversation (`seq`: 1, 2, 3 …)
//! and placed in the store's feed (`feed`), the order a terminal catches up in.

use serde::{Deserialize, Serialize};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatSender {
    Customer,
    Staff,
    /// Staff's internal note: never sent to the customer.
    Note,
}

impl ChatSender {
    pub fn code(self) -> &'static str {
        match self {
            ChatSender::Customer => "customer",
            ChatSender::Staff => "staff",
            ChatSender::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<ChatSender> {
        match s {
            "customer" => Some(ChatSender::Customer),
            "staff" => Some(ChatSender::Staff),
            "note" => Some(ChatSender::Note),
            _ => None,
        }
    }
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatLine {
    pub id: String,
    pub conversation: String,
    pub seq: i64,
    pub feed: i64,
    pub sender: ChatSender,
    pub author: String,
    pub body: String,
    pub product_id: Option<String>,
    /// A picture: the store's blob, by its SHA-256.
    #[serde(default)]
    pub attachment: Option<String>,
    /// Unix milliseconds, by the writer's clock.
    pub at: i64,
    /// The customer's name and how to reach them (empty for staff's own conversations).
    #[serde(default)]
    pub customer: String,
    #[serde(default)]
    pub contact: String,
    /// Who the conversation is assigned to now (a staff member's name; empty for nobody).
    #[serde(default)]
    pub assigned_to: String,
}

/// A page of the store's messages after a feed place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatFeed {
    pub messages: Vec<ChatLine>,
    /// More wait after the last of these.
    pub more: bool,
}

/// `POST /v1/chat/typing`: staff at a terminal are typing in a conversation (the customer's
/// widget shows it for a few seconds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typing {
    pub conversation: String,
}

/// `GET /v1/chat/presence`: a terminal of the store with its chat socket open now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Present {
    pub branch: String,
    pub terminal: String,
    /// Unix milliseconds of its last heartbeat.
    pub seen_at: i64,
}
