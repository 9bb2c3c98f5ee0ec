//! The page shell every shop page shares (header with search, cart and language, footer with the
//! store's address and hours) and the pieces pages repeat: prices, availability in words, product
//! cards, the pager. `maud` escapes every value: nothing a customer or the back office typed is
//! ever read as HTML.

pub mod parts;

use crate::assets;
use crate::site::Site;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

/// What a page says about itself to browsers and search engines.
pub struct Head<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The page's own address (without the host), for `<link rel=canonical>`.
    pub canonical: Option<&'a str>,
    /// Search engines should not list it (cart, checkout, search results).
    pub noindex: bool,
}

/// A whole page in the shop's shell, setting the visitor's cookie when it is new.
pub fn page(site: &Site, head: Head<'_>, cart_count: i64, body: Markup) -> Response {
    let t = |en, id| site.t(en, id);
    let other = site.lang.other();
    let switch = format!("/lang/{}?back={}", other.code(), urlencode(&site.path));
    let markup = html! {
        (DOCTYPE)
        html lang=(site.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (head.title) " · " (site.settings.store_name) }
                meta name="description" content=(head.description);
                @if head.noindex { meta name="robots" content="noindex"; }
                @if let Some(c) = head.canonical { link rel="canonical" href=(c); }
                meta name="color-scheme" content="light dark";
                // The visitor's form token, for the script's posts (forms carry it as a field).
                meta name="csrf-token" content=(site.visitor.csrf());
                link rel="stylesheet" href=(assets::url("shop.css"));
                link rel="stylesheet" href="/assets/theme.css";
                script src=(assets::url("shop.js")) defer {}
            }
            body {
                a.skip href="#main" { (t("Skip to content", "Lewati ke konten")) }
                header.top {
                    a.brand href="/" {
                        // Beside the name, which stays the link's words for screen readers.
                        @if let Some(logo) = &site.settings.logo {
                            img.logo src=(format!("/photos/{logo}")) alt="" height="40";
                        }
                        span { (site.settings.store_name) }
                    }
                    form.search role="search" action="/search" method="get" {
                        label.visually-hidden for="q" { (t("Search products", "Cari produk")) }
                        input #q type="search" name="q" autocomplete="off" maxlength="100"
                            placeholder=(t("Search guitars, amps, strings…", "Cari gitar, ampli, senar…"))
                            data-suggest="/suggest";
                        button type="submit" { (t("Search", "Cari")) }
                    }
                    nav.tools aria-label=(t("Shop", "Toko")) {
                        a.cart href="/cart" {
                            (t("Cart", "Keranjang"))
                            " "
                            span.count aria-label=(t("items in the cart", "barang di keranjang")) { (cart_count) }
                        }
                        @match &site.customer {
                            Some(c) => a.account href="/account" { (c.name.split(' ').next().unwrap_or("")) },
                            None => a.account href="/account/signin" { (t("Sign in", "Masuk")) },
                        }
                        a.lang href=(switch) hreflang=(other.code()) lang=(other.code()) {
                            (other.pick("English", "Bahasa Indonesia"))
                        }
                    }
                }
                main #main { (body) }
                footer.bottom {
                    p { strong { (site.settings.store_name) } }
                    @if !site.settings.tagline.is_empty() { p { (site.settings.tagline) } }
                    @if !site.settings.address.is_empty() { p { (site.settings.address) } }
                    @if !site.settings.opening_hours.is_empty() {
                        p { (t("Open: ", "Buka: ")) (site.settings.opening_hours) }
                    }
                    @if !site.settings.phone.is_empty() { p { (t("Phone: ", "Telepon: ")) (site.settings.phone) } }
                }
                @if site.chat { (crate::chat::widget::widget(site)) }
            }
        }
    };
    let mut r = Html(markup.into_string()).into_response();
    with_visitor(site, &mut r);
    r
}

/// A page of the customer's own (account, sign-in, checkout): never indexed, answered 400 when it
/// shows a refused form.
pub fn own_page(site: &Site, title: &str, cart_count: i64, body: Markup, refused: bool) -> Response {
    let mut r = page(
        site,
        Head {
            title,
            description: title,
            canonical: None,
            noindex: true,
        },
        cart_count,
        body,
    );
    if refused {
        *r.status_mut() = axum::http::StatusCode::BAD_REQUEST;
    }
    r
}

/// Sets the visitor's cookie on a response when the visitor is new, and keeps pages that depend
/// on the cookie out of shared caches.
pub fn with_visitor(site: &Site, r: &mut Response) {
    if site.visitor.new
        && let Some(c) = site.visitor.set_cookie(site.secure)
    {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
}

/// The page for a failure, in both languages (the site may not be known).
pub fn error_page(en: &str, id: &str) -> Html<String> {
    let m = html! {
        (DOCTYPE)
        html lang="id" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (id) " / " (en) }
                link rel="stylesheet" href=(assets::url("shop.css"));
            }
            body {
                main #main.error {
                    h1 lang="id" { (id) }
                    p lang="en" { (en) }
                    p { a href="/" { "Kembali ke toko · Back to the shop" } }
                }
            }
        }
    };
    Html(m.into_string())
}

/// A value for a URL's query or path segment.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A name as a URL word: "Fender Player Stratocaster HSS" → "fender-player-stratocaster-hss".
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 80 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "-".into() } else { out }
}

pub fn product_url(id: &str, name: &str) -> String {
    format!("/p/{}/{}", urlencode(id), slug(name))
}

pub fn category_url(id: &str, name: &str) -> String {
    format!("/c/{}/{}", urlencode(id), slug(name))
}

/// A redirect after a form (303 See Other), to a path of the shop or a gateway's page.
pub fn see_other(to: &str) -> Response {
    (
        axum::http::StatusCode::SEE_OTHER,
        [(axum::http::header::LOCATION, to.to_string())],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_words() {
        assert_eq!(slug("Fender Player Stratocaster HSS"), "fender-player-stratocaster-hss");
        assert_eq!(slug("  Gitar Akustik — Yamaha F310!! "), "gitar-akustik-yamaha-f310");
        assert_eq!(slug("<script>"), "script");
        assert_eq!(slug("日本"), "-");
        assert_eq!(urlencode("/a b?c=1&d"), "/a%20b%3Fc%3D1%26d");
    }
}
