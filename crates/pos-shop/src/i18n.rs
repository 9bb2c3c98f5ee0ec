//! Bahasa Indonesia (the default) and English. Every text is written at its use as a pair,
//! `lang.pick(english, indonesian)`, so neither language can be missing. The visitor's choice is a
//! cookie; without one, the browser's `Accept-Language` decides.

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the switch in the header offers it).
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    pub fn pick<'a>(self, en: &'a str, id: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Id => id,
        }
    }

    /// The cookie's choice, else the first of the browser's languages we speak, else Indonesian.
    pub fn of(headers: &HeaderMap) -> Lang {
        if let Some(l) = crate::visitor::cookie(headers, "lang").and_then(|v| Lang::parse(&v)) {
            return l;
        }
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        for part in accept.split(',') {
            let tag = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if tag.starts_with("id") {
                return Lang::Id;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Id
    }
}

#[derive(Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// A path on this site to go back to (never another site: `//evil` and `/\evil` are refused).
pub fn local_path(p: Option<&str>) -> String {
    match p {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && p.len() <= 2000 => p.to_string(),
        _ => "/".to_string(),
    }
}

/// `GET /lang/{id|en}?back=/path`: remembers the language for a year and goes back.
pub async fn switch(Path(lang): Path<String>, Query(q): Query<Back>) -> Response {
    let Some(lang) = Lang::parse(&lang) else {
        return crate::ShopError::NotFound.into_response();
    };
    let back = local_path(q.back.as_deref());
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_decides_without_a_cookie_and_the_cookie_wins() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::of(&h), Lang::Id);
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en-GB,en;q=0.9,id;q=0.8"),
        );
        assert_eq!(Lang::of(&h), Lang::En);
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; lang=id"));
        assert_eq!(Lang::of(&h), Lang::Id);
    }

    #[test]
    fn going_back_never_leaves_the_site() {
        assert_eq!(local_path(Some("/cart")), "/cart");
        assert_eq!(local_path(Some("//evil.example/x")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(None), "/");
    }
}
