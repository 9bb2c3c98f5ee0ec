//! The store a request is for and how it wants its shop: found from the address (`shop_sites`; a
//! deployment with one store serves it anywhere), with the owner's settings as the back office
//! synced them (the store's profile and policies), the visitor and their language.

use crate::i18n::Lang;
use crate::store::settings as stored;
use crate::visitor::Visitor;
use crate::{ShopError, ShopState};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use pos_domain::tax::{TaxMode, TaxRate};
use serde_json::{Map, Value};
use uuid::Uuid;

/// What the owner decides about the shop (store policies `shop_*`, the store's profile).
#[derive(Debug, Clone)]
pub struct Settings {
    pub store_name: String,
    pub address: String,
    pub phone: String,
    pub opening_hours: String,
    /// The store's tax number (shown on invoices when it is a PKP).
    pub npwp: String,
    pub tax_mode: TaxMode,
    pub tax_rate: TaxRate,
    /// The branch whose stock online orders are fulfilled from.
    pub branch: String,
    /// Units of each product kept back for the counter.
    pub safety_stock: i64,
    /// How long a checkout holds its stock while the payment is due.
    pub hold_minutes: i64,
    /// The store's colour (a `#rrggbb`), used for buttons and links.
    pub accent: String,
    pub tagline: String,
    /// The logo's blob (a PNG), when the owner set one.
    pub logo: Option<String>,
}

impl Settings {
    /// Reads the synced profile and policies; anything missing or malformed takes its default.
    pub fn from_state(
        store_name: &str,
        first_branch: &str,
        profile: Option<&Map<String, Value>>,
        policies: Option<&Map<String, Value>>,
    ) -> Settings {
        let text = |m: Option<&Map<String, Value>>, k: &str| {
            m.and_then(|m| m.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_string()
        };
        // Policies are text in the back office's key-value table; numbers may come either way.
        let number = |k: &str| {
            policies.and_then(|m| m.get(k)).and_then(|v| match v {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
        };
        let (tax_mode, rate) =
            pos_server::store::store_profile::tax_of(&profile.cloned().map_or(Value::Null, Value::Object));
        let accent = text(policies, "shop_accent");
        let accent_ok =
            accent.len() == 7 && accent.starts_with('#') && accent[1..].chars().all(|c| c.is_ascii_hexdigit());
        let name = text(profile, "name");
        let branch = text(policies, "shop_branch").to_ascii_uppercase();
        Settings {
            store_name: if name.is_empty() { store_name.to_string() } else { name },
            address: text(profile, "address"),
            phone: text(profile, "phone"),
            opening_hours: text(profile, "opening_hours"),
            npwp: text(profile, "npwp"),
            tax_mode,
            tax_rate: rate,
            branch: if branch.is_empty() {
                first_branch.to_string()
            } else {
                branch
            },
            safety_stock: number("shop_safety_stock").unwrap_or(0).clamp(0, 1_000_000),
            hold_minutes: number("shop_hold_minutes").unwrap_or(30).clamp(5, 24 * 60),
            accent: if accent_ok { accent } else { "#c1121f".into() },
            tagline: text(policies, "shop_tagline"),
            logo: Some(text(policies, "shop_logo")).filter(|h| pos_protocol::is_blob_hash(h)),
        }
    }

    /// The price a customer pays for a catalogue price: PPN included, as every receipt shows it.
    pub fn gross(&self, price: i64) -> i64 {
        match self.tax_mode {
            TaxMode::Exclusive => {
                let bp = i128::from(self.tax_rate.basis_points());
                let p = i128::from(price);
                (p + (p * bp + 5_000) / 10_000) as i64
            }
            _ => price,
        }
    }

    /// Units that can be sold online of `on_hand` at the fulfilling branch with `held` in checkouts.
    pub fn sellable(&self, on_hand: i64, held: i64) -> i64 {
        (on_hand - held - self.safety_stock).max(0)
    }
}

/// The request's store, settings, language and visitor.
#[derive(Debug, Clone)]
pub struct Site {
    pub store: Uuid,
    pub settings: Settings,
    pub lang: Lang,
    pub visitor: Visitor,
    /// The path asked for, with its query (the language switch comes back to it).
    pub path: String,
    pub host: String,
    /// Cookies carry `Secure` (the shop's public address is https).
    pub secure: bool,
    /// The signed-in customer (a live session cookie), if any.
    pub customer: Option<crate::store::customers::Customer>,
    /// The client's address (rate limits count per address).
    pub client: String,
    /// The live chat is on: pages carry its widget.
    pub chat: bool,
}

impl FromRequestParts<ShopState> for Site {
    type Rejection = ShopError;

    async fn from_request_parts(parts: &mut Parts, state: &ShopState) -> Result<Site, ShopError> {
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let name = host.split(':').next().unwrap_or("").to_string();
        let caches = &state.caches;
        let store = match caches.sites.get(&name) {
            Some(s) => s,
            None => {
                let db = state.app.pool.get().await?;
                let s = stored::store_for_host(&db, &name).await?;
                caches.sites.put(name.clone(), s);
                s
            }
        }
        .ok_or(ShopError::NotFound)?;
        let settings = match caches.settings.get(&store.to_string()) {
            Some(s) => s,
            None => {
                let db = state.app.pool.get().await?;
                let s = stored::settings(&db, store).await?;
                caches.settings.put(store.to_string(), s.clone());
                s
            }
        };
        let customer = match crate::account::session_token(&parts.headers) {
            Some(token) => {
                let db = state.app.pool.get().await?;
                crate::store::customers::by_session(&db, &crate::visitor::hash(&token))
                    .await?
                    .filter(|c| c.store_id == store)
            }
            None => None,
        };
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0);
        let client = pos_server::auth::client(&parts.headers, peer, state.app.config.trust_proxy.unwrap_or(false));
        Ok(Site {
            chat: state.chat.is_some(),
            customer,
            client,
            store,
            settings,
            lang: Lang::of(&parts.headers),
            visitor: Visitor::of(&parts.headers),
            path: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into()),
            host,
            secure: state.config.secure_cookies(),
        })
    }
}

impl Site {
    pub fn t<'a>(&self, en: &'a str, id: &'a str) -> &'a str {
        self.lang.pick(en, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_fill_what_the_owner_did_not_set_and_prices_show_ppn_included() {
        let profile = json!({"name": "Hurtrock Music Store", "vat_registered": true, "prices_include_tax": false, "ppn_rate_bp": 1100});
        let policies = json!({"shop_safety_stock": "2", "shop_hold_minutes": "1", "shop_accent": "red"});
        let s = Settings::from_state("x", "BDG1", profile.as_object(), policies.as_object());
        assert_eq!(s.store_name, "Hurtrock Music Store");
        assert_eq!(
            (s.branch.as_str(), s.safety_stock, s.hold_minutes),
            ("BDG1", 2, 5),
            "a hold is at least 5 minutes"
        );
        assert_eq!(s.accent, "#c1121f", "a colour that is not #rrggbb is refused");
        assert_eq!(s.gross(1_000_000), 1_110_000);
        assert_eq!(s.sellable(10, 3), 5);
        assert_eq!(s.sellable(1, 3), 0);
        let inclusive = Settings::from_state(
            "x",
            "BDG1",
            json!({"vat_registered": true, "prices_include_tax": true}).as_object(),
            None,
        );
        assert_eq!(inclusive.gross(1_110_000), 1_110_000);
        assert_eq!(inclusive.hold_minutes, 30);
    }
}
