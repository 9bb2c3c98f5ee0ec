//! The file: a copy before migrating, every change queued for sync, the customer display's pass, idle locking.

use super::*;

#[test]
pub(crate) fn migrating_an_existing_file_keeps_a_copy_first() {
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
        c.execute_batch(include_str!("../../../../migrations/local/V1__foundation.sql"))
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
pub(crate) fn every_local_fact_and_record_change_queues_for_sync_without_gaps() {
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
pub(crate) fn the_customer_display_reads_with_a_pass_not_the_tills_session() {
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
pub(crate) fn an_idle_session_locks_itself_in_the_core() {
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
