//! Every number a terminal makes is unique without a network: three tills of one branch take
//! delivery orders and split back-orders while offline, then sync. Every order reaches every
//! terminal once, each number once, and every till can still take the next one.

mod support;

use pos_core::store_types::OrderStatus;
use pos_core::warehouse::{NewDeliveryOrder, OrderId, OrderLineInput};
use support::Terminal;

fn order(lines: &[(&str, i64)]) -> NewDeliveryOrder {
    NewDeliveryOrder {
        customer_name: "Rina".into(),
        ship_name: "Rina".into(),
        ship_phone: "0813-1111-2222".into(),
        ship_address: "Jl. Braga 5, Bandung".into(),
        ship_city: "Bandung".into(),
        ship_postal: "40111".into(),
        courier_service: "jne-reg".into(),
        lines: lines
            .iter()
            .map(|(p, q)| OrderLineInput {
                product_id: p.to_string(),
                quantity: *q,
            })
            .collect(),
        paid: true,
        sale_id: None,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_tills_take_delivery_orders_and_back_orders_offline_and_every_number_is_unique() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let on_shelf = desk.product("Picks", "PK-1", "Dunlop Tortex", 15_000, 10, 100);
    let sold_out = desk.product("Amps", "AMP-1", "Marshall DSL40", 12_000_000, 22_000, 0);
    let till = desk.link_and_join(&s.url).await;
    let third = {
        let code = desk.code_for("BDG1").await;
        let mut t = Terminal::blank();
        t.join(&s.url, code).await;
        t
    };
    let tills = [&desk, &till, &third];

    // Offline: each takes two paid orders and splits the sold-out amp off one into a back-order.
    for t in tills {
        t.core
            .create_delivery_order(t.t(), order(&[(&on_shelf.id, 1)]))
            .unwrap();
        let both = t
            .core
            .create_delivery_order(t.t(), order(&[(&on_shelf.id, 2), (&sold_out.id, 1)]))
            .unwrap();
        let split = t.core.split_order(t.t(), OrderId { id: both.id }).unwrap();
        assert_eq!(split[1].status, OrderStatus::Backordered);
    }
    let numbers = |t: &Terminal| -> Vec<String> {
        t.core.with_db(|c| {
            c.prepare("SELECT order_no FROM orders ORDER BY order_no")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        })
    };
    assert_eq!(
        numbers(&till),
        ["BDG1-T2-B000001", "BDG1-T2-D000001", "BDG1-T2-D000002"],
        "branch, terminal, series"
    );

    for _ in 0..2 {
        for t in tills {
            t.sync_until_quiet().await;
        }
    }
    s.assert_no_issues().await;
    let all = numbers(&desk);
    assert_eq!(all.len(), 9, "{all:?}");
    for t in tills {
        assert_eq!(numbers(t), all, "every order on every terminal, each number once");
    }
    assert_eq!(s.count("SELECT count(*) FROM orders").await, 9);
    assert_eq!(s.count("SELECT count(DISTINCT order_no) FROM orders").await, 9);

    // And each can take the next one, numbered on.
    for (i, t) in tills.iter().enumerate() {
        let next = t
            .core
            .create_delivery_order(t.t(), order(&[(&on_shelf.id, 1)]))
            .unwrap();
        assert_eq!(next.order_no, format!("BDG1-T{}-D000003", i + 1));
    }
    for t in tills {
        t.sync_until_quiet().await;
    }
    s.assert_no_issues().await;
    assert_eq!(s.count("SELECT count(*) FROM orders").await, 12);
}
