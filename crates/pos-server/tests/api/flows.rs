//! Whole flows across terminals: shifts, the demo store, the owner's edits, deliveries.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(crate) async fn a_shift_with_its_cash_movements_and_close_reaches_the_server_and_every_terminal() {
    let s = support::start_server().await;
    let mut a = Terminal::set_up();
    let p = a.product("Picks", "PCK-2", "Tortex 0.88", 15_000, 0, 20);
    let b = a.link_and_join(&s.url).await;
    a.core.open_shift(a.t(), OpenShift { opening_float: 200_000 }).unwrap();
    support::sell(&a, &p.id, 2);
    let cash = pos_core::counter::shift::CashMovement {
        amount: -20_000,
        reason: "beli es batu".into(),
    };
    a.core.cash_movement(a.t(), cash).unwrap();
    a.core
        .close_shift(
            a.t(),
            pos_core::counter::shift::CloseShift {
                counted_cash: 210_000,
                note: "short by change".into(),
            },
        )
        .unwrap();
    a.sync_until_quiet().await;
    b.sync_until_quiet().await;
    s.assert_no_issues().await;
    assert_eq!(
        s.count("SELECT count(*) FROM facts WHERE kind = 'shift_closed'").await,
        1
    );
    let closed =
        |t: &Terminal| t.count("SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL AND counted_cash = 210000");
    assert_eq!(closed(&a), 1);
    assert_eq!(closed(&b), 1, "the other terminal sees the shift closed with its count");
    assert_eq!(
        b.count("SELECT ifnull(sum(amount), 0) FROM cash_movements"),
        -20_000,
        "and its cash out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(crate) async fn a_linked_demo_store_sends_its_ninety_days_and_a_new_terminal_agrees() {
    let s = support::start_server().await;
    let mut a = Terminal::demo_with_history();
    let sales = a.count("SELECT count(*) FROM sales");
    assert!(sales > 500, "{sales} demo sales");
    a.link(&s.url).await;
    a.sync_until_quiet().await;
    s.assert_no_issues().await;
    assert_eq!(s.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await, sales);
    let code = a.code_for("BDG1").await;
    let mut b = Terminal::blank();
    b.join(&s.url, code).await;
    let stock = |t: &Terminal| {
        t.core.with_db(|c| {
            c.prepare("SELECT product_id, on_hand FROM stock_levels ORDER BY product_id")
                .unwrap()
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
        })
    };
    for q in [
        "SELECT count(*) FROM sales",
        "SELECT count(*) FROM returns",
        "SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL",
        "SELECT count(*) FROM report_lines",
        "SELECT ifnull(sum(revenue), 0) FROM report_lines",
    ] {
        assert_eq!(b.count(q), a.count(q), "{q}");
    }
    assert_eq!(stock(&b), stock(&a), "every product's stock agrees");
    assert_eq!(b.count("SELECT count(*) FROM sync_issues"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(crate) async fn the_owners_desk_edits_reach_a_till_of_every_kind() {
    let s = support::start_server().await;
    let mut a = Terminal::set_up();
    let b = a.link_and_join(&s.url).await;

    let supplier = pos_core::catalogue::SupplierInput {
        name: "PT Distorsi Nusantara".into(),
        phone: "022-555-0101".into(),
        ..Default::default()
    };
    a.core.create_supplier(a.t(), supplier).unwrap();
    let customer = pos_core::counter::cart::NewCustomer {
        name: "Bima Satria".into(),
        phone: "0812-1111-2222".into(),
        email: String::new(),
    };
    a.core.create_customer(a.t(), customer).unwrap();
    let p = a.core.store_profile(a.t()).unwrap();
    let profile = pos_core::setup::ProfileInput {
        name: p.name.clone(),
        address: "Jl. Riau 77, Bandung".into(),
        phone: p.phone.clone(),
        npwp: "01.234.567.8-901.000".into(),
        branch_code: p.branch_code.clone(),
        opening_hours: p.opening_hours.clone(),
        vat_registered: true,
        ppn_rate_bp: 1_100,
        prices_include_tax: p.prices_include_tax,
    };
    let update = pos_core::setup::ProfileUpdate {
        profile,
        expected_version: p.version,
    };
    a.core.update_store_profile(a.t(), update).unwrap();
    let mut settings = a.core.counter_settings(a.t()).unwrap();
    settings.discount_limit_bp = 2_500;
    settings.receipt_footer = "Rock on!".into();
    a.core.update_counter_settings(a.t(), settings).unwrap();

    a.sync_until_quiet().await;
    b.sync_until_quiet().await;
    s.assert_no_issues().await;
    assert_eq!(
        b.count("SELECT count(*) FROM suppliers WHERE name = 'PT Distorsi Nusantara'"),
        1
    );
    assert_eq!(b.count("SELECT count(*) FROM customers WHERE name = 'Bima Satria'"), 1);
    let bp = b.core.store_profile(b.t()).unwrap();
    assert_eq!((bp.address.as_str(), bp.vat_registered), ("Jl. Riau 77, Bandung", true));
    let bs = b.core.counter_settings(b.t()).unwrap();
    assert_eq!((bs.discount_limit_bp, bs.receipt_footer.as_str()), (2_500, "Rock on!"));
    assert_eq!(bs.terminal, "T2", "the till keeps its own terminal code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(crate) async fn a_delivery_taken_at_one_till_is_worked_at_another() {
    use pos_core::store_types::OrderStatus;
    use pos_core::warehouse::{NewDeliveryOrder, OrderFilter, OrderId, OrderLineInput, TransitionRequest};
    let s = support::start_server().await;
    let mut a = Terminal::set_up();
    let p = a.product("Pedals", "FX-9", "Boss DS-1", 850_000, 400, 10);
    let b = a.link_and_join(&s.url).await;

    // At A: a customer pays for two pedals to be delivered.
    let req = NewDeliveryOrder {
        customer_name: "Sari".into(),
        ship_name: "Sari".into(),
        ship_phone: "0813-2222-3333".into(),
        ship_address: "Jl. Dago 10, Bandung".into(),
        ship_city: "Bandung".into(),
        ship_postal: "40135".into(),
        courier_service: "own".into(),
        lines: vec![OrderLineInput {
            product_id: p.id.clone(),
            quantity: 2,
        }],
        paid: true,
        sale_id: None,
        ..Default::default()
    };
    let order = a.core.create_delivery_order(a.t(), req).unwrap();
    assert_eq!(order.status, OrderStatus::Paid);
    a.sync_until_quiet().await;
    b.sync_until_quiet().await;

    // At B (the warehouse desk): the order is there, paid, with its stock held; B starts picking.
    let at_b = b.core.get_order(b.t(), OrderId { id: order.id.clone() }).unwrap();
    assert_eq!((at_b.status, at_b.lines.len()), (OrderStatus::Paid, 1));
    assert_eq!(
        b.count("SELECT ifnull(sum(quantity), 0) FROM stock_reservations WHERE released_at IS NULL"),
        2,
        "stock held at B"
    );
    let req = TransitionRequest {
        id: order.id.clone(),
        to: Some(OrderStatus::Picking),
        note: String::new(),
        expected_version: at_b.version,
    };
    b.core.transition_order(b.t(), req).unwrap();
    b.sync_until_quiet().await;
    a.sync_until_quiet().await;
    let picking = a
        .core
        .list_orders(
            a.t(),
            OrderFilter {
                statuses: vec![OrderStatus::Picking],
            },
        )
        .unwrap();
    assert_eq!(picking.len(), 1, "A sees B picking it");
    s.assert_no_issues().await;
}
