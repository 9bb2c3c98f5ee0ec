//! Completing a 5-line sale with `synchronous=FULL`, against a bare SQLite transaction doing the
//! same inserts with the same settings on the same kind of file, in one run. Target: checkout
//! reaches at least 70% of the bare transaction's throughput. Run:
//! `cargo bench -p pos-core --bench checkout`.

#[path = "support/sale.rs"]
mod sale;

use criterion::Criterion;
use pos_core::Core;
use pos_core::auth::SignInRequest;
use pos_core::catalogue::CategoryInput;
use pos_core::counter::checkout::CheckoutRequest;
use pos_core::counter::shift::OpenShift;
use pos_core::products::{NewProduct, ProductInput};
use pos_core::setup::{ProfileInput, SetupRequest};
use rusqlite::params;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn shop(dir: &std::path::Path) -> (Core, String, Vec<String>) {
    let (core, _) = Core::open(&dir.join("bench.db"), Arc::new(pos_domain::SystemClock)).expect("open");
    core.complete_setup(SetupRequest {
        owner_name: "Bench".into(),
        owner_email: "bench@hurtrock.test".into(),
        owner_password: "bench-pass-1".into(),
        owner_pin: None,
        profile: ProfileInput::hurtrock(),
    })
    .expect("setup");
    let t = core
        .sign_in(SignInRequest {
            email: "bench@hurtrock.test".into(),
            password: "bench-pass-1".into(),
        })
        .expect("sign in")
        .token;
    let cat = core
        .create_category(
            Some(&t),
            CategoryInput {
                name: "Strings".into(),
                parent_id: None,
            },
        )
        .expect("cat")
        .id;
    let ids = (0..5)
        .map(|i| {
            let fields = ProductInput {
                sku: format!("B-{i}"),
                name: format!("Bench item {i}"),
                category_id: cat.clone(),
                price: 95_000,
                cost: 50_000,
                active: true,
                ..Default::default()
            };
            core.create_product(
                Some(&t),
                NewProduct {
                    fields,
                    opening_stock: 1_000_000,
                },
            )
            .expect("product")
            .id
        })
        .collect();
    core.open_shift(Some(&t), OpenShift { opening_float: 0 })
        .expect("shift");
    (core, t, ids)
}

fn sale(ids: &[String]) -> CheckoutRequest {
    sale::cash_sale(ids, 500_000)
}

/// The same rows a checkout writes (the sale, its lines, stock, tender, audit, outbox and the
/// report rows), with no pricing, checks or reads: the floor SQLite sets.
fn bare(conn: &mut rusqlite::Connection, ids: &[String], n: i64, payloads: &(String, String)) {
    conn.execute_batch("PRAGMA synchronous = FULL").expect("pragma");
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .expect("tx");
    let sale = pos_domain::new_id();
    let shift: String = tx
        .query_row("SELECT id FROM shifts LIMIT 1", [], |r| r.get(0))
        .expect("shift");
    let user: String = tx
        .query_row("SELECT id FROM users LIMIT 1", [], |r| r.get(0))
        .expect("user");
    let seq: i64 = tx
        .query_row("INSERT INTO receipt_sequences (terminal, series, last) VALUES ('B', 'S', 1) ON CONFLICT (terminal, series) DO UPDATE SET last = last + 1 RETURNING last", [], |r| r.get(0))
        .expect("seq");
    tx.prepare_cached("INSERT INTO sales (id, receipt_no, client_ref, branch, terminal, shift_id, cashier_id, at, business_date, gross, discount_total, dpp, ppn, total, tax_mode, ppn_rate_bp, paid, change_due)
         VALUES (?1, ?2, ?3, 'BDG1', 'B', ?4, ?5, ?6, '2026-11-22', 475000, 0, 475000, 0, 475000, 'not_registered', 1100, 500000, 25000)").expect("prepare").execute(params![sale, format!("BDG1-B-{seq:06}-{n}"), pos_domain::new_id(), shift, user, n],
    )
    .expect("sale");
    for (i, id) in ids.iter().enumerate() {
        tx.prepare_cached("INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, list_price, unit_price, line_discount, sale_discount, net, unit_cost)
             VALUES (?1, ?2, ?3, ?4, 'B', 'Bench item', 1, 95000, 95000, 0, 0, 95000, 50000)").expect("prepare").execute(params![pos_domain::new_id(), sale, i as i64 + 1, id],
        )
        .expect("line");
        tx.prepare_cached("INSERT INTO stock_movements (id, product_id, branch, quantity, reason, note, user_id, at, ref_id) VALUES (?1, ?2, 'BDG1', -1, 'sale', '', ?3, ?4, ?5)").expect("prepare").execute(params![pos_domain::new_id(), id, user, n, sale],
        )
        .expect("movement");
        // The report row of the line (issue 6).
        tx.prepare_cached("INSERT INTO report_lines (day, id, kind, doc_id, hour, branch, terminal, cashier_id, product_id, first, quantity, gross, discount, revenue, tax, cost)
             VALUES (20261122, ?1, 'sale', ?2, 10, 'BDG1', 'B', ?3, ?4, ?5, 1, 95000, 0, 95000, 0, 50000)").expect("prepare")
            .execute(params![pos_domain::new_id(), sale, user, id, i == 0])
            .expect("report line");
    }
    tx.prepare_cached("INSERT INTO report_hours (day, hour, branch, terminal, cashier_id, quantity, transactions, gross, discount, returns, return_count, revenue, tax, cost)
         VALUES (20261122, 10, 'BDG1', 'B', ?1, 5, 1, 475000, 0, 0, 0, 475000, 0, 250000)
         ON CONFLICT (day, hour, branch, terminal, cashier_id) DO UPDATE SET quantity = quantity + excluded.quantity, transactions = transactions + excluded.transactions,
            gross = gross + excluded.gross, discount = discount + excluded.discount, returns = returns + excluded.returns, return_count = return_count + excluded.return_count,
            revenue = revenue + excluded.revenue, tax = tax + excluded.tax, cost = cost + excluded.cost").expect("prepare")
        .execute(params![user])
        .expect("report hour");
    tx.prepare_cached("INSERT INTO report_payments (day, id, doc_id, branch, terminal, cashier_id, kind, amount) VALUES (20261122, ?1, ?1, 'BDG1', 'B', ?2, 'cash', 475000)")
        .expect("prepare")
        .execute(params![sale, user])
        .expect("report payment");
    tx.prepare_cached("INSERT INTO tenders (id, sale_id, kind, amount) VALUES (?1, ?2, 'cash', 475000)")
        .expect("prepare")
        .execute(params![pos_domain::new_id(), sale])
        .expect("tender");
    tx.prepare_cached("INSERT INTO audit_events (id, at, user_id, action, entity, entity_id, after) VALUES (?1, ?2, ?3, 'sale.completed', 'sale', ?4, ?5)")
        .expect("prepare")
        .execute(params![pos_domain::new_id(), n, user, sale, payloads.0])
        .expect("audit");
    let seq: i64 = tx
        .prepare_cached("UPDATE outbox_counter SET last = last + 1 WHERE id = 1 RETURNING last")
        .expect("prepare")
        .query_row([], |r| r.get(0))
        .expect("counter");
    tx.prepare_cached("INSERT INTO outbox (seq, kind, entity_id, payload, at) VALUES (?4, 'audit_event', ?1, ?2, ?3)")
        .expect("prepare")
        .execute(params![sale, payloads.0, n, seq])
        .expect("outbox audit");
    let seq: i64 = tx
        .prepare_cached("UPDATE outbox_counter SET last = last + 1 WHERE id = 1 RETURNING last")
        .expect("prepare")
        .query_row([], |r| r.get(0))
        .expect("counter");
    tx.prepare_cached("INSERT INTO outbox (seq, kind, entity_id, payload, at) VALUES (?4, 'sale', ?1, ?2, ?3)")
        .expect("prepare")
        .execute(params![sale, payloads.1, n, seq])
        .expect("outbox");
    tx.commit().expect("commit");
    conn.execute_batch("PRAGMA synchronous = NORMAL").expect("pragma");
}

fn main() {
    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(8));
    let dir_a = tempfile::tempdir().expect("dir");
    let dir_b = tempfile::tempdir().expect("dir");
    let (core, token, ids) = shop(dir_a.path());
    let (bare_core, _, bare_ids) = shop(dir_b.path());
    // The bare transaction writes the very audit and outbox texts a checkout writes.
    core.checkout(Some(&token), sale(&ids)).expect("checkout");
    let payloads: (String, String) = core.with_db(|c| {
        let audit = c
            .query_row(
                "SELECT after FROM audit_events WHERE action = 'sale.completed' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("audit text");
        let outbox = c
            .query_row("SELECT payload FROM outbox WHERE kind = 'sale' LIMIT 1", [], |r| {
                r.get(0)
            })
            .expect("outbox text");
        (audit, outbox)
    });
    c.bench_function("checkout_5_lines_sync_full", |b| {
        b.iter(|| core.checkout(Some(&token), sale(&ids)).expect("checkout"))
    });
    let mut n = 0;
    c.bench_function("bare_sqlite_same_inserts_sync_full", |b| {
        b.iter(|| {
            n += 1;
            bare_core.with_db(|conn| bare(conn, &bare_ids, n, &payloads));
        })
    });
    c.final_summary();
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    // Interleaved throughput over the same wall-clock window, so disk weather hits both alike.
    let rounds = 400;
    let (mut t_checkout, mut t_bare) = (Duration::ZERO, Duration::ZERO);
    for i in 0..rounds {
        let s = Instant::now();
        core.checkout(Some(&token), sale(&ids)).expect("checkout");
        t_checkout += s.elapsed();
        let s = Instant::now();
        bare_core.with_db(|conn| bare(conn, &bare_ids, 1_000_000 + i, &payloads));
        t_bare += s.elapsed();
    }
    let per_s = |d: Duration| rounds as f64 / d.as_secs_f64();
    println!(
        "throughput: checkout {:.0}/s, bare {:.0}/s, ratio {:.1}% (target >= 70%)",
        per_s(t_checkout),
        per_s(t_bare),
        100.0 * per_s(t_checkout) / per_s(t_bare)
    );
}
