//! `GET /c/{id}/{slug}`: a category with everything under it, its sub-categories, filters and
//! sorts. An old or wrong slug is sent to the current one (301).

use super::{ListingQuery, cart_count, listing};
use crate::html::{self, Head, category_url};
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;

pub async fn page(
    State(state): State<ShopState>,
    site: Site,
    Path((id, slug)): Path<(String, String)>,
    Query(q): Query<ListingQuery>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ShopError> {
    let tree = super::categories_of(&state, site.store).await?;
    let c = tree.get(&id).ok_or(ShopError::NotFound)?.clone();
    let url = category_url(&c.id, &c.name);
    if slug != html::slug(&c.name) {
        let to = match raw {
            Some(r) if !r.is_empty() => format!("{url}?{r}"),
            _ => url,
        };
        return Ok((StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response());
    }
    let (_, total, list) = listing(&state, &site, &url, &q, Some(tree.with_descendants(&c.id))).await?;
    let t = |en, id| site.t(en, id);
    let body = html! {
        nav.crumbs aria-label=(t("You are here", "Anda di sini")) {
            a href="/" { (t("Home", "Beranda")) }
            @for p in tree.path(&c.id) { " › " a href=(category_url(&p.id, &p.name)) { (p.name) } }
        }
        h1 { (c.name) }
        @let children = tree.children(&c.id);
        @if !children.is_empty() {
            ul.subcats { @for ch in children { li { a href=(category_url(&ch.id, &ch.name)) { (ch.name) } } } }
        }
        (list)
    };
    let count = cart_count(&state, &site).await?;
    let description = site
        .lang
        .pick(
            &format!("{} at {}: {total} products", c.name, site.settings.store_name),
            &format!("{} di {}: {total} produk", c.name, site.settings.store_name),
        )
        .to_string();
    // Filtered and sorted variants are the same page to a search engine.
    let filtered = q.brand.is_some() || q.min.is_some() || q.max.is_some() || q.stock.is_some() || q.sort.is_some();
    Ok(html::page(
        &site,
        Head {
            title: &c.name,
            description: &description,
            canonical: Some(&category_url(&c.id, &c.name)),
            noindex: filtered,
        },
        count,
        body,
    ))
}
