//! The chat's words on the socket, JSON text frames tagged by `type`. Clients send [`Up`]; the
//! server sends [`Down`]. A client says `hello` first with the last number (or feed place) it
//! saw, and gets everything after it before anything live.

use serde::{Deserialize, Serialize};

/// What a client sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Up {
    /// First: resume after this message number (a customer) or feed place (a terminal).
    Hello {
        #[serde(default)]
        after: i64,
    },
    /// A guest opens their conversation by saying who they are.
    Start {
        name: String,
        contact: String,
    },
    /// A message; `id` is the client's own (a resend with the same id is appended once).
    Send {
        id: String,
        body: String,
        #[serde(default)]
        product_id: Option<String>,
    },
    /// The client is typing (a terminal names the conversation).
    Typing {
        #[serde(default)]
        conversation: Option<String>,
    },
    Ping,
}

/// A message as a client shows it (the feed's type: the same on every path).
pub type Shown = pos_protocol::chat::ChatLine;

/// What the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Down {
    /// After `hello`: whether a conversation exists (a guest without one is asked who they are
    /// before their first message), and whether staff are online.
    Welcome {
        started: bool,
        staff_online: bool,
    },
    Message(Shown),
    /// A message with this client id was appended as number `seq`.
    Ack {
        id: String,
        seq: i64,
    },
    Typing {
        conversation: String,
        staff: bool,
    },
    Presence {
        staff_online: bool,
    },
    Pong,
    /// Something the client sent was refused, in both languages.
    Refused {
        en: String,
        id: String,
    },
}
