//! The foundation's rules, through `Core` on a real SQLite file in a temp folder.

use chrono::Duration;
use pos_core::auth::SignInRequest;
use pos_core::catalogue::CategoryInput;
use pos_core::products::{BarcodeLookup, NewProduct, ProductInput, ProductSearch, ProductUpdate};
use pos_core::setup::{ProfileInput, SetupRequest};
use pos_core::staff::NewUserRequest;
use pos_core::stock::{MovementsRequest, StockAdjustment};
use pos_core::store_types::MovementReason;
use pos_core::{Core, ErrorCode, Role};
use pos_domain::FixedClock;
use proptest::prelude::*;
use std::sync::Arc;

struct Shop {
    core: Core,
    clock: Arc<FixedClock>,
    owner: String,
    category: String,
    _dir: tempfile::TempDir,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(
        chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
    ));
    let (core, _) = Core::open(&dir.path().join("pos.db"), clock.clone()).unwrap();
    let owner = core
        .complete_setup(SetupRequest {
            owner_name: "Dimas".into(),
            owner_email: "Owner@Hurtrock.test".into(),
            owner_password: "owner-pass-1".into(),
            owner_pin: Some("258046".into()),
            profile: ProfileInput::hurtrock(),
        })
        .unwrap()
        .token;
    let category = core
        .create_category(
            Some(&owner),
            CategoryInput {
                name: "Guitars".into(),
                parent_id: None,
            },
        )
        .unwrap()
        .id;
    Shop {
        core,
        clock,
        owner,
        category,
        _dir: dir,
    }
}

fn input(s: &Shop, sku: &str, barcode: &str) -> ProductInput {
    ProductInput {
        sku: sku.into(),
        barcode: barcode.into(),
        name: format!("Guitar {sku}"),
        brand: "ESP".into(),
        category_id: s.category.clone(),
        price: 14_500_000,
        cost: 11_000_000,
        active: true,
        ..Default::default()
    }
}

#[test]
fn setup_happens_once_and_signs_the_owner_in() {
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
fn a_fresh_database_needs_setup_and_has_no_account() {
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
fn five_wrong_passwords_lock_the_account_for_a_while() {
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
fn parallel_wrong_passwords_get_five_checks_between_them() {
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
fn lock_screen_pin_unlock_and_cashier_switch() {
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
fn a_pin_opens_the_counter_only_and_the_password_opens_the_rest() {
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

#[test]
fn bad_product_input_is_refused_and_nothing_is_saved() {
    let s = shop();
    let t = Some(s.owner.as_str());
    s.core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "ESP-1", "4006381333931"),
                opening_stock: 2,
            },
        )
        .unwrap();
    let cases: Vec<(ProductInput, ErrorCode, &str)> = vec![
        (input(&s, "ESP-2", "4006381333932"), ErrorCode::Invalid, "barcode"),
        (input(&s, "esp-1", ""), ErrorCode::Duplicate, "sku"),
        (input(&s, "ESP-3", "4006381333931"), ErrorCode::Duplicate, "barcode"),
        (
            ProductInput {
                price: -1,
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "price",
        ),
        (
            ProductInput {
                cost: -5,
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "cost",
        ),
        (
            ProductInput {
                low_stock_threshold: -1,
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "low_stock_threshold",
        ),
        (
            ProductInput {
                name: "   ".into(),
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "name",
        ),
        (
            ProductInput {
                name: "x".repeat(10_000),
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "name",
        ),
        (
            ProductInput {
                category_id: pos_domain::new_id(),
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::NotFound,
            "category_id",
        ),
        (
            ProductInput {
                price: i64::MAX,
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "price",
        ),
    ];
    for (inp, code, field) in cases {
        let e = s
            .core
            .create_product(
                t,
                NewProduct {
                    fields: inp,
                    opening_stock: 1,
                },
            )
            .unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (code, Some(field)), "{}", e.en);
        assert!(
            !e.id.is_empty() && e.id != e.en,
            "message must exist in Bahasa Indonesia"
        );
    }
    let (products, movements): (i64, i64) = s.core.with_db(|c| {
        (
            c.query_row("SELECT count(*) FROM products", [], |r| r.get(0)).unwrap(),
            c.query_row("SELECT count(*) FROM stock_movements", [], |r| r.get(0))
                .unwrap(),
        )
    });
    assert_eq!((products, movements), (1, 1));
}

#[test]
fn a_stale_edit_is_refused_and_a_price_change_is_audited() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let p = s
        .core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "ESP-1", ""),
                opening_stock: 0,
            },
        )
        .unwrap();
    let mut mine = input(&s, "ESP-1", "");
    mine.price = 15_000_000;
    let saved = s
        .core
        .update_product(
            t,
            ProductUpdate {
                id: p.id.clone(),
                fields: mine.clone(),
                expected_version: p.version,
            },
        )
        .unwrap();
    assert_eq!(saved.price.rupiah(), 15_000_000);
    // A second editor still holding version 1:
    mine.price = 1;
    let stale = s
        .core
        .update_product(
            t,
            ProductUpdate {
                id: p.id.clone(),
                fields: mine,
                expected_version: p.version,
            },
        )
        .unwrap_err();
    assert_eq!(stale.code, ErrorCode::Stale);
    assert_eq!(
        s.core
            .get_product(t, pos_core::products::ProductId { id: p.id.clone() })
            .unwrap()
            .price
            .rupiah(),
        15_000_000
    );
    let log = s
        .core
        .audit_log(
            t,
            pos_core::stock::AuditRequest {
                action: Some("product.price_changed".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(log.len(), 1);
    assert!(
        log[0].before.as_ref().unwrap().contains("14500000") && log[0].after.as_ref().unwrap().contains("15000000")
    );
}

#[test]
fn scans_find_products_and_misreads_are_explained() {
    let s = shop();
    let t = Some(s.owner.as_str());
    s.core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "UPC-1", "036000291452"),
                opening_stock: 0,
            },
        )
        .unwrap();
    let found = |code: &str| s.core.product_by_barcode(t, BarcodeLookup { code: code.into() });
    assert_eq!(found("036000291452").unwrap().unwrap().sku, "UPC-1");
    // The same UPC-A read as an EAN-13 with a leading zero.
    assert_eq!(found("0036000291452").unwrap().unwrap().sku, "UPC-1");
    assert!(found("4006381333931").unwrap().is_none());
    assert_eq!(found("4006381333932").unwrap_err().code, ErrorCode::Invalid);
    let hits = s
        .core
        .search_products(
            t,
            ProductSearch {
                query: "guitar up".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(hits.len(), 1);
    let hits = s
        .core
        .search_products(
            t,
            ProductSearch {
                query: "upc".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn stock_adjustments_need_a_reason_and_land_in_the_ledger() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let p = s
        .core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "ESP-1", ""),
                opening_stock: 5,
            },
        )
        .unwrap();
    let adj = |reason, quantity, note: &str| {
        s.core.adjust_stock(
            t,
            StockAdjustment {
                product_id: p.id.clone(),
                reason,
                quantity,
                note: note.into(),
            },
        )
    };
    assert_eq!(adj(None, 1, "").unwrap_err().field.as_deref(), Some("reason"));
    assert_eq!(
        adj(Some(MovementReason::Opening), 3, "").unwrap_err().field.as_deref(),
        Some("reason")
    );
    assert_eq!(
        adj(Some(MovementReason::Correction), 2, "")
            .unwrap_err()
            .field
            .as_deref(),
        Some("note")
    );
    assert_eq!(
        adj(Some(MovementReason::Damage), -2, "").unwrap_err().field.as_deref(),
        Some("quantity")
    );
    assert_eq!(
        adj(Some(MovementReason::Count), 2_000_000, "")
            .unwrap_err()
            .field
            .as_deref(),
        Some("quantity")
    );
    assert_eq!(
        adj(Some(MovementReason::Damage), 1, "dropped").unwrap().product.on_hand,
        4
    );
    let counted = adj(Some(MovementReason::Count), 7, "").unwrap();
    assert_eq!((counted.change, counted.product.on_hand), (3, 7));
    assert_eq!(
        adj(Some(MovementReason::Correction), -2, "miscount")
            .unwrap()
            .product
            .on_hand,
        5
    );
    let moves = s
        .core
        .stock_movements(
            t,
            MovementsRequest {
                product_id: p.id.clone(),
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(moves.iter().map(|m| m.quantity).collect::<Vec<_>>(), vec![-2, 3, -1, 5]);
    assert_eq!(moves[0].balance, 5);
    // The ledger refuses edits.
    let tamper = s
        .core
        .with_db(|c| c.execute("UPDATE stock_movements SET quantity = 100", []));
    assert!(tamper.is_err());
}

#[test]
fn migrating_an_existing_file_keeps_a_copy_first() {
    let dir = tempfile::tempdir().unwrap();
    // A file as the first release left it: only V1 applied (its history row copied from a fresh file).
    let (full, first) = pos_store::open(&dir.path().join("full.db"), 1).unwrap();
    assert!(first.backup.is_none() && first.applied.len() >= 2);
    let history_ddl: String = full
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'refinery_schema_history'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let v1: (i64, String, String, String) = full
        .query_row(
            "SELECT version, name, applied_on, checksum FROM refinery_schema_history WHERE version = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let path = dir.path().join("pos.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!("../../../migrations/local/V1__foundation.sql"))
            .unwrap();
        c.execute_batch(&history_ddl).unwrap();
        c.execute(
            "INSERT INTO refinery_schema_history VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![v1.0, v1.1, v1.2, v1.3],
        )
        .unwrap();
        c.execute(
            "INSERT INTO categories (id, name, created_at, updated_at) VALUES ('c1', 'Guitars', 1, 1)",
            [],
        )
        .unwrap();
    }
    let (conn, report) = pos_store::open(&path, 42).unwrap();
    let backup = report.backup.expect("a backup before migrating");
    assert!(
        backup.exists() && backup.to_string_lossy().ends_with(".pre-V2-42.bak"),
        "{}",
        backup.display()
    );
    assert!(
        report.applied.iter().any(|m| m.contains("counter")),
        "{:?}",
        report.applied
    );
    // The copy is the old file, data and all; the live file has the new tables and kept the data.
    let old = rusqlite::Connection::open(&backup).unwrap();
    let n: i64 = old
        .query_row("SELECT count(*) FROM categories", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    assert!(
        old.query_row("SELECT count(*) FROM sales", [], |r| r.get::<_, i64>(0))
            .is_err()
    );
    let n: i64 = conn
        .query_row("SELECT count(*) FROM categories", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// Whatever sequence of adjustments is made, on-hand equals the sum of the ledger.
    #[test]
    fn on_hand_always_equals_the_sum_of_movements(ops in proptest::collection::vec((0u8..4, -50i64..50), 1..30)) {
        let s = shop();
        let t = Some(s.owner.as_str());
        let p = s.core.create_product(t, NewProduct { fields: input(&s, "P-1", ""), opening_stock: 10 }).unwrap();
        let mut expected = 10i64;
        for (kind, q) in ops {
            let (reason, note) = match kind {
                0 => (MovementReason::Count, ""),
                1 => (MovementReason::Damage, ""),
                2 => (MovementReason::Correction, "fix"),
                _ => (MovementReason::Opening, ""),
            };
            let r = s.core.adjust_stock(t, StockAdjustment { product_id: p.id.clone(), reason: Some(reason), quantity: q, note: note.into() });
            match (reason, r) {
                (MovementReason::Count, Ok(a)) => { prop_assert!(q >= 0); expected = q; prop_assert_eq!(a.product.on_hand, q); }
                (MovementReason::Damage, Ok(_)) => { prop_assert!(q > 0); expected -= q; }
                (MovementReason::Correction, Ok(_)) => { prop_assert!(q != 0); expected += q; }
                (_, Ok(_)) => prop_assert!(false, "opening twice must be refused"),
                (_, Err(_)) => {}
            }
            let (cached, ledger) = s.core.with_db(|c| (
                pos_store::stock::on_hand(c, &p.id, "BDG1").unwrap(),
                pos_store::stock::ledger_sum(c, &p.id, "BDG1").unwrap(),
            ));
            prop_assert_eq!(cached, ledger);
            prop_assert_eq!(cached, expected);
        }
    }
}

#[test]
fn every_local_fact_and_record_change_queues_for_sync_without_gaps() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let p = s
        .core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "SYNC-1", ""),
                opening_stock: 4,
            },
        )
        .unwrap();
    s.core
        .adjust_stock(
            t,
            StockAdjustment {
                product_id: p.id.clone(),
                reason: Some(MovementReason::Damage),
                quantity: 1,
                note: "dropped".into(),
            },
        )
        .unwrap();
    s.core
        .create_user(
            t,
            NewUserRequest {
                email: "w@hurtrock.test".into(),
                name: "W".into(),
                role: Some(Role::Warehouse),
                password: "gudang-pass-1".into(),
                pin: None,
            },
        )
        .unwrap();
    let (rows, max, kinds, hashes_only): (i64, i64, Vec<String>, bool) = s.core.with_db(|c| {
        let rows = c.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0)).unwrap();
        let max = c.query_row("SELECT max(seq) FROM outbox", [], |r| r.get(0)).unwrap();
        let mut st = c.prepare("SELECT DISTINCT kind FROM outbox ORDER BY kind").unwrap();
        let kinds = st.query_map([], |r| r.get(0)).unwrap().map(|k| k.unwrap()).collect();
        let user: String = c
            .query_row(
                "SELECT payload FROM outbox WHERE kind = 'user' ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (
            rows,
            max,
            kinds,
            user.contains("$argon2id$") && !user.contains("gudang-pass-1"),
        )
    });
    assert_eq!(rows, max, "outbox sequence has a gap");
    for k in [
        "audit_event",
        "category",
        "product",
        "stock_movement",
        "store_profile",
        "user",
    ] {
        assert!(kinds.iter().any(|x| x == k), "no {k} in {kinds:?}");
    }
    assert!(hashes_only, "users sync with their hashes, never their secrets");
}

/// The customer display reads what the till publishes with a pass that opens nothing else; the
/// till's session token is never handed to it.
#[test]
fn the_customer_display_reads_with_a_pass_not_the_tills_session() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let state = pos_core::counter::display::DisplayState {
        total: 95_000,
        message: "Terima kasih".into(),
        ..Default::default()
    };
    s.core.publish_display(t, state).unwrap();
    assert_eq!(s.core.display_state(t).unwrap_err().code, ErrorCode::Unauthenticated);
    let pass = s.core.display_pass(t).unwrap().pass;
    assert_eq!(s.core.display_state(Some(&pass)).unwrap().total, 95_000);
    assert_eq!(
        s.core.display_pass(t).unwrap().pass,
        pass,
        "one pass while the app runs"
    );
    for command in [
        s.core.search_products(Some(&pass), ProductSearch::default()).err(),
        s.core.whoami(Some(&pass)).err(),
    ] {
        assert_eq!(command.map(|e| e.code), Some(ErrorCode::Unauthenticated));
    }
    assert!(s.core.display_state(Some("guess")).is_err());
}

/// A till left alone locks itself in the core, whatever its window does; polling does not count as
/// someone using it, a command or the window's report of a key does.
#[test]
fn an_idle_session_locks_itself_in_the_core() {
    let s = shop();
    let t = Some(s.owner.as_str());
    s.clock.advance(Duration::minutes(9));
    assert!(
        s.core.search_products(t, ProductSearch::default()).is_ok(),
        "a command is activity"
    );
    s.clock.advance(Duration::minutes(9));
    s.core.touch(t).unwrap();
    s.clock.advance(Duration::minutes(9));
    assert!(s.core.sync_info(t).is_ok(), "polling works");
    s.clock.advance(Duration::minutes(2));
    assert!(
        s.core.sync_info(t).is_err(),
        "but did not keep it open: 11 minutes since the touch"
    );
    let locked = s.core.search_products(t, ProductSearch::default());
    assert_eq!(locked.unwrap_err().code, ErrorCode::SessionLocked);
    assert!(s.core.whoami(t).unwrap().locked);
    s.core
        .unlock(
            t,
            pos_core::auth::UnlockRequest {
                secret: "owner-pass-1".into(),
            },
        )
        .unwrap();
    assert!(s.core.search_products(t, ProductSearch::default()).is_ok());
}
