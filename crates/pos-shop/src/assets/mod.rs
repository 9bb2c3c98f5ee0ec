//! The shop's stylesheet and script, built into the binary and served with a content version in
//! their address (cached for a year), and the store's colour as a tiny stylesheet of its own (the
//! CSP allows no inline style).

use crate::site::Site;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

const CSS: &str = include_str!("shop.css");
const JS: &str = include_str!("shop.js");
const CHAT: &str = include_str!("chat.js");

static VERSIONS: LazyLock<(String, String, String)> = LazyLock::new(|| (version(CSS), version(JS), version(CHAT)));

fn version(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The versioned address of an asset.
pub fn url(file: &str) -> String {
    let v = match file {
        "shop.css" => &VERSIONS.0,
        "chat.js" => &VERSIONS.2,
        _ => &VERSIONS.1,
    };
    format!("/assets/{file}?v={v}")
}

pub async fn serve(Path(file): Path<String>) -> Response {
    let (body, kind) = match file.as_str() {
        "shop.css" => (CSS, "text/css; charset=utf-8"),
        "shop.js" => (JS, "text/javascript; charset=utf-8"),
        "chat.js" => (CHAT, "text/javascript; charset=utf-8"),
        _ => return crate::ShopError::NotFound.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response()
}

/// `:root { --accent: … }` from the owner's colour.
pub async fn theme(site: Site) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
        ],
        format!(":root{{--accent:{}}}\n", site.settings.accent),
    )
        .into_response()
}

/// Bytes of the stylesheet and script a product page loads (the page-weight budget counts them).
pub fn weight() -> usize {
    CSS.len() + JS.len() + CHAT.len()
}
