//! Who is browsing: a random token in a cookie (`hr_v`, HttpOnly, SameSite=Lax, Secure over
//! https), made on the first page. The server keeps only its SHA-256 (the cart is found by it).
//! Every form carries a CSRF token derived from the visitor's token, which another site can neither
//! read nor guess; a post without it, or whose `Origin` is another site, is refused.

use crate::ShopError;
use axum::http::{HeaderMap, HeaderValue, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "hr_v";

/// A cookie's value from the request, if it has one of that name.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// 32 random bytes, URL-safe.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    getrandom::getrandom(&mut b).expect("the OS random source");
    URL_SAFE_NO_PAD.encode(b)
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[derive(Debug, Clone)]
pub struct Visitor {
    pub token: String,
    /// Made on this request: the response must set the cookie.
    pub new: bool,
}

impl Visitor {
    /// The request's visitor, or a new one. A token that is not one of ours is replaced.
    pub fn of(headers: &HeaderMap) -> Visitor {
        match cookie(headers, COOKIE).filter(|t| t.len() == 43 && URL_SAFE_NO_PAD.decode(t).is_ok()) {
            Some(token) => Visitor { token, new: false },
            None => Visitor {
                token: random_token(),
                new: true,
            },
        }
    }

    pub fn hash(&self) -> Vec<u8> {
        hash(&self.token)
    }

    /// The token every form of this visitor carries.
    pub fn csrf(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"hurtrock-shop-csrf:");
        h.update(self.token.as_bytes());
        URL_SAFE_NO_PAD.encode(h.finalize())
    }

    /// The cookie to set (a year: the cart survives a closed browser).
    pub fn set_cookie(&self, secure: bool) -> Option<HeaderValue> {
        let secure = if secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}",
            self.token
        ))
        .ok()
    }

    /// A form post is this visitor's own, from this site.
    pub fn check_post(&self, headers: &HeaderMap, csrf: &str) -> Result<(), ShopError> {
        if self.new || !constant_eq(csrf.as_bytes(), self.csrf().as_bytes()) {
            return Err(ShopError::Forbidden);
        }
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
            let origin_host = origin.split("://").nth(1).unwrap_or("");
            if origin == "null" || origin_host != host {
                return Err(ShopError::Forbidden);
            }
        }
        Ok(())
    }
}

pub fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_post_needs_the_visitors_own_token_from_this_site() {
        let v = Visitor::of(&HeaderMap::new());
        assert!(v.new);
        let cookie = format!("{COOKIE}={}", v.token);
        let back = Visitor::of(&headers(&[(header::COOKIE, &cookie)]));
        assert!(!back.new);
        assert_eq!(back.token, v.token);
        let h = headers(&[(header::COOKIE, &cookie), (header::HOST, "shop.test")]);
        assert!(back.check_post(&h, &back.csrf()).is_ok());
        assert!(back.check_post(&h, "forged").is_err());
        let other = Visitor::of(&HeaderMap::new());
        assert!(back.check_post(&h, &other.csrf()).is_err(), "another visitor's token");
        let cross = headers(&[(header::HOST, "shop.test"), (header::ORIGIN, "https://evil.test")]);
        assert!(back.check_post(&cross, &back.csrf()).is_err(), "another site's page");
        let same = headers(&[(header::HOST, "shop.test"), (header::ORIGIN, "https://shop.test")]);
        assert!(back.check_post(&same, &back.csrf()).is_ok());
        assert!(
            v.check_post(&h, &v.csrf()).is_err(),
            "a visitor made on this very post has no form"
        );
    }

    #[test]
    fn a_token_that_is_not_ours_is_replaced() {
        let v = Visitor::of(&headers(&[(header::COOKIE, "hr_v=short")]));
        assert!(v.new);
    }
}
