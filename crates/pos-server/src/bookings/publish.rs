//! A booking's change, sent whole to every terminal through the store's change log.

use crate::ApiError;
use crate::store::bookings::{self, Booking};
use crate::store::{Db, changes, stores};
use pos_protocol::Kind;
use uuid::Uuid;

/// Appends the booking's state now to the change log (under the store's lock, which the caller
/// may already hold in this transaction).
pub async fn publish(db: &impl Db, store: Uuid, b: &Booking) -> Result<(), ApiError> {
    let head = stores::lock(db, store).await?;
    changes::append(db, store, head, Kind::Booking.as_str(), &b.id, &b.state()).await
}

/// Reads the booking back and publishes it.
pub async fn publish_id(db: &impl Db, store: Uuid, id: &str) -> Result<Option<Booking>, ApiError> {
    let b = bookings::get(db, store, id).await?;
    if let Some(b) = &b {
        publish(db, store, b).await?;
    }
    Ok(b)
}
