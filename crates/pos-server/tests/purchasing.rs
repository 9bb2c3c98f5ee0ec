//! One purchase order received on two tills of one branch while both are offline: the desk
//! drafts and sends the order, the warehouse till receives one carton and the desk another. After
//! syncing (twice, so every record is replayed), each unit is received once everywhere: the order
//! reads "received" on both tills with the same quantities, the ledger holds each receipt line
//! once, and a delivery received twice by mistake shows as over-received on every till. A
//! receipt pushed by a cashier, or naming a product the store does not have, is set aside.

mod support;

use pos_core::catalogue::SupplierInput;
use pos_core::purchasing::*;
use support::Terminal;

fn scan(t: &Terminal, po: &str, code: &str, add: i64) {
    t.core
        .receive_scan(
            t.t(),
            ReceiveScan {
                po_id: po.into(),
                code: code.into(),
                add: Some(add),
                set: None,
            },
        )
        .unwrap();
}

fn post(t: &Terminal, po: &str, reference: &str) -> ReceiptPosted {
    t.core
        .post_receipt(
            t.t(),
            PostReceipt {
                po_id: po.into(),
                reference: reference.into(),
                accept_over: true,
                ..Default::default()
            },
        )
        .unwrap()
}

fn view(t: &Terminal, po: &str) -> PoView {
    t.core.purchase_order(t.t(), PoRef { po_id: po.into() }).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tills_receive_one_order_offline_and_each_unit_counts_once() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let amp = desk.product("Amps", "AMP-1", "Marshall DSL40CR", 14_500_000, 22_000, 2);
    let cables = desk.product("Cables", "CBL-3", "Planet Waves 3 m", 185_000, 150, 10);
    let supplier = desk
        .core
        .create_supplier(
            desk.t(),
            SupplierInput {
                name: "PT Marshall Indonesia".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let till = desk.link_and_join(&s.url).await;
    let po = desk
        .core
        .save_purchase_order(
            desk.t(),
            PoDraft {
                supplier_id: supplier.clone(),
                ppn_bp: Some(0),
                lines: vec![
                    PoLineInput {
                        product_id: amp.id.clone(),
                        ordered: 10,
                        unit_cost: 8_000_000,
                        ..Default::default()
                    },
                    PoLineInput {
                        product_id: cables.id.clone(),
                        ordered: 40,
                        unit_cost: 100_000,
                        ..Default::default()
                    },
                ],
                ..Default::default()
            },
        )
        .unwrap();
    desk.core
        .send_purchase_order(desk.t(), PoRef { po_id: po.id.clone() })
        .unwrap();
    desk.sync_until_quiet().await;
    till.sync_until_quiet().await;
    let seen = view(&till, &po.id);
    assert_eq!((seen.po_no.as_str(), seen.status), (po.po_no.as_str(), PoStatus::Sent));
    assert_eq!(seen.lines.len(), 2, "the order and its lines reached the till");

    // Offline: the till receives 4 amps and 25 cables, the desk 6 amps and 15 cables.
    scan(&till, &po.id, "AMP-1", 4);
    scan(&till, &po.id, "CBL-3", 25);
    post(&till, &po.id, "SJ-001");
    scan(&desk, &po.id, "AMP-1", 6);
    scan(&desk, &po.id, "CBL-3", 15);
    post(&desk, &po.id, "SJ-002");
    assert_eq!(
        view(&desk, &po.id).status,
        PoStatus::PartlyReceived,
        "the desk has not heard of the till's"
    );

    for _ in 0..2 {
        desk.sync_until_quiet().await;
        till.sync_until_quiet().await;
    }
    for t in [&desk, &till] {
        let v = view(t, &po.id);
        assert_eq!(v.status, PoStatus::Received);
        assert_eq!(
            v.lines.iter().map(|l| (l.received, l.outstanding)).collect::<Vec<_>>(),
            vec![(10, 0), (40, 0)]
        );
        assert_eq!(v.over_received, 0);
        assert_eq!(t.count("SELECT count(*) FROM goods_receipts"), 2);
        assert_eq!(
            t.count("SELECT sum(quantity) FROM stock_movements WHERE reason = 'receipt'"),
            50,
            "each unit once"
        );
        assert_eq!(
            t.count(&format!(
                "SELECT on_hand FROM stock_levels WHERE product_id = '{}'",
                amp.id
            )),
            12
        );
        let receipts = t
            .core
            .purchase_order_receipts(t.t(), PoRef { po_id: po.id.clone() })
            .unwrap();
        assert_eq!(receipts.len(), 2);
    }
    let facts = s.count("SELECT count(*) FROM facts WHERE kind = 'goods_receipt'").await;
    assert_eq!(facts, 2);
    assert!(s.issues().await.is_empty(), "{:?}", s.issues().await);
    // Each till averaged the amp's cost without the other's receipt: the later edit stands on
    // every till and the owner is told, to check the cost by hand.
    let overwritten = s
        .count(&format!(
            "SELECT count(*) FROM sync_issues WHERE issue = 'overwrite' AND record_id = '{}'",
            amp.id
        ))
        .await;
    assert_eq!(overwritten, 1);
    let cost = |t: &Terminal| t.count(&format!("SELECT cost FROM products WHERE id = '{}'", amp.id));
    assert_eq!(cost(&desk), cost(&till));

    // A second order's delivery received on both tills by mistake: every till sees it twice.
    let po2 = desk
        .core
        .save_purchase_order(
            desk.t(),
            PoDraft {
                supplier_id: supplier,
                lines: vec![PoLineInput {
                    product_id: cables.id.clone(),
                    ordered: 5,
                    unit_cost: 100_000,
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .unwrap();
    desk.core
        .send_purchase_order(desk.t(), PoRef { po_id: po2.id.clone() })
        .unwrap();
    desk.sync_until_quiet().await;
    till.sync_until_quiet().await;
    scan(&desk, &po2.id, "CBL-3", 5);
    scan(&till, &po2.id, "CBL-3", 5);
    post(&desk, &po2.id, "SJ-003");
    post(&till, &po2.id, "SJ-003");
    for _ in 0..2 {
        desk.sync_until_quiet().await;
        till.sync_until_quiet().await;
    }
    for t in [&desk, &till] {
        let v = view(t, &po2.id);
        assert_eq!(
            (v.lines[0].received, v.over_received),
            (10, 5),
            "over-received, for someone to look at"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receipt_pushed_by_a_cashier_or_of_an_unknown_product_is_set_aside() {
    use pos_core::staff::NewUserRequest;
    use pos_sync::Local;
    use serde_json::{Value, json};
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let amp = desk.product("Amps", "AMP-1", "Marshall DSL40CR", 14_500_000, 22_000, 2);
    desk.core
        .create_user(
            desk.t(),
            NewUserRequest {
                email: "kasir@hurtrock.test".into(),
                name: "Ayu".into(),
                role: Some(pos_store::users::Role::Cashier),
                password: "kasir-pass-1".into(),
                pin: None,
            },
        )
        .unwrap();
    let supplier = desk
        .core
        .create_supplier(
            desk.t(),
            SupplierInput {
                name: "PT Marshall Indonesia".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let till = desk.link_and_join(&s.url).await;
    let po = desk
        .core
        .save_purchase_order(
            desk.t(),
            PoDraft {
                supplier_id: supplier,
                lines: vec![PoLineInput {
                    product_id: amp.id.clone(),
                    ordered: 40,
                    unit_cost: 8_000_000,
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .unwrap();
    desk.core
        .send_purchase_order(desk.t(), PoRef { po_id: po.id.clone() })
        .unwrap();
    desk.sync_until_quiet().await;
    till.sync_until_quiet().await;
    // The till receives four times, genuinely; a modified core then pushes three of them tampered.
    let mut receipts = Vec::new();
    for n in 0..4 {
        scan(&till, &po.id, "AMP-1", 1);
        receipts.push(post(&till, &po.id, &format!("SJ-{n}")).receipt);
    }
    let cashier_id: String = till.core.with_db(|c| {
        c.query_row("SELECT id FROM users WHERE email = 'kasir@hurtrock.test'", [], |r| {
            r.get(0)
        })
        .unwrap()
    });
    let mut records = till.core.with_db(|c| pos_sync::local::outbox_batch(c, 1000).unwrap());
    let at = |records: &Vec<pos_sync::Record>, id: &str| {
        records
            .iter()
            .position(|r| r.kind == "goods_receipt" && r.id == id)
            .unwrap()
    };
    let i = at(&records, &receipts[1].id);
    records[i].by = Some(cashier_id.clone());
    records[i].payload["user_id"] = json!(cashier_id);
    let by_cashier = records[i].seq;
    let i = at(&records, &receipts[2].id);
    records[i].payload["lines"][0]["product_id"] = json!("no-such-product");
    let ghost = records[i].seq;
    let i = at(&records, &receipts[3].id);
    records[i].payload["lines"][0]["quantity"] = json!(-4);
    let absurd = records[i].seq;
    let genuine = records[at(&records, &receipts[0].id)].seq;
    let creds = till.core.credentials().unwrap();
    let answer: Value = reqwest::Client::new()
        .post(format!("{}/v1/push", s.url))
        .bearer_auth(&creds.token)
        .json(&json!({"protocol": 2, "device_id": creds.device_id, "records": records}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let outcome = |seq: i64| -> (String, String) {
        let o = answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["seq"] == seq)
            .unwrap();
        (
            o["status"].as_str().unwrap().to_string(),
            o["reason"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(outcome(genuine).0, "applied");
    for (seq, why) in [
        (by_cashier, "needs Receive"),
        (ghost, "not in this store's catalogue"),
        (absurd, "1 to 100000 units"),
    ] {
        let (status, reason) = outcome(seq);
        assert_eq!(status, "set_aside", "{why}: {reason}");
        assert!(reason.contains(why), "{reason:?} should say {why:?}");
    }
}
