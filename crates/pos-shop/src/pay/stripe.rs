//! Stripe Checkout (../shared/reference/payments.md): `POST /v1/checkout/sessions`, form-encoded
//! with brackets, an `Idempotency-Key` on every POST (the checkout's id: a retry replays the first
//! answer), amounts in IDR × 100 (IDR is not zero-decimal at Stripe). Notifications carry
//! `Stripe-Signature: t=…,v1=…`, HMAC-SHA256 of `t.body` with the endpoint's secret, compared in
//! constant time with each v1, and refused when older than five minutes.

use super::{Bill, GatewayError, Outcome};
use crate::config::Stripe;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use uuid::Uuid;

/// Stripe's minor units for rupiah.
pub fn minor(rupiah: i64) -> i64 {
    rupiah * 100
}

/// The Checkout page for the bill: (url, session id).
pub async fn checkout_session(
    http: &reqwest::Client,
    cfg: &Stripe,
    bill: &Bill,
    checkout: Uuid,
) -> Result<(String, String), GatewayError> {
    let mut form: Vec<(String, String)> = vec![
        ("mode".into(), "payment".into()),
        ("success_url".into(), bill.return_url.clone()),
        ("cancel_url".into(), bill.return_url.clone()),
        ("client_reference_id".into(), checkout.to_string()),
        ("metadata[order_no]".into(), bill.order_no.clone()),
        ("payment_intent_data[metadata][order_no]".into(), bill.order_no.clone()),
        // Stripe's shortest expiry is 30 minutes.
        (
            "expires_at".into(),
            (chrono::Utc::now().timestamp() + 60 * bill.hold_minutes.max(30)).to_string(),
        ),
    ];
    if !bill.email.is_empty() {
        form.push(("customer_email".into(), bill.email.clone()));
    }
    for (i, (_, name, price, qty)) in bill.items.iter().enumerate() {
        let k = |s: &str| format!("line_items[{i}]{s}");
        form.push((k("[price_data][currency]"), "idr".into()));
        form.push((k("[price_data][unit_amount]"), minor(*price).to_string()));
        form.push((
            k("[price_data][product_data][name]"),
            if name.is_empty() { "-".into() } else { name.clone() },
        ));
        form.push((k("[quantity]"), qty.to_string()));
    }
    let r = http
        .post(format!("{}/v1/checkout/sessions", cfg.api_url))
        .bearer_auth(cfg.secret_key.expose())
        .header("Idempotency-Key", checkout.to_string())
        .form(&form)
        .send()
        .await
        .map_err(|e| GatewayError::Unreachable(e.without_url().to_string()))?;
    let status = r.status();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(GatewayError::Refused(format!(
            "Checkout answered {status}: {}",
            v["error"]["message"]
        )));
    }
    match (v["url"].as_str(), v["id"].as_str()) {
        // Only Stripe's own pages: the customer is sent nowhere else (nor could the CSP allow it).
        (Some(url), Some(_)) if !url.starts_with(&format!("{}/", cfg.checkout_origin)) => {
            Err(GatewayError::Refused("Checkout gave a page outside Stripe's".into()))
        }
        (Some(url), Some(id)) => Ok((url.to_string(), id.to_string())),
        _ => Err(GatewayError::Refused("Checkout gave no url".into())),
    }
}

/// Seconds a signed notification stays acceptable.
pub const TOLERANCE_S: i64 = 300;

/// The `Stripe-Signature` header is Stripe's for this body, made within the tolerance of `now`.
pub fn signature_ok(cfg: &Stripe, header: &str, body: &[u8], now: i64) -> bool {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1.push(v.to_string()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if (now - t).abs() > TOLERANCE_S {
        return false;
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(cfg.webhook_secret.expose().as_bytes()) else {
        return false;
    };
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let want: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    v1.iter()
        .any(|s| crate::visitor::constant_eq(s.as_bytes(), want.as_bytes()))
}

/// What a Checkout event means: (outcome, the checkout it names, amount in rupiah).
pub fn event_outcome(event: &Value) -> Option<(Outcome, Uuid, Option<i64>)> {
    let kind = event["type"].as_str()?;
    let obj = &event["data"]["object"];
    let checkout = obj["client_reference_id"]
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok())?;
    let amount = match (obj["amount_total"].as_i64(), obj["currency"].as_str()) {
        (Some(a), Some("idr")) if a % 100 == 0 => Some(a / 100),
        _ => None,
    };
    let outcome = match kind {
        "checkout.session.completed" if obj["payment_status"] == "paid" => Outcome::Paid,
        "checkout.session.completed" => Outcome::Pending,
        "checkout.session.async_payment_succeeded" => Outcome::Paid,
        "checkout.session.async_payment_failed" | "checkout.session.expired" => Outcome::Failed,
        _ => return None,
    };
    Some((outcome, checkout, amount))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    fn cfg() -> Stripe {
        Stripe {
            secret_key: Secret::new("sk_test_x"),
            webhook_secret: Secret::new("whsec_test"),
            api_url: String::new(),
            checkout_origin: crate::config::STRIPE_CHECKOUT.into(),
        }
    }

    fn sign(body: &[u8], t: i64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"whsec_test").unwrap();
        mac.update(format!("{t}.").as_bytes());
        mac.update(body);
        let v: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        format!("t={t},v1=00bad,v1={v}")
    }

    #[test]
    fn a_signature_is_checked_against_the_body_and_its_time() {
        let body = br#"{"id":"evt_1"}"#;
        let now = 1_800_000_000;
        assert!(signature_ok(&cfg(), &sign(body, now - 10), body, now));
        assert!(
            !signature_ok(&cfg(), &sign(body, now - 301), body, now),
            "too old: a replay"
        );
        assert!(
            !signature_ok(&cfg(), &sign(body, now), br#"{"id":"evt_2"}"#, now),
            "another body"
        );
        assert!(!signature_ok(&cfg(), "v1=abc", body, now));
        assert_eq!(minor(150_000), 15_000_000, "IDR × 100");
    }
}
