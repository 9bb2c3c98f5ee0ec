//! `accounts`: the owner's server account (one per store), by email, with its password hash.

use super::{Db, execute, query_one, query_opt};
use crate::ApiError;
use uuid::Uuid;

/// An account as sign-in needs it.
pub struct Account {
    pub id: Uuid,
    pub store_id: Uuid,
    pub password_hash: String,
}

pub async fn exists(db: &impl Db, email: &str) -> Result<bool, ApiError> {
    Ok(query_opt(db, "SELECT 1 FROM accounts WHERE email = $1", &[&email])
        .await?
        .is_some())
}

pub async fn by_email(db: &impl Db, email: &str) -> Result<Option<Account>, ApiError> {
    let row = query_opt(
        db,
        "SELECT id, store_id, password_hash FROM accounts WHERE email = $1",
        &[&email],
    )
    .await?;
    Ok(row.map(|r| Account {
        id: r.get(0),
        store_id: r.get(1),
        password_hash: r.get(2),
    }))
}

pub async fn create(db: &impl Db, id: Uuid, store: Uuid, email: &str, hash: &str) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO accounts (id, store_id, email, password_hash) VALUES ($1, $2, $3, $4)",
        &[&id, &store, &email, &hash],
    )
    .await?;
    Ok(())
}

pub async fn password_hash(db: &impl Db, account: Uuid) -> Result<String, ApiError> {
    Ok(
        query_one(db, "SELECT password_hash FROM accounts WHERE id = $1", &[&account])
            .await?
            .get(0),
    )
}

pub async fn set_password_hash(db: &impl Db, account: Uuid, hash: &str) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE accounts SET password_hash = $2 WHERE id = $1",
        &[&account, &hash],
    )
    .await?;
    Ok(())
}
