//! Power cuts are routine: a till's disk comes back holding its database as it was before its
//! last pushed commits (a write cache that lied, a copy restored over it). Nothing it or the server
//! held is lost, no record is answered "conflict", and its numbering continues after the server's
//! highest.

mod support;

use pos_core::counter::shift::{CashMovement, CloseShift, OpenShift};
use pos_core::products::{ProductId, ProductUpdate};
use pos_core::stock::StockAdjustment;
use pos_core::store_types::MovementReason;
use support::{Terminal, input_of, sell};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_till_whose_disk_lost_its_last_pushed_commits_takes_them_back_and_numbers_on() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let p = desk.product("Strings", "STR-1", "Ernie Ball Slinky", 100_000, 50, 40);
    let mut till = desk.link_and_join(&s.url).await;
    till.core
        .open_shift(till.t(), OpenShift { opening_float: 500_000 })
        .unwrap();
    sell(&till, &p.id, 1);
    till.sync_until_quiet().await;
    let copy = till.copy_files();

    // After the copy: more sales, cash, a count, a price, the shift closed; all pushed.
    sell(&till, &p.id, 2);
    sell(&till, &p.id, 1);
    till.core
        .cash_movement(
            till.t(),
            CashMovement {
                amount: 100_000,
                reason: "modal tambahan".into(),
            },
        )
        .unwrap();
    till.core
        .adjust_stock(
            till.t(),
            StockAdjustment {
                product_id: p.id.clone(),
                reason: Some(MovementReason::Damage),
                quantity: 1,
                note: "senar putus".into(),
            },
        )
        .unwrap();
    let mut fields = input_of(&till.core.get_product(till.t(), ProductId { id: p.id.clone() }).unwrap());
    fields.price = 110_000;
    let version = till
        .core
        .get_product(till.t(), ProductId { id: p.id.clone() })
        .unwrap()
        .version;
    till.core
        .update_product(
            till.t(),
            ProductUpdate {
                id: p.id.clone(),
                fields,
                expected_version: version,
            },
        )
        .unwrap();
    till.core
        .close_shift(
            till.t(),
            CloseShift {
                counted_cash: 1_000_000,
                note: String::new(),
            },
        )
        .unwrap();
    till.sync_until_quiet().await;
    let server_last = s.count("SELECT last_seq FROM devices WHERE terminal = 'T2'").await;
    let receipts = |t: &Terminal| -> Vec<String> {
        t.core.with_db(|c| {
            c.prepare("SELECT receipt_no FROM sales WHERE terminal = 'T2' ORDER BY receipt_no")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        })
    };
    let before = receipts(&till);
    assert_eq!(before.len(), 3);

    // The power goes off; the disk comes back with the copy.
    till.power_cut_back_to(&copy);
    assert_eq!(receipts(&till).len(), 1, "the file lost two sales the server holds");
    assert!(till.count("SELECT last FROM outbox_counter") < server_last);

    till.sync_until_quiet().await;
    assert_eq!(
        receipts(&till),
        before,
        "the lost sales are back, with their own numbers"
    );
    assert_eq!(
        till.count("SELECT count(*) FROM shifts WHERE closed_at IS NULL"),
        0,
        "the shift's close is back"
    );
    assert_eq!(till.count("SELECT count(*) FROM cash_movements"), 1);
    assert_eq!(
        till.count("SELECT count(*) FROM stock_movements WHERE reason = 'damage'"),
        1
    );
    assert_eq!(
        till.count(&format!("SELECT price FROM products WHERE id = '{}'", p.id)),
        110_000
    );
    // (Signing in again after the restart was one more record, numbered after the server's.)
    let held = s.count("SELECT last_seq FROM devices WHERE terminal = 'T2'").await;
    assert!(held > server_last);
    assert_eq!(
        till.count("SELECT last FROM outbox_counter"),
        held,
        "it numbers on from the server's highest"
    );
    assert_eq!(
        till.count("SELECT count(*) FROM sync_issues WHERE issue = 'taken_back'"),
        1,
        "and says so"
    );

    // It sells on: the next receipt and the next outbox number are new, and land.
    till.core
        .open_shift(till.t(), OpenShift { opening_float: 500_000 })
        .unwrap();
    sell(&till, &p.id, 1);
    let last = receipts(&till).pop().unwrap();
    assert_eq!(last, "BDG1-T2-000004");
    till.sync_until_quiet().await;
    desk.sync_until_quiet().await;
    assert_eq!(
        s.count("SELECT count(*) FROM sync_issues WHERE issue IN ('conflict', 'set_aside')")
            .await,
        0,
        "{:?}",
        s.issues().await
    );
    assert_eq!(s.count("SELECT count(*) FROM sales").await, 4);
    assert!(s.count("SELECT last_seq FROM devices WHERE terminal = 'T2'").await > server_last);
    let on_hand = |t: &Terminal| {
        t.count(&format!(
            "SELECT on_hand FROM stock_levels WHERE product_id = '{}'",
            p.id
        ))
    };
    let server = s
        .count(&format!(
            "SELECT on_hand FROM stock_balances WHERE product_id = '{}'",
            p.id
        ))
        .await;
    assert_eq!((on_hand(&till), on_hand(&desk), server), (40 - 6, 34, 34));
}
