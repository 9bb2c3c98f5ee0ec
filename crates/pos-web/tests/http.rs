//! The web backend over real HTTP on loopback: the command list, sign-in, bad input and the
//! loopback-only guard.

use pos_core::Core;
use serde_json::{Value, json};
use std::sync::Arc;

struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Hurtrock POS</title>",
    )
    .unwrap();
    let (core, _) = Core::open(&dir.path().join("pos.db"), Arc::new(pos_domain::SystemClock)).unwrap();
    let app = pos_web::app(Arc::new(core), dir.path());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        base: format!("http://{addr}"),
        _dir: dir,
    }
}

async fn post(s: &Server, cmd: &str, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(format!("{}/api/{cmd}", s.base))
        .header("x-lang", "en")
        .json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
}

fn setup_body() -> Value {
    json!({
        "owner_name": "Owner", "owner_email": "owner@hurtrock.test", "owner_password": "owner-pass-1", "owner_pin": null,
        "profile": {"name": "Hurtrock Music Store", "address": "Bandung", "phone": "0821-1555-8035", "npwp": "",
                    "branch_code": "BDG1", "opening_hours": "", "vat_registered": false, "ppn_rate_bp": 1100, "prices_include_tax": true}
    })
}

#[tokio::test]
async fn commands_answer_over_http_with_the_same_sign_in() {
    let s = start().await;
    let (code, status) = post(&s, "app_status", None, json!({})).await;
    assert_eq!((code, status["needs_setup"].as_bool()), (200, Some(true)));
    let (code, body) = post(&s, "list_categories", None, json!({})).await;
    assert_eq!((code, body["code"].as_str()), (401, Some("unauthenticated")));
    let (code, session) = post(&s, "complete_setup", None, setup_body()).await;
    assert_eq!(code, 200, "{session}");
    let token = session["token"].as_str().unwrap().to_string();
    let (code, cat) = post(
        &s,
        "create_category",
        Some(&token),
        json!({"name": "Guitars", "parent_id": null}),
    )
    .await;
    assert_eq!((code, cat["name"].as_str()), (200, Some("Guitars")));
    let (code, err) = post(
        &s,
        "create_category",
        Some(&token),
        json!({"name": "guitars", "parent_id": null}),
    )
    .await;
    assert_eq!(
        (code, err["code"].as_str(), err["field"].as_str()),
        (409, Some("duplicate"), Some("name"))
    );
    // A forged token is nobody.
    let (code, _) = post(&s, "list_categories", Some("f00d"), json!({})).await;
    assert_eq!(code, 401);
    // The message follows the caller's language.
    let res = reqwest::Client::new()
        .post(format!("{}/api/sign_in", s.base))
        .header("x-lang", "id")
        .json(&json!({"email": "owner@hurtrock.test", "password": "wrong-password"}))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["message"].as_str(), Some("Email, kata sandi, atau PIN salah."));
}

#[tokio::test]
async fn bad_requests_get_clear_errors_and_never_a_crash() {
    let s = start().await;
    let client = reqwest::Client::new();
    let raw = |body: &'static str| {
        client
            .post(format!("{}/api/sign_in", s.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let res = raw("{not json").await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"].as_str(), Some("invalid"));
    let res = raw(r#"{"email": 42, "password": []}"#).await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let (code, body) = post(&s, "no_such_command", None, json!({})).await;
    assert_eq!((code, body["code"].as_str()), (404, Some("not_found")));
    let huge = "x".repeat(pos_api::MAX_REQUEST_BYTES + 10);
    let res = client
        .post(format!("{}/api/sign_in", s.base))
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 is refused.
    let res = client
        .post(format!("{}/api/app_status", s.base))
        .header("host", "evil.example:80")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 421);
    // A page on another site posts to the loopback: a form (not JSON), or fetch from its origin.
    // Neither sets up a fresh store nor runs any command.
    let form = client
        .post(format!("{}/api/complete_setup", s.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("owner_name=x")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status().as_u16(), 403);
    let cross = client
        .post(format!("{}/api/complete_setup", s.base))
        .header("origin", "https://evil.example")
        .json(&setup_body())
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status().as_u16(), 403);
    let cross_site = client
        .post(format!("{}/api/app_status", s.base))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status().as_u16(), 403);
    let (_, status) = post(&s, "app_status", None, json!({})).await;
    assert_eq!(status["needs_setup"], true, "still no store");
}

#[tokio::test]
async fn the_ui_is_served_with_a_strict_csp() {
    let s = start().await;
    let res = reqwest::get(format!("{}/products/anything", s.base)).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe"), "{csp}");
    assert!(res.text().await.unwrap().contains("Hurtrock POS"));
}
