//! What a push does once it has committed, off the store's lock: the shop's catalogue rows of the
//! products it merged (with their words for the shop's vocabulary). The terminal's next batch is
//! judged meanwhile on another connection. Each row carries its entity's version, so two pushes'
//! rows written in either order leave the later version; rows a crash left behind their entity
//! are caught up by the shop's sweep ([`catch_up`]).

use crate::ApiError;
use crate::store::shop_products::{self, ShopProducts};
use deadpool_postgres::Pool;
use std::collections::BTreeMap;
use uuid::Uuid;

pub struct AfterCommit {
    pub store: Uuid,
    pub shop: ShopProducts,
}

impl AfterCommit {
    /// Writes the shop's rows; a failure is logged and left to [`catch_up`] (the push stands).
    pub async fn run(self, pool: &Pool) {
        if self.shop.is_empty() {
            return;
        }
        let written = async {
            let mut client = pool.get().await?;
            let tx = client.transaction().await?;
            shop_products::upsert(&tx, self.store, &self.shop).await?;
            tx.commit().await?;
            Ok::<_, ApiError>(())
        }
        .await;
        if let Err(e) = written {
            tracing::warn!(error = %e.body.message, "the shop's catalogue rows of a push; the sweep catches up");
        }
    }
}

/// Writes up to `limit` shop rows that are missing or behind their product; answers how many.
pub async fn catch_up(pool: &Pool, limit: i64) -> Result<usize, ApiError> {
    let client = pool.get().await?;
    let behind = shop_products::behind(&client, limit).await?;
    let n = behind.len();
    let mut by_store: BTreeMap<Uuid, ShopProducts> = BTreeMap::new();
    for (store, id, version, state) in &behind {
        by_store.entry(*store).or_default().push(id, *version, state);
    }
    for (store, shop) in &by_store {
        shop_products::upsert(&client, *store, shop).await?;
    }
    Ok(n)
}
