//! The shop's tests: the real hosted binary's router (sync endpoint and shop on one PostgreSQL),
//! real terminals that sync the catalogue to it, loopback fakes of Midtrans and Stripe that sign
//! their notifications as the real ones do, and a browser-like client (cookies, no automatic
//! redirects) that reads the pages' forms.
#![allow(dead_code)]

#[path = "../../../pos-server/tests/support/mod.rs"]
pub mod server;

pub mod fakes;
pub mod smtp;
pub mod sockets;

use pos_server::AppState;
use pos_server::config::Config;
use pos_shop::config::{MailConfig, Midtrans, Secret, ShopConfig, Stripe};
use pos_shop::{ShopState, router};
use reqwest::StatusCode;
pub use server::Terminal;

pub const MIDTRANS_KEY: &str = "SB-Mid-server-test-key";
pub const STRIPE_KEY: &str = "sk_test_hurtrock";
pub const STRIPE_WHSEC: &str = "whsec_hurtrock_test";

pub struct Shop {
    pub url: String,
    /// The database, for a second instance of the deployment on it.
    pub pg: tokio_postgres::Config,
    pub hub: pos_chat::Hub,
    pub pool: deadpool_postgres::Pool,
    pub state: ShopState,
    pub midtrans: fakes::Midtrans,
    pub stripe: fakes::Stripe,
    pub smtp: smtp::Smtp,
}

/// The deployment as `pos-host` composes it, on a fresh database, with both gateways faked.
pub async fn start() -> Shop {
    start_with(std::time::Duration::ZERO).await
}

/// The deployment with the shop's caches living `cache_ttl` (as in production: a few seconds).
pub async fn start_with(cache_ttl: std::time::Duration) -> Shop {
    start_on(server::fresh_database().await, cache_ttl).await
}

/// An instance of the deployment on `pg` (a second one on a database that has one already).
pub async fn start_on(pg: tokio_postgres::Config, cache_ttl: std::time::Duration) -> Shop {
    start_full(pg, cache_ttl, None).await
}

/// The deployment with live courier rates from `rates` (a loopback aggregator).
pub async fn start_with_rates(rates: pos_shop::config::Rates) -> Shop {
    start_full(server::fresh_database().await, std::time::Duration::ZERO, Some(rates)).await
}

async fn start_full(
    pg: tokio_postgres::Config,
    cache_ttl: std::time::Duration,
    rates: Option<pos_shop::config::Rates>,
) -> Shop {
    let pool = pos_server::pool(pg.clone(), 32).unwrap();
    pos_server::migrate(&pool).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let url = format!("http://{addr}");
    let midtrans = fakes::Midtrans::start(MIDTRANS_KEY, &format!("{url}/webhooks/midtrans")).await;
    let stripe = fakes::Stripe::start(STRIPE_KEY, STRIPE_WHSEC, &format!("{url}/webhooks/stripe")).await;
    let smtp = smtp::Smtp::start().await;
    let config = ShopConfig {
        mail: Some(MailConfig {
            url: Secret::new(smtp.url()),
            from: "Hurtrock Music Store <toko@hurtrock.test>".into(),
        }),
        public_url: None,
        rates,
        midtrans: Some(Midtrans {
            server_key: Secret::new(MIDTRANS_KEY),
            api_url: midtrans.url.clone(),
            snap_url: format!("{}/snap/v1", midtrans.url),
        }),
        stripe: Some(Stripe {
            secret_key: Secret::new(STRIPE_KEY),
            webhook_secret: Secret::new(STRIPE_WHSEC),
            api_url: stripe.url.clone(),
            checkout_origin: pos_shop::config::STRIPE_CHECKOUT.into(),
        }),
        // Zero in tests: every page reads what was just synced.
        cache_ttl,
    };
    let app_state = AppState::new(pool.clone(), Config::default());
    let hub = pos_chat::Hub::start(pg.clone(), pool.clone());
    let state = ShopState::new(app_state.clone(), config).with_chat(hub.clone());
    let app = pos_server::api(app_state.clone())
        .merge(pos_chat::router(app_state, hub.clone()))
        .merge(router(state.clone()))
        .fallback(pos_shop::not_found);
    tokio::spawn(async move { pos_server::serve(listener, app, std::future::pending()).await.unwrap() });
    hub.ready().await;
    Shop {
        url,
        pg,
        hub,
        pool,
        state,
        midtrans,
        stripe,
        smtp,
    }
}

impl Shop {
    pub async fn count(&self, sql: &str) -> i64 {
        let c = self.pool.get().await.unwrap();
        c.query_one(sql, &[]).await.unwrap().get(0)
    }

    pub async fn text(&self, sql: &str) -> String {
        let c = self.pool.get().await.unwrap();
        c.query_one(sql, &[]).await.unwrap().get(0)
    }

    pub async fn exec(&self, sql: &str) {
        let c = self.pool.get().await.unwrap();
        c.batch_execute(sql).await.unwrap();
    }

    /// A new customer's browser.
    pub fn browser(&self) -> Browser {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        Browser {
            base: self.url.clone(),
            http: reqwest::Client::builder()
                .cookie_provider(jar.clone())
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            jar,
        }
    }
}

/// A page as a browser got it.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Page {
    /// The value of the first hidden field named `name`.
    pub fn field(&self, name: &str) -> Option<String> {
        let re = regex::Regex::new(&format!(r#"name="{name}" value="([^"]*)""#)).unwrap();
        re.captures(&self.body).map(|c| c[1].to_string())
    }

    pub fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

pub struct Browser {
    pub base: String,
    pub http: reqwest::Client,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
}

impl Browser {
    /// The cookies this browser sends to the shop (`hr_v=…; lang=…`).
    pub fn cookies(&self) -> String {
        use reqwest::cookie::CookieStore;
        self.jar
            .cookies(&self.base.parse().unwrap())
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }

    async fn read(r: reqwest::Response) -> Page {
        Page {
            status: r.status(),
            location: r
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            headers: r.headers().clone(),
            body: r.text().await.unwrap(),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        Self::read(self.http.get(url).send().await.unwrap()).await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        Self::read(
            self.http
                .post(format!("{}{path}", self.base))
                .form(form)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// The CSRF token of this browser's forms (from any page).
    pub async fn csrf(&self) -> String {
        let page = self.get("/cart").await;
        let re = regex::Regex::new(r#"name="csrf-token" content="([^"]+)""#).unwrap();
        re.captures(&page.body)
            .map(|c| c[1].to_string())
            .expect("the page's form token")
    }

    pub async fn add(&self, product: &str, quantity: i64) -> Page {
        let csrf = self.csrf().await;
        self.post(
            "/cart/add",
            &[
                ("csrf", &csrf),
                ("product", product),
                ("quantity", &quantity.to_string()),
            ],
        )
        .await
    }

    /// Places the cart's order with an address, the first courier and `gateway`.
    pub async fn checkout(&self, gateway: &str) -> Page {
        self.checkout_to("40135", gateway).await
    }

    /// Checks out to a postal code at the courier prices the form shows for it (the form is read
    /// once with the code filled in, as a customer's browser would show it).
    pub async fn checkout_to(&self, postal: &str, gateway: &str) -> Page {
        let csrf = self.csrf().await;
        let form = self.get(&format!("/checkout?postal={postal}")).await;
        let shown = form.field("shown").unwrap_or_default();
        self.post(
            "/checkout",
            &[
                ("csrf", &csrf),
                ("name", "Rina Sari"),
                ("email", "rina@example.com"),
                ("phone", "0813-1234-5678"),
                ("address", "Jl. Dago No. 12"),
                ("city", "Bandung"),
                ("postal", postal),
                ("courier", "jne-reg"),
                ("gateway", gateway),
                ("shown", &shown),
            ],
        )
        .await
    }
}

/// A category made at the back office, under `parent`.
pub fn category(desk: &Terminal, name: &str, parent: Option<&str>) -> String {
    desk.core
        .create_category(
            desk.t(),
            pos_core::catalogue::CategoryInput {
                name: name.into(),
                parent_id: parent.map(str::to_string),
            },
        )
        .unwrap()
        .id
}

/// A product as the back office enters it.
pub struct P<'a> {
    pub category: &'a str,
    pub sku: &'a str,
    pub name: &'a str,
    pub brand: &'a str,
    pub model: &'a str,
    pub price: i64,
    pub stock: i64,
    pub featured: bool,
}

impl Default for P<'_> {
    fn default() -> Self {
        P {
            category: "",
            sku: "",
            name: "",
            brand: "",
            model: "",
            price: 100_000,
            stock: 10,
            featured: false,
        }
    }
}

/// Creates the product at the back office (with its opening stock at BDG1): its id.
pub fn product(desk: &Terminal, p: P<'_>) -> String {
    let fields = pos_core::products::ProductInput {
        sku: p.sku.into(),
        name: p.name.into(),
        brand: p.brand.into(),
        model: p.model.into(),
        category_id: p.category.into(),
        price: p.price,
        cost: p.price * 6 / 10,
        weight_g: 1200,
        featured: p.featured,
        active: true,
        ..Default::default()
    };
    desk.core
        .create_product(
            desk.t(),
            pos_core::products::NewProduct {
                fields,
                opening_stock: p.stock,
            },
        )
        .unwrap()
        .id
}

/// The terminal's copy of the online order `order_no`.
pub fn local_order(desk: &Terminal, order_no: &str) -> pos_core::store_types::Order {
    desk.core
        .list_orders(desk.t(), pos_core::warehouse::OrderFilter { statuses: vec![] })
        .unwrap()
        .into_iter()
        .find(|o| o.order_no == order_no)
        .unwrap_or_else(|| panic!("order {order_no} at the terminal"))
}

/// The warehouse picks, packs (scanning every unit by SKU) and ships the order with `tracking`.
pub fn ship(desk: &Terminal, order_no: &str, tracking: &str) {
    use pos_core::store_types::OrderStatus;
    use pos_core::warehouse::{OrderId, PackScan, PackedWeight, TrackingRequest, TransitionRequest};
    let go = |to: OrderStatus| {
        let o = local_order(desk, order_no);
        desk.core
            .transition_order(
                desk.t(),
                TransitionRequest {
                    id: o.id.clone(),
                    to: Some(to),
                    note: String::new(),
                    expected_version: o.version,
                },
            )
            .unwrap();
    };
    go(OrderStatus::Picking);
    let id = local_order(desk, order_no).id;
    let o = desk.core.get_order(desk.t(), OrderId { id }).unwrap();
    for l in &o.lines {
        for _ in 0..l.quantity {
            desk.core
                .pack_scan(
                    desk.t(),
                    PackScan {
                        id: o.id.clone(),
                        code: l.sku.clone(),
                    },
                )
                .unwrap();
        }
    }
    desk.core
        .set_packed_weight(
            desk.t(),
            PackedWeight {
                id: o.id.clone(),
                weight_g: 1500,
            },
        )
        .unwrap();
    go(OrderStatus::Packed);
    desk.core
        .set_tracking(
            desk.t(),
            TrackingRequest {
                id: o.id.clone(),
                tracking_no: Some(tracking.into()),
            },
        )
        .unwrap();
    go(OrderStatus::Shipped);
}

/// `%41` or `=41` (by `marker`) as the byte it stands for; other bytes as they are.
pub fn unescape(s: &str, marker: u8) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == marker
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A PDF's text as an independent reader sees it (poppler's `pdftotext -layout`).
pub fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("document.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `p` quantile (0 to 1) of times in milliseconds, for the benches' p50 and p99 (NaN of none).
pub fn percentile(ms: &mut [f64], p: f64) -> f64 {
    if ms.is_empty() {
        return f64::NAN;
    }
    ms.sort_by(f64::total_cmp);
    ms[((ms.len() as f64 - 1.0) * p).round() as usize]
}
