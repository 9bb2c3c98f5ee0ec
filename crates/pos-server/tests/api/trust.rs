//! Owner and admin changes only at a terminal the owner trusts.

use super::*;

#[tokio::test]
pub(crate) async fn only_trusted_terminals_change_owner_and_admin_accounts() {
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
pub(crate) async fn a_till_refuses_owner_and_admin_changes_until_the_owner_trusts_it() {
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
