//! `GET /order/{token}`: the customer's order: its status in words, what was ordered, the totals,
//! where it goes, the tracking number once a terminal shipped it, and a way to pay while it waits
//! for payment (`POST /order/{token}/pay`, which reopens the same payment page).

use crate::cart::view::{tax_rows, taxed};
use crate::html::{self, Head, parts};
use crate::site::Site;
use crate::store::checkouts::{self, Checkout};
use crate::{ShopError, ShopState, pay, visitor};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use serde_json::Value;

async fn find(state: &ShopState, site: &Site, token: &str) -> Result<Checkout, ShopError> {
    if token.len() != 43 {
        return Err(ShopError::NotFound);
    }
    let db = state.app.pool.get().await?;
    checkouts::by_access(&db, &visitor::hash(token))
        .await?
        .filter(|c| c.store_id == site.store)
        .ok_or(ShopError::NotFound)
}

/// An order's status as the customer reads it.
pub fn status_words(site: &Site, status: &str, payment: &str) -> String {
    let t = |en: &str, id: &str| site.t(en, id).to_string();
    match (status, payment) {
        (_, "refund_due") => t(
            "Cancelled — we will refund your payment",
            "Dibatalkan — pembayaran Anda akan kami kembalikan",
        ),
        ("awaiting_payment", _) => t("Waiting for your payment", "Menunggu pembayaran Anda"),
        ("paid", _) => t("Paid — we are getting it ready", "Sudah dibayar — sedang kami siapkan"),
        ("picking" | "packed", _) => t("Being packed", "Sedang dikemas"),
        ("backordered", _) => t("Waiting for stock", "Menunggu stok"),
        ("shipped", _) => t("On its way", "Dalam pengiriman"),
        ("delivered", _) => t("Delivered", "Sudah diterima"),
        ("cancelled", _) => t("Cancelled", "Dibatalkan"),
        _ => status.to_string(),
    }
}

/// `GET /order/{token}/invoice.pdf`.
pub async fn invoice(
    State(state): State<ShopState>,
    site: Site,
    Path(token): Path<String>,
) -> Result<Response, ShopError> {
    let c = find(&state, &site, &token).await?;
    super::invoice::pdf(&state, &site, &c).await
}

pub async fn page(
    State(state): State<ShopState>,
    site: Site,
    Path(token): Path<String>,
) -> Result<Response, ShopError> {
    let c = find(&state, &site, &token).await?;
    render(&state, &site, &c, Some(&token)).await
}

/// The order's page; `token`: its secret address, through which it can be paid (the account's view
/// of an order shows it without).
pub async fn render(state: &ShopState, site: &Site, c: &Checkout, token: Option<&str>) -> Result<Response, ShopError> {
    let (order, status, payment, tracking) = {
        let db = state.app.pool.get().await?;
        let (order, status, payment) = checkouts::order_view(&db, site.store, &c.order_id)
            .await?
            .ok_or(ShopError::NotFound)?;
        let tracking = checkouts::tracking(&db, site.store, &c.order_id).await?;
        (order, status, payment, tracking)
    };
    let t = |en, id| site.t(en, id);
    let s = |k: &str| order.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let n = |k: &str| order.get(k).and_then(Value::as_i64).unwrap_or(0);
    let can_pay = status == "awaiting_payment" && payment == "unpaid";
    let lines: Vec<Value> = order
        .get("lines")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let body = html! {
        h1 { (t("Order", "Pesanan")) " " (c.order_no) }
        p.notice role="status" { strong { (status_words(site, &status, &payment)) } }
        @if payment == "paid" {
            @let href = match token { Some(t) => format!("/order/{t}/invoice.pdf"), None => format!("/account/orders/{}/invoice.pdf", c.order_no) };
            p { a href=(href) download { (t("Download the invoice (PDF)", "Unduh faktur (PDF)")) } }
        }
        @if let Some(no) = &tracking {
            p { (t("Tracking number", "Nomor resi")) ": " strong #tracking { (no) } " (" (s("courier_service")) ")" }
        }
        @if let (true, Some(token)) = (can_pay, token) {
            form method="post" action={ "/order/" (token) "/pay" } {
                (parts::csrf(site))
                button.primary type="submit" { (t("Pay now", "Bayar sekarang")) }
            }
            p { small { (t("Already paid? This page changes once the payment service tells us.",
                           "Sudah membayar? Halaman ini berubah begitu layanan pembayaran memberi tahu kami.")) } }
        }
        table.cart {
            caption.visually-hidden { (t("What you ordered", "Yang Anda pesan")) }
            thead { tr {
                th scope="col" { (t("Product", "Produk")) }
                th.num scope="col" { (t("Quantity", "Jumlah")) }
                th.num scope="col" { (t("Subtotal", "Subtotal")) }
            } }
            tbody {
                @for l in &lines {
                    @let q = l.get("quantity").and_then(Value::as_i64).unwrap_or(0);
                    @let p = l.get("unit_price").and_then(Value::as_i64).unwrap_or(0);
                    tr {
                        td { (l.get("name").and_then(Value::as_str).unwrap_or("")) }
                        td.num { (q) }
                        td.num { (parts::rupiah(p * q)) }
                    }
                }
            }
        }
        div.totals {
            @let goods = taxed(site, n("subtotal"));
            div { span { (t("Goods", "Barang")) } span { (parts::rupiah(goods.total.rupiah())) } }
            (tax_rows(site, &goods))
            div { span { (t("Shipping", "Ongkos kirim")) } span { (parts::rupiah(n("shipping_cost"))) } }
            div.grand data-total=(n("total")) { span { (t("Total", "Total")) } span { (parts::rupiah(n("total"))) } }
        }
        h2 { (t("Ship to", "Kirim ke")) }
        p { (s("ship_name")) br; (s("ship_address")) br; (s("ship_city")) " " (s("ship_postal")) br; (s("ship_phone")) }
    };
    let count = crate::catalogue::cart_count(state, site).await?;
    Ok(html::page(
        site,
        Head {
            title: &c.order_no,
            description: &c.order_no,
            canonical: None,
            noindex: true,
        },
        count,
        body,
    ))
}

#[derive(Deserialize)]
pub struct PayForm {
    csrf: Option<String>,
}

pub async fn pay_again(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<PayForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let c = find(&state, &site, &token).await?;
    let status = {
        let db = state.app.pool.get().await?;
        checkouts::order_view(&db, site.store, &c.order_id)
            .await?
            .map(|v| (v.1, v.2))
    };
    if status
        .as_ref()
        .is_none_or(|(s, p)| s != "awaiting_payment" || p != "unpaid")
    {
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, format!("/order/{token}"))]).into_response());
    }
    let url = pay::payment_page(&state, &site, &c, &token).await?;
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, url)]).into_response())
}
