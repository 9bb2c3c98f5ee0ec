//! Loopback fakes of the payment gateways, built from ../shared/reference/payments.md: they check
//! credentials and amounts as the real ones do, keep their transactions, and send notifications
//! signed exactly as the real ones sign them (Midtrans: SHA-512 `signature_key`; Stripe:
//! `Stripe-Signature: t=…,v1=HMAC-SHA256(t.body)`).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256, Sha512};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[derive(Debug, Clone)]
pub struct MidtransTx {
    pub order_id: String,
    pub gross_amount: i64,
    pub status: String,
    pub transaction_id: String,
}

#[derive(Default)]
struct MidtransState {
    key: String,
    txs: HashMap<String, MidtransTx>,
    snap_calls: u64,
}

#[derive(Clone)]
pub struct Midtrans {
    pub url: String,
    notify_url: String,
    state: Arc<Mutex<MidtransState>>,
}

fn midtrans_authorised(key: &str, headers: &HeaderMap) -> bool {
    use base64::Engine;
    let want = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:"))
    );
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(want.as_str())
}

async fn snap(State(s): State<Arc<Mutex<MidtransState>>>, headers: HeaderMap, body: String) -> Response {
    let mut st = s.lock().unwrap();
    st.snap_calls += 1;
    if !midtrans_authorised(&st.key, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"error_messages": ["Access denied due to unauthorized transaction"]})),
        )
            .into_response();
    }
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let order_id = v["transaction_details"]["order_id"].as_str().unwrap_or("").to_string();
    let Some(gross) = v["transaction_details"]["gross_amount"].as_i64() else {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(
                json!({"error_messages": ["transaction_details.gross_amount is required and must be whole rupiah"]}),
            ),
        )
            .into_response();
    };
    let sum: i64 = v["item_details"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["price"].as_i64().unwrap_or(0) * i["quantity"].as_i64().unwrap_or(0))
                .sum()
        })
        .unwrap_or(gross);
    if sum != gross {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(
                json!({"error_messages": ["transaction_details.gross_amount is not equal to the sum of item_details"]}),
            ),
        )
            .into_response();
    }
    if st.txs.contains_key(&order_id) {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error_messages": ["transaction_details.order_id has already been taken"]})),
        )
            .into_response();
    }
    let token = uuid::Uuid::now_v7().simple().to_string();
    st.txs.insert(
        order_id.clone(),
        MidtransTx {
            order_id,
            gross_amount: gross,
            status: "pending".into(),
            transaction_id: uuid::Uuid::now_v7().to_string(),
        },
    );
    (StatusCode::CREATED, axum::Json(json!({"token": token, "redirect_url": format!("https://app.sandbox.midtrans.com/snap/v4/redirection/{token}")}))).into_response()
}

async fn status(
    State(s): State<Arc<Mutex<MidtransState>>>,
    headers: HeaderMap,
    Path(order_id): Path<String>,
) -> Response {
    let st = s.lock().unwrap();
    if !midtrans_authorised(&st.key, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"status_code": "401", "status_message": "Unknown Merchant server_key/id"})),
        )
            .into_response();
    }
    match st.txs.get(&order_id) {
        None => {
            axum::Json(json!({"status_code": "404", "status_message": "Transaction doesn't exist."})).into_response()
        }
        Some(t) => axum::Json(json!({
            "status_code": if t.status == "pending" { "201" } else { "200" },
            "transaction_id": t.transaction_id, "order_id": t.order_id, "transaction_status": t.status,
            "fraud_status": "accept", "gross_amount": format!("{}.00", t.gross_amount), "currency": "IDR",
            "payment_type": "bank_transfer",
        }))
        .into_response(),
    }
}

impl Midtrans {
    pub async fn start(key: &str, notify_url: &str) -> Midtrans {
        let state = Arc::new(Mutex::new(MidtransState {
            key: key.into(),
            ..Default::default()
        }));
        let app = Router::new()
            .route("/snap/v1/transactions", post(snap))
            .route("/v2/{order_id}/status", get(status))
            .with_state(state.clone());
        Midtrans {
            url: serve(app).await,
            notify_url: notify_url.into(),
            state,
        }
    }

    pub fn snap_calls(&self) -> u64 {
        self.state.lock().unwrap().snap_calls
    }

    pub fn tx(&self, order_id: &str) -> Option<MidtransTx> {
        self.state.lock().unwrap().txs.get(order_id).cloned()
    }

    /// The notification Midtrans sends for the order's current state, signed with `key` and
    /// claiming `gross_amount` (as Midtrans writes it: "789000.00").
    pub fn notification(&self, order_id: &str, key: &str, gross_amount: &str) -> Value {
        let t = self.tx(order_id).expect("a transaction of the fake");
        let status_code = if t.status == "pending" { "201" } else { "200" };
        let mut h = Sha512::new();
        h.update(format!("{order_id}{status_code}{gross_amount}{key}").as_bytes());
        let sig: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        json!({
            "transaction_time": "2026-12-07 21:00:00", "transaction_status": t.status, "transaction_id": t.transaction_id,
            "status_message": "midtrans payment notification", "status_code": status_code, "signature_key": sig,
            "payment_type": "bank_transfer", "order_id": order_id, "merchant_id": "G123456789",
            "gross_amount": gross_amount, "fraud_status": "accept", "currency": "IDR",
        })
    }

    /// The customer pays (or the payment moves to `status`): Midtrans's state changes and it
    /// notifies the shop, as it would. The shop's answer.
    pub async fn set_status_and_notify(&self, order_id: &str, status: &str) -> StatusCode {
        let (key, gross) = {
            let mut st = self.state.lock().unwrap();
            let key = st.key.clone();
            let t = st.txs.get_mut(order_id).expect("a transaction of the fake");
            t.status = status.into();
            (key, format!("{}.00", t.gross_amount))
        };
        let body = self.notification(order_id, &key, &gross);
        self.post(&body).await
    }

    /// Posts a notification body to the shop (as Midtrans does, and as an attacker could).
    pub async fn post(&self, body: &Value) -> StatusCode {
        reqwest::Client::new()
            .post(&self.notify_url)
            .json(body)
            .send()
            .await
            .unwrap()
            .status()
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub client_reference_id: String,
    pub amount_total: i64,
    pub currency: String,
    pub params: Vec<(String, String)>,
}

#[derive(Default)]
struct StripeState {
    key: String,
    sessions: HashMap<String, Session>,
    /// Idempotency-Key → the session it made.
    keys: HashMap<String, String>,
    calls: u64,
}

#[derive(Clone)]
pub struct Stripe {
    pub url: String,
    whsec: String,
    notify_url: String,
    state: Arc<Mutex<StripeState>>,
}

async fn sessions(State(s): State<Arc<Mutex<StripeState>>>, headers: HeaderMap, body: String) -> Response {
    let mut st = s.lock().unwrap();
    st.calls += 1;
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(format!("Bearer {}", st.key).as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}})),
        )
            .into_response();
    }
    let params: Vec<(String, String)> = url_pairs(&body);
    let get = |k: &str| params.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
    let idem = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(k) = &idem
        && let Some(id) = st.keys.get(k)
    {
        let s = st.sessions[id].clone();
        if s.params != params {
            return (StatusCode::BAD_REQUEST, axum::Json(json!({"error": {"type": "idempotency_error", "message": "Keys for idempotent requests can only be used with the same parameters they were first used with."}}))).into_response();
        }
        return axum::Json(json!({"id": s.id, "object": "checkout.session", "url": format!("https://checkout.stripe.com/c/pay/{}", s.id)})).into_response();
    }
    let mut amount = 0;
    let mut currency = String::new();
    for i in 0.. {
        let Some(unit) = get(&format!("line_items[{i}][price_data][unit_amount]")) else {
            break;
        };
        let q: i64 = get(&format!("line_items[{i}][quantity]"))
            .and_then(|q| q.parse().ok())
            .unwrap_or(0);
        amount += unit.parse::<i64>().unwrap_or(0) * q;
        currency = get(&format!("line_items[{i}][price_data][currency]")).unwrap_or_default();
    }
    let id = format!("cs_test_{}", uuid::Uuid::now_v7().simple());
    let s = Session {
        id: id.clone(),
        client_reference_id: get("client_reference_id").unwrap_or_default(),
        amount_total: amount,
        currency,
        params,
    };
    st.sessions.insert(id.clone(), s);
    if let Some(k) = idem {
        st.keys.insert(k, id.clone());
    }
    axum::Json(
        json!({"id": id, "object": "checkout.session", "url": format!("https://checkout.stripe.com/c/pay/{id}")}),
    )
    .into_response()
}

fn url_pairs(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(s: &str) -> String {
    super::unescape(&s.replace('+', " "), b'%')
}

impl Stripe {
    pub async fn start(key: &str, whsec: &str, notify_url: &str) -> Stripe {
        let state = Arc::new(Mutex::new(StripeState {
            key: key.into(),
            ..Default::default()
        }));
        let app = Router::new()
            .route("/v1/checkout/sessions", post(sessions))
            .with_state(state.clone());
        Stripe {
            url: serve(app).await,
            whsec: whsec.into(),
            notify_url: notify_url.into(),
            state,
        }
    }

    pub fn calls(&self) -> u64 {
        self.state.lock().unwrap().calls
    }

    pub fn sessions(&self) -> Vec<Session> {
        self.state.lock().unwrap().sessions.values().cloned().collect()
    }

    /// The event Stripe sends when the session `id` reaches `kind`, with its own event id.
    pub fn event(&self, session: &Session, kind: &str, paid: bool) -> Value {
        json!({
            "id": format!("evt_{}", uuid::Uuid::now_v7().simple()), "object": "event", "type": kind,
            "data": {"object": {
                "id": session.id, "object": "checkout.session", "client_reference_id": session.client_reference_id,
                "amount_total": session.amount_total, "currency": session.currency,
                "payment_status": if paid { "paid" } else { "unpaid" },
            }},
        })
    }

    /// The signature header for `body` made at `t` with `secret`.
    pub fn sign(secret: &str, body: &str, t: i64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.{body}").as_bytes());
        let v: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        format!("t={t},v1={v}")
    }

    /// Posts an event to the shop signed at `t` with `secret`: the shop's answer.
    pub async fn post_signed(&self, event: &Value, secret: &str, t: i64) -> StatusCode {
        let body = event.to_string();
        reqwest::Client::new()
            .post(&self.notify_url)
            .header("Stripe-Signature", Stripe::sign(secret, &body, t))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
    }

    /// Stripe notifies the shop as it does: signed now with the endpoint's secret.
    pub async fn notify(&self, event: &Value) -> StatusCode {
        let whsec = self.whsec.clone();
        self.post_signed(event, &whsec, chrono::Utc::now().timestamp()).await
    }
}
