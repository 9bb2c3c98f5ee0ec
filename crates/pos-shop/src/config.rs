//! The shop's settings that are the operator's, not the owner's: the public address and the
//! payment gateways' keys. Read from the environment (or files the environment names), never from
//! the database: a leaked database holds no key. What the owner decides (which branch fulfils,
//! safety stock, hold time, the look) is synced from the back office (`site::Settings`).
//!
//! ```text
//! HURTROCK_SHOP_PUBLIC_URL          https://shop.hurtrock.id   (links in mail, sitemap, gateways' return)
//! HURTROCK_MIDTRANS_SERVER_KEY[_FILE]   Midtrans server key: turns Midtrans on
//! HURTROCK_MIDTRANS_API             https://api.midtrans.com        (the Core API: status calls)
//! HURTROCK_MIDTRANS_SNAP            https://app.midtrans.com/snap/v1
//! HURTROCK_STRIPE_SECRET_KEY[_FILE] Stripe secret key: turns Stripe on
//! HURTROCK_STRIPE_WEBHOOK_SECRET[_FILE]  the endpoint's whsec_… signing secret
//! HURTROCK_STRIPE_API               https://api.stripe.com
//! HURTROCK_STRIPE_CHECKOUT          https://checkout.stripe.com     (where its payment pages are)
//! HURTROCK_SHOP_RATES_KEY[_FILE]    Biteship key: live courier rates at checkout
//! HURTROCK_SHOP_RATES_URL           https://api.biteship.com
//! HURTROCK_SHOP_ORIGIN_POSTAL       the fulfilling branch's postal code (with a rates key)
//! HURTROCK_SHOP_SMTP_URL[_FILE]     smtps://user:pass@smtp.example.com:465 (customers' mail)
//! HURTROCK_SHOP_MAIL_FROM           Hurtrock Music Store <toko@hurtrock.id>
//! ```

use std::fmt;

/// A secret that never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[derive(Debug, Clone)]
pub struct Midtrans {
    pub server_key: Secret,
    /// The Core API's base (`…/v2/{order_id}/status` is under it).
    pub api_url: String,
    /// Snap's base (`…/transactions`).
    pub snap_url: String,
}

/// Stripe's hosted Checkout pages.
pub const STRIPE_CHECKOUT: &str = "https://checkout.stripe.com";

#[derive(Debug, Clone)]
pub struct Stripe {
    pub secret_key: Secret,
    pub webhook_secret: Secret,
    pub api_url: String,
    /// The origin of Stripe's hosted Checkout pages: the only place the checkout redirects to
    /// (and the CSP's `form-action` allows).
    pub checkout_origin: String,
}

/// Live courier rates from an aggregator (Biteship's rates API).
#[derive(Debug, Clone)]
pub struct Rates {
    pub url: String,
    pub key: Secret,
    /// Where parcels leave from: the fulfilling branch's postal code.
    pub origin_postal: String,
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtps://user:password@host:465` (a secret: it holds the password).
    pub url: Secret,
    /// `Hurtrock Music Store <toko@hurtrock.id>`.
    pub from: String,
}

#[derive(Debug, Clone)]
pub struct ShopConfig {
    /// The shop's address as customers type it, without a trailing slash. Cookies are `Secure`
    /// when it is https.
    pub public_url: Option<String>,
    pub midtrans: Option<Midtrans>,
    pub stripe: Option<Stripe>,
    /// The SMTP server customers' mail goes through, and the sender.
    pub mail: Option<MailConfig>,
    /// Live courier rates; without them the store's rate table prices every parcel.
    pub rates: Option<Rates>,
    /// How long a page may show the store's settings, categories and brands as they were (5 s;
    /// tests use zero).
    pub cache_ttl: std::time::Duration,
}

impl Default for ShopConfig {
    fn default() -> ShopConfig {
        ShopConfig {
            public_url: None,
            midtrans: None,
            stripe: None,
            mail: None,
            rates: None,
            cache_ttl: std::time::Duration::from_secs(5),
        }
    }
}

impl ShopConfig {
    /// From the environment (see the module's documentation).
    pub fn from_env() -> Result<ShopConfig, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let secret = |k: &str| -> Result<Option<Secret>, String> {
            if let Some(v) = var(k) {
                return Ok(Some(Secret(v.trim().to_string())));
            }
            match var(&format!("{k}_FILE")) {
                Some(path) => std::fs::read_to_string(&path)
                    .map(|s| Some(Secret(s.trim().to_string())))
                    .map_err(|e| format!("{k}_FILE {path}: {e}")),
                None => Ok(None),
            }
        };
        let midtrans = secret("HURTROCK_MIDTRANS_SERVER_KEY")?.map(|server_key| Midtrans {
            server_key,
            api_url: var("HURTROCK_MIDTRANS_API").unwrap_or_else(|| "https://api.midtrans.com".into()),
            snap_url: var("HURTROCK_MIDTRANS_SNAP").unwrap_or_else(|| "https://app.midtrans.com/snap/v1".into()),
        });
        let stripe = match secret("HURTROCK_STRIPE_SECRET_KEY")? {
            Some(secret_key) => Some(Stripe {
                secret_key,
                webhook_secret: secret("HURTROCK_STRIPE_WEBHOOK_SECRET")?
                    .ok_or("HURTROCK_STRIPE_SECRET_KEY needs HURTROCK_STRIPE_WEBHOOK_SECRET too")?,
                api_url: var("HURTROCK_STRIPE_API").unwrap_or_else(|| "https://api.stripe.com".into()),
                checkout_origin: var("HURTROCK_STRIPE_CHECKOUT").unwrap_or_else(|| STRIPE_CHECKOUT.into()),
            }),
            None => None,
        };
        let public_url = var("HURTROCK_SHOP_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_string());
        if let Some(u) = &public_url
            && !(u.starts_with("https://") || u.starts_with("http://127.0.0.1") || u.starts_with("http://localhost"))
        {
            return Err("HURTROCK_SHOP_PUBLIC_URL must be https (or loopback http)".into());
        }
        let mail = match secret("HURTROCK_SHOP_SMTP_URL")? {
            Some(url) => Some(MailConfig {
                url,
                from: var("HURTROCK_SHOP_MAIL_FROM")
                    .ok_or("HURTROCK_SHOP_SMTP_URL needs HURTROCK_SHOP_MAIL_FROM too")?,
            }),
            None => None,
        };
        let rates = match secret("HURTROCK_SHOP_RATES_KEY")? {
            Some(key) => Some(Rates {
                url: var("HURTROCK_SHOP_RATES_URL")
                    .unwrap_or_else(|| "https://api.biteship.com".into())
                    .trim_end_matches('/')
                    .to_string(),
                key,
                origin_postal: var("HURTROCK_SHOP_ORIGIN_POSTAL")
                    .filter(|p| p.len() == 5 && p.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or("HURTROCK_SHOP_RATES_KEY needs HURTROCK_SHOP_ORIGIN_POSTAL (5 digits) too")?,
            }),
            None => None,
        };
        Ok(ShopConfig {
            public_url,
            midtrans,
            stripe,
            mail,
            rates,
            ..ShopConfig::default()
        })
    }

    /// Cookies carry `Secure` when the shop is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }
}
