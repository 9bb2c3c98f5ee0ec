//! The server's storage: one module per table or aggregate, each the only place its SQL lives.
//! Handlers call these and read like the API; the push's judging reads and writes its own
//! aggregate (`push::context`, `push::write`), as one transaction under the store's lock.
//!
//! Statements go through each connection's cache of prepared statements: the hot paths (push,
//! pull, device auth) run the same few dozen statements thousands of times a second, and parsing
//! and planning each one anew cost PostgreSQL more than running it. Every function takes a
//! connection or a transaction (`Db`), so the caller decides what is atomic.

pub mod accounts;
pub mod blobs;
pub mod booking_setup;
pub mod bookings;
pub mod branches;
pub mod changes;
pub mod chat_conversations;
pub mod chat_messages;
pub mod codes;
pub mod devices;
pub mod issues;
pub mod login_failures;
pub mod portfolio_likes;
pub mod sessions;
pub mod shop_keys;
pub mod shop_orders;
pub mod shop_products;
pub mod store_profile;
pub mod stores;

use crate::ApiError;
pub use deadpool_postgres::GenericClient as Db;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

pub type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

pub async fn query(db: &impl Db, sql: &str, params: Params<'_>) -> Result<Vec<Row>, ApiError> {
    let st = db.prepare_cached(sql).await?;
    Ok(db.query(&st, params).await?)
}

pub async fn query_one(db: &impl Db, sql: &str, params: Params<'_>) -> Result<Row, ApiError> {
    let st = db.prepare_cached(sql).await?;
    Ok(db.query_one(&st, params).await?)
}

pub async fn query_opt(db: &impl Db, sql: &str, params: Params<'_>) -> Result<Option<Row>, ApiError> {
    let st = db.prepare_cached(sql).await?;
    Ok(db.query_opt(&st, params).await?)
}

pub async fn execute(db: &impl Db, sql: &str, params: Params<'_>) -> Result<u64, ApiError> {
    let st = db.prepare_cached(sql).await?;
    Ok(db.execute(&st, params).await?)
}
