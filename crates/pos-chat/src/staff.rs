//! A terminal's socket (`GET /v1/chat/socket`, the device's token): every message of its store
//! after the feed place it last saw, then live; customers' typing; its presence kept for the
//! widget's "we are online". Staff's own messages travel as sync records (the outbox: written
//! offline, sent in order, appended once by id), and reach customers' sockets from there.

use crate::hub::{Hub, Note};
use crate::limits::{Bucket, HEARTBEAT, PAGE};
use crate::socket::{Heard, Socket};
use crate::wire::{Down, Up};
use axum::extract::ws::WebSocket;
use pos_server::ApiError;
use pos_server::auth::Device;
use pos_server::store::chat_conversations as conversations;
use pos_server::store::chat_messages as messages;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::error::RecvError;

struct Session {
    hub: Hub,
    device: Device,
    /// The last feed place this terminal has.
    last: i64,
    typing: Bucket,
}

pub async fn serve(ws: WebSocket, hub: Hub, device: Device) {
    let mut notes = hub.subscribe();
    let mut sock = Socket::new(ws);
    let Some(after) = sock.hello().await else {
        return;
    };
    let mut s = Session {
        hub,
        device,
        last: after,
        typing: Bucket::new(4, Duration::from_secs(1)),
    };
    if s.present().await.is_err()
        || !sock
            .send(&Down::Welcome {
                started: true,
                staff_online: true,
            })
            .await
        || !s.catch_up(&mut sock).await.unwrap_or(false)
    {
        s.absent().await;
        return;
    }
    let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
    loop {
        let alive = tokio::select! {
            heard = sock.next() => match heard {
                Heard::Closed => false,
                Heard::Alive => true,
                Heard::Garbled => sock.refuse("That message could not be read.", "Pesan itu tidak bisa dibaca.").await,
                Heard::Up(up) => s.on_up(&mut sock, up).await.unwrap_or(true),
            },
            note = notes.recv() => match note {
                Ok(n) => s.on_note(&mut sock, &n).await.unwrap_or(true),
                Err(RecvError::Lagged(_)) => s.catch_up(&mut sock).await.unwrap_or(true),
                Err(RecvError::Closed) => false,
            },
            _ = beat.tick() => sock.beat().await && s.present().await.is_ok(),
        };
        if !alive {
            break;
        }
    }
    s.absent().await;
}

impl Session {
    async fn present(&self) -> Result<(), ApiError> {
        let db = self.hub.pool.get().await?;
        conversations::present(&db, self.device.id, self.device.store_id).await
    }

    async fn absent(&self) {
        if let Ok(db) = self.hub.pool.get().await {
            let _ = conversations::absent(&db, self.device.id).await;
        }
    }

    async fn catch_up(&mut self, sock: &mut Socket) -> Result<bool, ApiError> {
        let (pool, store) = (self.hub.pool.clone(), self.device.store_id);
        let read = |after: i64| {
            let pool = pool.clone();
            async move {
                let db = pool.get().await?;
                messages::feed(&db, store, after, PAGE).await
            }
        };
        sock.send_pages(&mut self.last, read, |m| m.feed).await
    }

    async fn on_note(&mut self, sock: &mut Socket, note: &Note) -> Result<bool, ApiError> {
        match note {
            Note::Resync => self.catch_up(sock).await,
            Note::Message { store, feed, .. } if *store == self.device.store_id && *feed > self.last => {
                self.catch_up(sock).await
            }
            Note::Typing {
                store,
                conversation,
                staff: false,
            } if *store == self.device.store_id => Ok(sock
                .send(&Down::Typing {
                    conversation: conversation.clone(),
                    staff: false,
                })
                .await),
            _ => Ok(true),
        }
    }

    async fn on_up(&mut self, sock: &mut Socket, up: Up) -> Result<bool, ApiError> {
        match up {
            Up::Ping => Ok(sock.send(&Down::Pong).await),
            Up::Typing {
                conversation: Some(conv),
            } if crate::limits::id_ok(&conv) => {
                if self.typing.take(Instant::now()) {
                    let db = self.hub.pool.get().await?;
                    messages::notify(&db, &Note::typing(self.device.store_id, &conv, true)).await?;
                }
                Ok(true)
            }
            Up::Send { .. } | Up::Start { .. } => Ok(sock
                .refuse(
                    "A terminal's messages go through sync (they are kept when offline).",
                    "Pesan dari terminal dikirim lewat sinkronisasi (tetap tersimpan saat offline).",
                )
                .await),
            _ => Ok(true),
        }
    }
}
