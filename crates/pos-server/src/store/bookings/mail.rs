//! What each customer has been mailed of their booking's changes.

use super::super::{Db, query};
use super::*;
use crate::ApiError;
use uuid::Uuid;

/// Bookings whose latest change the customer has not been mailed, oldest first: (store, booking).
pub async fn unmailed(db: &impl Db, limit: i64) -> Result<Vec<(Uuid, Booking)>, ApiError> {
    let sql = format!(
        "{} WHERE version > mailed_version ORDER BY updated_at LIMIT $1",
        SELECT.replace("FROM bookings", ", store_id FROM bookings")
    );
    Ok(query(db, &sql, &[&limit])
        .await?
        .iter()
        .map(|r| (r.get::<_, Uuid>(28), row(r)))
        .collect())
}

/// The customer was mailed `version` of the booking (a later change is mailed again).
pub async fn mailed(db: &impl Db, store: Uuid, id: &str, version: i64) -> Result<(), ApiError> {
    query(
        db,
        "UPDATE bookings SET mailed_version = greatest(mailed_version, $3) WHERE store_id = $1 AND id = $2
         RETURNING 1",
        &[&store, &id, &version],
    )
    .await?;
    Ok(())
}
