//! Sign-in throttling that cannot be raced or turned against the owner, answers that never say
//! which emails exist, owner sessions that end, codes that can be withdrawn, and two tills that
//! cannot refund one unit twice.

mod support;

use pos_core::counter::returns::{ReturnLineInput, ReturnRequest};
use pos_core::counter::shift::OpenShift;
use pos_core::store_types::TenderKind;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Terminal, sell};

async fn login(http: &reqwest::Client, url: &str, from: &str, email: &str, password: &str) -> (StatusCode, Value) {
    let r = http
        .post(format!("{url}/v1/login"))
        .header("x-forwarded-for", from)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lockout_cannot_be_raced_nor_lock_the_owner_out_and_says_nothing_of_which_emails_exist() {
    let config = pos_server::config::Config {
        trust_proxy: Some(true),
        ..Default::default()
    };
    let s = support::start_server_with(support::fresh_database().await, config).await;
    let http = reqwest::Client::new();
    support::signup(&http, &s.url, "owner@x.test", "BDG1").await;

    // Twenty wrong passwords at once from one address: five are checked, the rest refused.
    let tries: Vec<_> = (0..20)
        .map(|i| {
            let (http, url) = (http.clone(), s.url.clone());
            tokio::spawn(async move {
                login(&http, &url, "198.51.100.7", "owner@x.test", &format!("wrong-{i}"))
                    .await
                    .0
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert_eq!(checked, 5, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS)
    );
    let (st, b) = login(&http, &s.url, "198.51.100.7", "owner@x.test", "server-pass-123").await;
    assert_eq!(
        (st, b["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("locked")),
        "that address is locked out"
    );
    // The owner, elsewhere, signs in.
    let (st, _) = login(&http, &s.url, "203.0.113.20", "owner@x.test", "server-pass-123").await;
    assert_eq!(
        st,
        StatusCode::OK,
        "a lock from one address does not lock the owner out"
    );

    // An email with no account is answered exactly alike, lock included.
    for i in 0..5 {
        let (a, a_body) = login(&http, &s.url, "192.0.2.1", "owner@x.test", &format!("bad-{i}")).await;
        let (b, b_body) = login(&http, &s.url, "192.0.2.1", "nobody@x.test", &format!("bad-{i}")).await;
        assert_eq!((a, &a_body), (b, &b_body));
    }
    let (a, a_body) = login(&http, &s.url, "192.0.2.1", "owner@x.test", "server-pass-123").await;
    let (b, b_body) = login(&http, &s.url, "192.0.2.1", "nobody@x.test", "server-pass-123").await;
    assert_eq!((a, &a_body), (b, &b_body));
    assert_eq!(a, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owner_sessions_end_and_codes_can_be_withdrawn() {
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let first = support::signup(&http, &s.url, "owner@x.test", "BDG1").await;
    let (_, second) = login(&http, &s.url, "127.0.0.1", "owner@x.test", "server-pass-123").await;
    let second = second["token"].as_str().unwrap().to_string();

    // A code shown to the wrong person is withdrawn before use.
    let code: Value = http
        .post(format!("{}/v1/enrolment-codes", s.url))
        .bearer_auth(&first)
        .json(&json!({"branch_code": "BDG1"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let codes = support::get_json(&http, &format!("{}/v1/enrolment-codes", s.url), &first).await;
    assert_eq!(codes.as_array().unwrap().len(), 1);
    assert!(codes[0].get("code").is_none(), "never shown again");
    let r = http
        .post(format!(
            "{}/v1/enrolment-codes/{}/revoke",
            s.url,
            code["id"].as_str().unwrap()
        ))
        .bearer_auth(&first)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = http
        .post(format!("{}/v1/enrol", s.url))
        .json(&json!({"code": code["code"], "device_name": "till"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "a withdrawn code enrols nobody");

    // A new server password ends every other session; signing out ends this one.
    let r = http
        .post(format!("{}/v1/password", s.url))
        .bearer_auth(&first)
        .json(&json!({"current_password": "wrong-password", "new_password": "a-new-password-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = http
        .post(format!("{}/v1/password", s.url))
        .bearer_auth(&first)
        .json(&json!({"current_password": "server-pass-123", "new_password": "a-new-password-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let devices = |t: String| {
        let (http, url) = (http.clone(), s.url.clone());
        async move {
            http.get(format!("{url}/v1/devices"))
                .bearer_auth(t)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        devices(second.clone()).await,
        StatusCode::UNAUTHORIZED,
        "the other session ended"
    );
    assert_eq!(devices(first.clone()).await, StatusCode::OK);
    let (st, _) = login(&http, &s.url, "127.0.0.1", "owner@x.test", "server-pass-123").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "the old password no longer works");
    http.post(format!("{}/v1/logout", s.url))
        .bearer_auth(&first)
        .send()
        .await
        .unwrap();
    assert_eq!(devices(first).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tills_cannot_refund_one_unit_twice() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let p = desk.product("Pedals", "FX-1", "Boss DS-1", 850_000, 400, 5);
    let till = desk.link_and_join(&s.url).await;
    desk.core
        .open_shift(
            desk.t(),
            OpenShift {
                opening_float: 5_000_000,
            },
        )
        .unwrap();
    till.core
        .open_shift(
            till.t(),
            OpenShift {
                opening_float: 5_000_000,
            },
        )
        .unwrap();
    sell(&desk, &p.id, 1);
    desk.sync_until_quiet().await;
    till.sync_until_quiet().await;
    let sale_id: String = desk
        .core
        .with_db(|c| c.query_row("SELECT id FROM sales", [], |r| r.get(0)).unwrap());
    let line_id: String = desk
        .core
        .with_db(|c| c.query_row("SELECT id FROM sale_lines", [], |r| r.get(0)).unwrap());

    // Both take the pedal back while the network is down.
    for t in [&desk, &till] {
        t.core
            .create_return(
                t.t(),
                ReturnRequest {
                    sale_id: sale_id.clone(),
                    lines: vec![ReturnLineInput {
                        sale_line_id: line_id.clone(),
                        quantity: 1,
                    }],
                    refund: Some(TenderKind::Cash),
                    reason: "rusak".into(),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    desk.sync_until_quiet().await;
    till.sync_until_quiet().await;
    desk.sync_until_quiet().await;
    assert_eq!(
        s.count("SELECT count(*) FROM returns").await,
        1,
        "the first refund stands"
    );
    let issues = s.issues().await;
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(issues[0].contains("already returned"), "{issues:?}");
    // The owner sees it at both tills; a genuine return later is not blocked by the refused one.
    assert_eq!(
        desk.count("SELECT count(*) FROM sync_issues WHERE issue = 'set_aside'"),
        1
    );
    assert_eq!(
        till.count("SELECT count(*) FROM sync_issues WHERE issue = 'set_aside'"),
        1
    );
    assert_eq!(s.count("SELECT returned FROM sale_lines").await, 1);
}

/// A sale whose two lines share an id once failed its device's whole batch on every retry (the
/// ledger's key): now it is set aside and the queue goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_with_a_repeated_line_id_is_set_aside_and_the_queue_goes_on() {
    use support::raw::{cash_sale, movement, push, seed_products, shift_opened};
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "o@x.test", "BDG1").await;
    let desk = support::enrol_with(&http, &s.url, &owner, "BDG1", true).await;
    seed_products(&http, &s, &desk, 2).await;
    let till = support::enrol(&http, &s.url, &owner, "BDG1").await;
    let now = chrono::Utc::now().timestamp_millis();
    let mut twice = cash_sale(2, "BDG1", &till.terminal, "sh", 1, &["p0", "p1"], now);
    twice["payload"]["lines"][1]["id"] = twice["payload"]["lines"][0]["id"].clone();
    let mut m = movement(4, "m-after", "BDG1", 1);
    m["payload"]["product_id"] = json!("p0");
    let body = json!({"protocol": 2, "device_id": till.id, "records": [
        shift_opened(1, "sh", "BDG1", &till.terminal, now - 1000),
        twice,
        cash_sale(3, "BDG1", &till.terminal, "sh", 2, &["p0"], now),
        m,
    ]});
    for attempt in 0..2 {
        let (status, r) = push(&http, &s, Some(&till.token), &body).await;
        assert_eq!(status, StatusCode::OK, "attempt {attempt}: {r}");
        let statuses: Vec<&str> = r["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["status"].as_str().unwrap())
            .collect();
        assert_eq!(
            statuses,
            ["applied", "set_aside", "applied", "applied"],
            "attempt {attempt}"
        );
    }
    assert_eq!(s.count("SELECT count(*) FROM sales").await, 1);
}
