//! The server's API on a real PostgreSQL: enrolment, security, bad input, replays, the change
//! log's cursor, and two offline terminals selling the last unit.

mod support;

use pos_core::counter::shift::OpenShift;
use pos_core::updates::{AppUpdater, Release, UpdateError};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use support::raw::{movement, push, seed, user_record_by};
use support::{Server, Terminal, enrol};

async fn writes(s: &Server) -> Vec<i64> {
    let mut out = Vec::new();
    for t in [
        "facts",
        "changes",
        "push_outcomes",
        "stock_ledger",
        "entities",
        "sync_issues",
    ] {
        out.push(s.count(&format!("SELECT count(*) FROM {t}")).await);
    }
    out.push(s.count("SELECT coalesce(sum(last_seq), 0)::bigint FROM devices").await);
    out
}

#[tokio::test]
async fn enrolment_codes_are_single_use_and_tokens_can_be_revoked() {
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "a@x.test", "BDG1").await;
    let code = json!({ "code": support::code(&http, &s.url, &owner, "BDG1").await });
    let enrol = |c: Value| {
        let http = http.clone();
        let url = s.url.clone();
        async move {
            http.post(format!("{url}/v1/enrol"))
                .json(&json!({"code": c, "device_name": "t"}))
                .send()
                .await
                .unwrap()
        }
    };
    let first = enrol(code["code"].clone()).await;
    assert_eq!(first.status(), StatusCode::OK);
    let device: Value = first.json().await.unwrap();
    assert_eq!(device["terminal"], "T1");
    assert_eq!(
        enrol(code["code"].clone()).await.status(),
        StatusCode::UNAUTHORIZED,
        "a code works once"
    );
    assert_eq!(
        enrol(json!("AAAAA-BBBBB-CCCCC")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The server keeps hashes only.
    let token = device["token"].as_str().unwrap();
    assert_eq!(
        s.count(&format!(
            "SELECT count(*) FROM devices WHERE encode(token_hash, 'escape') LIKE '%{token}%'"
        ))
        .await,
        0
    );

    // A device token is not an owner's.
    let r = http
        .get(format!("{}/v1/devices", s.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let id = device["device_id"].as_str().unwrap();
    let r = http
        .post(format!("{}/v1/devices/{id}/revoke", s.url))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (status, body) = push(
        &http,
        &s,
        Some(token),
        &json!({"protocol": 2, "device_id": id, "records": []}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "revoked");

    // Another store's owner cannot revoke this store's devices.
    let other = support::signup(&http, &s.url, "b@x.test", "JKT").await;
    let r = http
        .post(format!("{}/v1/devices/{id}/revoke", s.url))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Wrong passwords lock the account.
    for _ in 0..5 {
        let r = http
            .post(format!("{}/v1/login", s.url))
            .json(&json!({"email": "a@x.test", "password": "nope"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = http
        .post(format!("{}/v1/login", s.url))
        .json(&json!({"email": "a@x.test", "password": "server-pass-123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn refused_pushes_write_nothing_and_a_replay_changes_nothing() {
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "a@x.test", "BDG1").await;
    let desk = support::enrol_with(&http, &s.url, &owner, "BDG1", true).await;
    seed(&http, &s, &desk).await;
    let a = enrol(&http, &s.url, &owner, "BDG1").await;
    let b = enrol(&http, &s.url, &owner, "BDG1").await;
    let batch = json!({"protocol": 2, "device_id": a.id, "records": [movement(1, "m1", "BDG1", 5), movement(2, "m2", "BDG1", -2)]});

    let before = writes(&s).await;
    assert_eq!(
        push(&http, &s, None, &batch).await.0,
        StatusCode::UNAUTHORIZED,
        "no token"
    );
    assert_eq!(
        push(&http, &s, Some("hrd_forged"), &batch).await.0,
        StatusCode::UNAUTHORIZED,
        "a forged token"
    );
    assert_eq!(
        push(&http, &s, Some(&b.token), &batch).await.0,
        StatusCode::FORBIDDEN,
        "another device's records"
    );
    assert_eq!(writes(&s).await, before, "nothing written by refused pushes");

    let (status, first) = push(&http, &s, Some(&a.token), &batch).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["acked"], 2);
    assert!(
        first["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "applied")
    );
    let after = writes(&s).await;
    let (status, again) = push(&http, &s, Some(&a.token), &batch).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, first, "a retry gets the identical answer");
    assert_eq!(writes(&s).await, after, "a replayed batch changes nothing");

    // The same sequence with different content: the device reused its numbers (its database lost
    // commits). Refused whole, nothing written, never an overwrite; the device takes back its own.
    let forged = json!({"protocol": 2, "device_id": a.id, "records": [movement(2, "m2", "BDG1", -9)]});
    let before_forged = writes(&s).await;
    let (status, r) = push(&http, &s, Some(&a.token), &forged).await;
    assert_eq!(
        (status, r["code"].as_str(), r["acked"].as_i64()),
        (StatusCode::CONFLICT, Some("behind"), Some(2))
    );
    assert_eq!(writes(&s).await, before_forged);
    assert_eq!(s.count("SELECT sum(quantity)::bigint FROM stock_ledger").await, 3);
    // So is a push from a device that says it numbered fewer records than the server holds.
    let behind = json!({"protocol": 2, "device_id": a.id, "counter": 1, "records": []});
    let (status, r) = push(&http, &s, Some(&a.token), &behind).await;
    assert_eq!((status, r["code"].as_str()), (StatusCode::CONFLICT, Some("behind")));
    // The same fact id from a new sequence with other content: a conflict, kept for the owner.
    let reuse = json!({"protocol": 2, "device_id": a.id, "records": [movement(3, "m1", "BDG1", 7)]});
    let (_, r) = push(&http, &s, Some(&a.token), &reuse).await;
    assert_eq!(r["results"][0]["status"], "conflict");
    assert_eq!(s.count("SELECT sum(quantity)::bigint FROM stock_ledger").await, 3);
    assert_eq!(
        s.count("SELECT count(*) FROM sync_issues WHERE issue = 'conflict'")
            .await,
        1
    );

    // A gap is refused whole, with what the server holds.
    let gap = json!({"protocol": 2, "device_id": a.id, "records": [movement(9, "m9", "BDG1", 1)]});
    let (status, r) = push(&http, &s, Some(&a.token), &gap).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(r["acked"], 3);

    // A record made at another terminal or branch is set aside and the queue goes on.
    let mixed = json!({"protocol": 2, "device_id": a.id, "records": [
        movement(4, "m4", "JKT", 1),
        {"seq": 5, "kind": "no_such_kind", "id": "x", "at": 1, "payload": {}},
        {"seq": 6, "kind": "sale", "id": "s1", "at": 1, "payload": {"id": "s1", "branch": "BDG1", "terminal": "T2",
            "shift_id": "x", "total": 1, "lines": [{"id": "l1", "product_id": "p1", "quantity": 1}]}},
        movement(7, "m7", "BDG1", 1),
    ]});
    let (status, r) = push(&http, &s, Some(&a.token), &mixed).await;
    assert_eq!(status, StatusCode::OK);
    let statuses: Vec<&str> = r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["set_aside", "set_aside", "set_aside", "applied"]);
    assert_eq!(
        s.count("SELECT count(*) FROM facts WHERE id IN ('m4', 's1', 'x')")
            .await,
        0
    );
    assert_eq!(
        s.count("SELECT count(*) FROM sync_issues WHERE issue = 'set_aside'")
            .await,
        3
    );
    let review = support::get_json(&http, &format!("{}/v1/review", s.url), &owner).await;
    assert_eq!(
        review.as_array().unwrap().len(),
        4,
        "the owner sees what was set aside and the conflict"
    );

    // Another store's device sees none of this store's changes and cannot claim its facts.
    let other_owner = support::signup(&http, &s.url, "b@x.test", "JKT").await;
    let c = enrol(&http, &s.url, &other_owner, "JKT").await;
    let pull: Value = http
        .get(format!("{}/v1/pull?after=0", s.url))
        .bearer_auth(&c.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pull["changes"].as_array().unwrap().len(), 0);
    let steal = json!({"protocol": 2, "device_id": c.id, "records": [movement(1, "m1", "JKT", 5)]});
    let (_, r) = push(&http, &s, Some(&c.token), &steal).await;
    assert_eq!(r["results"][0]["status"], "set_aside");
    assert_eq!(
        s.count("SELECT count(*) FROM facts WHERE id = 'm1' AND payload->>'branch' = 'BDG1'")
            .await,
        1
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_and_never_a_panic() {
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "a@x.test", "BDG1").await;
    let a = enrol(&http, &s.url, &owner, "BDG1").await;
    let before = writes(&s).await;
    let raw = |body: Vec<u8>| {
        let http = http.clone();
        let url = s.url.clone();
        let token = a.token.clone();
        async move {
            let r = http
                .post(format!("{url}/v1/push"))
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = r.status();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (st, b) = raw(b"{not json".to_vec()).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(b["code"], "bad_request");
    let (st, _) = raw(br#"{"protocol": 2, "device_id": 7, "records": "many"}"#.to_vec()).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "wrong types");
    let (st, b) = raw(format!(r#"{{"protocol": 99, "device_id": "{}", "records": []}}"#, a.id).into_bytes()).await;
    assert_eq!(
        (st, b["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("protocol")),
        "unknown protocol version"
    );
    let (st, b) = raw(format!(r#"{{"protocol": 1, "device_id": "{}", "records": []}}"#, a.id).into_bytes()).await;
    assert_eq!(
        (st, b["code"].as_str()),
        (StatusCode::UPGRADE_REQUIRED, Some("update_required")),
        "a terminal of the previous release is told to update"
    );
    assert!(b["message"].as_str().unwrap().contains("update"), "in words: {b}");
    let many: Vec<Value> = (1..=1001).map(|i| movement(i, &format!("m{i}"), "BDG1", 1)).collect();
    let (st, _) = raw(serde_json::to_vec(&json!({"protocol": 2, "device_id": a.id, "records": many})).unwrap()).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "oversized batch");
    let (st, _) = raw(vec![b' '; 17 * 1024 * 1024]).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "oversized body");
    let neg = json!({"protocol": 2, "device_id": a.id, "records": [movement(0, "m0", "BDG1", 1)]});
    assert_eq!(
        push(&http, &s, Some(&a.token), &neg).await.0,
        StatusCode::BAD_REQUEST,
        "sequence 0"
    );
    for q in ["after=-1", "after=abc", "limit=x"] {
        let r = http
            .get(format!("{}/v1/pull?{q}", s.url))
            .bearer_auth(&a.token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{q}");
    }
    let r = http
        .post(format!("{}/v1/signup", s.url))
        .json(&json!({"store_name": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = http
        .post(format!("{}/v1/signup", s.url))
        .json(&json!({"store_name": "x", "email": "c@x.test", "password": "short", "branch_code": "B", "branch_name": "b"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let absurd = json!({"protocol": 2, "device_id": a.id, "records": [movement(1, "m1", "BDG1", 9_000_000_000i64)]});
    let (_, r) = push(&http, &s, Some(&a.token), &absurd).await;
    assert_eq!(r["results"][0]["status"], "set_aside", "absurd quantity");
    let after = writes(&s).await;
    assert_eq!(after[0], before[0], "no fact written by bad input");
    assert_eq!(
        http.get(format!("{}/healthz", s.url)).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        http.get(format!("{}/readyz", s.url)).send().await.unwrap().status(),
        StatusCode::OK
    );
    let doc: Value = http
        .get(format!("{}/openapi.json", s.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/v1/push",
        "/v1/pull",
        "/v1/enrol",
        "/v1/signup",
        "/v1/login",
        "/v1/enrolment-codes",
        "/v1/update/{target}/{arch}/{bundle}/{current}",
        "/v1/update/files/{name}",
        "/v1/devices/{id}/manages-staff",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is documented");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reader_never_skips_a_change_while_many_devices_write() {
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "a@x.test", "BDG1").await;
    let desk = support::enrol_with(&http, &s.url, &owner, "BDG1", true).await;
    seed(&http, &s, &desk).await;
    let mut devices = Vec::new();
    for _ in 0..8 {
        devices.push(enrol(&http, &s.url, &owner, "BDG1").await);
    }
    let reader = enrol(&http, &s.url, &owner, "BDG1").await;
    let writers: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(d, dev)| {
            let (http, url) = (http.clone(), s.url.clone());
            tokio::spawn(async move {
                for batch in 0..25i64 {
                    let records: Vec<Value> = (0..4)
                        .map(|i| movement(batch * 4 + i + 1, &format!("d{d}-{}", batch * 4 + i), "BDG1", 1))
                        .collect();
                    let body = json!({"protocol": 2, "device_id": dev.id, "records": records});
                    let r = http
                        .post(format!("{url}/v1/push"))
                        .bearer_auth(&dev.token)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), StatusCode::OK);
                }
            })
        })
        .collect();
    // Pull in small pages while they write: every position is seen once, in order, none skipped.
    let mut cursor = 0i64;
    let mut seen = Vec::new();
    loop {
        let page: Value = http
            .get(format!("{}/v1/pull?after={cursor}&limit=7", s.url))
            .bearer_auth(&reader.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for c in page["changes"].as_array().unwrap() {
            seen.push(c["seq"].as_i64().unwrap());
        }
        cursor = page["next"].as_i64().unwrap();
        if writers.iter().all(|w| w.is_finished())
            && !page["more"].as_bool().unwrap()
            && cursor == s.count("SELECT change_seq FROM stores").await
        {
            break;
        }
    }
    // The seed's two records come first.
    assert_eq!(seen, (1..=802).collect::<Vec<i64>>());
}

fn sell_one(term: &Terminal, product: &str) {
    support::sell(term, product, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_offline_terminals_sell_the_last_unit_and_both_sales_stand() {
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
async fn an_online_order_reaches_the_warehouse_queue_once_and_its_payment_follows() {
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

/// A minisign key pair in the updater's encoding (base64 of the key file's text) and a signer
/// writing `FILE.sig` the way `tauri signer sign` does.
struct Signer {
    pk: minisign::PublicKey,
    sk: minisign::SecretKey,
}

impl Signer {
    fn new() -> Signer {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        Signer { pk: kp.pk, sk: kp.sk }
    }

    fn pubkey(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(self.pk.to_box().unwrap().to_string())
    }

    fn sign(&self, file: &std::path::Path, trusted: &str) {
        use base64::Engine;
        let data = std::fs::read(file).unwrap();
        let sig = minisign::sign(
            Some(&self.pk),
            &self.sk,
            &data[..],
            Some(trusted),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(sig.to_string());
        std::fs::write(format!("{}.sig", file.display()), b64).unwrap();
    }
}

#[tokio::test]
async fn signed_updates_are_published_checked_and_served_to_enrolled_terminals_only() {
    use pos_server::updates::{Publish, publish, verify};
    let work = tempfile::tempdir().unwrap();
    let releases = work.path().join("releases");
    let signer = Signer::new();
    let deb = work.path().join("hurtrock-pos_0.2.0_amd64.deb");
    let body: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&deb, &body).unwrap();
    let now = chrono::Utc::now();
    fn one(file: &std::path::Path) -> Vec<Publish<'_>> {
        vec![Publish {
            platform: "linux-x86_64-deb",
            file,
        }]
    }

    // Refused: another key, no version in the signed comment, another version, a tampered file.
    let other = Signer::new();
    other.sign(&deb, "timestamp:1\tfile:hurtrock-pos_0.2.0_amd64.deb\tversion:0.2.0");
    let err = publish(&releases, &signer.pubkey(), "0.2.0", "", &one(&deb), now).unwrap_err();
    assert!(format!("{err:#}").contains("does not match"), "{err:#}");
    signer.sign(&deb, "timestamp:1\tfile:hurtrock-pos_0.2.0_amd64.deb");
    let err = publish(&releases, &signer.pubkey(), "0.2.0", "", &one(&deb), now).unwrap_err();
    assert!(format!("{err:#}").contains("names no version"), "{err:#}");
    signer.sign(&deb, "timestamp:1\tfile:hurtrock-pos_0.2.0_amd64.deb\tversion:0.1.9");
    let err = publish(&releases, &signer.pubkey(), "0.2.0", "", &one(&deb), now).unwrap_err();
    assert!(format!("{err:#}").contains("signed for version 0.1.9"), "{err:#}");
    let bad = [Publish {
        platform: "linux-x86_64-exe",
        file: &deb,
    }];
    assert!(publish(&releases, &signer.pubkey(), "0.2.0", "", &bad, now).is_err());
    assert!(publish(&releases, &signer.pubkey(), "two", "", &one(&deb), now).is_err());
    assert!(
        !releases.join("latest.json").exists(),
        "nothing published by a refused release"
    );

    signer.sign(&deb, "timestamp:1\tfile:hurtrock-pos_0.2.0_amd64.deb\tversion:0.2.0");
    let m = publish(&releases, &signer.pubkey(), "0.2.0", "Faster reports", &one(&deb), now).unwrap();
    assert_eq!(m.version, "0.2.0");
    assert_eq!(
        std::fs::read(releases.join("hurtrock-pos_0.2.0_amd64.deb")).unwrap(),
        body
    );
    let err = publish(&releases, &signer.pubkey(), "0.2.0", "", &one(&deb), now).unwrap_err();
    assert!(format!("{err:#}").contains("not newer"), "{err:#}");

    let config = pos_server::config::Config {
        releases_dir: Some(releases.clone()),
        ..Default::default()
    };
    let s = support::start_server_with(support::fresh_database().await, config).await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "u@x.test", "BDG1").await;
    let d = enrol(&http, &s.url, &owner, "BDG1").await;
    let get = |path: &str, token: Option<&str>| {
        let mut r = http.get(format!("{}{path}", s.url));
        if let Some(t) = token {
            r = r.bearer_auth(t.to_string());
        }
        r.send()
    };

    let r = get("/v1/update/linux/x86_64/deb/0.1.0", None).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = get("/v1/update/linux/x86_64/deb/0.1.0", Some("dev_forged"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = get("/v1/update/linux/x86_64/deb/0.1.0", Some(&d.token)).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let release: pos_server::updates::Release = r.json().await.unwrap();
    assert_eq!(release.version, "0.2.0");
    assert_eq!(release.notes, "Faster reports");
    assert_eq!(
        release.url,
        format!("{}/v1/update/files/hurtrock-pos_0.2.0_amd64.deb", s.url)
    );
    for (path, why) in [
        ("/v1/update/linux/x86_64/deb/0.2.0", "already current"),
        ("/v1/update/linux/x86_64/deb/0.3.0", "newer than published"),
        ("/v1/update/windows/x86_64/nsis/0.1.0", "nothing for Windows"),
        ("/v1/update/linux/x86_64/rpm/0.1.0", "nothing for rpm"),
    ] {
        let r = get(path, Some(&d.token)).await.unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{why}");
    }
    let r = get("/v1/update/linux/x86_64/deb/latest", Some(&d.token)).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Without a public_url, a download link is never made from another host's name (the token
    // would ride to it in plain http).
    let r = http
        .get(format!("{}/v1/update/linux/x86_64/deb/0.1.0", s.url))
        .bearer_auth(&d.token)
        .header("host", "updates.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text().await.unwrap().contains("public_url"));

    let path = release.url.strip_prefix(&s.url).unwrap();
    assert_eq!(get(path, None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let r = get(path, Some(&d.token)).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let got = r.bytes().await.unwrap();
    assert_eq!(&got[..], &body[..]);
    verify(&got, &release.signature, &signer.pubkey(), &release.version).unwrap();
    let mut tampered = got.to_vec();
    tampered[1000] ^= 1;
    assert!(verify(&tampered, &release.signature, &signer.pubkey(), &release.version).is_err());
    for name in [
        "latest.json",
        "..%2Flatest.json",
        "hurtrock-pos_0.2.0_amd64.deb.sig",
        ".hidden",
    ] {
        let r = get(&format!("/v1/update/files/{name}"), Some(&d.token)).await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{name}");
    }

    // A server that publishes no updates answers "none".
    let bare = support::start_server().await;
    let owner = support::signup(&http, &bare.url, "v@x.test", "BDG1").await;
    let d2 = enrol(&http, &bare.url, &owner, "BDG1").await;
    let r = http
        .get(format!("{}/v1/update/linux/x86_64/deb/0.1.0", bare.url))
        .bearer_auth(&d2.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = http
        .get(format!("{}/v1/update/linux/x86_64/deb/0.1.0", bare.url))
        .bearer_auth(&d.token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "another server does not know this device"
    );
}

/// A signed release of `version` published into `releases`; returns the artifact's bytes.
fn publish_release(signer: &Signer, work: &std::path::Path, releases: &std::path::Path, version: &str) -> Vec<u8> {
    // The name Tauri's bundler gives it, with the space of the product name.
    let deb = work.join(format!("Hurtrock POS_{version}_amd64.deb"));
    let body: Vec<u8> = (0..150_000u32).map(|i| (i.wrapping_mul(40_503) >> 7) as u8).collect();
    std::fs::write(&deb, &body).unwrap();
    signer.sign(&deb, &format!("timestamp:1\tfile:{}\tversion:{version}", deb.display()));
    let one = [pos_server::updates::Publish {
        platform: "linux-x86_64-deb",
        file: &deb,
    }];
    pos_server::updates::publish(releases, &signer.pubkey(), version, "Notes", &one, chrono::Utc::now()).unwrap();
    body
}

/// The shell's updater as the core sees it, speaking HTTP to the endpoint the core hands it the
/// way tauri-plugin-updater does (template filled in for a .deb install of 0.1.0, bearer token,
/// signature checked against the app's key before "installing").
struct HttpUpdater {
    pubkey: Option<String>,
    asked: std::sync::Mutex<Vec<String>>,
    installed: std::sync::Mutex<Option<Vec<u8>>>,
    restarted: std::sync::atomic::AtomicBool,
}

impl HttpUpdater {
    fn get(&self, endpoint: &str, token: &str) -> Result<Option<pos_server::updates::Release>, UpdateError> {
        let url = endpoint
            .replace("{{target}}", "linux")
            .replace("{{arch}}", "x86_64")
            .replace("{{bundle_type}}", "deb")
            .replace("{{current_version}}", "0.1.0");
        self.asked.lock().unwrap().push(url.clone());
        let r = reqwest::blocking::Client::new()
            .get(url)
            .bearer_auth(token)
            .send()
            .map_err(|e| UpdateError::Offline(e.to_string()))?;
        match r.status() {
            StatusCode::NO_CONTENT => Ok(None),
            StatusCode::OK => Ok(Some(r.json().map_err(|e| UpdateError::Offline(e.to_string()))?)),
            s => Err(UpdateError::Offline(format!("HTTP {s}"))),
        }
    }
}

impl AppUpdater for HttpUpdater {
    fn current_version(&self) -> String {
        "0.1.0".into()
    }
    fn can_verify(&self) -> bool {
        self.pubkey.is_some()
    }
    fn check(&self, endpoint: &str, token: &str) -> Result<Option<Release>, UpdateError> {
        Ok(self.get(endpoint, token)?.map(|r| Release {
            version: r.version,
            notes: r.notes,
            date: Some(r.pub_date),
        }))
    }
    fn install(
        &self,
        endpoint: &str,
        token: &str,
        progress: &(dyn Fn(u64, Option<u64>) + Send + Sync),
    ) -> Result<Release, UpdateError> {
        let r = self
            .get(endpoint, token)?
            .ok_or(UpdateError::Failed("no update".into()))?;
        let bytes = reqwest::blocking::Client::new()
            .get(&r.url)
            .bearer_auth(token)
            .send()
            .and_then(|r| r.bytes())
            .map_err(|e| UpdateError::Offline(e.to_string()))?;
        progress(bytes.len() as u64, Some(bytes.len() as u64));
        pos_server::updates::verify(&bytes, &r.signature, self.pubkey.as_deref().unwrap(), &r.version)
            .map_err(|e| UpdateError::Rejected(e.to_string()))?;
        *self.installed.lock().unwrap() = Some(bytes.to_vec());
        Ok(Release {
            version: r.version,
            notes: r.notes,
            date: Some(r.pub_date),
        })
    }
    fn restart(&self) {
        self.restarted.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_linked_terminal_updates_only_from_its_own_server_and_only_to_signed_code() {
    let work = tempfile::tempdir().unwrap();
    let releases = work.path().join("releases");
    let signer = Signer::new();
    let body = publish_release(&signer, work.path(), &releases, "0.2.0");
    let config = pos_server::config::Config {
        releases_dir: Some(releases.clone()),
        ..Default::default()
    };
    let s = support::start_server_with(support::fresh_database().await, config).await;
    let mut t = Terminal::set_up();
    let core = t.core.clone();
    let tok = t.token.clone();
    let blocked = |core: &pos_core::Core| core.update_status(Some(&tok)).unwrap().blocked;

    assert_eq!(
        blocked(&core).as_deref(),
        Some("browser"),
        "no installer: the web build"
    );
    core.set_updater(Some(Arc::new(HttpUpdater {
        pubkey: None,
        asked: Default::default(),
        installed: Default::default(),
        restarted: Default::default(),
    })));
    assert_eq!(
        blocked(&core).as_deref(),
        Some("no_key"),
        "a build without a release key"
    );
    assert_eq!(
        core.update_install(Some(&tok)).unwrap_err().code,
        pos_core::ErrorCode::Unavailable
    );
    let updater = Arc::new(HttpUpdater {
        pubkey: Some(signer.pubkey()),
        asked: Default::default(),
        installed: Default::default(),
        restarted: Default::default(),
    });
    core.set_updater(Some(updater.clone()));
    assert_eq!(blocked(&core).as_deref(), Some("not_linked"));
    let status = core.update_check(Some(&tok)).unwrap();
    assert!(status.available.is_none() && updater.asked.lock().unwrap().is_empty());

    t.link(&s.url).await;
    let tok = t.token.clone();
    let (c2, t2) = (core.clone(), tok.clone());
    let status = tokio::task::spawn_blocking(move || c2.update_check(Some(&t2)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.blocked, None);
    assert_eq!(status.current, "0.1.0");
    assert_eq!(status.available.as_ref().map(|r| r.version.as_str()), Some("0.2.0"));
    assert_eq!(
        updater.asked.lock().unwrap().last().unwrap(),
        &format!("{}/v1/update/linux/x86_64/deb/0.1.0", s.url),
        "asks the enrolled server, with the route the server serves"
    );

    // The artifact on the server is replaced by something else: refused, nothing installed.
    let file = releases.join("Hurtrock-POS_0.2.0_amd64.deb");
    assert!(file.exists(), "served under a plain name");
    let mut evil = body.clone();
    evil[10] ^= 0x40;
    std::fs::write(&file, &evil).unwrap();
    let audits = t.count("SELECT count(*) FROM audit_events WHERE action = 'app.update_installed'");
    let (c2, t2) = (core.clone(), tok.clone());
    let err = tokio::task::spawn_blocking(move || c2.update_install(Some(&t2)))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, pos_core::ErrorCode::Invalid, "{}", err.en);
    assert!(err.en.contains("not signed"), "{}", err.en);
    assert!(updater.installed.lock().unwrap().is_none());
    let status = core.update_status(Some(&tok)).unwrap();
    assert!(!status.installing && status.installed.is_none());
    assert_eq!(
        core.update_restart(Some(&tok)).unwrap_err().code,
        pos_core::ErrorCode::Invalid,
        "nothing installed, nothing to restart for"
    );

    std::fs::write(&file, &body).unwrap();
    let (c2, t2) = (core.clone(), tok.clone());
    let status = tokio::task::spawn_blocking(move || c2.update_install(Some(&t2)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.installed.as_deref(), Some("0.2.0"));
    assert_eq!(
        (status.downloaded, status.total),
        (body.len() as u64, Some(body.len() as u64))
    );
    assert_eq!(updater.installed.lock().unwrap().as_deref(), Some(&body[..]));
    assert_eq!(
        t.count("SELECT count(*) FROM audit_events WHERE action = 'app.update_installed'"),
        audits + 1
    );
    core.update_restart(Some(&tok)).unwrap();
    assert!(updater.restarted.load(std::sync::atomic::Ordering::SeqCst));
}

#[tokio::test]
async fn only_trusted_terminals_change_owner_and_admin_accounts() {
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "t@x.test", "BDG1").await;
    let till = enrol(&http, &s.url, &owner, "BDG1").await;
    let statuses = |r: &Value| -> Vec<String> {
        r["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["status"].as_str().unwrap().to_string())
            .collect()
    };

    // The owner's account and a cashier arrive from the owner's trusted desk.
    let desk = support::enrol_with(&http, &s.url, &owner, "BDG1", true).await;
    let desk_token = desk.token.as_str();
    let batch = json!({"protocol": 2, "device_id": desk.id,
        "records": [user_record_by(1, "own", "owner", "$argon2id$owner", "own"), user_record_by(2, "kas", "cashier", "$argon2id$k1", "own")]});
    let (status, r) = push(&http, &s, Some(desk_token), &batch).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(statuses(&r), ["applied", "applied"]);

    // A till's token (a stolen or tampered terminal) cannot take the owner's account, make itself
    // an admin or promote a cashier; it may still look after cashiers.
    let before = s.count("SELECT count(*) FROM entities WHERE kind = 'user'").await;
    let batch = json!({"protocol": 2, "device_id": till.id, "records": [
        user_record_by(1, "own", "owner", "$argon2id$attacker", "own"),
        user_record_by(2, "evil", "admin", "$argon2id$attacker", "own"),
        user_record_by(3, "kas", "owner", "$argon2id$k1", "own"),
        user_record_by(4, "kas", "cashier", "$argon2id$k2", "own"),
        user_record_by(5, "gudang", "warehouse", "$argon2id$g1", "own"),
    ]});
    let (status, r) = push(&http, &s, Some(&till.token), &batch).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        statuses(&r),
        ["set_aside", "set_aside", "set_aside", "applied", "applied"]
    );
    assert!(
        r["results"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("trusts with staff accounts")
    );
    let owner_hash = |s: &support::Server| {
        let pool = s.pool.clone();
        async move {
            let c = pool.get().await.unwrap();
            c.query_one(
                "SELECT state->>'password_hash' FROM entities WHERE kind = 'user' AND id = 'own'",
                &[],
            )
            .await
            .unwrap()
            .get::<_, String>(0)
        }
    };
    assert_eq!(owner_hash(&s).await, "$argon2id$owner", "the owner's password stands");
    assert_eq!(
        s.count("SELECT count(*) FROM entities WHERE kind = 'user'").await,
        before + 1
    );
    assert_eq!(
        s.count("SELECT count(*) FROM sync_issues WHERE issue = 'set_aside' AND kind = 'user'")
            .await,
        3,
        "the owner sees each refusal"
    );

    // The owner trusts the till: now it may.
    let list = support::get_json(&http, &format!("{}/v1/devices", s.url), &owner).await;
    let flags: Vec<bool> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["manages_staff"].as_bool().unwrap())
        .collect();
    assert_eq!(flags.iter().filter(|f| **f).count(), 1, "{list}");
    let r = http
        .post(format!("{}/v1/devices/{}/manages-staff", s.url, till.id))
        .json(&json!({"manages_staff": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "the owner's session is needed");
    let r = http
        .post(format!("{}/v1/devices/{}/manages-staff", s.url, till.id))
        .bearer_auth(&owner)
        .json(&json!({"manages_staff": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let pull = support::get_json(&http, &format!("{}/v1/pull?after=0", s.url), &till.token).await;
    assert_eq!(pull["manages_staff"], true, "the terminal learns it on its next pull");
    let batch = json!({"protocol": 2, "device_id": till.id, "records": [user_record_by(6, "evil", "admin", "$argon2id$a", "own")]});
    let (_, r) = push(&http, &s, Some(&till.token), &batch).await;
    assert_eq!(statuses(&r), ["applied"]);

    // Store-wide settings follow the same trust: an untrusted till cannot raise every cashier's
    // discount limit.
    let other = enrol(&http, &s.url, &owner, "BDG1").await;
    let policies = json!({"seq": 1, "kind": "store_policies", "id": "policies", "at": 1,
        "by": "own", "payload": {"state": {"discount_limit_bp": 10000}, "changed": null, "base": 0}});
    let batch = json!({"protocol": 2, "device_id": other.id, "records": [policies]});
    let (_, r) = push(&http, &s, Some(&other.token), &batch).await;
    assert_eq!(statuses(&r), ["set_aside"]);
    assert_eq!(
        s.count("SELECT count(*) FROM entities WHERE kind = 'store_policies'")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_till_refuses_owner_and_admin_changes_until_the_owner_trusts_it() {
    use pos_core::staff::NewUserRequest;
    use pos_store::users::Role;
    let s = support::start_server().await;
    let mut a = Terminal::set_up();
    let b = a.link_and_join(&s.url).await;
    let new_user = |email: &str, role: Role| NewUserRequest {
        name: email.into(),
        email: email.into(),
        password: "staff-pass-123".into(),
        pin: None,
        role: Some(role),
    };

    // The till: cashiers yes; an admin, or the owner's own password, no (and nothing written).
    b.core
        .create_user(b.t(), new_user("kasir@hurtrock.test", Role::Cashier))
        .unwrap();
    let users = b.count("SELECT count(*) FROM users");
    let err = b
        .core
        .create_user(b.t(), new_user("admin@hurtrock.test", Role::Admin))
        .unwrap_err();
    assert_eq!(err.code, pos_core::ErrorCode::Forbidden);
    assert!(err.en.contains("trusts"), "{}", err.en);
    let err = b
        .core
        .change_own_password(
            b.t(),
            pos_core::staff::ChangeOwnPassword {
                current_password: support::OWNER_PASSWORD.into(),
                new_password: "another-pass-9".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code, pos_core::ErrorCode::Forbidden);
    assert_eq!(b.count("SELECT count(*) FROM users"), users);

    // Store-wide policies too: the till may set its own printer, not the store's discount limit.
    let mut settings = b.core.counter_settings(b.t()).unwrap();
    settings.printer.drawer = !settings.printer.drawer;
    b.core.update_counter_settings(b.t(), settings.clone()).unwrap();
    assert_eq!(b.count("SELECT count(*) FROM outbox WHERE kind = 'store_policies'"), 0);
    settings.discount_limit_bp = 10_000;
    let err = b.core.update_counter_settings(b.t(), settings).unwrap_err();
    assert_eq!(err.code, pos_core::ErrorCode::Forbidden);
    assert_ne!(
        b.core.counter_settings(b.t()).unwrap().discount_limit_bp,
        10_000,
        "nothing written"
    );

    // The owner's desk (the terminal that linked the store) may.
    a.core
        .create_user(a.t(), new_user("admin@hurtrock.test", Role::Admin))
        .unwrap();

    // The owner trusts the till from the desk; the till learns it on its next sync.
    let b_id = b.core.sync_info(b.t()).unwrap().device_id.unwrap();
    let (core, token) = (a.core.clone(), a.token.clone());
    tokio::task::spawn_blocking(move || {
        core.trust_device(
            Some(&token),
            pos_core::sync::TrustRequest {
                email: support::OWNER_EMAIL.into(),
                password: "server-pass-123".into(),
                device_id: b_id,
                manages_staff: true,
            },
        )
    })
    .await
    .unwrap()
    .unwrap();
    b.sync_until_quiet().await;
    b.core
        .create_user(b.t(), new_user("admin2@hurtrock.test", Role::Admin))
        .unwrap();
    for _ in 0..2 {
        b.sync_until_quiet().await;
        a.sync_until_quiet().await;
    }
    for t in [&a, &b] {
        assert_eq!(t.count("SELECT count(*) FROM users WHERE role = 'admin'"), 2);
    }
    assert_eq!(
        s.count("SELECT count(*) FROM sync_issues WHERE issue = 'set_aside'")
            .await,
        0,
        "nothing refused: the till refused first"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shift_with_its_cash_movements_and_close_reaches_the_server_and_every_terminal() {
    let s = support::start_server().await;
    let mut a = Terminal::set_up();
    let p = a.product("Picks", "PCK-2", "Tortex 0.88", 15_000, 0, 20);
    let b = a.link_and_join(&s.url).await;
    a.core.open_shift(a.t(), OpenShift { opening_float: 200_000 }).unwrap();
    support::sell(&a, &p.id, 2);
    let cash = pos_core::counter::shift::CashMovement {
        amount: -20_000,
        reason: "beli es batu".into(),
    };
    a.core.cash_movement(a.t(), cash).unwrap();
    a.core
        .close_shift(
            a.t(),
            pos_core::counter::shift::CloseShift {
                counted_cash: 210_000,
                note: "short by change".into(),
            },
        )
        .unwrap();
    a.sync_until_quiet().await;
    b.sync_until_quiet().await;
    s.assert_no_issues().await;
    assert_eq!(
        s.count("SELECT count(*) FROM facts WHERE kind = 'shift_closed'").await,
        1
    );
    let closed =
        |t: &Terminal| t.count("SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL AND counted_cash = 210000");
    assert_eq!(closed(&a), 1);
    assert_eq!(closed(&b), 1, "the other terminal sees the shift closed with its count");
    assert_eq!(
        b.count("SELECT ifnull(sum(amount), 0) FROM cash_movements"),
        -20_000,
        "and its cash out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_linked_demo_store_sends_its_ninety_days_and_a_new_terminal_agrees() {
    let s = support::start_server().await;
    let mut a = Terminal::demo_with_history();
    let sales = a.count("SELECT count(*) FROM sales");
    assert!(sales > 500, "{sales} demo sales");
    a.link(&s.url).await;
    a.sync_until_quiet().await;
    s.assert_no_issues().await;
    assert_eq!(s.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await, sales);
    let code = a.code_for("BDG1").await;
    let mut b = Terminal::blank();
    b.join(&s.url, code).await;
    let stock = |t: &Terminal| {
        t.core.with_db(|c| {
            c.prepare("SELECT product_id, on_hand FROM stock_levels ORDER BY product_id")
                .unwrap()
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
        })
    };
    for q in [
        "SELECT count(*) FROM sales",
        "SELECT count(*) FROM returns",
        "SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL",
        "SELECT count(*) FROM report_lines",
        "SELECT ifnull(sum(revenue), 0) FROM report_lines",
    ] {
        assert_eq!(b.count(q), a.count(q), "{q}");
    }
    assert_eq!(stock(&b), stock(&a), "every product's stock agrees");
    assert_eq!(b.count("SELECT count(*) FROM sync_issues"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owners_desk_edits_reach_a_till_of_every_kind() {
    let s = support::start_server().await;
    let mut a = Terminal::set_up();
    let b = a.link_and_join(&s.url).await;

    let supplier = pos_core::catalogue::SupplierInput {
        name: "PT Distorsi Nusantara".into(),
        phone: "022-555-0101".into(),
        ..Default::default()
    };
    a.core.create_supplier(a.t(), supplier).unwrap();
    let customer = pos_core::counter::cart::NewCustomer {
        name: "Bima Satria".into(),
        phone: "0812-1111-2222".into(),
        email: String::new(),
    };
    a.core.create_customer(a.t(), customer).unwrap();
    let p = a.core.store_profile(a.t()).unwrap();
    let profile = pos_core::setup::ProfileInput {
        name: p.name.clone(),
        address: "Jl. Riau 77, Bandung".into(),
        phone: p.phone.clone(),
        npwp: "01.234.567.8-901.000".into(),
        branch_code: p.branch_code.clone(),
        opening_hours: p.opening_hours.clone(),
        vat_registered: true,
        ppn_rate_bp: 1_100,
        prices_include_tax: p.prices_include_tax,
    };
    let update = pos_core::setup::ProfileUpdate {
        profile,
        expected_version: p.version,
    };
    a.core.update_store_profile(a.t(), update).unwrap();
    let mut settings = a.core.counter_settings(a.t()).unwrap();
    settings.discount_limit_bp = 2_500;
    settings.receipt_footer = "Rock on!".into();
    a.core.update_counter_settings(a.t(), settings).unwrap();

    a.sync_until_quiet().await;
    b.sync_until_quiet().await;
    s.assert_no_issues().await;
    assert_eq!(
        b.count("SELECT count(*) FROM suppliers WHERE name = 'PT Distorsi Nusantara'"),
        1
    );
    assert_eq!(b.count("SELECT count(*) FROM customers WHERE name = 'Bima Satria'"), 1);
    let bp = b.core.store_profile(b.t()).unwrap();
    assert_eq!((bp.address.as_str(), bp.vat_registered), ("Jl. Riau 77, Bandung", true));
    let bs = b.core.counter_settings(b.t()).unwrap();
    assert_eq!((bs.discount_limit_bp, bs.receipt_footer.as_str()), (2_500, "Rock on!"));
    assert_eq!(bs.terminal, "T2", "the till keeps its own terminal code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_taken_at_one_till_is_worked_at_another() {
    use pos_core::store_types::OrderStatus;
    use pos_core::warehouse::{NewDeliveryOrder, OrderFilter, OrderId, OrderLineInput, TransitionRequest};
    let s = support::start_server().await;
    let mut a = Terminal::set_up();
    let p = a.product("Pedals", "FX-9", "Boss DS-1", 850_000, 400, 10);
    let b = a.link_and_join(&s.url).await;

    // At A: a customer pays for two pedals to be delivered.
    let req = NewDeliveryOrder {
        customer_name: "Sari".into(),
        ship_name: "Sari".into(),
        ship_phone: "0813-2222-3333".into(),
        ship_address: "Jl. Dago 10, Bandung".into(),
        ship_city: "Bandung".into(),
        ship_postal: "40135".into(),
        courier_service: "own".into(),
        lines: vec![OrderLineInput {
            product_id: p.id.clone(),
            quantity: 2,
        }],
        paid: true,
        sale_id: None,
        ..Default::default()
    };
    let order = a.core.create_delivery_order(a.t(), req).unwrap();
    assert_eq!(order.status, OrderStatus::Paid);
    a.sync_until_quiet().await;
    b.sync_until_quiet().await;

    // At B (the warehouse desk): the order is there, paid, with its stock held; B starts picking.
    let at_b = b.core.get_order(b.t(), OrderId { id: order.id.clone() }).unwrap();
    assert_eq!((at_b.status, at_b.lines.len()), (OrderStatus::Paid, 1));
    assert_eq!(
        b.count("SELECT ifnull(sum(quantity), 0) FROM stock_reservations WHERE released_at IS NULL"),
        2,
        "stock held at B"
    );
    let req = TransitionRequest {
        id: order.id.clone(),
        to: Some(OrderStatus::Picking),
        note: String::new(),
        expected_version: at_b.version,
    };
    b.core.transition_order(b.t(), req).unwrap();
    b.sync_until_quiet().await;
    a.sync_until_quiet().await;
    let picking = a
        .core
        .list_orders(
            a.t(),
            OrderFilter {
                statuses: vec![OrderStatus::Picking],
            },
        )
        .unwrap();
    assert_eq!(picking.len(), 1, "A sees B picking it");
    s.assert_no_issues().await;
}
