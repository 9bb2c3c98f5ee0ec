//! Payment: a checkout's payment page at the gateway the customer chose (Midtrans Snap or Stripe
//! Checkout), and the gateways' notifications, verified exactly as each specifies, recorded once
//! per event and applied only forwards (`settle`): a status never moves back, a repeat changes
//! nothing, an amount that is not the order's is never taken as paid.

pub mod midtrans;
pub mod midtrans_hook;
pub mod settle;
pub mod stripe;
pub mod stripe_hook;

use crate::site::Site;
use crate::store::checkouts::{self, Checkout, Gateway};
use crate::{ShopError, ShopState};

/// What a gateway's status means for the order, in the order it may advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Not paid yet.
    Pending = 1,
    /// Will not be paid: denied, cancelled, expired, failed.
    Failed = 2,
    Paid = 3,
    /// Paid, then refunded or charged back (the owner handles it at the store).
    Reversed = 4,
}

impl Outcome {
    pub fn rank(self) -> i32 {
        self as i32
    }
}

/// The lines and totals the gateway is told (they add up to the order's total).
#[derive(Debug, Clone)]
pub struct Bill {
    pub order_no: String,
    pub total: i64,
    /// (id, name, unit price, quantity); shipping is a line, and PPN added on top of the prices.
    pub items: Vec<(String, String, i64, i64)>,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub hold_minutes: i64,
    /// Where the customer comes back to (their order's page).
    pub return_url: String,
}

/// The bill of an order as the server priced it.
pub fn bill(order: &serde_json::Value, hold_minutes: i64, return_url: String) -> Bill {
    let s = |k: &str| {
        order
            .get(k)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let i = |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_i64).unwrap_or(0);
    let mut items: Vec<(String, String, i64, i64)> = order
        .get("lines")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .map(|l| {
            let name: String = l
                .get("name")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("")
                .chars()
                .take(50)
                .collect();
            (
                l.get("product_id")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("")
                    .chars()
                    .take(50)
                    .collect(),
                name,
                i(l, "unit_price"),
                i(l, "quantity"),
            )
        })
        .collect();
    let shipping = i(order, "shipping_cost");
    if shipping > 0 {
        items.push((
            "shipping".into(),
            format!("Ongkir {}", s("courier_service")),
            shipping,
            1,
        ));
    }
    // PPN added on top of prices that exclude it is a line of its own: the gateways take a bill
    // whose lines add up to what is charged.
    let total = i(order, "total");
    let ppn = total - items.iter().map(|(_, _, p, q)| p * q).sum::<i64>();
    if ppn > 0 {
        items.push(("ppn".into(), "PPN".into(), ppn, 1));
    }
    Bill {
        order_no: s("order_no"),
        total,
        items,
        name: s("customer_name"),
        email: s("customer_email"),
        phone: s("customer_phone"),
        hold_minutes,
        return_url,
    }
}

/// The customer's address of their order's page.
pub fn order_url(state: &ShopState, site: &Site, token: &str) -> String {
    let base = state
        .config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", site.host));
    format!("{base}/order/{token}")
}

/// Opens (or reopens) the checkout's payment page at its gateway: the address to send the
/// customer to. A page made before is reused, so a double click never makes two payments.
pub async fn payment_page(state: &ShopState, site: &Site, c: &Checkout, token: &str) -> Result<String, ShopError> {
    if let Some(url) = &c.pay_url {
        return Ok(url.clone());
    }
    let order = {
        let db = state.app.pool.get().await?;
        checkouts::order_view(&db, site.store, &c.order_id)
            .await?
            .ok_or(ShopError::NotFound)?
            .0
    };
    let bill = bill(&order, site.settings.hold_minutes, order_url(state, site, token));
    open_page(state, c, &bill).await
}

/// Asks the checkout's gateway for its payment page for `bill` and keeps it on the checkout (an
/// order's, or a booking's down payment).
pub async fn open_page(state: &ShopState, c: &Checkout, bill: &Bill) -> Result<String, ShopError> {
    let (url, reference) = match c.gateway {
        Gateway::Midtrans => {
            let cfg = state.config.midtrans.as_ref().ok_or(ShopError::Busy)?;
            midtrans::snap(&state.http, cfg, bill).await?
        }
        Gateway::Stripe => {
            let cfg = state.config.stripe.as_ref().ok_or(ShopError::Busy)?;
            stripe::checkout_session(&state.http, cfg, bill, c.id).await?
        }
    };
    let db = state.app.pool.get().await?;
    checkouts::set_payment_page(&db, c.id, &url, &reference).await?;
    Ok(url)
}

/// Why a gateway call failed, for the log (never with a key in it) and the customer.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("the gateway could not be reached: {0}")]
    Unreachable(String),
    #[error("the gateway refused: {0}")]
    Refused(String),
}

impl From<GatewayError> for ShopError {
    fn from(e: GatewayError) -> ShopError {
        tracing::warn!(error = %e, "payment gateway");
        ShopError::bad(
            "The payment service did not answer. Your order is kept: open it again from its page in a moment to pay.",
            "Layanan pembayaran tidak menjawab. Pesanan Anda tersimpan: buka lagi halamannya sebentar lagi untuk membayar.",
        )
    }
}
