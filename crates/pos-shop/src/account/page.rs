//! `GET /account`: the signed-in customer's details, orders (each with its page), bookings and
//! saved addresses; `GET /account/orders/{order_no}` (an order of this account only) and
//! `POST /account/addresses/{id}/forget`.

use crate::html::{self, parts};
use crate::site::Site;
use crate::store::checkouts;
use crate::store::customers;
use crate::{ShopError, ShopState};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

/// To the sign-in page, coming back here after.
pub(crate) fn to_sign_in(site: &Site) -> Response {
    let next = crate::html::urlencode(&site.path);
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/account/signin?next={next}"))],
    )
        .into_response()
}

pub async fn page(State(state): State<ShopState>, site: Site) -> Result<Response, ShopError> {
    let Some(c) = site.customer.as_ref() else {
        return Ok(to_sign_in(&site));
    };
    let (orders, addresses, bookings) = {
        let db = state.app.pool.get().await?;
        (
            customers::orders(&db, c.id).await?,
            customers::addresses(&db, c.id).await?,
            pos_server::store::bookings::of_customer(&db, site.store, c.id).await?,
        )
    };
    let t = |en, id| site.t(en, id);
    let body = html! {
        h1 { (t("Your account", "Akun Anda")) }
        p { strong { (c.name) } br; (c.email) br; (c.phone) }
        form method="post" action="/account/signout" {
            (parts::csrf(&site))
            button type="submit" { (t("Sign out", "Keluar")) }
        }
        h2 { (t("Your orders", "Pesanan Anda")) }
        @if orders.is_empty() {
            p { (t("No orders yet.", "Belum ada pesanan.")) " " a href="/" { (t("Browse the shop", "Lihat-lihat toko")) } }
        } @else {
            table.cart {
                caption.visually-hidden { (t("Your orders", "Pesanan Anda")) }
                thead { tr {
                    th scope="col" { (t("Order", "Pesanan")) }
                    th scope="col" { (t("Date", "Tanggal")) }
                    th scope="col" { (t("Status", "Status")) }
                    th.num scope="col" { (t("Total", "Total")) }
                } }
                tbody {
                    @for (no, status, payment, total, at) in &orders {
                        tr {
                            td { a href={ "/account/orders/" (no) } { (no) } }
                            td { ((*at + chrono::Duration::hours(7)).format("%d-%m-%Y")) }
                            td { (crate::checkout::order_page::status_words(&site, status, payment)) }
                            td.num { (parts::rupiah(*total)) }
                        }
                    }
                }
            }
        }
        (crate::bookings::mine::list(&site, &bookings))
        h2 { (t("Saved addresses", "Alamat tersimpan")) }
        @if addresses.is_empty() {
            p { (t("Addresses you ship to are kept here.", "Alamat pengiriman Anda disimpan di sini.")) }
        }
        ul {
            @for a in &addresses {
                li {
                    (a.name) ", " (a.address) ", " (a.city) " " (a.postal) " · " (a.phone)
                    form method="post" action={ "/account/addresses/" (a.id) "/forget" } {
                        (parts::csrf(&site))
                        button type="submit" { (t("Forget", "Hapus")) }
                    }
                }
            }
        }
    };
    let count = crate::catalogue::cart_count(&state, &site).await?;
    Ok(html::own_page(
        &site,
        t("Your account", "Akun Anda"),
        count,
        body,
        false,
    ))
}

/// The account's checkout of `order_no` (none of another account's).
async fn own_checkout(
    state: &ShopState,
    site: &Site,
    customer: uuid::Uuid,
    order_no: &str,
) -> Result<crate::store::checkouts::Checkout, ShopError> {
    let db = state.app.pool.get().await?;
    let id: Option<uuid::Uuid> = crate::store::query_opt(
        &db,
        "SELECT id FROM shop_checkouts WHERE store_id = $1 AND order_no = $2 AND customer_id = $3",
        &[&site.store, &order_no, &customer],
    )
    .await?
    .map(|r| r.get(0));
    match id {
        Some(id) => checkouts::by_id(&db, id).await?.ok_or(ShopError::NotFound),
        None => Err(ShopError::NotFound),
    }
}

pub async fn order(
    State(state): State<ShopState>,
    site: Site,
    Path(order_no): Path<String>,
) -> Result<Response, ShopError> {
    let Some(c) = site.customer.as_ref() else {
        return Ok(to_sign_in(&site));
    };
    let checkout = own_checkout(&state, &site, c.id, &order_no).await?;
    crate::checkout::order_page::render(&state, &site, &checkout, None).await
}

/// `GET /account/orders/{order_no}/invoice.pdf`.
pub async fn invoice(
    State(state): State<ShopState>,
    site: Site,
    Path(order_no): Path<String>,
) -> Result<Response, ShopError> {
    let Some(c) = site.customer.as_ref() else {
        return Ok(to_sign_in(&site));
    };
    let checkout = own_checkout(&state, &site, c.id, &order_no).await?;
    crate::checkout::invoice::pdf(&state, &site, &checkout).await
}

#[derive(Debug, Deserialize)]
pub struct Csrf {
    csrf: Option<String>,
}

pub async fn forget_address(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<Csrf>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let Some(c) = site.customer.as_ref() else {
        return Ok(to_sign_in(&site));
    };
    let id = uuid::Uuid::parse_str(&id).map_err(|_| ShopError::NotFound)?;
    customers::forget_address(&state.app.pool.get().await?, c.id, id).await?;
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, "/account")]).into_response())
}
