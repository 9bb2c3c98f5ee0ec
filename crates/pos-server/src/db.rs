//! Statements through each connection's cache of prepared statements: the hot paths (push, pull,
//! device auth) run the same few dozen statements thousands of times a second, and parsing and
//! planning each one anew cost PostgreSQL more than running it.

use crate::ApiError;
use deadpool_postgres::{Client, Transaction};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

pub type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

pub async fn query(tx: &Transaction<'_>, sql: &str, params: Params<'_>) -> Result<Vec<Row>, ApiError> {
    let st = tx.prepare_cached(sql).await?;
    Ok(tx.query(&st, params).await?)
}

pub async fn query_one(tx: &Transaction<'_>, sql: &str, params: Params<'_>) -> Result<Row, ApiError> {
    let st = tx.prepare_cached(sql).await?;
    Ok(tx.query_one(&st, params).await?)
}

pub async fn query_opt(tx: &Transaction<'_>, sql: &str, params: Params<'_>) -> Result<Option<Row>, ApiError> {
    let st = tx.prepare_cached(sql).await?;
    Ok(tx.query_opt(&st, params).await?)
}

pub async fn execute(tx: &Transaction<'_>, sql: &str, params: Params<'_>) -> Result<u64, ApiError> {
    let st = tx.prepare_cached(sql).await?;
    Ok(tx.execute(&st, params).await?)
}

/// The same outside a transaction.
pub async fn client_query(c: &Client, sql: &str, params: Params<'_>) -> Result<Vec<Row>, ApiError> {
    let st = c.prepare_cached(sql).await?;
    Ok(c.query(&st, params).await?)
}

pub async fn client_query_opt(c: &Client, sql: &str, params: Params<'_>) -> Result<Option<Row>, ApiError> {
    let st = c.prepare_cached(sql).await?;
    Ok(c.query_opt(&st, params).await?)
}

pub async fn client_query_one(c: &Client, sql: &str, params: Params<'_>) -> Result<Row, ApiError> {
    let st = c.prepare_cached(sql).await?;
    Ok(c.query_one(&st, params).await?)
}

pub async fn client_execute(c: &Client, sql: &str, params: Params<'_>) -> Result<u64, ApiError> {
    let st = c.prepare_cached(sql).await?;
    Ok(c.execute(&st, params).await?)
}
