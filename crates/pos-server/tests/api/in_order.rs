//! A terminal sends its next batch before the last is answered: the server applies them in order
//! whichever reaches it first; and a device's own edits come back to it only when it needs them.

use super::*;

/// Requests of this database waiting for a lock.
async fn waiting(s: &Server) -> i64 {
    s.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
        .await
}

async fn until_waiting(s: &Server, n: i64) {
    for _ in 0..500 {
        if waiting(s).await >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("{n} pushes never reached the store's lock");
}

/// A push on its way, answered later.
fn sent(http: &reqwest::Client, s: &Server, token: &str, body: Value) -> tokio::task::JoinHandle<(StatusCode, Value)> {
    let (http, s, token) = (http.clone(), s.clone(), token.to_string());
    tokio::spawn(async move { push(&http, &s, Some(&token), &body).await })
}

#[tokio::test]
pub(crate) async fn a_batch_that_overtakes_the_one_before_it_waits_for_it() {
    let (s, http, owner, _desk) = seeded_store().await;
    let a = enrol(&http, &s.url, &owner, "BDG1").await;
    let first = json!({"protocol": 2, "device_id": a.id, "records": [movement(1, "m1", "BDG1", 5), movement(2, "m2", "BDG1", -2)]});
    let second = json!({"protocol": 2, "device_id": a.id, "records": [movement(3, "m3", "BDG1", 1), movement(4, "m4", "BDG1", 1)]});

    // The store is held while the second batch, then the first, reach its lock: the second is
    // served first (a lock's queue is first come, first served) and finds the first missing.
    let mut holder = s.pool.get().await.unwrap();
    let hold = holder.transaction().await.unwrap();
    hold.execute("SELECT 1 FROM stores FOR UPDATE", &[]).await.unwrap();
    let overtaking = sent(&http, &s, &a.token, second);
    until_waiting(&s, 1).await;
    let before = sent(&http, &s, &a.token, first);
    until_waiting(&s, 2).await;
    hold.commit().await.unwrap();

    let (status, r) = before.await.unwrap();
    assert_eq!((status, r["acked"].as_i64()), (StatusCode::OK, Some(2)), "{r}");
    let (status, r) = overtaking.await.unwrap();
    assert_eq!(
        (status, r["acked"].as_i64()),
        (StatusCode::OK, Some(4)),
        "the batch that came first waited for the one before it: {r}"
    );
    assert_eq!(s.count("SELECT sum(quantity)::bigint FROM stock_ledger").await, 5);

    // With nothing of the device in flight, a gap is a real one and is answered at once.
    let gap = json!({"protocol": 2, "device_id": a.id, "records": [movement(9, "m9", "BDG1", 1)]});
    let started = std::time::Instant::now();
    let (status, r) = push(&http, &s, Some(&a.token), &gap).await;
    assert_eq!(
        (status, r["code"].as_str(), r["acked"].as_i64()),
        (StatusCode::CONFLICT, Some("gap"), Some(4))
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

/// The product changes (id, version) of a device's pull after `after`, and where it ends.
async fn pull_from(http: &reqwest::Client, s: &Server, token: &str, after: i64) -> (Vec<(String, i64)>, i64) {
    let page: Value = http
        .get(format!("{}/v1/pull?after={after}&limit=5000", s.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let products = page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "product")
        .map(|c| (c["id"].as_str().unwrap().to_string(), c["version"].as_i64().unwrap()))
        .collect();
    (products, page["next"].as_i64().unwrap())
}

fn product(seq: i64, id: &str, name: &str, price: i64, changed: Value, base: i64) -> Value {
    json!({"seq": seq, "kind": "product", "id": id, "at": 1, "by": raw::OWNER,
        "payload": {"state": {"id": id, "sku": id.to_uppercase(), "name": name, "category_id": "c1", "price": price, "cost": 3000},
                    "changed": changed, "base": base}})
}

#[tokio::test]
pub(crate) async fn a_devices_own_edit_comes_back_to_it_only_when_it_needs_it() {
    let (s, http, owner, desk) = seeded_store().await;
    let other = support::enrol_with(&http, &s.url, &owner, "BDG1", true).await;

    // A product the desk made is left out of its own pull (it has it), not of the other's.
    let made =
        json!({"protocol": 2, "device_id": desk.id, "records": [product(3, "px", "Strap", 90_000, Value::Null, 0)]});
    assert_eq!(push(&http, &s, Some(&desk.token), &made).await.0, StatusCode::OK);
    let (own, cursor) = pull_from(&http, &s, &desk.token, 0).await;
    assert!(!own.iter().any(|(id, _)| id == "px"), "{own:?}");
    assert!(
        pull_from(&http, &s, &other.token, 0)
            .await
            .0
            .contains(&("px".into(), 1))
    );

    // The other desk changes the price; the first, not having seen it, changes the name. Its edit
    // merged with the other's: it comes back to it, so its copy gets the price too.
    let priced = json!({"protocol": 2, "device_id": other.id, "records": [product(1, "px", "Strap", 95_000, json!(["price"]), 1)]});
    assert_eq!(push(&http, &s, Some(&other.token), &priced).await.0, StatusCode::OK);
    let named = json!({"protocol": 2, "device_id": desk.id, "records": [product(4, "px", "Leather strap", 90_000, json!(["name"]), 1)]});
    assert_eq!(push(&http, &s, Some(&desk.token), &named).await.0, StatusCode::OK);
    let (back, cursor) = pull_from(&http, &s, &desk.token, cursor).await;
    assert_eq!(back, [("px".to_string(), 2), ("px".to_string(), 3)]);

    // Edited again on the latest version it has: left out.
    let again = json!({"protocol": 2, "device_id": desk.id, "records": [product(5, "px", "Leather strap", 99_000, json!(["price"]), 3)]});
    assert_eq!(push(&http, &s, Some(&desk.token), &again).await.0, StatusCode::OK);
    assert_eq!(pull_from(&http, &s, &desk.token, cursor).await.0, []);
    assert!(
        pull_from(&http, &s, &other.token, 0)
            .await
            .0
            .contains(&("px".into(), 4))
    );

    // Read again from the start (a copy restored after a power cut), its own edits come back.
    let (all, _) = pull_from(&http, &s, &desk.token, 0).await;
    assert!(
        all.contains(&("px".into(), 1)) && all.contains(&("px".into(), 4)),
        "{all:?}"
    );
}
