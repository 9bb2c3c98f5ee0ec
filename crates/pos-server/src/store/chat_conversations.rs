//! `chat_conversations`: who a conversation belongs to (a browser's visitor cookie, an account),
//! its status and its last message's number; and `chat_presence`, the terminals with a chat
//! socket open.

use super::{Db, execute, query_one, query_opt};
use crate::ApiError;
use uuid::Uuid;

/// The customer's side of a conversation: who they are, and what may find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer<'a> {
    pub visitor_hash: &'a [u8],
    pub customer_id: Option<Uuid>,
}

/// The conversation this browser or account has in the store, if any: an account's own first,
/// else the browser's guest conversation (which then joins the account). A conversation that
/// belongs to an account is never found by the browser alone (signed out on a shared computer).
pub async fn find(db: &impl Db, store: Uuid, who: &Customer<'_>) -> Result<Option<(String, i64)>, ApiError> {
    if let Some(customer) = who.customer_id
        && let Some(r) = query_opt(
            db,
            "SELECT id, last_seq FROM chat_conversations WHERE store_id = $1 AND customer_id = $2
             ORDER BY created_at DESC LIMIT 1",
            &[&store, &customer],
        )
        .await?
    {
        return Ok(Some((r.get(0), r.get(1))));
    }
    let row = query_opt(
        db,
        "UPDATE chat_conversations SET customer_id = coalesce(customer_id, $3)
         WHERE id = (SELECT id FROM chat_conversations WHERE store_id = $1 AND visitor_hash = $2
                     AND (customer_id IS NULL OR customer_id = $3)
                     ORDER BY created_at DESC LIMIT 1)
         RETURNING id, last_seq",
        &[&store, &who.visitor_hash, &who.customer_id],
    )
    .await?;
    Ok(row.map(|r| (r.get(0), r.get(1))))
}

/// A guest's conversations on this browser become the account's (at sign-in), unless they
/// belong to another account already.
pub async fn claim(db: &impl Db, store: Uuid, customer: Uuid, visitor_hash: &[u8]) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE chat_conversations SET customer_id = $2
         WHERE store_id = $1 AND visitor_hash = $3 AND customer_id IS NULL",
        &[&store, &customer, &visitor_hash],
    )
    .await?;
    Ok(())
}

/// Assigns the conversation to a staff member by name ('' for nobody).
pub async fn assign(db: &impl Db, store: Uuid, conversation: &str, name: &str) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE chat_conversations SET assigned_to = NULLIF($3, '') WHERE store_id = $1 AND id = $2",
        &[&store, &conversation, &name],
    )
    .await?;
    Ok(())
}

/// A new conversation for this customer.
pub async fn open(
    db: &impl Db,
    store: Uuid,
    who: &Customer<'_>,
    name: &str,
    contact: &str,
) -> Result<String, ApiError> {
    let id = Uuid::now_v7().to_string();
    execute(
        db,
        "INSERT INTO chat_conversations (id, store_id, visitor_hash, customer_id, name, contact)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[&id, &store, &who.visitor_hash, &who.customer_id, &name, &contact],
    )
    .await?;
    Ok(id)
}

/// The conversation's customer name (for the staff's notes).
pub async fn name(db: &impl Db, conversation: &str) -> Result<String, ApiError> {
    Ok(query_one(
        db,
        "SELECT name FROM chat_conversations WHERE id = $1",
        &[&conversation],
    )
    .await?
    .get(0))
}

/// Seconds a terminal's socket counts as present after its last heartbeat.
pub const PRESENT_S: f64 = 60.0;

pub async fn present(db: &impl Db, device: Uuid, store: Uuid) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO chat_presence (device_id, store_id) VALUES ($1, $2)
         ON CONFLICT (device_id) DO UPDATE SET seen_at = now(), store_id = $2",
        &[&device, &store],
    )
    .await?;
    Ok(())
}

pub async fn absent(db: &impl Db, device: Uuid) -> Result<(), ApiError> {
    execute(db, "DELETE FROM chat_presence WHERE device_id = $1", &[&device]).await?;
    Ok(())
}

/// How many terminals of the store have a chat socket open now.
pub async fn staff_online(db: &impl Db, store: Uuid) -> Result<i64, ApiError> {
    Ok(query_one(
        db,
        "SELECT count(*) FROM chat_presence WHERE store_id = $1 AND seen_at > now() - make_interval(secs => $2)",
        &[&store, &PRESENT_S],
    )
    .await?
    .get(0))
}

/// The store's terminals with a chat socket open now: (branch, terminal, last heartbeat ms).
pub async fn present_terminals(db: &impl Db, store: Uuid) -> Result<Vec<(String, String, i64)>, ApiError> {
    let rows = super::query(
        db,
        "SELECT b.code, d.terminal, (extract(epoch FROM p.seen_at) * 1000)::bigint
         FROM chat_presence p JOIN devices d ON d.id = p.device_id JOIN branches b ON b.id = d.branch_id
         WHERE p.store_id = $1 AND p.seen_at > now() - make_interval(secs => $2)
         ORDER BY b.code, d.terminal",
        &[&store, &PRESENT_S],
    )
    .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
}
