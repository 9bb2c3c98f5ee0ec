//! The sync server over HTTPS: the owner's calls ([`owner`], blocking, for the core's
//! `ServerApi`) and the engine's push, pull and take-back ([`transport`], async, for
//! `pos_sync::Transport`). Bodies are the wire types of `pos-protocol`; a refusal is read as its
//! `ErrorBody` (or, from something that is not our server, an `unknown` code with the HTTP status).

mod chat_socket;
mod owner;
mod transport;

use pos_sync::protocol::{ErrorBody, ErrorCode};
use std::sync::OnceLock;
use std::time::Duration;

pub struct SyncHttp {
    /// The engine's client: gzip answers, the engine's timeout.
    client: reqwest::Client,
    /// The owner's commands run on the core's blocking threads.
    blocking: OnceLock<reqwest::blocking::Client>,
}

impl SyncHttp {
    /// `timeout`: how long one push or pull page may take (the engine's `EngineConfig::timeout`).
    pub fn new(timeout: Duration) -> SyncHttp {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(10))
            .gzip(true)
            .user_agent(concat!("hurtrock-pos/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("an HTTP client");
        SyncHttp {
            client,
            blocking: OnceLock::new(),
        }
    }

    fn blocking(&self) -> &reqwest::blocking::Client {
        crate::http::blocking(&self.blocking, Duration::from_secs(20))
    }
}

fn url(server: &str, path: &str) -> String {
    format!("{}{path}", server.trim_end_matches('/'))
}

/// A refused request's body, or what stands for it when the answer is not our server's.
fn refusal(status: u16, bytes: &[u8]) -> ErrorBody {
    serde_json::from_slice::<ErrorBody>(bytes).unwrap_or_else(|_| ErrorBody {
        code: ErrorCode::Unknown,
        message: format!("HTTP {status}"),
        acked: None,
    })
}
