//! Setup, sign-in and lockouts, the lock screen, PINs.

use super::*;

#[test]
pub(crate) fn setup_happens_once_and_signs_the_owner_in() {
    let s = shop();
    let again = s.core.complete_setup(SetupRequest {
        owner_name: "Mallory".into(),
        owner_email: "m@x.test".into(),
        owner_password: "mallory-pass".into(),
        owner_pin: None,
        profile: ProfileInput::hurtrock(),
    });
    assert_eq!(again.unwrap_err().code, ErrorCode::AlreadySetUp);
    assert!(!s.core.app_status().unwrap().needs_setup);
    let who = s.core.whoami(Some(&s.owner)).unwrap();
    assert_eq!(
        (who.user.role, who.user.email.as_str()),
        (Role::Owner, "owner@hurtrock.test")
    );
    let stored: String = s.core.with_db(|c| {
        c.query_row("SELECT password_hash FROM users", [], |r| r.get(0))
            .unwrap()
    });
    assert!(stored.starts_with("$argon2id$") && !stored.contains("owner-pass-1"));
}

#[test]
pub(crate) fn a_fresh_database_needs_setup_and_has_no_account() {
    let dir = tempfile::tempdir().unwrap();
    let (core, _) = Core::open(&dir.path().join("x.db"), Arc::new(pos_domain::SystemClock)).unwrap();
    let st = core.app_status().unwrap();
    assert!(st.needs_setup);
    assert_eq!(st.setup_profile.unwrap().name, "Hurtrock Music Store");
    for pw in ["admin123", "admin", "password", ""] {
        let r = core.sign_in(SignInRequest {
            email: "admin@hurtrock.test".into(),
            password: pw.into(),
        });
        assert_eq!(r.unwrap_err().code, ErrorCode::BadCredentials);
    }
}

#[test]
pub(crate) fn five_wrong_passwords_lock_the_account_for_a_while() {
    let s = shop();
    let wrong = || {
        s.core.sign_in(SignInRequest {
            email: "owner@hurtrock.test".into(),
            password: "nope-nope".into(),
        })
    };
    for _ in 0..4 {
        assert_eq!(wrong().unwrap_err().code, ErrorCode::BadCredentials);
    }
    assert_eq!(wrong().unwrap_err().code, ErrorCode::AccountLocked);
    // Even the right password is refused while locked.
    let right = || {
        s.core.sign_in(SignInRequest {
            email: "owner@hurtrock.test".into(),
            password: "owner-pass-1".into(),
        })
    };
    assert_eq!(right().unwrap_err().code, ErrorCode::AccountLocked);
    s.clock.advance(Duration::minutes(16));
    assert!(right().is_ok());
    let actions: Vec<String> = s.core.with_db(|c| {
        let mut st = c.prepare("SELECT action FROM audit_events ORDER BY at, rowid").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    });
    assert!(actions.iter().filter(|a| *a == "auth.sign_in_failed").count() >= 5);
    assert!(actions.contains(&"auth.account_locked".to_string()));
}

/// Guesses made at once cannot slip past the limit: each is counted before it is checked.
#[test]
pub(crate) fn parallel_wrong_passwords_get_five_checks_between_them() {
    let s = shop();
    let codes: Vec<ErrorCode> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..12)
            .map(|i| {
                let core = &s.core;
                scope.spawn(move || {
                    core.sign_in(SignInRequest {
                        email: "owner@hurtrock.test".into(),
                        password: format!("guess-number-{i}"),
                    })
                    .unwrap_err()
                    .code
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let checked = codes.iter().filter(|c| **c == ErrorCode::BadCredentials).count();
    assert!(checked <= 4, "at most five checked, the fifth locking: {codes:?}");
    assert_eq!(
        codes.len() - checked,
        codes.iter().filter(|c| **c == ErrorCode::AccountLocked).count()
    );
}

#[test]
pub(crate) fn lock_screen_pin_unlock_and_cashier_switch() {
    let s = shop();
    let cashier = s
        .core
        .create_user(
            Some(&s.owner),
            NewUserRequest {
                email: "kasir@hurtrock.test".into(),
                name: "Kasir".into(),
                role: Some(Role::Cashier),
                password: "kasir-pass-1".into(),
                pin: Some("135792".into()),
            },
        )
        .unwrap();
    s.core.lock_screen(Some(&s.owner)).unwrap();
    let locked = s.core.search_products(Some(&s.owner), ProductSearch::default());
    assert_eq!(locked.unwrap_err().code, ErrorCode::SessionLocked);
    assert_eq!(
        s.core
            .unlock(
                Some(&s.owner),
                pos_core::auth::UnlockRequest {
                    secret: "999999".into()
                }
            )
            .unwrap_err()
            .code,
        ErrorCode::BadCredentials
    );
    s.core
        .unlock(
            Some(&s.owner),
            pos_core::auth::UnlockRequest {
                secret: "258046".into(),
            },
        )
        .unwrap();
    assert!(s.core.search_products(Some(&s.owner), ProductSearch::default()).is_ok());

    let candidates = s.core.switch_candidates(Some(&s.owner)).unwrap();
    assert_eq!(candidates.len(), 2);
    let bad = s.core.switch_user(
        Some(&s.owner),
        pos_core::auth::SwitchUserRequest {
            user_id: cashier.id.clone(),
            pin: "135793".into(),
        },
    );
    assert_eq!(bad.unwrap_err().code, ErrorCode::BadCredentials);
    let k = s
        .core
        .switch_user(
            Some(&s.owner),
            pos_core::auth::SwitchUserRequest {
                user_id: cashier.id.clone(),
                pin: "135792".into(),
            },
        )
        .unwrap();
    assert_eq!(k.user.role, Role::Cashier);
    // The owner's session ended with the switch.
    assert_eq!(
        s.core.whoami(Some(&s.owner)).unwrap_err().code,
        ErrorCode::Unauthenticated
    );
    // Without any session there is no PIN sign-in at all.
    let anon = s.core.switch_user(
        None,
        pos_core::auth::SwitchUserRequest {
            user_id: cashier.id,
            pin: "135792".into(),
        },
    );
    assert_eq!(anon.unwrap_err().code, ErrorCode::Unauthenticated);
}

/// Every till holds every PIN's hash, so a PIN opens the counter only: the owner switched in by
/// PIN sells and approves, but staff, catalogue, stock counts and settings need the password.
#[test]
pub(crate) fn a_pin_opens_the_counter_only_and_the_password_opens_the_rest() {
    let s = shop();
    let first = s
        .core
        .sign_in(SignInRequest {
            email: "owner@hurtrock.test".into(),
            password: "owner-pass-1".into(),
        })
        .unwrap();
    assert!(!first.pin_only);
    let by_pin = s
        .core
        .switch_user(
            Some(&first.token),
            pos_core::auth::SwitchUserRequest {
                user_id: first.user.id.clone(),
                pin: "258046".into(),
            },
        )
        .unwrap();
    assert!(by_pin.pin_only);
    let t = Some(by_pin.token.as_str());
    assert!(
        s.core.search_products(t, ProductSearch::default()).is_ok(),
        "the counter opens"
    );
    let new_user = NewUserRequest {
        email: "admin2@hurtrock.test".into(),
        name: "Admin".into(),
        role: Some(Role::Admin),
        password: "admin-pass-12".into(),
        pin: None,
    };
    let refused = s.core.create_user(t, new_user.clone()).unwrap_err();
    assert_eq!(refused.code, ErrorCode::PasswordNeeded);
    assert!(s.core.list_users(t).is_err());
    let adjust = StockAdjustment {
        product_id: "x".into(),
        reason: Some(MovementReason::Correction),
        quantity: 1,
        note: String::new(),
    };
    assert_eq!(
        s.core.adjust_stock(t, adjust).unwrap_err().code,
        ErrorCode::PasswordNeeded
    );

    // Unlocking with the PIN keeps it so; with the password, everything opens.
    s.core.lock_screen(t).unwrap();
    let u = s
        .core
        .unlock(
            t,
            pos_core::auth::UnlockRequest {
                secret: "258046".into(),
            },
        )
        .unwrap();
    assert!(u.pin_only);
    assert_eq!(
        s.core.create_user(t, new_user.clone()).unwrap_err().code,
        ErrorCode::PasswordNeeded
    );
    s.core.lock_screen(t).unwrap();
    let u = s
        .core
        .unlock(
            t,
            pos_core::auth::UnlockRequest {
                secret: "owner-pass-1".into(),
            },
        )
        .unwrap();
    assert!(!u.pin_only);
    s.core.create_user(t, new_user).unwrap();

    // New PINs are six digits.
    let short = s.core.set_own_pin(
        t,
        pos_core::staff::SetOwnPin {
            current_password: "owner-pass-1".into(),
            pin: "2580".into(),
        },
    );
    assert_eq!(short.unwrap_err().code, ErrorCode::Invalid);
}
