//! A customer's socket (the shop's widget). The shop resolves who is there (the browser's
//! visitor cookie, the signed-in account) and hands the socket over; the customer can reach only
//! the conversation that identity owns: no conversation id is ever taken from the client, so
//! guessing or replaying another's id reaches nothing (the old shop's room hijack).

use crate::hub::{Hub, Note};
use crate::limits::{self, Bucket, HEARTBEAT, MAX_NAME_CHARS, PAGE};
use crate::socket::{Heard, Socket, now_ms};
use crate::wire::{Down, Up};
use axum::extract::ws::WebSocket;
use pos_server::ApiError;
use pos_server::store::chat_conversations::{self as conversations, Customer};
use pos_server::store::chat_messages::{self as messages, NewMessage, Sender};
use std::time::{Duration, Instant};
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

/// The signed-in customer, when there is one.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub email: String,
}

/// Who the shop says is on the socket.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub store: Uuid,
    pub visitor_hash: Vec<u8>,
    pub account: Option<Account>,
}

struct Session {
    hub: Hub,
    who: Visitor,
    conversation: Option<String>,
    /// The last message number this client has.
    last: i64,
    sends: Bucket,
    typing: Bucket,
    online: bool,
}

pub async fn serve(ws: WebSocket, hub: Hub, who: Visitor) {
    let mut notes = hub.subscribe();
    let mut sock = Socket::new(ws);
    let Some(after) = sock.hello().await else {
        return;
    };
    let mut s = Session {
        hub,
        who,
        conversation: None,
        last: after,
        sends: Bucket::new(20, Duration::from_secs(1)),
        typing: Bucket::new(2, Duration::from_secs(2)),
        online: false,
    };
    if let Err(e) = s.begin(&mut sock).await {
        tracing::warn!(error = ?e, "chat: a customer socket could not begin");
        return;
    }
    let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
    loop {
        let alive = tokio::select! {
            heard = sock.next() => match heard {
                Heard::Closed => false,
                Heard::Alive => true,
                Heard::Garbled => sock.refuse("That message could not be read.", "Pesan itu tidak bisa dibaca.").await,
                Heard::Up(up) => s.on_up(&mut sock, up).await.unwrap_or_else(|e| {
                    tracing::warn!(error = ?e, "chat: a customer's message");
                    true
                }),
            },
            note = notes.recv() => match note {
                Ok(n) => s.on_note(&mut sock, &n).await.unwrap_or(true),
                Err(RecvError::Lagged(_)) => s.catch_up(&mut sock).await.unwrap_or(true),
                Err(RecvError::Closed) => false,
            },
            _ = beat.tick() => sock.beat().await && s.presence(&mut sock).await.unwrap_or(true),
        };
        if !alive {
            return;
        }
    }
}

/// `c` and 32 hex digits of SHA-256(conversation, client id): never a terminal's id (a UUID).
pub fn customer_message_id(conversation: &str, client_id: &str) -> String {
    use sha2::Digest;
    let h = sha2::Sha256::digest(format!("{conversation}\n{client_id}").as_bytes());
    let hex: String = h.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("c{hex}")
}

impl Session {
    async fn begin(&mut self, sock: &mut Socket) -> Result<(), ApiError> {
        let db = self.hub.pool.get().await?;
        let who = Customer {
            visitor_hash: &self.who.visitor_hash,
            customer_id: self.who.account.as_ref().map(|a| a.id),
        };
        self.conversation = conversations::find(&db, self.who.store, &who).await?.map(|(id, _)| id);
        self.online = conversations::staff_online(&db, self.who.store).await? > 0;
        drop(db);
        // A customer with an account needs no introduction.
        let started = self.conversation.is_some() || self.who.account.is_some();
        sock.send(&Down::Welcome {
            started,
            staff_online: self.online,
        })
        .await;
        self.catch_up(sock).await?;
        Ok(())
    }

    /// Sends every message after the client's last, in order.
    async fn catch_up(&mut self, sock: &mut Socket) -> Result<bool, ApiError> {
        let Some(conv) = self.conversation.clone() else {
            return Ok(true);
        };
        let (pool, store) = (self.hub.pool.clone(), self.who.store);
        let read = |after: i64| {
            let (pool, conv) = (pool.clone(), conv.clone());
            async move {
                let db = pool.get().await?;
                messages::after(&db, store, &conv, after, PAGE, false).await
            }
        };
        sock.send_pages(&mut self.last, read, |m| m.seq).await
    }

    async fn on_note(&mut self, sock: &mut Socket, note: &Note) -> Result<bool, ApiError> {
        match note {
            Note::Resync => self.catch_up(sock).await,
            Note::Message {
                store,
                conversation,
                seq,
                ..
            } if *store == self.who.store && Some(conversation) == self.conversation.as_ref() && *seq > self.last => {
                self.catch_up(sock).await
            }
            Note::Typing {
                store,
                conversation,
                staff: true,
            } if *store == self.who.store && Some(conversation) == self.conversation.as_ref() => Ok(sock
                .send(&Down::Typing {
                    conversation: conversation.clone(),
                    staff: true,
                })
                .await),
            _ => Ok(true),
        }
    }

    async fn presence(&mut self, sock: &mut Socket) -> Result<bool, ApiError> {
        let db = self.hub.pool.get().await?;
        let online = conversations::staff_online(&db, self.who.store).await? > 0;
        if online == self.online {
            return Ok(true);
        }
        self.online = online;
        Ok(sock.send(&Down::Presence { staff_online: online }).await)
    }

    async fn on_up(&mut self, sock: &mut Socket, up: Up) -> Result<bool, ApiError> {
        match up {
            Up::Ping => Ok(sock.send(&Down::Pong).await),
            Up::Hello { .. } => Ok(true),
            Up::Start { name, contact } => self.start(sock, &name, &contact).await,
            Up::Typing { .. } => {
                if let Some(conv) = &self.conversation
                    && self.typing.take(Instant::now())
                {
                    let db = self.hub.pool.get().await?;
                    messages::notify(&db, &Note::typing(self.who.store, conv, false)).await?;
                }
                Ok(true)
            }
            Up::Send { id, body, product_id } => self.send(sock, &id, &body, product_id.as_deref()).await,
        }
    }

    async fn start(&mut self, sock: &mut Socket, name: &str, contact: &str) -> Result<bool, ApiError> {
        if self.conversation.is_some() {
            return Ok(true);
        }
        let (name, contact) = (name.trim(), contact.trim());
        let fits = |s: &str, min: usize| {
            (min..=MAX_NAME_CHARS).contains(&s.chars().count()) && !s.chars().any(char::is_control)
        };
        let reachable = contact.contains('@') || contact.chars().filter(char::is_ascii_digit).count() >= 8;
        if !fits(name, 1) || !fits(contact, 5) || !reachable {
            return Ok(sock
                .refuse(
                    "Tell us your name, and an email or phone number we can answer to.",
                    "Tulis nama Anda, dan email atau nomor telepon untuk kami balas.",
                )
                .await);
        }
        self.open(name, contact).await?;
        Ok(sock
            .send(&Down::Welcome {
                started: true,
                staff_online: self.online,
            })
            .await)
    }

    async fn open(&mut self, name: &str, contact: &str) -> Result<String, ApiError> {
        let db = self.hub.pool.get().await?;
        let who = Customer {
            visitor_hash: &self.who.visitor_hash,
            customer_id: self.who.account.as_ref().map(|a| a.id),
        };
        let id = conversations::open(&db, self.who.store, &who, name, contact).await?;
        self.conversation = Some(id.clone());
        Ok(id)
    }

    async fn send(&mut self, sock: &mut Socket, id: &str, body: &str, product: Option<&str>) -> Result<bool, ApiError> {
        let conv = match (&self.conversation, &self.who.account) {
            (Some(c), _) => c.clone(),
            (None, Some(a)) => {
                let (name, email) = (a.name.clone(), a.email.clone());
                self.open(&name, &email).await?
            }
            (None, None) => {
                return Ok(sock.refuse("Tell us your name first.", "Tulis nama Anda dulu.").await);
            }
        };
        let Some(body) = limits::body(body) else {
            return Ok(sock
                .refuse("Write 1 to 2 000 characters.", "Tulis 1 sampai 2.000 karakter.")
                .await);
        };
        if !limits::id_ok(id) || product.is_some_and(|p| !limits::id_ok(p)) {
            return Ok(sock
                .refuse("That message could not be read.", "Pesan itu tidak bisa dibaca.")
                .await);
        }
        if !self.sends.take(Instant::now()) {
            return Ok(sock
                .refuse(
                    "You are sending messages too quickly; wait a moment.",
                    "Anda mengirim pesan terlalu cepat; tunggu sebentar.",
                )
                .await);
        }
        let mut db = self.hub.pool.get().await?;
        let tx = db.transaction().await?;
        let author = conversations::name(&tx, &conv).await?;
        // The stored id is the conversation's and the client's together: a customer can never
        // name (and so take) an id a terminal will use, nor another conversation's.
        let stored = customer_message_id(&conv, id);
        let m = NewMessage {
            id: &stored,
            conversation: &conv,
            sender: Sender::Customer,
            author: &author,
            body: &body,
            product_id: product,
            attachment: None,
            at: now_ms(),
        };
        let Some((seq, fresh)) = messages::append(&tx, self.who.store, &m).await? else {
            return Ok(true);
        };
        tx.commit().await?;
        if !fresh {
            // A resend after a reconnect costs nothing.
            self.sends.give_back();
        }
        Ok(sock
            .send(&Down::Ack {
                id: id.to_string(),
                seq,
            })
            .await)
    }
}
