//! `GET /cart`: the lines with their photos, prices with PPN, quantities to change, what changed
//! since they were added (a product withdrawn, fewer left), the PPN the total includes, and the
//! way to checkout.

use super::{Corrections, Line, load};
use crate::html::{self, Head, parts, product_url};
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::extract::State;
use axum::response::Response;
use maud::{Markup, html};
use pos_domain::tax::{TaxBreakdown, TaxMode};

/// What the lines cost as the order will be priced: the catalogue prices summed, with PPN as the
/// store's receipts show it (included in them, or added on top of their sum where the store's
/// prices exclude it), so the total shown is the total charged.
pub fn goods(site: &Site, lines: &[Line]) -> TaxBreakdown {
    let sum: i64 = lines
        .iter()
        .filter(|l| l.sellable > 0)
        .map(|l| l.card.price * l.quantity)
        .sum();
    taxed(site, sum)
}

/// A sum of catalogue prices with its PPN, as the store's receipts show it.
pub fn taxed(site: &Site, sum: i64) -> TaxBreakdown {
    pos_domain::Money::new(sum)
        .and_then(|m| pos_domain::tax::breakdown(m, site.settings.tax_mode, site.settings.tax_rate))
        .unwrap_or(TaxBreakdown {
            dpp: pos_domain::Money::ZERO,
            ppn: pos_domain::Money::ZERO,
            total: pos_domain::Money::ZERO,
        })
}

/// The lines' total as the customer pays it (PPN included).
pub fn goods_total(site: &Site, lines: &[Line]) -> i64 {
    goods(site, lines).total.rupiah()
}

/// The PPN rows under a total, as receipts show them: what it includes, or the price before PPN
/// and the PPN added (none for a store that is not a PKP).
pub fn tax_rows(site: &Site, goods: &TaxBreakdown) -> Markup {
    let t = |en, id| site.t(en, id);
    let rate = f64::from(site.settings.tax_rate.basis_points()) / 100.0;
    html! {
        @match site.settings.tax_mode {
            TaxMode::NotRegistered => {},
            TaxMode::Inclusive => {
                div { span { (t("Includes VAT (PPN)", "Sudah termasuk PPN")) } span { (parts::rupiah(goods.ppn.rupiah())) } }
            },
            TaxMode::Exclusive => {
                div { span { (t("Before VAT (DPP)", "Sebelum PPN (DPP)")) } span { (parts::rupiah(goods.dpp.rupiah())) } }
                div { span { "PPN " (rate) "%" } span { (parts::rupiah(goods.ppn.rupiah())) } }
            },
        }
    }
}

pub fn corrections(site: &Site, fixes: &Corrections) -> Markup {
    html! {
        @for name in &fixes.removed {
            p.notice role="status" { (site.lang.pick(&format!("{name} is no longer sold online and left your cart."),
                &format!("{name} tidak lagi dijual online dan dikeluarkan dari keranjang."))) }
        }
        @for (name, from, to) in &fixes.reduced {
            p.notice role="status" { (site.lang.pick(&format!("Only {to} of {name} are left: your cart had {from}."),
                &format!("{name} tinggal {to}: keranjang Anda berisi {from}."))) }
        }
    }
}

pub async fn page(State(state): State<ShopState>, site: Site) -> Result<Response, ShopError> {
    let (_, lines, fixes) = {
        let db = state.app.pool.get().await?;
        load(&db, &site).await?
    };
    let t = |en, id| site.t(en, id);
    let goods = goods(&site, &lines);
    let total = goods.total.rupiah();
    let count: i64 = lines.iter().map(|l| l.quantity).sum();
    let body = html! {
        h1 { (t("Your cart", "Keranjang Anda")) }
        (corrections(&site, &fixes))
        @if lines.is_empty() {
            p { (t("Your cart is empty.", "Keranjang Anda kosong.")) " " a href="/" { (t("Browse the shop", "Lihat-lihat toko")) } }
        } @else {
            table.cart {
                caption.visually-hidden { (t("Products in your cart", "Produk di keranjang")) }
                thead { tr {
                    th scope="col" { span.visually-hidden { (t("Photo", "Foto")) } }
                    th scope="col" { (t("Product", "Produk")) }
                    th.num scope="col" { (t("Price", "Harga")) }
                    th scope="col" { (t("Quantity", "Jumlah")) }
                    th.num scope="col" { (t("Subtotal", "Subtotal")) }
                } }
                tbody {
                    @for l in &lines {
                        @let unit = site.settings.gross(l.card.price);
                        tr {
                            td { (parts::thumb(l.card.thumb.as_deref(), "")) }
                            td {
                                a href=(product_url(&l.card.id, &l.card.name)) { (l.card.name) }
                                @if l.sellable == 0 { br; (parts::availability(&site, 0)) }
                            }
                            td.num { (parts::rupiah(unit)) }
                            td {
                                form method="post" action="/cart/update" {
                                    (parts::csrf(&site))
                                    input type="hidden" name="product" value=(l.card.id);
                                    label.visually-hidden for={ "q-" (l.card.id) } { (t("Quantity of ", "Jumlah ")) (l.card.name) }
                                    input id={ "q-" (l.card.id) } type="number" name="quantity" value=(l.quantity) min="0"
                                        max=(l.sellable.clamp(1, 99)) inputmode="numeric" data-autosubmit;
                                    button type="submit" data-js-hide { (t("Update", "Ubah")) }
                                }
                                form method="post" action="/cart/update" {
                                    (parts::csrf(&site))
                                    input type="hidden" name="product" value=(l.card.id);
                                    input type="hidden" name="quantity" value="0";
                                    button type="submit" { (t("Remove", "Hapus")) }
                                }
                            }
                            td.num { (parts::rupiah(unit * l.quantity)) }
                        }
                    }
                }
            }
            div.totals {
                div.grand { span { (t("Total", "Total")) " (" (count) ")" } span { (parts::rupiah(total)) } }
                (tax_rows(&site, &goods))
                p { small { (t("Shipping is chosen at checkout.", "Ongkos kirim dipilih saat checkout.")) } }
            }
            @if total > 0 {
                p { a.button href="/checkout" { (t("Checkout", "Checkout")) } }
            }
        }
    };
    Ok(html::page(
        &site,
        Head {
            title: t("Cart", "Keranjang"),
            description: t("Your cart", "Keranjang Anda"),
            canonical: None,
            noindex: true,
        },
        count,
        body,
    ))
}
