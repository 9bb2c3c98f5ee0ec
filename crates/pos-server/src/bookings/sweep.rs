//! The sweeper: unpaid holds and rejected proofs not replaced in time free their slots, and
//! accepted bookings whose time has passed are done (their down payment becomes revenue). Each
//! change reaches the terminals like any other.

use super::publish::{publish, publish_id};
use crate::store::{bookings, stores};
use crate::{ApiError, AppState};

/// One pass over every store with something to do; the number of bookings changed.
pub async fn run_once(app: &AppState) -> Result<usize, ApiError> {
    let stores_due = {
        let db = app.pool.get().await?;
        bookings::stores_with_expired_holds(&db).await?
    };
    let mut n = 0;
    for store in stores_due {
        let mut client = app.pool.get().await?;
        let tx = client.transaction().await?;
        stores::lock(&tx, store).await?;
        for b in bookings::expire(&tx, store, None).await? {
            publish(&tx, store, &b).await?;
            n += 1;
        }
        tx.commit().await?;
    }
    let past = {
        let db = app.pool.get().await?;
        bookings::stores_with_past_accepted(&db).await?
    };
    for store in past {
        n += finish_past(app, store).await?;
    }
    Ok(n)
}

/// Accepted bookings of `store` whose time has passed become done.
pub async fn finish_past(app: &AppState, store: uuid::Uuid) -> Result<usize, ApiError> {
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    stores::lock(&tx, store).await?;
    let ids = bookings::finish_past(&tx, store).await?;
    for id in &ids {
        publish_id(&tx, store, id).await?;
    }
    tx.commit().await?;
    Ok(ids.len())
}

/// Sweeps every minute until the process ends.
pub fn spawn(app: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = run_once(&app).await {
                tracing::warn!(error = %e.body.message, "booking sweep failed");
            }
        }
    });
}
