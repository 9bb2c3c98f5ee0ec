//! The live chat at the terminal: customers' conversations (from the server's chat feed, which
//! sync fetches), staff's replies, internal notes and product cards (sent through the outbox, so
//! a reply written offline goes when the terminal is back, in order), what staff here have read
//! and resolved, and the quick replies the owner keeps.

mod assign;
mod inbox;
mod presence;
mod quick_replies;
mod send;

pub use assign::*;
pub use inbox::*;
pub use presence::*;
pub use quick_replies::*;
pub use send::*;

use crate::Core;
use crate::error::Result;
use crate::permissions::Permission;
use serde::{Deserialize, Serialize};
