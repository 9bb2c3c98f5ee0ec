//! `chat_messages`: each conversation's messages, numbered 1, 2, 3 … (`position`) under the
//! conversation's row lock, each append announced with `NOTIFY chat` carrying ids only.

use super::{Db, query, query_one, query_opt};
use crate::ApiError;
use uuid::Uuid;

pub use pos_protocol::chat::{ChatLine as Message, ChatSender as Sender};

/// A message to append; `id` is the writer's own (a retry with the same id appends nothing).
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub id: &'a str,
    pub conversation: &'a str,
    pub sender: Sender,
    pub author: &'a str,
    pub body: &'a str,
    pub product_id: Option<&'a str>,
    /// A picture the store holds as a blob.
    pub attachment: Option<&'a str>,
    /// Unix milliseconds, as the writer's clock said.
    pub at: i64,
}

/// The channel every instance listens on.
pub const CHANNEL: &str = "chat";

/// Appends a message (the conversation is made when it is new: staff's own, between terminals)
/// and announces it at commit; returns its number, and whether it is new (false: this id was
/// appended before, and nothing changed); None when the conversation is another store's (nothing
/// written), or when the id is another conversation's message. Call inside a transaction.
pub async fn append(db: &impl Db, store: Uuid, m: &NewMessage<'_>) -> Result<Option<(i64, bool)>, ApiError> {
    // The conversation's row lock orders its appends (on any instance).
    let owner = query_opt(
        db,
        "INSERT INTO chat_conversations (id, store_id) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET updated_at = now()
         RETURNING store_id",
        &[&m.conversation, &store],
    )
    .await?;
    if owner.map(|r| r.get::<_, Uuid>(0)) != Some(store) {
        return Ok(None);
    }
    // Ids are unique across every store: one already taken elsewhere appends nothing.
    if let Some(r) = query_opt(
        db,
        "SELECT position, store_id = $2 AND conversation_id = $3 FROM chat_messages WHERE id = $1",
        &[&m.id, &store, &m.conversation],
    )
    .await?
    {
        return Ok(r.get::<_, bool>(1).then(|| (r.get(0), false)));
    }
    let status = match m.sender {
        Sender::Customer => "waiting",
        Sender::Staff => "open",
        Sender::Note => "",
    };
    let seq: i64 = query_one(
        db,
        "UPDATE chat_conversations SET last_seq = last_seq + 1,
                status = CASE WHEN $2 = '' THEN status ELSE $2 END
         WHERE id = $1 RETURNING last_seq",
        &[&m.conversation, &status],
    )
    .await?
    .get(0);
    let feed: i64 = query_one(
        db,
        "INSERT INTO chat_messages (id, store_id, conversation_id, position, author, body, at, sender, product_id, attachment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING feed",
        &[
            &m.id,
            &store,
            &m.conversation,
            &seq,
            &m.author,
            &m.body,
            &m.at,
            &m.sender.code(),
            &m.product_id,
            &m.attachment,
        ],
    )
    .await?
    .get(0);
    notify(db, &format!("m:{store}:{}:{seq}:{feed}", m.conversation)).await?;
    Ok(Some((seq, true)))
}

/// Tells every instance (at commit, when in a transaction). `what` is ids only.
pub async fn notify(db: &impl Db, what: &str) -> Result<(), ApiError> {
    query(db, "SELECT pg_notify($1, $2)", &[&CHANNEL, &what]).await?;
    Ok(())
}

fn message(r: &tokio_postgres::Row) -> Message {
    Message {
        id: r.get(0),
        conversation: r.get(1),
        seq: r.get(2),
        sender: Sender::parse(r.get(3)).unwrap_or(Sender::Staff),
        author: r.get(4),
        body: r.get(5),
        product_id: r.get(6),
        at: r.get(7),
        feed: r.get(8),
        customer: r.get(9),
        contact: r.get(10),
        assigned_to: r.get::<_, Option<String>>(11).unwrap_or_default(),
        attachment: r.get(12),
    }
}

const COLUMNS: &str = "m.id, m.conversation_id, m.position, m.sender, m.author, m.body, m.product_id, m.at, m.feed,
                       c.name, c.contact, c.assigned_to, m.attachment";
const FROM: &str = "chat_messages m JOIN chat_conversations c ON c.id = m.conversation_id";

/// A conversation's messages after `after`, oldest first, at most `limit`; notes only when
/// `with_notes` (staff).
pub async fn after(
    db: &impl Db,
    store: Uuid,
    conversation: &str,
    after: i64,
    limit: i64,
    with_notes: bool,
) -> Result<Vec<Message>, ApiError> {
    let rows = query(
        db,
        &format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE m.store_id = $1 AND m.conversation_id = $2 AND m.position > $3 AND ($5 OR m.sender <> 'note')
             ORDER BY m.position LIMIT $4"
        ),
        &[&store, &conversation, &after, &limit, &with_notes],
    )
    .await?;
    Ok(rows.iter().map(message).collect())
}

/// The store's messages after `feed`, in the order they were written, at most `limit`.
pub async fn feed(db: &impl Db, store: Uuid, after: i64, limit: i64) -> Result<Vec<Message>, ApiError> {
    let rows = query(
        db,
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE m.store_id = $1 AND m.feed > $2 ORDER BY m.feed LIMIT $3"),
        &[&store, &after, &limit],
    )
    .await?;
    Ok(rows.iter().map(message).collect())
}

/// How many pictures a conversation holds.
pub async fn attachments(db: &impl Db, store: Uuid, conversation: &str) -> Result<i64, ApiError> {
    Ok(query_one(
        db,
        "SELECT count(*) FROM chat_messages WHERE store_id = $1 AND conversation_id = $2 AND attachment IS NOT NULL",
        &[&store, &conversation],
    )
    .await?
    .get(0))
}
