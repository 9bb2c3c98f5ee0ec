//! The online shop customers use: the hosted server's second face, on the same PostgreSQL as the
//! sync endpoint (`pos-server`) and served beside it by `pos-host`. Server-rendered HTML that works
//! without JavaScript (a little script adds autocomplete and quicker cart updates), mobile first,
//! Bahasa Indonesia and English, light and dark.
//!
//! What it shows is what the terminals synced: the catalogue (`shop_products`, kept by every
//! product merge), categories, photos (blobs) and the stock ledger's balances at the branch that
//! fulfils online orders, less a safety stock kept for the counter and what unpaid checkouts hold.
//! What it writes goes the same way as the shop API's orders (`pos_server::shop::orders`): a paid
//! order reaches every terminal's warehouse queue through sync.
//!
//! Layout: a folder per feature (`catalogue/`, `cart/`, `checkout/`, `pay/`), a file per page or
//! endpoint; every query in `store/`, one module per table; the page shell and shared pieces in
//! `html/`; words in both languages in `i18n`. Must not depend on SQLite or Tauri; talks to the
//! payment gateways over HTTPS (reqwest) only from `pay/`.

pub mod account;
pub mod assets;
pub mod bookings;
pub mod cache;
pub mod cart;
pub mod catalogue;
pub mod chat;
pub mod checkout;
pub mod config;
pub mod error;
pub mod fields;
pub mod html;
pub mod i18n;
pub mod mail;
pub mod pay;
pub mod site;
pub mod store;
pub mod visitor;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::{get, post};
pub use config::ShopConfig;
pub use error::ShopError;
use pos_server::AppState;
use std::sync::Arc;

/// What every shop handler has: the server's database and limits, the shop's configuration and
/// the HTTP client for the payment gateways.
#[derive(Clone)]
pub struct ShopState {
    pub app: AppState,
    pub config: Arc<ShopConfig>,
    pub http: reqwest::Client,
    pub caches: Arc<cache::Caches>,
    pub mailer: Option<Arc<mail::Mailer>>,
    /// The live chat's hub, when the deployment runs it (the widget shows only then).
    pub chat: Option<pos_chat::Hub>,
}

impl ShopState {
    /// The state; an SMTP address that cannot be used is logged and mail is off.
    pub fn new(app: AppState, config: ShopConfig) -> ShopState {
        let mailer = config
            .mail
            .as_ref()
            .and_then(|m| match mail::Mailer::new(&m.url, &m.from) {
                Ok(m) => Some(Arc::new(m)),
                Err(e) => {
                    tracing::error!(error = %e, "customers' mail is off");
                    None
                }
            });
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .unwrap_or_default();
        ShopState {
            app,
            mailer,
            caches: Arc::new(cache::Caches::new(config.cache_ttl)),
            config: Arc::new(config),
            http,
            chat: None,
        }
    }

    /// The same state with the live chat on.
    pub fn with_chat(mut self, hub: pos_chat::Hub) -> ShopState {
        self.chat = Some(hub);
        self
    }
}

/// Form posts are small: an address is the largest thing a customer sends.
pub const FORM_BYTES: usize = 16 * 1024;
/// Gateways' notifications are small JSON or form bodies.
pub const WEBHOOK_BYTES: usize = 64 * 1024;

/// The Content-Security-Policy of every page: nothing inline, nothing from elsewhere; forms post
/// to the shop itself, and the checkout's redirect may go only to the payment pages of the
/// gateways that are on (Midtrans Snap's origin, Stripe Checkout's).
pub fn csp(config: &ShopConfig) -> String {
    let mut form_action = vec!["'self'".to_string()];
    if let Some(m) = &config.midtrans {
        form_action.push(origin(&m.snap_url));
    }
    if let Some(s) = &config.stripe {
        form_action.push(origin(&s.checkout_origin));
    }
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         form-action {}; base-uri 'none'; frame-ancestors 'none'",
        form_action.join(" ")
    )
}

/// `https://app.midtrans.com/snap/v1` → `https://app.midtrans.com`.
fn origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    format!("{scheme}://{}", rest.split('/').next().unwrap_or(""))
}

/// Every shop route, with its state; no fallback (the deployment adds [`not_found`]).
pub fn router(state: ShopState) -> Router {
    let csp = HeaderValue::from_str(&csp(&state.config)).unwrap_or(HeaderValue::from_static("default-src 'none'"));
    let pages = Router::new()
        .route("/", get(catalogue::home::page))
        .route("/c/{id}/{slug}", get(catalogue::category::page))
        .route("/p/{id}/{slug}", get(catalogue::product::page))
        .route("/search", get(catalogue::search::page))
        .route("/suggest", get(catalogue::suggest::suggest))
        .route("/photos/{hash}", get(catalogue::photos::photo))
        .route("/sitemap.xml", get(catalogue::sitemap::sitemap))
        .route("/robots.txt", get(catalogue::sitemap::robots))
        .route("/lang/{lang}", get(i18n::switch))
        .route("/cart", get(cart::view::page))
        .route("/cart/add", post(cart::change::add))
        .route("/cart/update", post(cart::change::update))
        .route("/checkout", get(checkout::form::page).post(checkout::place::place))
        .route("/order/{token}", get(checkout::order_page::page))
        .route("/order/{token}/pay", post(checkout::order_page::pay_again))
        .route("/account", get(account::page::page))
        .route(
            "/account/register",
            get(account::register::form).post(account::register::register),
        )
        .route("/account/verify/{token}", get(account::verify::verify))
        .route(
            "/account/signin",
            get(account::signin::form).post(account::signin::sign_in),
        )
        .route("/account/signout", post(account::signin::sign_out))
        .route(
            "/account/forgot",
            get(account::reset::forgot_form).post(account::reset::forgot),
        )
        .route(
            "/account/reset/{token}",
            get(account::reset::reset_form).post(account::reset::reset),
        )
        .route("/account/orders/{order_no}", get(account::page::order))
        .route("/account/orders/{order_no}/invoice.pdf", get(account::page::invoice))
        .route("/order/{token}/invoice.pdf", get(checkout::order_page::invoice))
        .route("/account/addresses/{id}/forget", post(account::page::forget_address))
        .route("/book", get(bookings::list::page))
        .route("/book/{slug}", get(bookings::service::page).post(bookings::make::make))
        .route("/book/{slug}/like", post(bookings::like::like))
        .route("/account/bookings/{no}", get(bookings::mine::page))
        .route("/account/bookings/{no}/cancel", post(bookings::mine::cancel))
        .route("/account/bookings/{no}/pay", post(bookings::pay::pay))
        .route("/account/bookings/{no}/booking.ics", get(bookings::mine::ics))
        .route("/account/bookings/{no}/invoice.pdf", get(bookings::mine::invoice))
        .layer(DefaultBodyLimit::max(FORM_BYTES))
        .layer(tower_http::set_header::SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ));
    // A transfer proof is a photo: its own limit, as the chat's pictures.
    let proofs = Router::new().route(
        "/account/bookings/{no}/proof",
        post(bookings::proof::upload).layer(DefaultBodyLimit::max(bookings::proof::MAX_PROOF_BYTES + 64 * 1024)),
    );
    let hooks = Router::new()
        .route("/webhooks/midtrans", post(pay::midtrans_hook::notify))
        .route("/webhooks/stripe", post(pay::stripe_hook::notify))
        .layer(DefaultBodyLimit::max(WEBHOOK_BYTES));
    let assets = Router::new()
        .route("/assets/theme.css", get(assets::theme))
        .route("/assets/{file}", get(assets::serve));
    // The socket lives past any request timeout, and is never compressed by a layer.
    let chat = Router::new()
        .route("/chat/socket", get(chat::socket))
        .route("/chat/product/{id}", get(chat::card::card))
        .route(
            "/chat/attach",
            post(chat::attach::attach).layer(DefaultBodyLimit::max(pos_chat::attach::MAX_FILE_BYTES + 1)),
        );
    pages
        .merge(proofs)
        .merge(hooks)
        .merge(assets)
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(30),
        ))
        .merge(chat)
        .with_state(state)
}

/// What neither the sync endpoint nor the shop serves: JSON for the API's paths, a page for the
/// rest.
pub async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/v1/") {
        pos_server::ApiError::not_found("No such endpoint").into_response()
    } else {
        ShopError::NotFound.into_response()
    }
}

/// Releases the stock of checkouts whose hold ran out, every `every`, and counts best sellers now
/// and then (each instance runs it; a release locks its store and checkout, so two instances never
/// release one twice).
pub fn spawn_hold_expiry(state: ShopState, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        // Not at start: a restart does not recount every sale line (the first count comes a period in).
        let mut rounds: u64 = 1;
        loop {
            tick.tick().await;
            if let Err(e) = checkout::expiry::release_expired(&state).await {
                tracing::warn!(error = ?e.describe(), "releasing expired holds");
            }
            if let Err(e) = checkout::expiry::flag_short_holds(&state).await {
                tracing::warn!(error = ?e.describe(), "flagging oversold holds");
            }
            // Bookings: holds that ran out free their slots, past ones are done, customers are
            // mailed what changed.
            if let Err(e) = pos_server::bookings::sweep::run_once(&state.app).await {
                tracing::warn!(error = %e.body.message, "sweeping bookings");
            }
            if let Err(e) = bookings::notify::run_once(&state).await {
                tracing::warn!(error = ?e.describe(), "mailing booking changes");
            }
            // The catalogue rows a push wrote after its commit: caught up at start and about every
            // ten minutes, should a crash have come between the two.
            if (rounds == 1 || rounds.is_multiple_of((600 / every.as_secs().max(1)).max(1)))
                && let Err(e) = pos_server::push::catalogue::catch_up(&state.app.pool, 10_000).await
            {
                tracing::warn!(error = %e.body.message, "catching up the shop's catalogue");
            }
            // Best selling changes slowly: counted about every ten minutes.
            if rounds.is_multiple_of((600 / every.as_secs().max(1)).max(1))
                && let Err(e) = checkout::expiry::refresh_best_selling(&state).await
            {
                tracing::warn!(error = ?e.describe(), "counting best sellers");
            }
            rounds += 1;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use config::{Midtrans, Secret, Stripe};

    #[test]
    fn the_policy_lets_the_checkout_go_only_to_the_gateways_that_are_on() {
        let off = csp(&ShopConfig::default());
        assert!(off.contains("form-action 'self';") && !off.contains("unsafe"), "{off}");
        let on = csp(&ShopConfig {
            midtrans: Some(Midtrans {
                server_key: Secret::new("k"),
                api_url: "https://api.midtrans.com".into(),
                snap_url: "https://app.midtrans.com/snap/v1".into(),
            }),
            stripe: Some(Stripe {
                secret_key: Secret::new("k"),
                webhook_secret: Secret::new("w"),
                api_url: "https://api.stripe.com".into(),
                checkout_origin: config::STRIPE_CHECKOUT.into(),
            }),
            ..ShopConfig::default()
        });
        assert!(
            on.contains("form-action 'self' https://app.midtrans.com https://checkout.stripe.com;"),
            "{on}"
        );
    }
}
