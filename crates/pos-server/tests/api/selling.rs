//! Two offline tills selling the last unit; an online order reaching the warehouse and its payment.

use super::*;

pub(crate) fn sell_one(term: &Terminal, product: &str) {
    support::sell(term, product, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(crate) async fn two_offline_terminals_sell_the_last_unit_and_both_sales_stand() {
    let s = support::start_server().await;
    let mut a = Terminal::set_up();
    let p = a.product("Picks", "PCK-1", "Dunlop Jazz III", 65_000, 0, 1);
    let b = a.link_and_join(&s.url).await;
    for t in [&a, &b] {
        t.core.open_shift(t.t(), OpenShift { opening_float: 0 }).unwrap();
    }

    // Both offline (no sync), both sell the one unit they each see.
    sell_one(&a, &p.id);
    sell_one(&b, &p.id);
    assert_eq!(
        a.count("SELECT count(*) FROM oversold") + b.count("SELECT count(*) FROM oversold"),
        0
    );

    for _ in 0..2 {
        a.sync_until_quiet().await;
        b.sync_until_quiet().await;
    }
    assert_eq!(s.count("SELECT on_hand FROM stock_balances").await, -1);
    assert_eq!(s.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await, 2);
    assert_eq!(
        s.count("SELECT count(*) FROM sync_issues WHERE issue = 'oversold'")
            .await,
        1
    );
    for t in [&a, &b] {
        assert_eq!(t.count("SELECT count(*) FROM sales"), 2, "both sales kept");
        assert_eq!(t.count("SELECT on_hand FROM stock_levels"), -1, "balance -1");
        assert_eq!(t.count("SELECT count(*) FROM oversold"), 1, "one oversold flag");
    }
    let review = a
        .core
        .sync_review(a.t(), pos_core::sync::ReviewRequest::default())
        .unwrap();
    assert!(
        review
            .iter()
            .any(|r| r.issue == "oversold" && r.title == "Dunlop Jazz III"),
        "{review:?}"
    );

    // The owner retires terminal B from A: B's next sync is refused and says why.
    let (core, token) = (a.core.clone(), a.token.clone());
    let b_id = b.core.sync_info(b.t()).unwrap().device_id.unwrap();
    tokio::task::spawn_blocking(move || {
        let account = pos_core::sync::ServerAccount {
            email: support::OWNER_EMAIL.into(),
            password: "server-pass-123".into(),
        };
        let devices = core.list_devices(Some(&token), account.clone()).unwrap();
        assert_eq!(devices.len(), 2);
        let wrong = pos_core::sync::ServerAccount {
            password: "wrong-password".into(),
            ..account.clone()
        };
        assert_eq!(
            core.list_devices(Some(&token), wrong).unwrap_err().code,
            pos_core::ErrorCode::BadCredentials
        );
        let req = pos_core::sync::RevokeRequest {
            email: account.email,
            password: account.password,
            device_id: b_id,
        };
        core.revoke_device(Some(&token), req).unwrap();
    })
    .await
    .unwrap();
    assert!(b.cycle().await.is_err());
    assert_eq!(b.engine_status().error_code.as_deref(), Some("revoked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(crate) async fn an_online_order_reaches_the_warehouse_queue_once_and_its_payment_follows() {
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let mut a = Terminal::set_up();
    let p = a.product("Strings", "STR-1", "Ernie Ball Regular Slinky", 95_000, 100, 10);
    a.link(&s.url).await;
    a.sync_until_quiet().await;
    // The owner gives the web shop a key (server login, then the key).
    let login: Value = http
        .post(format!("{}/v1/login", s.url))
        .json(&json!({"email": support::OWNER_EMAIL, "password": "server-pass-123"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key: Value = http
        .post(format!("{}/v1/shop-keys", s.url))
        .bearer_auth(login["token"].as_str().unwrap())
        .json(&json!({"name": "hurtrock.id"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = key["key"].as_str().unwrap().to_string();
    let order = json!({
        "order_no": "WEB-000123", "branch_code": "BDG1",
        "customer": {"name": "Rina Sari", "phone": "0813-1234-5678", "email": "rina@example.com"},
        "shipping": {"name": "Rina Sari", "phone": "0813-1234-5678", "address": "Jl. Kaliurang KM 5 No. 12",
                     "city": "Sleman", "postal": "55281"},
        "courier_service": "jne-reg", "shipping_cost": 20000,
        "lines": [{"product_id": p.id, "sku": "STR-1", "name": "Ernie Ball Regular Slinky", "quantity": 2, "unit_price": 95000}],
        "payment_status": "unpaid",
    });
    let send = |body: Value, token: String| {
        let (http, url) = (http.clone(), s.url.clone());
        async move {
            http.post(format!("{url}/v1/shop/orders"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        send(order.clone(), "hrs_forged".into()).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let first = send(order.clone(), key.clone()).await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    let again: Value = send(order.clone(), key.clone()).await.json().await.unwrap();
    assert_eq!(again, first, "the same order sent twice is one order");
    let mut other = order.clone();
    other["lines"][0]["quantity"] = json!(9);
    assert_eq!(send(other, key.clone()).await.status(), StatusCode::CONFLICT);
    let mut bad = order.clone();
    bad["order_no"] = json!("WEB-000124");
    bad["lines"][0]["quantity"] = json!(-2);
    assert_eq!(send(bad, key.clone()).await.status(), StatusCode::BAD_REQUEST);

    a.sync_until_quiet().await;
    let orders = a
        .core
        .list_orders(a.t(), pos_core::warehouse::OrderFilter::default())
        .unwrap();
    assert_eq!(orders.len(), 1);
    let o = &orders[0];
    assert_eq!(
        (o.order_no.as_str(), o.status),
        ("WEB-000123", pos_core::store_types::OrderStatus::AwaitingPayment)
    );
    assert_eq!(o.ship_address, "Jl. Kaliurang KM 5 No. 12");
    let reserved =
        |t: &Terminal| t.count("SELECT ifnull(sum(quantity), 0) FROM stock_reservations WHERE released_at IS NULL");
    assert_eq!(reserved(&a), 0);
    // Paid on the web: every terminal moves it to paid and holds the stock.
    let paid = http
        .post(format!("{}/v1/shop/orders/WEB-000123/paid", s.url))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), StatusCode::OK);
    http.post(format!("{}/v1/shop/orders/WEB-000123/paid", s.url))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    a.sync_until_quiet().await;
    let o = a
        .core
        .get_order(a.t(), pos_core::warehouse::OrderId { id: o.id.clone() })
        .unwrap();
    assert_eq!(o.status, pos_core::store_types::OrderStatus::Paid);
    assert_eq!(reserved(&a), 2);
    assert_eq!(
        s.count("SELECT count(*) FROM facts WHERE kind = 'order_event' AND device_id IS NULL")
            .await,
        1,
        "paid once"
    );
    // Picking here is a step every other terminal learns.
    a.core
        .transition_order(
            a.t(),
            pos_core::warehouse::TransitionRequest {
                id: o.id.clone(),
                to: Some(pos_core::store_types::OrderStatus::Picking),
                note: String::new(),
                expected_version: o.version,
            },
        )
        .unwrap();
    a.sync_until_quiet().await;
    let code = a.code_for("BDG1").await;
    let mut b = Terminal::blank();
    b.join(&s.url, code).await;
    let seen = b
        .core
        .get_order(b.t(), pos_core::warehouse::OrderId { id: o.id.clone() })
        .unwrap();
    assert_eq!(seen.status, pos_core::store_types::OrderStatus::Picking);
    assert_eq!(reserved(&b), 2);
    assert_eq!(b.count("SELECT count(*) FROM sync_issues"), 0);
    s.assert_no_issues().await;
}
