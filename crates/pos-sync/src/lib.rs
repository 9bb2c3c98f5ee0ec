//! Sync between terminals and the hosted server. [`protocol`] is the wire format both ends share
//! (and validate); [`local`] reads the outbox and applies pulled changes to the terminal's SQLite
//! file; [`engine`] is the terminal's background loop: push, then pull, with backoff.

pub mod engine;
pub mod local;
pub mod protocol;

pub use engine::{Credentials, Engine, EngineConfig, Local, SyncError, SyncHandle, SyncStatus};
pub use protocol::{Change, PROTOCOL_VERSION, PullResponse, PushRequest, PushResponse, Record};
