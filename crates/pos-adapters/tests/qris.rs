//! QRIS against a loopback fake of Midtrans's Core API built from ../shared/reference/payments.md:
//! Basic auth with the server key, gross_amount as a string, pending then settlement, expire,
//! cancel, and an error status inside an HTTP 200.

use base64::Engine;
use pos_adapters::Midtrans;
use pos_core::auth::SignInRequest;
use pos_core::catalogue::CategoryInput;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counter::qris::{QrisRef, QrisStart, QrisState};
use pos_core::counter::shift::OpenShift;
use pos_core::products::{NewProduct, ProductInput};
use pos_core::setup::{ProfileInput, SetupRequest};
use pos_core::store_types::TenderKind;
use pos_core::{Core, ErrorCode};
use std::collections::HashMap;

mod support;
use std::sync::{Arc, Mutex};

const KEY: &str = "SB-Mid-server-TEST";

/// Orders by id: (amount, status polls left before settlement, terminal status).
type Orders = Arc<Mutex<HashMap<String, (i64, u32, String)>>>;

fn fake_midtrans() -> (String, Orders) {
    let orders: Orders = Arc::default();
    let o = orders.clone();
    let url = support::serve(move |req| {
        let (method, path, headers, body) = (&req.method, &req.path, &req.headers, &req.body);
        {
            let expected = format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{KEY}:"))
            );
            if headers.get("authorization") != Some(&expected) {
                (
                    401,
                    serde_json::json!({"error_messages": ["Access denied due to unauthorized transaction, please check client or server key"]}),
                )
            } else if method == "POST" && path == "/v2/charge" {
                let req: serde_json::Value = serde_json::from_slice(body).unwrap();
                let id = req["transaction_details"]["order_id"].as_str().unwrap().to_string();
                let amount = req["transaction_details"]["gross_amount"]
                    .as_i64()
                    .expect("whole rupiah");
                assert_eq!(req["payment_type"], "qris");
                if amount == 666 {
                    // An error inside an HTTP 200.
                    (
                        200,
                        serde_json::json!({"status_code": "500", "status_message": "Sorry. Our system is recovering from unexpected issues. Please retry."}),
                    )
                } else {
                    let end = if amount == 13 { "expire" } else { "settlement" };
                    o.lock().unwrap().insert(id.clone(), (amount, 2, end.into()));
                    (
                        200,
                        serde_json::json!({
                            "status_code": "201", "status_message": "QRIS transaction is created", "transaction_id": "0a1b2c",
                            "order_id": id, "merchant_id": "G123", "gross_amount": format!("{amount}.00"), "currency": "IDR",
                            "payment_type": "qris", "transaction_time": "2026-11-22 14:05:00", "transaction_status": "pending",
                            "fraud_status": "accept", "acquirer": "gopay",
                            "actions": [{"name": "generate-qr-code", "method": "GET", "url": "https://api.sandbox.midtrans.com/v2/qris/0a1b2c/qr-code"}],
                            "qr_string": format!("00020101021226620014COM.GO-JEK.WWW011893600914{amount}5204599953033605802ID5920Hurtrock Music Store6007BANDUNG6304ABCD"),
                        }),
                    )
                }
            } else if let Some(rest) = path.strip_prefix("/v2/") {
                let (id, action) = rest.rsplit_once('/').unwrap();
                let mut all = o.lock().unwrap();
                match all.get_mut(id) {
                    None => (
                        200,
                        serde_json::json!({"status_code": "404", "status_message": "Transaction doesn't exist."}),
                    ),
                    Some((amount, left, end)) => {
                        let status = if action == "cancel" {
                            *end = "cancel".into();
                            *left = 0;
                            "cancel".to_string()
                        } else if *left > 0 {
                            *left -= 1;
                            "pending".to_string()
                        } else {
                            end.clone()
                        };
                        (
                            200,
                            serde_json::json!({"status_code": if status == "settlement" { "200" } else if status == "expire" { "407" } else { "201" },
                            "transaction_status": status, "order_id": id, "gross_amount": format!("{amount}.00"), "fraud_status": "accept"}),
                        )
                    }
                }
            } else {
                (404, serde_json::json!({"status_code": "404"}))
            }
        }
    });
    (url, orders)
}

fn till(gateway_url: Option<&str>, key: &str) -> (Core, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (core, _) = Core::open(&dir.path().join("pos.db"), Arc::new(pos_domain::SystemClock)).unwrap();
    core.complete_setup(SetupRequest {
        owner_name: "O".into(),
        owner_email: "o@hurtrock.test".into(),
        owner_password: "owner-pass-1".into(),
        owner_pin: None,
        profile: ProfileInput::hurtrock(),
    })
    .unwrap();
    let t = core
        .sign_in(SignInRequest {
            email: "o@hurtrock.test".into(),
            password: "owner-pass-1".into(),
        })
        .unwrap()
        .token;
    let cat = core
        .create_category(
            Some(&t),
            CategoryInput {
                name: "Amps".into(),
                parent_id: None,
            },
        )
        .unwrap()
        .id;
    let fields = ProductInput {
        sku: "AMP-1".into(),
        name: "Boss Katana-50".into(),
        category_id: cat,
        price: 4_350_000,
        cost: 3_300_000,
        active: true,
        ..Default::default()
    };
    let p = core
        .create_product(
            Some(&t),
            NewProduct {
                fields,
                opening_stock: 5,
            },
        )
        .unwrap()
        .id;
    core.open_shift(Some(&t), OpenShift { opening_float: 0 }).unwrap();
    if let Some(url) = gateway_url {
        core.set_gateway(Some(Arc::new(Midtrans::new(url, key))));
    }
    (core, t, p, dir)
}

fn qris_sale(product: &str, order_id: &str, amount: i64) -> CheckoutRequest {
    CheckoutRequest {
        client_ref: pos_domain::new_id(),
        lines: vec![CartLine {
            product_id: product.into(),
            quantity: 1,
            unit_price: None,
            discount: None,
        }],
        sale_discount: None,
        customer_id: None,
        tenders: vec![TenderInput {
            kind: Some(TenderKind::Qris),
            amount,
            reference: order_id.into(),
        }],
        approval_id: None,
    }
}

#[test]
fn a_qris_payment_is_confirmed_by_polling_and_then_sells() {
    let (url, orders) = fake_midtrans();
    let (core, t, p, _d) = till(Some(&url), KEY);
    let t = Some(t.as_str());
    let q = core.qris_start(t, QrisStart { amount: 4_350_000 }).unwrap();
    assert_eq!(q.state, QrisState::Pending);
    assert!(q.qr.starts_with("data:image/svg+xml;base64,"));
    assert_eq!(orders.lock().unwrap()[&q.order_id].0, 4_350_000);
    // Not paid yet: checkout refuses the QRIS tender.
    assert_eq!(
        core.checkout(t, qris_sale(&p, &q.order_id, 4_350_000))
            .unwrap_err()
            .field
            .as_deref(),
        Some("tenders")
    );
    let r = QrisRef {
        order_id: q.order_id.clone(),
    };
    assert_eq!(core.qris_status(t, r.clone()).unwrap().state, QrisState::Pending);
    assert_eq!(core.qris_status(t, r.clone()).unwrap().state, QrisState::Pending);
    assert_eq!(core.qris_status(t, r.clone()).unwrap().state, QrisState::Paid);
    // The wrong amount is refused; the right one sells, once.
    assert!(core.checkout(t, qris_sale(&p, &q.order_id, 4_000_000)).is_err());
    let sale = core.checkout(t, qris_sale(&p, &q.order_id, 4_350_000)).unwrap().sale;
    assert_eq!(sale.tenders[0].kind, TenderKind::Qris);
    assert_eq!(sale.tenders[0].reference, q.order_id);
    assert!(
        core.checkout(t, qris_sale(&p, &q.order_id, 4_350_000)).is_err(),
        "a QRIS payment pays one sale"
    );
}

#[test]
fn expiry_cancel_caps_and_gateway_errors() {
    let (url, _) = fake_midtrans();
    let (core, t, _p, _d) = till(Some(&url), KEY);
    let t = Some(t.as_str());
    let q = core.qris_start(t, QrisStart { amount: 13 }).unwrap();
    let r = QrisRef { order_id: q.order_id };
    for _ in 0..2 {
        core.qris_status(t, r.clone()).unwrap();
    }
    assert_eq!(core.qris_status(t, r).unwrap().state, QrisState::Expired);
    let q = core.qris_start(t, QrisStart { amount: 50_000 }).unwrap();
    assert_eq!(
        core.qris_cancel(t, QrisRef { order_id: q.order_id }).unwrap().state,
        QrisState::Cancelled
    );
    let over = core.qris_start(t, QrisStart { amount: 10_000_001 }).unwrap_err();
    assert_eq!((over.code, over.field.as_deref()), (ErrorCode::Invalid, Some("amount")));
    let e = core.qris_start(t, QrisStart { amount: 666 }).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unavailable);
    assert!(e.en.contains("recovering"), "{}", e.en);
}

#[test]
fn a_wrong_key_or_no_network_leaves_qris_unavailable_and_cash_working() {
    let (url, _) = fake_midtrans();
    let (core, t, p, _d) = till(Some(&url), "SB-Mid-server-WRONG");
    let t = Some(t.as_str());
    let e = core.qris_start(t, QrisStart { amount: 50_000 }).unwrap_err();
    assert!(
        e.code == ErrorCode::Unavailable && e.en.contains("Access denied"),
        "{}",
        e.en
    );
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    core.set_gateway(Some(Arc::new(Midtrans::new(&format!("http://{dead}"), KEY))));
    let e = core.qris_start(t, QrisStart { amount: 50_000 }).unwrap_err();
    assert!(
        e.code == ErrorCode::Unavailable && e.id.contains("tidak terhubung"),
        "{}",
        e.id
    );
    core.set_gateway(None);
    assert_eq!(
        core.qris_start(t, QrisStart { amount: 50_000 }).unwrap_err().code,
        ErrorCode::Unavailable
    );
    let mut cash = qris_sale(&p, "", 0);
    cash.tenders = vec![TenderInput {
        kind: Some(TenderKind::Cash),
        amount: 4_350_000,
        reference: String::new(),
    }];
    assert!(core.checkout(t, cash).is_ok());
}
