//! `booking_portfolio_likes`: visitors' likes of a service's pieces of work, one per visitor.

use super::{Db, query};
use crate::ApiError;
use std::collections::HashMap;
use uuid::Uuid;

/// Likes the piece, or takes the like back when this visitor had given it; whether it is liked now.
pub async fn toggle(db: &impl Db, store: Uuid, item: &str, visitor: &[u8]) -> Result<bool, ApiError> {
    let removed = query(
        db,
        "DELETE FROM booking_portfolio_likes WHERE store_id = $1 AND item_id = $2 AND visitor_hash = $3 RETURNING 1",
        &[&store, &item, &visitor],
    )
    .await?;
    if !removed.is_empty() {
        return Ok(false);
    }
    query(
        db,
        "INSERT INTO booking_portfolio_likes (store_id, item_id, visitor_hash) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING 1",
        &[&store, &item, &visitor],
    )
    .await?;
    Ok(true)
}

/// Likes per piece, and which this visitor gave.
pub async fn counts(
    db: &impl Db,
    store: Uuid,
    items: &[String],
    visitor: &[u8],
) -> Result<HashMap<String, (i64, bool)>, ApiError> {
    let rows = query(
        db,
        "SELECT item_id, count(*), bool_or(visitor_hash = $3) FROM booking_portfolio_likes
         WHERE store_id = $1 AND item_id = ANY($2) GROUP BY item_id",
        &[&store, &items, &visitor],
    )
    .await?;
    Ok(rows.iter().map(|r| (r.get(0), (r.get(1), r.get(2)))).collect())
}
