//! The hub: one PostgreSQL connection per server instance that `LISTEN`s on `chat`, and an
//! in-process broadcast of what it hears to every socket of this instance. Notifications carry
//! ids only; a socket re-reads the rows from the database after the last number it sent, so a
//! socket that lags behind the broadcast, or an instance whose listening connection dropped,
//! re-reads instead of losing anything ([`Note::Resync`]).

use futures_util::StreamExt;
use pos_server::store::chat_messages::CHANNEL;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio_postgres::AsyncMessage;
use uuid::Uuid;

/// What an instance heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A message was appended: its conversation, number and place in the store's feed.
    Message {
        store: Uuid,
        conversation: String,
        seq: i64,
        feed: i64,
    },
    /// Someone is typing in a conversation (`staff`: a terminal; else the customer).
    Typing {
        store: Uuid,
        conversation: String,
        staff: bool,
    },
    /// The hub may have missed notes (it was reconnecting): every socket re-reads.
    Resync,
}

impl Note {
    /// `m:{store}:{conversation}:{seq}:{feed}` or `t:{store}:{conversation}:{s|c}`.
    pub fn parse(payload: &str) -> Option<Note> {
        let (kind, rest) = payload.split_once(':')?;
        let (store, rest) = rest.split_once(':')?;
        let store = Uuid::parse_str(store).ok()?;
        match kind {
            // A conversation's id may hold ':' itself: the numbers are read from the right.
            "m" => {
                let mut it = rest.rsplitn(3, ':');
                let feed = it.next()?.parse().ok()?;
                let seq = it.next()?.parse().ok()?;
                Some(Note::Message {
                    store,
                    conversation: it.next()?.to_string(),
                    seq,
                    feed,
                })
            }
            "t" => {
                let (conversation, who) = rest.rsplit_once(':')?;
                Some(Note::Typing {
                    store,
                    conversation: conversation.to_string(),
                    staff: who == "s",
                })
            }
            _ => None,
        }
    }

    pub fn typing(store: Uuid, conversation: &str, staff: bool) -> String {
        format!("t:{store}:{conversation}:{}", if staff { "s" } else { "c" })
    }
}

/// How many notes a socket may fall behind before it re-reads from the database.
pub const BACKLOG: usize = 4096;

#[derive(Clone)]
pub struct Hub {
    pub pool: deadpool_postgres::Pool,
    notes: broadcast::Sender<Arc<Note>>,
    listening: watch::Receiver<bool>,
}

impl Hub {
    /// Starts listening on its own connection (`pg`, the pool's settings), reconnecting for as
    /// long as the process lives.
    pub fn start(pg: tokio_postgres::Config, pool: deadpool_postgres::Pool) -> Hub {
        let (notes, _) = broadcast::channel(BACKLOG);
        let (up, listening) = watch::channel(false);
        let tx = notes.clone();
        tokio::spawn(async move {
            let mut backoff = Duration::from_millis(100);
            loop {
                match listen(&pg, &tx, &up).await {
                    Ok(()) => backoff = Duration::from_millis(100),
                    Err(e) => tracing::warn!(error = %e, "chat: listening connection"),
                }
                let _ = up.send(false);
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(5));
            }
        });
        Hub { pool, notes, listening }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Note>> {
        self.notes.subscribe()
    }

    /// Waits until the hub listens (tests; a socket never needs to: it reads first).
    pub async fn ready(&self) {
        let mut l = self.listening.clone();
        let _ = l.wait_for(|up| *up).await;
    }

    /// How many sockets of this instance are subscribed.
    pub fn sockets(&self) -> usize {
        self.notes.receiver_count()
    }
}

async fn listen(
    pg: &tokio_postgres::Config,
    tx: &broadcast::Sender<Arc<Note>>,
    up: &watch::Sender<bool>,
) -> Result<(), tokio_postgres::Error> {
    let (client, mut conn) = pg.connect(tokio_postgres::NoTls).await?;
    let mut messages = futures_util::stream::poll_fn(move |cx| conn.poll_message(cx));
    let (heard, mut hear) = tokio::sync::mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        while let Some(m) = messages.next().await {
            match m {
                Ok(AsyncMessage::Notification(n)) => {
                    if heard.send(Some(n.payload().to_string())).is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "chat: the listening connection failed");
                    break;
                }
            }
        }
        let _ = heard.send(None);
    });
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    let _ = up.send(true);
    // Whatever was appended before LISTEN took effect is read by everyone now.
    let _ = tx.send(Arc::new(Note::Resync));
    while let Some(Some(payload)) = hear.recv().await {
        if let Some(note) = Note::parse(&payload) {
            let _ = tx.send(Arc::new(note));
        }
    }
    driver.abort();
    let _ = tx.send(Arc::new(Note::Resync));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_read_back_as_written() {
        let s = Uuid::now_v7();
        assert_eq!(
            Note::parse(&format!("m:{s}:c-1:7:42")),
            Some(Note::Message {
                store: s,
                conversation: "c-1".into(),
                seq: 7,
                feed: 42
            })
        );
        assert_eq!(
            Note::parse(&Note::typing(s, "c-1", true)),
            Some(Note::Typing {
                store: s,
                conversation: "c-1".into(),
                staff: true
            })
        );
        assert!(
            matches!(Note::parse(&format!("m:{s}:a:b:3:4")), Some(Note::Message { conversation, .. }) if conversation == "a:b")
        );
        for bad in [
            "",
            "m",
            "m:x:c:1:2",
            &format!("m:{s}:c:x:2"),
            &format!("q:{s}:c"),
            &format!("m:{s}:1:2"),
        ] {
            assert_eq!(Note::parse(bad), None, "{bad}");
        }
    }
}
