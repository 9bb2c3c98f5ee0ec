//! Linking the store to the sync server, enrolling terminals, the sync status, the owner's review
//! list (oversold products, sync conflicts) and chat messages.
//!
//! The device token is kept encrypted (ChaCha20-Poly1305) in the database; its key lives in a
//! separate file beside it, readable by the user only, so a copy of the database (a backup, a
//! support export) does not carry a usable token.

use crate::error::{CoreError, ErrorCode, Result};
use crate::permissions::Permission;
use crate::{Core, lock};
use pos_sync::local;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;

mod device_key;
mod devices;
mod enrolment;
mod model;
mod review;
mod server;
mod status;

// Chat moved to its own feature folder; its requests stay reachable here for older callers.
pub use crate::chat::{ChatListRequest, ChatMessage, SendChatRequest};
pub use model::*;
pub use server::*;
