//! A stock count across two tills of one branch: opened on one, counted on both (each scan once,
//! wherever it was made), a sale on the other till while the count is open, and the same session
//! posted on both tills while offline. After syncing: one adjustment per product everywhere (the
//! second posting is kept aside as a conflict for the owner), and the same stock on both tills
//! and on the server, with the sale not wiped out.

mod support;

use pos_core::counter::shift::OpenShift;
use pos_core::counts::*;
use support::Terminal;

fn scan(t: &Terminal, count: &str, code: &str, set: Option<i64>) -> CountedProduct {
    t.core
        .count_scan(
            t.t(),
            CountScan {
                count_id: count.into(),
                code: code.into(),
                set,
                ..Default::default()
            },
        )
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tills_count_one_shelf_and_the_count_posts_once() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let strings = desk.product("Strings", "STR-1", "Ernie Ball Regular Slinky", 95_000, 100, 40);
    let till = desk.link_and_join(&s.url).await;
    desk.sync_until_quiet().await;
    till.sync_until_quiet().await;

    let c = desk
        .core
        .open_stock_count(
            desk.t(),
            OpenCount {
                scope: CountScope::Shelf,
                label: "Rak A3".into(),
                ..Default::default()
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    till.sync_until_quiet().await;
    assert_eq!(
        till.core.stock_counts(till.t()).unwrap()[0].id,
        c.id,
        "the session reached the other till"
    );

    // Each till counts part of the shelf: 10 scanned here, a carton of 25 typed there.
    std::thread::sleep(std::time::Duration::from_millis(3));
    for _ in 0..10 {
        scan(&desk, &c.id, "STR-1", None);
    }
    till.core
        .count_scan(
            till.t(),
            CountScan {
                count_id: c.id.clone(),
                code: "STR-1".into(),
                add: Some(25),
                ..Default::default()
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    till.sync_until_quiet().await;
    desk.sync_until_quiet().await;
    let everyone = |t: &Terminal| {
        t.core
            .count_variance(
                t.t(),
                VarianceRequest {
                    count_id: c.id.clone(),
                    zero_uncounted: false,
                },
            )
            .unwrap()
    };
    assert_eq!(everyone(&desk).lines[0].counted, 35, "every till's entries, each once");
    assert_eq!(everyone(&till).lines[0].counted, 35);

    // The till sells one set after the shelf was counted.
    std::thread::sleep(std::time::Duration::from_millis(3));
    till.core.open_shift(till.t(), OpenShift { opening_float: 0 }).unwrap();
    support::sell(&till, &strings.id, 1);

    // Offline, both post the same session (each read 40 expected, 35 counted: -5).
    let v_desk = everyone(&desk);
    let v_till = everyone(&till);
    assert_eq!((v_desk.lines[0].difference, v_till.lines[0].difference), (-5, -5));
    for (t, v) in [(&desk, &v_desk), (&till, &v_till)] {
        // A millisecond apart at least: two postings in the same millisecond by the same person
        // are the same record (taken once, rightly), and this test is about two that differ.
        std::thread::sleep(std::time::Duration::from_millis(3));
        t.core
            .post_stock_count(
                t.t(),
                PostCount {
                    count_id: c.id.clone(),
                    zero_uncounted: false,
                    expected_value: v.value,
                },
            )
            .unwrap();
    }
    for _ in 0..2 {
        desk.sync_until_quiet().await;
        till.sync_until_quiet().await;
    }
    // 40 − 5 counted short − 1 sold = 34, on both tills; one count movement on each.
    let on_hand = |t: &Terminal| {
        t.count(&format!(
            "SELECT on_hand FROM stock_levels WHERE product_id = '{}'",
            strings.id
        ))
    };
    assert_eq!((on_hand(&desk), on_hand(&till)), (34, 34));
    for t in [&desk, &till] {
        assert_eq!(
            t.count("SELECT count(*) FROM stock_movements WHERE reason = 'count'"),
            1
        );
        assert_eq!(t.count("SELECT count(*) FROM stock_count_entries"), 11);
        assert_eq!(t.count("SELECT count(*) FROM stock_counts WHERE status = 'posted'"), 1);
    }
    // The server holds one adjustment; the second posting waits in the owner's review list.
    let c2 = s.pool.get().await.unwrap();
    let adjust: i64 = c2
        .query_one(
            "SELECT count(*) FROM facts WHERE kind = 'stock_movement' AND payload ->> 'reason' = 'count'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(adjust, 1);
    let issues = s.issues().await;
    assert!(
        issues
            .iter()
            .any(|i| i.contains("stock_movement") && i.contains("different content")),
        "the second posting is reported: {issues:?}"
    );
}
