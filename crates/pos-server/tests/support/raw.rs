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
