//! `GET /checkout`: contact and address, a courier service priced for this parcel, the payment
//! method, and the order's total with the PPN it includes.

use super::rates::{self, Prices};
use super::{CheckoutForm, couriers, parcel_kg};
use crate::cart::view::{corrections, goods, tax_rows};
use crate::cart::{Corrections, Line, load};
use crate::html::{self, Head, parts};
use crate::site::Site;
use crate::store::checkouts::Gateway;
use crate::{ShopError, ShopState};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;

/// The gateways the operator turned on.
pub fn gateways(state: &ShopState) -> Vec<Gateway> {
    let mut g = Vec::new();
    if state.config.midtrans.is_some() {
        g.push(Gateway::Midtrans);
    }
    if state.config.stripe.is_some() {
        g.push(Gateway::Stripe);
    }
    g
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PostalQuery {
    /// A postal code to price the parcel for (the small "check shipping" form).
    pub postal: Option<String>,
}

pub async fn page(
    State(state): State<ShopState>,
    site: Site,
    axum::extract::Query(q): axum::extract::Query<PostalQuery>,
) -> Result<Response, ShopError> {
    let (_, lines, fixes) = {
        let db = state.app.pool.get().await?;
        load(&db, &site).await?
    };
    if lines.is_empty() {
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, "/cart")]).into_response());
    }
    // A signed-in customer's details and last address are filled in.
    let mut f = CheckoutForm::default();
    if let Some(c) = &site.customer {
        let last = crate::store::customers::addresses(&state.app.pool.get().await?, c.id)
            .await?
            .into_iter()
            .next();
        f.name = Some(last.as_ref().map_or(c.name.clone(), |a| a.name.clone()));
        f.email = Some(c.email.clone());
        f.phone = Some(last.as_ref().map_or(c.phone.clone(), |a| a.phone.clone()));
        if let Some(a) = last {
            (f.address, f.city, f.postal) = (Some(a.address), Some(a.city), Some(a.postal));
        }
    }
    if let Some(p) = q
        .postal
        .filter(|p| p.len() == 5 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        f.postal = Some(p);
    }
    let prices = rates::for_form(&state, &f, &lines, crate::cart::view::goods_total(&site, &lines)).await;
    Ok(render(&state, &site, &lines, &fixes, &f, &prices, None))
}

/// The form, filled with what was posted and the reason it was not accepted.
pub fn render(
    state: &ShopState,
    site: &Site,
    lines: &[Line],
    fixes: &Corrections,
    f: &CheckoutForm,
    prices: &Prices,
    problem: Option<&ShopError>,
) -> Response {
    let t = |en, id| site.t(en, id);
    let goods = goods(site, lines);
    let kg = parcel_kg(lines);
    let gateways = gateways(state);
    let chosen_courier = f
        .courier
        .clone()
        .unwrap_or_else(|| couriers::SERVICES[0].id.to_string());
    let chosen_gateway = f
        .gateway
        .clone()
        .unwrap_or_else(|| gateways.first().map_or("", |g| g.code()).to_string());
    let v = |x: &Option<String>| x.clone().unwrap_or_default();
    let blocked = lines.iter().any(|l| l.sellable == 0);
    let body = html! {
        h1 { (t("Checkout", "Checkout")) }
        (corrections(site, fixes))
        @if let Some(p) = problem {
            @let (en, id) = p.describe();
            p.notice role="alert" { (site.lang.pick(&en, &id)) }
        }
        @if blocked {
            p.notice role="alert" { (t("Something in your cart cannot be sold online now: remove it from the cart first.",
                                       "Ada barang di keranjang yang tidak bisa dijual online saat ini: hapus dulu dari keranjang.")) }
        }
        @if state.config.rates.is_some() {
            form.row method="get" action="/checkout" {
                label for="rate-postal" { (t("Postal code for shipping", "Kode pos untuk ongkir")) }
                input #rate-postal name="postal" maxlength="5" inputmode="numeric" pattern="[0-9]{5}" value=(v(&f.postal));
                button type="submit" { (t("Check shipping", "Cek ongkir")) }
            }
        }
        form.stack method="post" action="/checkout" {
            (parts::csrf(site))
            fieldset {
                legend { (t("Contact", "Kontak")) }
                label for="name" { (t("Full name", "Nama lengkap")) }
                input #name name="name" required maxlength="100" autocomplete="name" value=(v(&f.name));
                label for="email" { (t("Email", "Email")) }
                input #email name="email" type="email" required maxlength="254" autocomplete="email" value=(v(&f.email));
                label for="phone" { (t("Phone (WhatsApp)", "Telepon (WhatsApp)")) }
                input #phone name="phone" type="tel" required maxlength="30" autocomplete="tel" value=(v(&f.phone));
            }
            fieldset {
                legend { (t("Ship to", "Kirim ke")) }
                label for="address" { (t("Address", "Alamat")) }
                textarea #address name="address" required maxlength="300" rows="3" autocomplete="street-address" { (v(&f.address)) }
                label for="city" { (t("City", "Kota")) }
                input #city name="city" required maxlength="80" autocomplete="address-level2" value=(v(&f.city));
                label for="postal" { (t("Postal code", "Kode pos")) }
                input #postal name="postal" required maxlength="5" inputmode="numeric" pattern="[0-9]{5}" autocomplete="postal-code" value=(v(&f.postal));
            }
            fieldset {
                legend { (site.lang.pick(&format!("Courier (parcel {kg} kg)"), &format!("Kurir (paket {kg} kg)"))) }
                input type="hidden" name="shown" value=(prices.shown());
                @if prices.live {
                    p { small { (t("Live rates from the couriers for your postal code.", "Ongkir langsung dari kurir untuk kode pos Anda.")) } }
                } @else if state.config.rates.is_some() {
                    p { small { (t("Shipping from our rate table; enter your postal code and we ask the couriers.",
                                   "Ongkir dari tabel tarif kami; isi kode pos dan kami tanyakan ke kurir.")) } }
                }
                @for s in couriers::SERVICES {
                    @let price = prices.of(s.id).unwrap_or_else(|| s.price(kg));
                    label {
                        input type="radio" name="courier" value=(s.id) checked[chosen_courier == s.id] required;
                        " " (s.label(site.lang)) " — " (parts::rupiah(price))
                        " · " (t("total ", "total ")) strong { (parts::rupiah(goods.total.rupiah() + price)) }
                    }
                }
            }
            fieldset {
                legend { (t("Payment", "Pembayaran")) }
                @if gateways.is_empty() {
                    p.notice { (t("Online payment is not set up yet. Please contact us to order.",
                                  "Pembayaran online belum tersedia. Silakan hubungi kami untuk memesan.")) }
                }
                @for g in &gateways {
                    label {
                        input type="radio" name="gateway" value=(g.code()) checked[chosen_gateway == g.code()] required;
                        " "
                        @match g {
                            Gateway::Midtrans => (t("Bank transfer (VA), QRIS, e-wallet or card — Midtrans", "Transfer bank (VA), QRIS, e-wallet atau kartu — Midtrans")),
                            Gateway::Stripe => (t("Card — Stripe", "Kartu — Stripe")),
                        }
                    }
                }
            }
            div.totals {
                div { span { (t("Goods", "Barang")) } span { (parts::rupiah(goods.total.rupiah())) } }
                (tax_rows(site, &goods))
                p { small { (site.lang.pick(
                    &format!("We hold your items for {} minutes while you pay.", site.settings.hold_minutes),
                    &format!("Barang Anda kami simpan selama {} menit selama Anda membayar.", site.settings.hold_minutes))) } }
            }
            @if !gateways.is_empty() && !blocked {
                button.primary type="submit" { (t("Place order and pay", "Buat pesanan dan bayar")) }
            }
        }
    };
    let count: i64 = lines.iter().map(|l| l.quantity).sum();
    let mut r = html::page(
        site,
        Head {
            title: t("Checkout", "Checkout"),
            description: t("Checkout", "Checkout"),
            canonical: None,
            noindex: true,
        },
        count,
        body,
    );
    if problem.is_some() {
        *r.status_mut() = StatusCode::BAD_REQUEST;
    }
    r
}
