//! What both kinds of socket share: reading the client's next words, sending ours, and the
//! heartbeat's bookkeeping.

use crate::limits::{DEAD_AFTER, HELLO_WITHIN, PAGE};
use crate::wire::{Down, Shown, Up};
use axum::extract::ws::{Message as Frame, WebSocket};
use pos_server::ApiError;
use std::time::Instant;

/// What came from the client.
pub enum Heard {
    Up(Up),
    /// Not one of our messages: refused in words, the socket stays.
    Garbled,
    /// A ping, pong or other frame: proof of life only.
    Alive,
    Closed,
}

pub struct Socket {
    pub ws: WebSocket,
    pub heard_at: Instant,
}

impl Socket {
    pub fn new(ws: WebSocket) -> Socket {
        Socket {
            ws,
            heard_at: Instant::now(),
        }
    }

    /// The client's first words: `hello` with the place it resumes after, within
    /// [`HELLO_WITHIN`]; None (close the socket) for anything else.
    pub async fn hello(&mut self) -> Option<i64> {
        match tokio::time::timeout(HELLO_WITHIN, self.next()).await {
            Ok(Heard::Up(Up::Hello { after })) => Some(after.max(0)),
            _ => None,
        }
    }

    pub async fn next(&mut self) -> Heard {
        let Some(Ok(frame)) = self.ws.recv().await else {
            return Heard::Closed;
        };
        self.heard_at = Instant::now();
        match frame {
            Frame::Text(t) => match serde_json::from_str::<Up>(t.as_str()) {
                Ok(up) => Heard::Up(up),
                Err(_) => Heard::Garbled,
            },
            Frame::Close(_) => Heard::Closed,
            _ => Heard::Alive,
        }
    }

    /// False when the client is gone.
    pub async fn send(&mut self, down: &Down) -> bool {
        let Ok(text) = serde_json::to_string(down) else {
            return true;
        };
        self.ws.send(Frame::Text(text.into())).await.is_ok()
    }

    /// Sends every message after `last`, a page at a time, in order: `read(after)` gives the
    /// page after a place, `place(m)` the place a message moves `last` to. Ok(false) when the
    /// client is gone.
    pub async fn send_pages<F, Fut>(
        &mut self,
        last: &mut i64,
        mut read: F,
        place: fn(&Shown) -> i64,
    ) -> Result<bool, ApiError>
    where
        F: FnMut(i64) -> Fut,
        Fut: std::future::Future<Output = Result<Vec<Shown>, ApiError>>,
    {
        loop {
            let page = read(*last).await?;
            let n = page.len() as i64;
            for m in page {
                *last = place(&m);
                if !self.send(&Down::Message(m)).await {
                    return Ok(false);
                }
            }
            if n < PAGE {
                return Ok(true);
            }
        }
    }

    pub async fn refuse(&mut self, en: &str, id: &str) -> bool {
        self.send(&Down::Refused {
            en: en.into(),
            id: id.into(),
        })
        .await
    }

    /// A heartbeat: false when the client has been silent too long (a dead socket) or is gone.
    pub async fn beat(&mut self) -> bool {
        if self.heard_at.elapsed() > DEAD_AFTER {
            return false;
        }
        self.ws.send(Frame::Ping(Default::default())).await.is_ok()
    }
}

/// Unix milliseconds now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
