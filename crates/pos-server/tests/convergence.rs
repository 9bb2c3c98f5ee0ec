//! Three branches × three terminals, each doing 1 000 random operations (sales, returns, stock
//! adjustments, product edits, chat messages) while syncing through a proxy that cuts
//! connections, drops responses after the server applied the request, duplicates and delays
//! requests and truncates answers; terminals are cut off mid-sync and restarted. When everything
//! goes quiet, every fact is on the server and on every terminal exactly once, no outbox is left,
//! and stock per product and branch is the same everywhere and equals what the operations imply.
//! Two server instances share the database behind the proxy, as behind a load balancer.

mod support;

use pos_core::catalogue::CategoryInput;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counter::returns::{ReceiptLookup, ReturnLineInput, ReturnRequest};
use pos_core::counter::shift::OpenShift;
use pos_core::products::{NewProduct, ProductId, ProductInput, ProductUpdate};
use pos_core::stock::StockAdjustment;
use pos_core::store_types::{MovementReason, TenderKind};
use pos_core::sync::SendChatRequest;
use std::collections::{BTreeMap, HashMap};
use support::input_of;
use support::{Terminal, proxy};

const OPS: usize = 1000;
/// The first is the owner's own branch (the Hurtrock profile's code).
const BRANCHES: [&str; 3] = ["BDG1", "JKT", "SBY"];

/// What one terminal did, to check the end state against.
#[derive(Default, Debug)]
struct Tally {
    sales: i64,
    returns: i64,
    chats: i64,
    movements: i64,
    edits: i64,
    cash: i64,
    closes: i64,
    customers: i64,
    orders: i64,
    /// (product, branch) -> net units this terminal moved.
    stock: BTreeMap<(String, String), i64>,
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One terminal's day, on its own thread with its own runtime for the sync engine.
fn trade(mut term: Terminal, branch: &str, products: Vec<String>, seed: u64) -> (Terminal, Tally) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    for op in 0..OPS {
        let t = term.token.clone();
        let t = Some(t.as_str());
        let pick = |rng: &mut Rng| products[rng.below(products.len() as u64) as usize].clone();
        match rng.below(100) {
            0..=44 => {
                let lines: Vec<CartLine> = (0..1 + rng.below(3))
                    .map(|_| CartLine {
                        product_id: pick(&mut rng),
                        quantity: 1 + rng.below(3) as i64,
                        ..Default::default()
                    })
                    .collect();
                let quote = term.core.quote(
                    t,
                    pos_core::counter::checkout::QuoteRequest {
                        lines: lines.clone(),
                        ..Default::default()
                    },
                );
                let Ok(quote) = quote else { continue };
                let req = CheckoutRequest {
                    client_ref: pos_domain::new_id(),
                    lines: lines.clone(),
                    tenders: vec![TenderInput {
                        kind: Some(TenderKind::Cash),
                        amount: quote.total.rupiah(),
                        reference: String::new(),
                    }],
                    ..Default::default()
                };
                let sale = term.core.checkout(t, req).expect("a sale").sale;
                tally.sales += 1;
                for l in &sale.lines {
                    *tally
                        .stock
                        .entry((l.product_id.clone(), branch.to_string()))
                        .or_default() -= l.quantity;
                }
            }
            45..=54 => {
                // A return of one of this terminal's sales. (Two tills returning the same unit of
                // a sale while offline is a double refund the server sets aside: see the API test
                // `two_tills_cannot_refund_one_unit_twice`.)
                let receipt: Option<String> = term.core.with_db(|c| {
                    c.query_row(
                        "SELECT receipt_no FROM sales
                         WHERE terminal = (SELECT value FROM device_settings WHERE key = 'terminal')
                           AND branch = (SELECT branch_code FROM store_profile)
                         ORDER BY random() LIMIT 1",
                        [],
                        |r| r.get(0),
                    )
                    .ok()
                });
                let Some(receipt_no) = receipt else { continue };
                let Ok(sale) = term.core.sale_by_receipt(t, ReceiptLookup { receipt_no }) else {
                    continue;
                };
                let Some(line) = sale.lines.iter().find(|l| l.returned < l.quantity) else {
                    continue;
                };
                let req = ReturnRequest {
                    sale_id: sale.id.clone(),
                    lines: vec![ReturnLineInput {
                        sale_line_id: line.id.clone(),
                        quantity: 1,
                    }],
                    refund: Some(TenderKind::Cash),
                    reason: "changed mind".into(),
                    ..Default::default()
                };
                if term.core.create_return(t, req).is_ok() {
                    tally.returns += 1;
                    *tally
                        .stock
                        .entry((line.product_id.clone(), branch.to_string()))
                        .or_default() += 1;
                }
            }
            55..=69 => {
                let product = pick(&mut rng);
                let q = rng.below(9) as i64 - 4;
                let q = if q == 0 { 3 } else { q };
                let req = StockAdjustment {
                    product_id: product.clone(),
                    reason: Some(MovementReason::Correction),
                    quantity: q,
                    note: format!("op {op}"),
                };
                let done = term.core.adjust_stock(t, req).expect("an adjustment");
                tally.movements += 1;
                *tally.stock.entry((product, branch.to_string())).or_default() += done.change;
            }
            70..=79 => {
                let product = pick(&mut rng);
                let Ok(p) = term.core.get_product(t, ProductId { id: product }) else {
                    continue;
                };
                let mut fields = input_of(&p);
                if rng.below(2) == 0 {
                    fields.price = 10_000 + rng.below(1000) as i64 * 1000;
                } else {
                    fields.name = format!("Item {} ({branch} {op})", &p.sku);
                }
                if term
                    .core
                    .update_product(
                        t,
                        ProductUpdate {
                            id: p.id,
                            fields,
                            expected_version: p.version,
                        },
                    )
                    .is_ok()
                {
                    tally.edits += 1;
                }
            }
            86..=87 => {
                // Cash into or out of the drawer.
                let amount = if rng.below(2) == 0 { 50_000 } else { -20_000 };
                let req = pos_core::counter::shift::CashMovement {
                    amount,
                    reason: format!("op {op}"),
                };
                if term.core.cash_movement(t, req).is_ok() {
                    tally.cash += 1;
                }
            }
            88..=89 => {
                // The shift ends (counted a little short) and the next one starts.
                let close = pos_core::counter::shift::CloseShift {
                    counted_cash: 4_900_000,
                    note: format!("op {op}"),
                };
                term.core.close_shift(t, close).expect("a close");
                tally.closes += 1;
                term.core
                    .open_shift(
                        t,
                        OpenShift {
                            opening_float: 5_000_000,
                        },
                    )
                    .expect("a new shift");
            }
            84..=85 => {
                let req = pos_core::counter::cart::NewCustomer {
                    name: format!("Pelanggan {branch} {op}"),
                    phone: format!("08{:010}", seed % 1_000_000 * 10_000 + op as u64),
                    email: String::new(),
                };
                term.core.create_customer(t, req).expect("a customer");
                tally.customers += 1;
            }
            82..=83 => {
                // A delivery paid at the counter: numbered by this terminal, held stock.
                let req = pos_core::warehouse::NewDeliveryOrder {
                    customer_name: format!("Pembeli {op}"),
                    ship_name: format!("Pembeli {op}"),
                    ship_phone: "0813-2222-3333".into(),
                    ship_address: format!("Jl. Braga {op}, Bandung"),
                    courier_service: "own".into(),
                    lines: vec![pos_core::warehouse::OrderLineInput {
                        product_id: pick(&mut rng),
                        quantity: 1,
                    }],
                    paid: true,
                    ..Default::default()
                };
                term.core.create_delivery_order(t, req).expect("a delivery order");
                tally.orders += 1;
            }
            80..=81 => {
                let conv = format!("conv-{}", rng.below(5));
                term.core
                    .send_chat_message(
                        t,
                        SendChatRequest {
                            conversation_id: conv,
                            body: format!("{branch} says {op}"),
                            ..Default::default()
                        },
                    )
                    .unwrap();
                tally.chats += 1;
            }
            90..=97 => {
                // A sync; sometimes the terminal is cut off in the middle of it.
                if rng.below(4) == 0 {
                    let ms = 1 + rng.below(40);
                    let _ = rt.block_on(async {
                        tokio::time::timeout(std::time::Duration::from_millis(ms), term.cycle()).await
                    });
                } else {
                    let _ = rt.block_on(term.cycle());
                }
            }
            _ => {
                if rng.below(4) == 0 {
                    term.restart();
                }
            }
        }
    }
    (term, tally)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nine_terminals_in_three_branches_converge_through_a_faulty_network() {
    // Two server instances on one PostgreSQL behind the proxy, as behind a load balancer.
    let pg = support::fresh_database().await;
    let server = support::start_server_with(pg.clone(), Default::default()).await;
    let second = support::start_server_with(pg, Default::default()).await;
    let proxy = proxy::start(&[server.addr, second.addr]).await;
    proxy.faults.store(false, std::sync::atomic::Ordering::Relaxed);

    // The owner's terminal sets up the catalogue and links the store; eight more join.
    let mut first = Terminal::set_up();
    let t = first.token.clone();
    let t = Some(t.as_str());
    let cat = first
        .core
        .create_category(
            t,
            CategoryInput {
                name: "Strings".into(),
                parent_id: None,
            },
        )
        .unwrap()
        .id;
    let mut products = Vec::new();
    let mut opening: BTreeMap<(String, String), i64> = BTreeMap::new();
    for i in 0..12 {
        let fields = ProductInput {
            sku: format!("SKU-{i:02}"),
            name: format!("Item {i}"),
            category_id: cat.clone(),
            price: 50_000 + i * 1000,
            cost: 30_000,
            active: true,
            ..Default::default()
        };
        let p = first
            .core
            .create_product(
                t,
                NewProduct {
                    fields,
                    opening_stock: 400,
                },
            )
            .unwrap();
        opening.insert((p.id.clone(), "BDG1".into()), 400);
        products.push(p.id);
    }
    first.link(&server.url).await;
    first.sync_until_quiet().await;

    let mut terminals = vec![first];
    for branch in BRANCHES {
        let wanted = if branch == "BDG1" { 2 } else { 3 };
        for _ in 0..wanted {
            let code = terminals[0].code_for(branch).await;
            let mut term = Terminal::blank();
            term.join(&server.url, code).await;
            terminals.push(term);
        }
    }
    // Each branch's first joined terminal counts its opening stock; every terminal opens a shift.
    for (i, term) in terminals.iter().enumerate() {
        let branch = BRANCHES[i / 3];
        let t = Some(term.token.as_str());
        assert_eq!(
            term.count("SELECT count(*) FROM products"),
            12,
            "terminal {i} pulled the catalogue"
        );
        if i % 3 == 0 && branch != "BDG1" {
            for p in &products {
                term.core
                    .adjust_stock(
                        t,
                        StockAdjustment {
                            product_id: p.clone(),
                            reason: Some(MovementReason::Correction),
                            quantity: 400,
                            note: "opening".into(),
                        },
                    )
                    .unwrap();
                opening.insert((p.clone(), branch.into()), 400);
            }
        }
        term.core
            .open_shift(
                t,
                OpenShift {
                    opening_float: 5_000_000,
                },
            )
            .unwrap();
        term.via(&proxy.url);
    }

    // Trade, all nine at once, through the faulty network.
    proxy.faults.store(true, std::sync::atomic::Ordering::Relaxed);
    let handles: Vec<_> = terminals
        .into_iter()
        .enumerate()
        .map(|(i, term)| {
            let products = products.clone();
            std::thread::spawn(move || trade(term, BRANCHES[i / 3], products, 0x1234_5678 + i as u64 * 7919))
        })
        .collect();
    let mut done: Vec<(Terminal, Tally)> = handles.into_iter().map(|h| h.join().unwrap()).collect();

    // Quiet: the network heals and everyone syncs until nothing moves.
    proxy.faults.store(false, std::sync::atomic::Ordering::Relaxed);
    for _ in 0..3 {
        for (term, _) in &done {
            term.sync_until_quiet().await;
        }
    }
    let st = &proxy.stats;
    let faults = [
        &st.cut,
        &st.dropped_response,
        &st.duplicated,
        &st.delayed,
        &st.truncated,
    ]
    .map(|a| a.load(std::sync::atomic::Ordering::Relaxed));
    eprintln!(
        "proxy: passed {:?}, faults cut/dropped/duplicated/delayed/truncated {faults:?}",
        st.passed
    );
    assert!(
        faults.iter().all(|&n| n > 0),
        "every kind of fault happened: {faults:?}"
    );

    let total = |f: fn(&Tally) -> i64| done.iter().map(|(_, t)| f(t)).sum::<i64>();
    let (sales, returns, chats) = (total(|t| t.sales), total(|t| t.returns), total(|t| t.chats));
    let (cash, closes, customers) = (total(|t| t.cash), total(|t| t.closes), total(|t| t.customers));
    let orders = total(|t| t.orders);
    assert_eq!(
        server.count("SELECT count(*) FROM orders").await,
        orders,
        "orders on the server"
    );
    assert_eq!(
        server.count("SELECT count(DISTINCT order_no) FROM orders").await,
        orders,
        "each number once"
    );
    assert!(
        sales > 3000 && returns > 300 && chats > 100 && cash > 100 && closes > 100 && customers > 100 && orders > 100,
        "enough happened: {sales} sales, {returns} returns, {chats} chats, {cash} cash movements, {closes} shift closes"
    );
    for (kind, n) in [
        ("cash_movement", cash),
        ("shift_closed", closes),
        ("shift_opened", closes + 9),
    ] {
        assert_eq!(
            server
                .count(&format!("SELECT count(*) FROM facts WHERE kind = '{kind}'"))
                .await,
            n,
            "{kind} on the server"
        );
    }
    assert_eq!(
        server
            .count("SELECT count(*) FROM entities WHERE kind = 'customer'")
            .await,
        customers
    );
    assert_eq!(
        server.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await,
        sales,
        "sales on the server; set aside: {:?}",
        server.issues().await
    );
    assert_eq!(
        server.count("SELECT count(*) FROM facts WHERE kind = 'return'").await,
        returns,
        "returns on the server; set aside: {:?}",
        server.issues().await
    );
    assert_eq!(
        server
            .count("SELECT count(*) FROM facts WHERE kind = 'chat_message'")
            .await,
        chats
    );
    assert_eq!(server.count("SELECT count(*) FROM chat_messages").await, chats);
    assert_eq!(
        server
            .count("SELECT count(*) FROM sync_issues WHERE issue IN ('set_aside', 'conflict')")
            .await,
        0
    );
    let ledger_rows = server.count("SELECT count(*) FROM stock_ledger").await;
    let audit = server
        .count("SELECT count(*) FROM facts WHERE kind = 'audit_event'")
        .await;

    // Expected stock: opening + every terminal's movements.
    let mut expected = opening.clone();
    for (_, tally) in &done {
        for (k, v) in &tally.stock {
            *expected.entry(k.clone()).or_default() += v;
        }
    }
    let pool = server.pool.get().await.unwrap();
    let rows = pool
        .query("SELECT product_id, branch, on_hand FROM stock_balances", &[])
        .await
        .unwrap();
    let on_server: BTreeMap<(String, String), i64> = rows.iter().map(|r| ((r.get(0), r.get(1)), r.get(2))).collect();
    let sum_rows = pool
        .query(
            "SELECT product_id, branch, sum(quantity)::bigint FROM stock_ledger GROUP BY 1, 2",
            &[],
        )
        .await
        .unwrap();
    let ledger: BTreeMap<(String, String), i64> = sum_rows.iter().map(|r| ((r.get(0), r.get(1)), r.get(2))).collect();
    let nonzero = |m: &BTreeMap<(String, String), i64>| {
        m.iter()
            .filter(|(_, v)| **v != 0)
            .map(|(k, v)| (k.clone(), *v))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(
        nonzero(&on_server),
        nonzero(&expected),
        "server balances = opening + receipts − sales + returns ± adjustments"
    );
    assert_eq!(nonzero(&ledger), nonzero(&expected), "server ledger sums");
    let entity_rows = pool
        .query(
            "SELECT id, state->>'name', (state->>'price')::bigint FROM entities WHERE kind = 'product'",
            &[],
        )
        .await
        .unwrap();
    let server_products: HashMap<String, (String, i64)> =
        entity_rows.iter().map(|r| (r.get(0), (r.get(1), r.get(2)))).collect();

    for (i, (term, _)) in done.iter_mut().enumerate() {
        let issues: Vec<String> = term.core.with_db(|c| {
            let mut st = c
                .prepare("SELECT kind || ': ' || reason FROM sync_issues WHERE issue = 'not_applied' LIMIT 5")
                .unwrap();
            st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        });
        assert!(issues.is_empty(), "terminal {i} could not apply: {issues:?}");
        assert_eq!(term.pending(), 0, "terminal {i} outbox");
        assert_eq!(term.count("SELECT count(*) FROM sales"), sales, "terminal {i} sales");
        assert_eq!(
            term.count("SELECT count(*) FROM returns"),
            returns,
            "terminal {i} returns"
        );
        assert_eq!(
            term.count("SELECT count(*) FROM chat_messages"),
            chats,
            "terminal {i} chats"
        );
        assert_eq!(
            term.count("SELECT count(*) FROM customers"),
            customers,
            "terminal {i} customers"
        );
        assert_eq!(term.count("SELECT count(*) FROM orders"), orders, "terminal {i} orders");
        assert_eq!(
            term.count("SELECT count(*) FROM cash_movements"),
            cash,
            "terminal {i} cash movements"
        );
        assert_eq!(
            term.count("SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL"),
            closes,
            "terminal {i} closed shifts"
        );
        assert_eq!(
            term.count("SELECT count(*) FROM stock_movements"),
            ledger_rows,
            "terminal {i} movements"
        );
        assert_eq!(
            term.count("SELECT count(*) FROM audit_events"),
            audit,
            "terminal {i} audit events"
        );
        assert_eq!(
            term.count("SELECT count(*) FROM sync_issues WHERE issue = 'not_applied'"),
            0,
            "terminal {i} applied all"
        );
        let local: BTreeMap<(String, String), i64> = term.core.with_db(|c| {
            let mut st = c
                .prepare("SELECT product_id, branch, sum(quantity) FROM stock_movements GROUP BY 1, 2")
                .unwrap();
            st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        });
        assert_eq!(nonzero(&local), nonzero(&expected), "terminal {i} stock");
        let cached: i64 = term.count("SELECT count(*) FROM stock_levels l WHERE on_hand <> (SELECT ifnull(sum(quantity), 0) FROM stock_movements m WHERE m.product_id = l.product_id AND m.branch = l.branch)");
        assert_eq!(cached, 0, "terminal {i} cached levels follow the ledger");
        for p in &products {
            let (name, price): (String, i64) = term.core.with_db(|c| {
                c.query_row("SELECT name, price FROM products WHERE id = ?1", [p], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .unwrap()
            });
            assert_eq!(
                server_products.get(p),
                Some(&(name, price)),
                "terminal {i} product {p} matches the server"
            );
        }
    }
}
