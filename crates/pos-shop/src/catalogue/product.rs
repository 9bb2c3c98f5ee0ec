//! `GET /p/{id}/{slug}`: a product's page: its photos (picture and thumbnail sizes), price with
//! PPN, availability in words, brand and model, and the form that adds it to the cart.

use super::cart_count;
use crate::html::{self, Head, category_url, parts, product_url};
use crate::site::Site;
use crate::store::catalogue;
use crate::{ShopError, ShopState};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;

pub async fn page(
    State(state): State<ShopState>,
    site: Site,
    Path((id, slug)): Path<(String, String)>,
) -> Result<Response, ShopError> {
    let (p, tree) = {
        let db = state.app.pool.get().await?;
        let p = catalogue::product(&db, site.store, &site.settings.branch, &id)
            .await?
            .ok_or(ShopError::NotFound)?;
        drop(db);
        (p, super::categories_of(&state, site.store).await?)
    };
    let url = product_url(&p.card.id, &p.card.name);
    if slug != html::slug(&p.card.name) {
        return Ok((StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, url)]).into_response());
    }
    let t = |en, id| site.t(en, id);
    let sellable = site.settings.sellable(p.card.on_hand, p.card.held);
    let c = &p.card;
    let body = html! {
        nav.crumbs aria-label=(t("You are here", "Anda di sini")) {
            a href="/" { (t("Home", "Beranda")) }
            @for cat in tree.path(&p.category_id) { " › " a href=(category_url(&cat.id, &cat.name)) { (cat.name) } }
        }
        article.product data-chat-product=(c.id) data-chat-product-name=(c.name) {
            section.gallery aria-label=(t("Photos", "Foto")) {
                @match p.photos.first() {
                    Some(first) => {
                        img src={ "/photos/" (first.hash) } alt=(c.name)
                            srcset={ "/photos/" (first.thumb) " 256w, /photos/" (first.hash) " " (first.width) "w" }
                            sizes="(min-width: 800px) 50vw, 100vw"
                            width=(first.width) height=(first.height) decoding="async";
                        @if p.photos.len() > 1 {
                            ul {
                                @for (i, ph) in p.photos.iter().enumerate() {
                                    li { a href={ "/photos/" (ph.hash) } {
                                        img src={ "/photos/" (ph.thumb) } loading="lazy" width="72" height="72"
                                            alt=(site.lang.pick(&format!("{} photo {}", c.name, i + 1), &format!("{} foto {}", c.name, i + 1)));
                                    } }
                                }
                            }
                        }
                    }
                    None => span.nophoto aria-hidden="true" {},
                }
            }
            section {
                h1 { (c.name) }
                @if !c.brand.is_empty() { p.brand { (t("Brand", "Merek")) ": " strong { (c.brand) } } }
                @if !c.model.is_empty() { p { (t("Model", "Model")) ": " (c.model) } }
                p { (parts::price(&site, c.price)) }
                p { (parts::availability(&site, sellable)) }
                @if sellable > 0 {
                    form.buy method="post" action="/cart/add" {
                        (parts::csrf(&site))
                        input type="hidden" name="product" value=(c.id);
                        div {
                            label for="qty" { (t("Quantity", "Jumlah")) }
                            br;
                            input #qty type="number" name="quantity" value="1" min="1" max=(sellable.min(99)) inputmode="numeric";
                        }
                        button.primary type="submit" { (t("Add to cart", "Masukkan keranjang")) }
                    }
                } @else {
                    p.notice { (t("Not available online right now. Ask us: we can order it or hold one at the store.",
                                  "Saat ini tidak tersedia online. Tanya kami: kami bisa memesankan atau menyimpankan di toko.")) }
                }
                p.sku { "SKU " (p.sku) }
            }
        }
    };
    let count = cart_count(&state, &site).await?;
    let description = format!(
        "{} — {} · {}",
        c.name,
        parts::rupiah(site.settings.gross(c.price)),
        site.settings.store_name
    );
    Ok(html::page(
        &site,
        Head {
            title: &c.name,
            description: &description,
            canonical: Some(&url),
            noindex: false,
        },
        count,
        body,
    ))
}
