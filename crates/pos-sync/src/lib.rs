//! The terminal's side of sync. [`local`] reads the outbox and applies pulled changes to the
//! terminal's SQLite file; [`engine`] is the background loop: push, then pull, with backoff. The
//! wire format is `pos-protocol`'s (re-exported here as [`protocol`]). Must not depend on Tauri or
//! on the server.

pub mod engine;
pub mod local;

pub use engine::{Credentials, Engine, EngineConfig, Local, SyncError, SyncHandle, SyncStatus};
pub use pos_protocol as protocol;
pub use pos_protocol::{Change, PROTOCOL_VERSION, PullResponse, PushRequest, PushResponse, Record};
