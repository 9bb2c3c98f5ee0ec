//! `GET /`: the store's featured products, its categories and what is new.

use super::cart_count;
use crate::html::{self, Head, category_url, parts};
use crate::site::Site;
use crate::store::catalogue::{self, Filter, Sort};
use crate::{ShopError, ShopState};
use axum::extract::State;
use axum::response::Response;
use maud::html;

pub async fn page(State(state): State<ShopState>, site: Site) -> Result<Response, ShopError> {
    let db = state.app.pool.get().await?;
    let s = &site.settings;
    let featured = Filter {
        featured_only: true,
        sort: Sort::BestSelling,
        limit: 12,
        count: false,
        ..Filter::default()
    };
    let featured = catalogue::list(&db, site.store, &s.branch, s.safety_stock, &featured)
        .await?
        .cards;
    let newest = Filter {
        sort: Sort::Newest,
        limit: 12,
        count: false,
        ..Filter::default()
    };
    let newest = catalogue::list(&db, site.store, &s.branch, s.safety_stock, &newest)
        .await?
        .cards;
    drop(db);
    let tree = super::categories_of(&state, site.store).await?;
    let t = |en, id| site.t(en, id);
    let body = html! {
        h1 { (s.store_name) }
        @if !s.tagline.is_empty() { p { (s.tagline) } }
        nav aria-label=(t("Categories", "Kategori")) {
            ul.subcats {
                @for c in tree.roots() { li { a href=(category_url(&c.id, &c.name)) { (c.name) } } }
            }
        }
        @if !featured.is_empty() {
            h2 { (t("Featured", "Pilihan kami")) }
            (parts::cards(&site, &featured))
        }
        h2 { (t("New in", "Baru datang")) }
        (parts::cards(&site, &newest))
    };
    let count = cart_count(&state, &site).await?;
    let description = format!(
        "{} · {}",
        s.store_name,
        t(
            "guitars, basses, amps, drums and more",
            "gitar, bass, ampli, drum dan lainnya"
        )
    );
    Ok(html::page(
        &site,
        Head {
            title: t("Shop", "Toko"),
            description: &description,
            canonical: Some("/"),
            noindex: false,
        },
        count,
        body,
    ))
}
