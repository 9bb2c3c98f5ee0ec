//! `GET /search?q=…`: word prefixes, Indonesian stems and typos (trigrams), with the listing's
//! filters and sorts.

use super::{ListingQuery, cart_count, listing};
use crate::html::{self, Head};
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::extract::{Query, State};
use axum::response::Response;
use maud::html;

pub async fn page(
    State(state): State<ShopState>,
    site: Site,
    Query(q): Query<ListingQuery>,
) -> Result<Response, ShopError> {
    let words = q.q.clone().unwrap_or_default();
    let (_, _, list) = listing(&state, &site, "/search", &q, None).await?;
    let t = |en, id| site.t(en, id);
    let title = if words.trim().is_empty() {
        t("Search", "Cari").to_string()
    } else {
        site.lang
            .pick(&format!("Search: {}", words.trim()), &format!("Cari: {}", words.trim()))
            .to_string()
    };
    let body = html! { h1 { (title) } (list) };
    let count = cart_count(&state, &site).await?;
    Ok(html::page(
        &site,
        Head {
            title: &title,
            description: &title,
            canonical: None,
            noindex: true,
        },
        count,
        body,
    ))
}
