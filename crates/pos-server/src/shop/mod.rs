//! The online shop's side of the server: keys the owner issues to the shop (listed, revoked), and
//! the orders the shop sends, priced from the store's own catalogue and accepted once per number.

pub mod keys;
pub mod orders;

use crate::ApiError;
use crate::store::{Db, changes, stores};
use uuid::Uuid;

/// Appends one server-made change to the store's log under the store row's lock.
pub async fn log_change(
    db: &impl Db,
    store: Uuid,
    kind: &str,
    id: &str,
    payload: &serde_json::Value,
) -> Result<(), ApiError> {
    let head = stores::lock(db, store).await?;
    changes::append(db, store, head, kind, id, payload).await
}
