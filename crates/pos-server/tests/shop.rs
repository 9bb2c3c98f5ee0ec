//! The online shop's orders: priced from the store's catalogue, validated, sent once per number
//! however many times and from however many connections, and the shop's keys managed by the owner.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::Terminal;

async fn owner_session(http: &reqwest::Client, url: &str) -> String {
    let login: Value = http
        .post(format!("{url}/v1/login"))
        .json(&json!({"email": support::OWNER_EMAIL, "password": "server-pass-123"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    login["token"].as_str().unwrap().to_string()
}

fn order(no: &str, product: &str, quantity: i64, unit_price: Option<i64>) -> Value {
    json!({
        "order_no": no, "branch_code": "BDG1",
        "customer": {"name": "Rina Sari", "phone": "0813-1234-5678", "email": "rina@example.com"},
        "shipping": {"name": "Rina Sari", "phone": "0813-1234-5678", "address": "Jl. Kaliurang KM 5 No. 12",
                     "city": "Sleman", "postal": "55281"},
        "courier_service": "jne-reg", "shipping_cost": 20000,
        "lines": [{"product_id": product, "quantity": quantity, "unit_price": unit_price}],
        "payment_status": "unpaid",
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shop_orders_are_priced_by_the_catalogue_validated_and_sent_once_per_number() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let p = desk.product("Strings", "STR-1", "Ernie Ball Slinky", 95_000, 50, 40);
    desk.link(&s.url).await;
    desk.sync_until_quiet().await;
    let http = reqwest::Client::new();
    let owner = owner_session(&http, &s.url).await;
    let made: Value = http
        .post(format!("{}/v1/shop-keys", s.url))
        .bearer_auth(&owner)
        .json(&json!({"name": "hurtrock.id"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = made["key"].as_str().unwrap().to_string();
    let send = |body: Value, key: String| {
        let (http, url) = (http.clone(), s.url.clone());
        async move {
            let r = http
                .post(format!("{url}/v1/shop/orders"))
                .bearer_auth(key)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };

    // Unknown products, a tampered price, an unknown courier: refused with the reason.
    let (st, b) = send(order("WEB-1", "no-such-product", 1, None), key.clone()).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(b["message"].as_str().unwrap().contains("not for sale"), "{b}");
    let (st, b) = send(order("WEB-1", &p.id, 1, Some(1_000)), key.clone()).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(b["message"].as_str().unwrap().contains("not the store's price"), "{b}");
    let mut courier = order("WEB-1", &p.id, 1, None);
    courier["courier_service"] = json!("teleport");
    assert_eq!(send(courier, key.clone()).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(s.count("SELECT count(*) FROM orders").await, 0, "nothing accepted");

    // The same order number from twenty connections at once: one order, the same answer to all.
    let body = order("WEB-2", &p.id, 2, None);
    let sends: Vec<_> = (0..20).map(|_| tokio::spawn(send(body.clone(), key.clone()))).collect();
    let mut answers = Vec::new();
    for h in sends {
        answers.push(h.await.unwrap());
    }
    assert!(answers.iter().all(|(st, _)| *st == StatusCode::OK), "{answers:?}");
    assert!(answers.iter().all(|(_, b)| *b == answers[0].1));
    assert_eq!(answers[0].1["total"], 2 * 95_000 + 20_000, "priced by the catalogue");
    assert_eq!(s.count("SELECT count(*) FROM orders").await, 1);
    assert_eq!(s.count("SELECT count(*) FROM facts WHERE kind = 'order'").await, 1);

    // Paid, then sent again (as a shop does after its payment page): the same order, paid.
    let paid = http
        .post(format!("{}/v1/shop/orders/WEB-2/paid", s.url))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), StatusCode::OK);
    let mut again = body.clone();
    again["payment_status"] = json!("paid");
    let (st, b) = send(again, key.clone()).await;
    assert_eq!((st, b["status"].as_str()), (StatusCode::OK, Some("paid")));
    let (st, b) = send(body.clone(), key.clone()).await;
    assert_eq!(
        (st, b["status"].as_str()),
        (StatusCode::OK, Some("paid")),
        "an unpaid resend is the paid order"
    );
    assert_eq!(
        s.count("SELECT count(*) FROM facts WHERE kind = 'order_event'").await,
        1,
        "paid once"
    );
    let mut other = body.clone();
    other["lines"][0]["quantity"] = json!(9);
    assert_eq!(
        send(other, key.clone()).await.0,
        StatusCode::CONFLICT,
        "other content under the number"
    );

    desk.sync_until_quiet().await;
    assert_eq!(desk.count("SELECT count(*) FROM orders WHERE status = 'paid'"), 1);
    assert_eq!(desk.count("SELECT unit_price FROM order_lines"), 95_000);

    // The owner lists and revokes the key; the shop is then refused.
    let keys = support::get_json(&http, &format!("{}/v1/shop-keys", s.url), &owner).await;
    assert_eq!(keys.as_array().unwrap().len(), 1);
    assert_eq!(keys[0]["name"], "hurtrock.id");
    assert!(keys[0]["last_used_at"].is_i64(), "{keys}");
    assert!(keys[0].get("key").is_none(), "the key itself is never shown again");
    let r = http
        .post(format!(
            "{}/v1/shop-keys/{}/revoke",
            s.url,
            made["id"].as_str().unwrap()
        ))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        send(order("WEB-3", &p.id, 1, None), key.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
}
