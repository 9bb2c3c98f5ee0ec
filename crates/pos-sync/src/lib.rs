//! The terminal's side of sync. [`local`] reads the outbox and applies pulled changes to the
//! terminal's SQLite file; [`engine`] is the background loop: push, then pull, with backoff; it
//! reaches the server through the [`transport::Transport`] port (the HTTPS adapter is
//! `pos-adapters`'). The wire format is `pos-protocol`'s (re-exported here as [`protocol`]). Must
//! not depend on Tauri, on the server, or on an HTTP client.

pub mod engine;
pub mod local;
pub mod transport;

pub use engine::{Credentials, Engine, EngineConfig, Local, SyncError, SyncHandle, SyncStatus};
pub use pos_protocol as protocol;
pub use pos_protocol::{Change, PROTOCOL_VERSION, PullResponse, PushRequest, PushResponse, Record};
pub use transport::{Call, PullAt, Transport};
