//! Enrolment codes, device tokens and their revocation.

use super::*;

#[tokio::test]
pub(crate) async fn enrolment_codes_are_single_use_and_tokens_can_be_revoked() {
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
