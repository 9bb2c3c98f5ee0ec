//! The terminal's side of sync in its SQLite file: reading the outbox, letting go of what the
//! server holds, and applying pulled pages, each page and its cursor in one transaction.
//!
//! Every change is applied inside a savepoint: one that cannot be applied here (a reference this
//! terminal never received, say) is recorded as a sync issue and the page goes on.

use crate::protocol::{Change, ChangeKind, Kind, LOCAL_FIELDS, PullResponse, Record};
use pos_store::sales::{Return, Sale};
use pos_store::stock::{self, NewMovement};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Deserialize;
use serde_json::{Map, Value};

pub type Result<T> = std::result::Result<T, rusqlite::Error>;

mod apply;
mod chat;
mod edits;
mod facts;
mod lost;
mod outbox;
mod reference;
mod state;

pub use apply::*;
pub use chat::*;
pub use edits::*;
use facts::*;
pub use lost::*;
pub use outbox::*;
use reference::*;
pub use state::*;

#[cfg(test)]
mod tests;
