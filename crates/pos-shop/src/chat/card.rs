//! `GET /chat/product/{id}`: what the chat widget shows of a product someone sent in a
//! conversation (JSON, as text for the widget to set as text): its name, price with PPN,
//! availability in words, thumbnail and address. Only a product the shop offers.

use crate::html::{parts, product_url};
use crate::site::Site;
use crate::store::catalogue;
use crate::{ShopError, ShopState};
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ProductCard {
    pub id: String,
    pub name: String,
    pub price: String,
    pub availability: String,
    /// `in`, `low` or `out`: how the widget colours it.
    pub stock: &'static str,
    pub thumb: Option<String>,
    pub url: String,
    /// It can be put in the cart now.
    pub sellable: bool,
}

pub async fn card(
    State(state): State<ShopState>,
    site: Site,
    Path(id): Path<String>,
) -> Result<Json<ProductCard>, ShopError> {
    if !pos_chat::limits::id_ok(&id) {
        return Err(ShopError::NotFound);
    }
    let db = state.app.pool.get().await?;
    let p = catalogue::product(&db, site.store, &site.settings.branch, &id)
        .await?
        .ok_or(ShopError::NotFound)?;
    let c = p.card;
    let sellable = site.settings.sellable(c.on_hand, c.held);
    let (availability, stock) = parts::availability_words(&site, sellable);
    Ok(Json(ProductCard {
        url: product_url(&c.id, &c.name),
        price: parts::rupiah(site.settings.gross(c.price)),
        thumb: c.thumb.map(|h| format!("/photos/{h}")),
        id: c.id,
        name: c.name,
        availability,
        stock,
        sellable: sellable > 0,
    }))
}
