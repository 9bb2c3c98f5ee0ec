//! `chat_messages`: conversations' messages as this terminal holds them.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatMessage {
    pub id: String,
    pub conversation_id: String,
    pub author: String,
    pub body: String,
    pub at: i64,
}

pub fn insert(conn: &Connection, m: &ChatMessage) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO chat_messages (id, conversation_id, author, body, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![m.id, m.conversation_id, m.author, m.body, m.at],
    )?;
    Ok(())
}

/// The conversation's first thousand messages, oldest first.
pub fn conversation(conn: &Connection, conversation_id: &str) -> crate::Result<Vec<ChatMessage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, conversation_id, author, body, at FROM chat_messages WHERE conversation_id = ?1
         ORDER BY at, id LIMIT 1000",
    )?;
    let rows = stmt.query_map([conversation_id], |r| {
        Ok(ChatMessage {
            id: r.get(0)?,
            conversation_id: r.get(1)?,
            author: r.get(2)?,
            body: r.get(3)?,
            at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
