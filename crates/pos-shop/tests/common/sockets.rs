//! Chat sockets as the widget and a terminal open them (tokio-tungstenite on loopback), reading
//! the server's JSON frames.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Sock {
    pub ws: Ws,
}

/// Opens `path` on `base` (http://…) with these headers; the HTTP status when refused.
pub async fn open(base: &str, path: &str, headers: &[(&str, String)]) -> Result<Sock, u16> {
    let url = format!("{}{path}", base.replacen("http://", "ws://", 1));
    let mut req = url.into_client_request().unwrap();
    for (k, v) in headers {
        req.headers_mut().insert(
            reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            v.parse().unwrap(),
        );
    }
    // Small buffers, as the server's: a thousand of these live in the chat bench's process.
    let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0);
    match tokio_tungstenite::connect_async_with_config(req, Some(config), false).await {
        Ok((ws, _)) => Ok(Sock { ws }),
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => Err(r.status().as_u16()),
        Err(e) => panic!("connecting {path}: {e}"),
    }
}

impl Sock {
    pub async fn say(&mut self, v: Value) {
        self.ws.send(Frame::Text(v.to_string().into())).await.unwrap();
    }

    pub async fn hello(&mut self, after: i64) -> Value {
        self.say(json!({"type": "hello", "after": after})).await;
        self.expect("welcome").await
    }

    /// The next JSON frame within `wait`, skipping pings.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Value> {
        loop {
            let f = tokio::time::timeout(wait, self.ws.next()).await.ok()??.ok()?;
            if let Frame::Text(t) = f {
                return serde_json::from_str(t.as_str()).ok();
            }
        }
    }

    pub async fn next(&mut self) -> Value {
        self.next_within(Duration::from_secs(10))
            .await
            .expect("a frame within 10 s")
    }

    /// Reads until a frame of `kind` comes (others are dropped).
    pub async fn expect(&mut self, kind: &str) -> Value {
        loop {
            let v = self.next().await;
            if v["type"] == kind {
                return v;
            }
        }
    }

    /// Reads `message` frames until `n` have come (other frames are dropped).
    pub async fn messages(&mut self, n: usize) -> Vec<Value> {
        let mut out = Vec::new();
        while out.len() < n {
            let v = self.next().await;
            if v["type"] == "message" {
                out.push(v);
            }
        }
        out
    }

    /// Nothing more of `kind` arrives within `wait`.
    pub async fn quiet(&mut self, kind: &str, wait: Duration) -> bool {
        let until = tokio::time::Instant::now() + wait;
        loop {
            let left = until.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return true;
            }
            match self.next_within(left).await {
                Some(v) if v["type"] == kind => return false,
                Some(_) => {}
                None => return true,
            }
        }
    }
}
