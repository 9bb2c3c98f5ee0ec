//! Pieces pages repeat: a price with PPN included, availability in words, a product card, the
//! pager.

use super::{product_url, urlencode};
use crate::site::Site;
use crate::store::catalogue::Card;
use maud::{Markup, html};

pub fn rupiah(v: i64) -> String {
    pos_domain::Money::new(v)
        .map(|m| m.to_string())
        .unwrap_or_else(|_| v.to_string())
}

/// The customer's price (PPN included) and the words that say so.
pub fn price(site: &Site, catalogue_price: i64) -> Markup {
    let note = match site.settings.tax_mode {
        pos_domain::tax::TaxMode::NotRegistered => "",
        _ => site.t("incl. VAT", "termasuk PPN"),
    };
    html! {
        span.price { (rupiah(site.settings.gross(catalogue_price))) }
        @if !note.is_empty() { " " small.tax { (note) } }
    }
}

/// How many can be sold, in words: plenty, the last few, or ask us.
pub fn availability_words(site: &Site, sellable: i64) -> (String, &'static str) {
    match sellable {
        n if n >= 5 => (site.t("In stock", "Tersedia").to_string(), "in"),
        n if n >= 1 => (
            site.lang.pick(&format!("Last {n}"), &format!("Sisa {n}")).to_string(),
            "low",
        ),
        _ => (site.t("Ask us", "Tanya kami").to_string(), "out"),
    }
}

pub fn availability(site: &Site, sellable: i64) -> Markup {
    let (words, class) = availability_words(site, sellable);
    html! { span class={ "stock " (class) } { (words) } }
}

pub fn thumb(hash: Option<&str>, alt: &str) -> Markup {
    html! {
        @match hash {
            Some(h) => img src={ "/photos/" (h) } alt=(alt) width="256" height="256" loading="lazy" decoding="async";,
            None => span.nophoto aria-hidden="true" {},
        }
    }
}

pub fn card(site: &Site, c: &Card) -> Markup {
    let sellable = site.settings.sellable(c.on_hand, c.held);
    let url = product_url(&c.id, &c.name);
    html! {
        li.card {
            a href=(url) {
                (thumb(c.thumb.as_deref(), &c.name))
                span.name { (c.name) }
                @if !c.brand.is_empty() { span.brand { (c.brand) @if !c.model.is_empty() { " · " (c.model) } } }
            }
            p { (price(site, c.price)) }
            p { (availability(site, sellable)) }
        }
    }
}

pub fn cards(site: &Site, list: &[Card]) -> Markup {
    html! { ul.cards { @for c in list { (card(site, c)) } } }
}

/// "Page 2 of 7" with links, keeping the listing's other parameters.
pub fn pager(site: &Site, base: &str, params: &[(&str, String)], page: i64, total: i64, per_page: i64) -> Markup {
    let pages = ((total + per_page - 1) / per_page).max(1);
    let link = |p: i64| {
        let mut q: Vec<String> = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect();
        if p > 1 {
            q.push(format!("page={p}"));
        }
        if q.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", q.join("&"))
        }
    };
    html! {
        @if pages > 1 {
            nav.pager aria-label=(site.t("Pages", "Halaman")) {
                @if page > 1 { a rel="prev" href=(link(page - 1)) { "← " (site.t("Previous", "Sebelumnya")) } }
                span { (site.lang.pick(&format!("Page {page} of {pages}"), &format!("Halaman {page} dari {pages}"))) }
                @if page < pages { a rel="next" href=(link(page + 1)) { (site.t("Next", "Berikutnya")) " →" } }
            }
        }
    }
}

/// A hidden field with the visitor's CSRF token: every form has one.
pub fn csrf(site: &Site) -> Markup {
    html! { input type="hidden" name="csrf" value=(site.visitor.csrf()); }
}

/// A refused form's reason, in the visitor's language.
pub fn problem(site: &Site, e: Option<&crate::ShopError>) -> Markup {
    html! {
        @if let Some(p) = e {
            @let (en, id) = p.describe();
            p.notice role="alert" { (site.lang.pick(&en, &id)) }
        }
    }
}
