//! Speaking the protocol directly, as a modified terminal would: a seeded store (the owner's
//! account and product p1 pushed by the owner's trusted desk) and records built by hand.

use super::{Device, Server};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The owner's id in stores these tests seed by pushing records directly.
pub const OWNER: &str = "u-owner";

pub fn movement(seq: i64, id: &str, branch: &str, qty: i64) -> Value {
    json!({"seq": seq, "kind": "stock_movement", "id": id, "at": 1, "by": OWNER,
           "payload": {"id": id, "product_id": "p1", "branch": branch, "quantity": qty, "reason": "correction",
                       "note": "", "user_id": OWNER, "at": 1, "ref_id": null}})
}

/// The owner's account and product p1, pushed by the owner's trusted desk as records 1 and 2.
pub async fn seed(http: &reqwest::Client, s: &Server, desk: &Device) {
    let product = json!({"seq": 2, "kind": "product", "id": "p1", "at": 1, "by": OWNER,
        "payload": {"state": {"id": "p1", "sku": "P1", "name": "Pick", "category_id": "c1", "price": 5000, "cost": 3000},
                    "changed": null, "base": 0}});
    let body = json!({"protocol": 2, "device_id": desk.id,
        "records": [user_record(1, OWNER, "owner", "$argon2id$owner"), product]});
    let (status, r) = push(http, s, Some(&desk.token), &body).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        r["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["status"] == "applied"),
        "{r}"
    );
}

pub fn user_record(seq: i64, id: &str, role: &str, hash: &str) -> Value {
    user_record_by(seq, id, role, hash, OWNER)
}

pub fn user_record_by(seq: i64, id: &str, role: &str, hash: &str, by: &str) -> Value {
    json!({"seq": seq, "kind": "user", "id": id, "at": 1, "by": by,
           "payload": {"state": {"id": id, "email": format!("{id}@x.test"), "name": id, "role": role, "active": true,
                                 "password_hash": hash, "pin_hash": null}, "changed": null, "base": 0}})
}

/// Pushes a JSON body as a device (or with no token), answering the status and the JSON.
pub async fn push(http: &reqwest::Client, s: &Server, token: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let mut r = http.post(format!("{}/v1/push", s.url)).json(body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let r = r.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The owner's account and `n` products p0.. at 10 000 rupiah each, from the store's trusted desk
/// (records 1 to n + 1).
pub async fn seed_products(http: &reqwest::Client, s: &Server, desk: &Device, n: usize) {
    let mut records = vec![user_record(1, OWNER, "owner", "$argon2id$owner")];
    for i in 0..n {
        records.push(
            json!({"seq": i + 2, "kind": "product", "id": format!("p{i}"), "at": 1, "by": OWNER,
            "payload": {"state": {"id": format!("p{i}"), "sku": format!("P{i}"), "name": format!("Item {i}"),
                                  "category_id": "c1", "price": 10_000, "cost": 6_000}, "changed": null, "base": 0}}),
        );
    }
    for chunk in records.chunks(1000) {
        let body = json!({"protocol": 2, "device_id": desk.id, "records": chunk});
        let (status, r) = push(http, s, Some(&desk.token), &body).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            r["results"]
                .as_array()
                .unwrap()
                .iter()
                .all(|o| o["status"] == "applied"),
            "{r}"
        );
    }
}

/// A shift opened now by the owner at `branch`/`terminal`.
pub fn shift_opened(seq: i64, id: &str, branch: &str, terminal: &str, at: i64) -> Value {
    json!({"seq": seq, "kind": "shift_opened", "id": id, "at": at, "by": OWNER,
           "payload": {"id": id, "terminal": terminal, "branch": branch, "opened_by": OWNER, "opened_by_name": "Owner",
                       "opened_at": at, "opening_float": 0, "closed_at": null, "closed_by": null,
                       "counted_cash": null, "expected_cash": null, "note": ""}})
}

/// A cash sale by the owner of one unit of each product (10 000 each), numbered `n` at
/// `branch`/`terminal`, in `shift`, in a store that charges no PPN: it adds up.
pub fn cash_sale(seq: i64, branch: &str, terminal: &str, shift: &str, n: i64, products: &[&str], at: i64) -> Value {
    let id = pos_domain::new_id();
    let lines: Vec<Value> = products
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({"id": pos_domain::new_id(), "line_no": i + 1, "product_id": p, "sku": p, "name": p, "quantity": 1,
                   "list_price": 10_000, "unit_price": 10_000, "line_discount": 0, "sale_discount": 0, "net": 10_000,
                   "unit_cost": 6_000, "returned": 0, "refunded": 0})
        })
        .collect();
    let total = 10_000 * products.len() as i64;
    let date = pos_domain::clock::wib_date_of_ms(at).to_string();
    json!({"seq": seq, "kind": "sale", "id": id, "at": at, "by": OWNER, "payload": {
        "id": id, "receipt_no": pos_domain::numbers::number(branch, terminal, "", n), "client_ref": id,
        "branch": branch, "terminal": terminal, "shift_id": shift, "cashier_id": OWNER, "cashier_name": "Owner",
        "customer_id": null, "at": at, "business_date": date, "gross": total, "discount_total": 0, "dpp": total,
        "ppn": 0, "total": total, "tax_mode": "not_registered", "ppn_rate_bp": 1100, "paid": total, "change_due": 0,
        "lines": lines, "tenders": [{"kind": "cash", "amount": total, "reference": ""}]}})
}
