//! `branches`: a store's branches by code, and the next terminal number each hands out.

use super::{Db, query, query_one, query_opt};
use crate::ApiError;
use pos_protocol::owner::Branch;
use tokio_postgres::Row;
use uuid::Uuid;

fn branch(r: &Row) -> Branch {
    Branch {
        id: r.get(0),
        code: r.get(1),
        name: r.get(2),
    }
}

pub async fn list(db: &impl Db, store: Uuid) -> Result<Vec<Branch>, ApiError> {
    let rows = query(
        db,
        "SELECT id, code, name FROM branches WHERE store_id = $1 ORDER BY code",
        &[&store],
    )
    .await?;
    Ok(rows.iter().map(branch).collect())
}

/// Creates the branch, or answers the one with this code as it is.
pub async fn create_or_find(db: &impl Db, store: Uuid, code: &str, name: &str) -> Result<Branch, ApiError> {
    let row = query_one(
        db,
        "INSERT INTO branches (id, store_id, code, name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (store_id, code) DO UPDATE SET code = excluded.code RETURNING id, code, name",
        &[&Uuid::now_v7(), &store, &code, &name],
    )
    .await?;
    Ok(branch(&row))
}

pub async fn id_by_code(db: &impl Db, store: Uuid, code: &str) -> Result<Option<Uuid>, ApiError> {
    let row = query_opt(
        db,
        "SELECT id FROM branches WHERE store_id = $1 AND code = $2",
        &[&store, &code],
    )
    .await?;
    Ok(row.map(|r| r.get(0)))
}

/// The branch's code, its next terminal number (taken: the counter moves on) and the store's name.
pub async fn take_terminal_number(db: &impl Db, branch: Uuid, store: Uuid) -> Result<(String, i32, String), ApiError> {
    let b = query_one(
        db,
        "UPDATE branches SET next_terminal = next_terminal + 1 WHERE id = $1
         RETURNING code, next_terminal - 1, (SELECT name FROM stores WHERE id = $2)",
        &[&branch, &store],
    )
    .await?;
    Ok((b.get(0), b.get(1), b.get(2)))
}

/// The next terminal number after `taken` was handed out.
pub async fn set_next_terminal(db: &impl Db, branch: Uuid, next: i32) -> Result<(), ApiError> {
    super::execute(
        db,
        "UPDATE branches SET next_terminal = $2 WHERE id = $1",
        &[&branch, &next],
    )
    .await?;
    Ok(())
}
