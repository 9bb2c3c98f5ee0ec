//! Holds that end: an unpaid checkout's when its time runs out (its order stays open a while for a
//! late payment, which takes the stock again if it is still there), a paid one's when its order
//! ships (its stock left through the ledger) or is cancelled.

use crate::store::checkouts::{self, HoldState};
use crate::store::{catalogue, query_one};
use crate::{ShopError, ShopState};
use pos_server::ApiError;
use pos_server::store::{shop_orders, stores};
use uuid::Uuid;

/// Releases what is due (a hundred at a time); how many were released.
pub async fn release_expired(state: &ShopState) -> Result<usize, ShopError> {
    let due = {
        let db = state.app.pool.get().await?;
        checkouts::due_for_release(&db, 100).await?
    };
    let mut n = 0;
    for id in due {
        if release_one(state, id).await? {
            n += 1;
        }
    }
    Ok(n)
}

async fn release_one(state: &ShopState, id: Uuid) -> Result<bool, ShopError> {
    let mut client = state.app.pool.get().await?;
    let store: Uuid = query_one(&client, "SELECT store_id FROM shop_checkouts WHERE id = $1", &[&id])
        .await?
        .get(0);
    let tx = client.transaction().await.map_err(ApiError::from)?;
    stores::lock(&tx, store).await?;
    let Some(c) = checkouts::lock_by_id(&tx, id).await? else {
        return Ok(false);
    };
    let due = match c.hold_state {
        HoldState::Held => c.hold_until < chrono::Utc::now(),
        HoldState::Paid => matches!(
            shop_orders::status(&tx, store, &c.order_id).await?.as_str(),
            "shipped" | "delivered" | "cancelled"
        ),
        HoldState::Released => false,
    };
    let released = due && checkouts::release(&tx, id).await?;
    tx.commit().await.map_err(ApiError::from)?;
    if released {
        tracing::info!(order_no = %c.order_no, "stock hold released");
    }
    Ok(released)
}

/// Tells the owner of every product whose online orders hold more than the shelf has (a till sold
/// offline what the shop had promised: the oversell is flagged, never blocked). How many.
pub async fn flag_short_holds(state: &ShopState) -> Result<usize, ShopError> {
    let db = state.app.pool.get().await?;
    let short = checkouts::short_holds(&db, 100).await?;
    for (store, product, name, held, on_hand) in &short {
        let reason = format!(
            "{name}: online orders hold {held} but the shop's branch has {on_hand}; restock or contact the customers"
        );
        pos_server::store::issues::notice(&db, *store, "oversold", "product", product, &reason).await?;
    }
    Ok(short.len())
}

/// Units sold per product, for "best selling", and every store's vocabulary for typos (all
/// stores at once; run now and then, never on a page's path).
pub async fn refresh_best_selling(state: &ShopState) -> Result<u64, ShopError> {
    let db = state.app.pool.get().await?;
    for store in crate::store::words::stores(&db).await? {
        crate::store::words::rebuild(&db, store).await?;
    }
    Ok(catalogue::refresh_sold(&db).await?)
}
