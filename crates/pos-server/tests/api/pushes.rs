//! Pushes refused whole, replays, bad input, and a reader that never skips a change.

use super::*;

#[tokio::test]
pub(crate) async fn refused_pushes_write_nothing_and_a_replay_changes_nothing() {
    let (s, http, owner, _desk) = seeded_store().await;
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
pub(crate) async fn bad_input_gets_a_clear_4xx_and_never_a_panic() {
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
    let many: Vec<Value> = (1..=pos_protocol::MAX_BATCH as i64 + 1)
        .map(|i| movement(i, &format!("m{i}"), "BDG1", 1))
        .collect();
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
pub(crate) async fn a_reader_never_skips_a_change_while_many_devices_write() {
    let (s, http, owner, _desk) = seeded_store().await;
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
