//! `POST /webhooks/stripe`: a Stripe event. The `Stripe-Signature` header is checked over the raw
//! body with its timestamp tolerance (a forged or replayed one is refused with 400 and changes
//! nothing); Checkout's events are applied once per event id, only forwards.

use super::settle::{Report, Settled, Target, settle};
use super::stripe::{event_outcome, signature_ok};
use crate::ShopState;
use crate::store::checkouts::Gateway;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

pub async fn notify(State(state): State<ShopState>, headers: HeaderMap, body: Bytes) -> (StatusCode, &'static str) {
    let Some(cfg) = state.config.stripe.as_ref() else {
        return (StatusCode::NOT_FOUND, "stripe is not enabled");
    };
    let sig = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !signature_ok(cfg, sig, &body, chrono::Utc::now().timestamp()) {
        tracing::warn!("stripe event with a bad or old signature");
        return (StatusCode::BAD_REQUEST, "bad signature");
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "not JSON");
    };
    let Some((outcome, checkout, amount)) = event_outcome(&event) else {
        // An event we do not act on: acknowledged so that Stripe stops sending it.
        return (StatusCode::OK, "ignored");
    };
    let key = event["id"].as_str().unwrap_or("").to_string();
    if key.is_empty() || key.len() > 255 {
        return (StatusCode::BAD_REQUEST, "an event has an id");
    }
    let kind = event["type"].as_str().unwrap_or("");
    let report = Report {
        gateway: Gateway::Stripe,
        target: Target::Checkout(checkout),
        event_key: &key,
        status: kind,
        outcome,
        amount,
    };
    match settle(&state, &report).await {
        Ok(Settled::Unknown) => (StatusCode::OK, "no such checkout"),
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::warn!(error = ?e.describe(), "applying a stripe event");
            (StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }
}
