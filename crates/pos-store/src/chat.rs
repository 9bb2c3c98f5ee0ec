//! `chat_messages` and `chat_conversations`: the live chat as this terminal holds it. Customers'
//! messages come from the server's chat feed with their numbers; staff's own are written here
//! first (sent through the outbox) and learn their number when the feed brings them back.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ChatSender {
    Customer,
    #[default]
    Staff,
    /// An internal note: staff only, never sent to the customer.
    Note,
}

impl ChatSender {
    pub fn code(self) -> &'static str {
        match self {
            ChatSender::Customer => "customer",
            ChatSender::Staff => "staff",
            ChatSender::Note => "note",
        }
    }

    fn parse(s: &str) -> ChatSender {
        match s {
            "customer" => ChatSender::Customer,
            "note" => ChatSender::Note,
            _ => ChatSender::Staff,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatMessage {
    pub id: String,
    pub conversation_id: String,
    pub author: String,
    pub body: String,
    pub at: i64,
    /// Its number in the conversation, once the server has it.
    #[serde(default)]
    pub seq: Option<i64>,
    #[serde(default)]
    pub sender: ChatSender,
    /// A product card.
    #[serde(default)]
    pub product_id: Option<String>,
    /// A customer's picture (a blob, by its SHA-256).
    #[serde(default)]
    pub attachment: Option<String>,
    /// With this message the conversation is assigned to the staff member so named ('' for
    /// nobody). Travels with the message; the conversation keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub assign_to: Option<String>,
}

/// Where a conversation stands for staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ChatStatus {
    /// The customer wrote last: an answer is due.
    Waiting,
    Open,
    Resolved,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatConversation {
    pub id: String,
    pub customer: String,
    pub contact: String,
    pub status: ChatStatus,
    /// The staff member answering it ('' for nobody).
    pub assigned_to: String,
    /// Customer messages not yet read at this terminal.
    pub unread: i64,
    pub last_body: String,
    pub last_at: i64,
}

pub fn insert(conn: &Connection, m: &ChatMessage) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO chat_conversations (id, last_at) VALUES (?1, ?2)
         ON CONFLICT (id) DO UPDATE SET last_at = max(last_at, excluded.last_at)",
        params![m.conversation_id, m.at],
    )?;
    conn.execute(
        "INSERT INTO chat_messages (id, conversation_id, author, body, at, seq, sender, product_id, attachment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            m.id,
            m.conversation_id,
            m.author,
            m.body,
            m.at,
            m.seq,
            m.sender.code(),
            m.product_id,
            m.attachment
        ],
    )?;
    if let Some(name) = &m.assign_to {
        assign(conn, &m.conversation_id, name)?;
    }
    Ok(())
}

/// The conversation is now answered by `name` ('' for nobody).
pub fn assign(conn: &Connection, conversation_id: &str, name: &str) -> crate::Result<()> {
    conn.execute(
        "UPDATE chat_conversations SET assigned_to = ?2 WHERE id = ?1",
        params![conversation_id, name],
    )?;
    Ok(())
}

/// A message from the server's feed (with its number, the customer's name and contact): true
/// when it is new here (a staff message written here only learns its number).
pub fn apply(
    conn: &Connection,
    m: &ChatMessage,
    customer: &str,
    contact: &str,
    assigned_to: &str,
) -> crate::Result<bool> {
    let from_customer = m.sender == ChatSender::Customer;
    conn.execute(
        "INSERT INTO chat_conversations (id, customer, contact, last_seq, last_at, resolved)
         VALUES (?1, ?2, ?3, ?4, ?5, 0)
         ON CONFLICT (id) DO UPDATE SET
             customer = CASE WHEN excluded.customer = '' THEN customer ELSE excluded.customer END,
             contact = CASE WHEN excluded.contact = '' THEN contact ELSE excluded.contact END,
             last_seq = max(last_seq, excluded.last_seq),
             last_at = max(last_at, excluded.last_at),
             resolved = CASE WHEN ?6 THEN 0 ELSE resolved END",
        params![
            m.conversation_id,
            customer,
            contact,
            m.seq.unwrap_or(0),
            m.at,
            from_customer
        ],
    )?;
    // The server's word on who answers it, as of this page.
    assign(conn, &m.conversation_id, assigned_to)?;
    let here: Option<Option<i64>> = conn
        .query_row("SELECT seq FROM chat_messages WHERE id = ?1", [&m.id], |r| r.get(0))
        .optional()?;
    match here {
        Some(Some(_)) => Ok(false),
        Some(None) => {
            conn.execute("UPDATE chat_messages SET seq = ?2 WHERE id = ?1", params![m.id, m.seq])?;
            Ok(false)
        }
        None => {
            insert(conn, m)?;
            if let Some(h) = &m.attachment {
                // Fetched by the next sync, kept like a product photo.
                crate::blobs::want(conn, h, m.at)?;
            }
            Ok(true)
        }
    }
}

const COLUMNS: &str = "id, conversation_id, author, body, at, seq, sender, product_id, attachment";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChatMessage> {
    Ok(ChatMessage {
        id: r.get(0)?,
        conversation_id: r.get(1)?,
        author: r.get(2)?,
        body: r.get(3)?,
        at: r.get(4)?,
        seq: r.get(5)?,
        sender: ChatSender::parse(&r.get::<_, String>(6)?),
        product_id: r.get(7)?,
        attachment: r.get(8)?,
        assign_to: None,
    })
}

/// The conversation's last thousand messages, oldest first: in the server's order, then what
/// this terminal wrote that the server has not numbered yet.
pub fn conversation(conn: &Connection, conversation_id: &str) -> crate::Result<Vec<ChatMessage>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT * FROM (SELECT {COLUMNS} FROM chat_messages WHERE conversation_id = ?1
                        ORDER BY seq IS NULL DESC, seq DESC, at DESC, id DESC LIMIT 1000)
         ORDER BY seq IS NULL, seq, at, id"
    ))?;
    let rows = stmt.query_map([conversation_id], row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every conversation: those waiting for an answer first, then the newest.
pub fn inbox(conn: &Connection) -> crate::Result<Vec<ChatConversation>> {
    search(conn, "")
}

/// The conversations whose customer, contact or any message holds `words` (all conversations
/// when empty), waiting ones first: the history searched offline.
pub fn search(conn: &Connection, words: &str) -> crate::Result<Vec<ChatConversation>> {
    let like = format!(
        "%{}%",
        words
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.customer, c.contact, c.resolved, c.last_at, c.assigned_to,
                (SELECT count(*) FROM chat_messages m WHERE m.conversation_id = c.id
                   AND m.sender = 'customer' AND m.seq > c.read_seq),
                (SELECT m.sender || char(31) || m.body FROM chat_messages m
                   WHERE m.conversation_id = c.id AND m.sender <> 'note'
                   ORDER BY m.seq IS NULL, m.seq DESC, m.at DESC LIMIT 1)
         FROM chat_conversations c
         WHERE ?1 = '%%' OR c.customer LIKE ?1 ESCAPE '\\' OR c.contact LIKE ?1 ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM chat_messages m WHERE m.conversation_id = c.id AND m.body LIKE ?1 ESCAPE '\\')
         ORDER BY c.last_at DESC LIMIT 500",
    )?;
    let rows = stmt.query_map([&like], |r| {
        let resolved: bool = r.get(3)?;
        let last: Option<String> = r.get(7)?;
        let (sender, body) = last
            .as_deref()
            .and_then(|l| l.split_once('\u{1f}'))
            .map(|(s, b)| (s.to_string(), b.to_string()))
            .unwrap_or_default();
        let status = if sender == "customer" {
            ChatStatus::Waiting
        } else if resolved {
            ChatStatus::Resolved
        } else {
            ChatStatus::Open
        };
        Ok(ChatConversation {
            id: r.get(0)?,
            customer: r.get(1)?,
            contact: r.get(2)?,
            status,
            assigned_to: r.get(5)?,
            unread: r.get(6)?,
            last_body: body,
            last_at: r.get(4)?,
        })
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    out.sort_by_key(|c| (c.status != ChatStatus::Waiting, std::cmp::Reverse(c.last_at)));
    Ok(out)
}

/// Staff here read the conversation up to its newest message.
pub fn mark_read(conn: &Connection, conversation_id: &str) -> crate::Result<()> {
    conn.execute(
        "UPDATE chat_conversations SET read_seq = max(read_seq, last_seq) WHERE id = ?1",
        [conversation_id],
    )?;
    Ok(())
}

pub fn set_resolved(conn: &Connection, conversation_id: &str, resolved: bool) -> crate::Result<bool> {
    Ok(conn.execute(
        "UPDATE chat_conversations SET resolved = ?2 WHERE id = ?1",
        params![conversation_id, resolved],
    )? > 0)
}

/// A conversation's messages (any sender) this terminal's staff have not read yet.
pub fn unread_in(conn: &Connection, conversation_id: &str) -> crate::Result<i64> {
    Ok(conn
        .query_row(
            "SELECT last_seq - read_seq FROM chat_conversations WHERE id = ?1",
            [conversation_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// Customer messages not yet read here, and in how many conversations.
pub fn unread(conn: &Connection) -> crate::Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(*), count(DISTINCT m.conversation_id) FROM chat_messages m
         JOIN chat_conversations c ON c.id = m.conversation_id
         WHERE m.sender = 'customer' AND m.seq > c.read_seq",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
