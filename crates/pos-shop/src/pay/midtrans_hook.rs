//! `POST /webhooks/midtrans`: Midtrans's HTTP notification. The signature is checked first (a
//! forged one is refused with 403 and changes nothing); then the status call asks Midtrans itself
//! what the order's state is, and that answer — not the notification — is applied. Repeats and
//! out-of-order deliveries are answered 200 and change nothing.

use super::midtrans::{self, signature_ok};
use super::settle::{Report, Settled, Target, settle};
use crate::ShopState;
use crate::store::checkouts::Gateway;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::Value;

pub async fn notify(State(state): State<ShopState>, body: Bytes) -> (StatusCode, &'static str) {
    let Some(cfg) = state.config.midtrans.as_ref() else {
        return (StatusCode::NOT_FOUND, "midtrans is not enabled");
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "not JSON");
    };
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
    let order_no = s("order_id");
    if order_no.is_empty()
        || order_no.len() > 64
        || !signature_ok(cfg, order_no, s("status_code"), s("gross_amount"), s("signature_key"))
    {
        tracing::warn!(order_no = %order_no.chars().take(64).collect::<String>(), "midtrans notification with a bad signature");
        return (StatusCode::FORBIDDEN, "bad signature");
    }
    let status = match midtrans::status(&state.http, cfg, order_no).await {
        Ok(st) if st.order_id == order_no => st,
        Ok(_) => return (StatusCode::BAD_GATEWAY, "the status call named another order"),
        // Midtrans retries (2, 10, 30, 90, 210 minutes): a failure now is applied later.
        Err(e) => {
            tracing::warn!(error = %e, "midtrans status call");
            return (StatusCode::BAD_GATEWAY, "status call failed");
        }
    };
    let key = format!("{}:{}", status.transaction_id, status.transaction_status);
    let report = Report {
        gateway: Gateway::Midtrans,
        target: Target::OrderNo(order_no.to_string()),
        event_key: &key,
        status: &status.transaction_status,
        outcome: status.outcome(),
        amount: status.amount(),
    };
    match settle(&state, &report).await {
        Ok(Settled::Unknown) => (StatusCode::NOT_FOUND, "no such order"),
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::warn!(error = ?e.describe(), "applying a midtrans notification");
            (StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }
}
