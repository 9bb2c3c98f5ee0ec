//! The owner's desk on a generated year (`pos_core::history`): 100 000 products in 240
//! categories, 3 branches × 3 terminals, 6 cashiers, about 330 000 sales with 1 000 000 lines
//! (popularity skewed the way a music shop's is: strings and picks every hour, a given amplifier a
//! few times a year), 1% of sales partly returned, one line in ten discounted, four tenders, a
//! closed shift per terminal and day. Written through pos-store's own sale and return inserts (so
//! the report rows are the ones the till writes), kept under `target/bench-data/` and reused by
//! later runs.
//!
//! Targets: dashboard under 150 ms; any report for a month under 300 ms; for a year under 1 s.
//! Run: `cargo bench -p pos-core --bench reports` (the first run spends a minute or two
//! generating the year).

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion};
use pos_core::Core;
use pos_core::reports::{DashboardRequest, Granularity, ReportKind, ReportRequest};
use pos_core::setup::{ProfileInput, SetupRequest};
use rusqlite::params;
use std::path::PathBuf;
use std::sync::Arc;

const PRODUCTS: usize = 100_000;
const LINES: usize = 1_000_000;
const BRANCHES: [&str; 3] = ["BDG1", "JKT1", "SBY1"];
const TERMINALS: [&str; 3] = ["T1", "T2", "T3"];
/// The generated year ends on this WIB day (the dashboard's "today").
fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn data_file() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench-data").join("reports-year-v3.db")
}

fn clock() -> Arc<pos_domain::FixedClock> {
    // 14:00 WIB on the last day.
    Arc::new(pos_domain::FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 21, 7, 0, 0).unwrap(),
    ))
}

fn generate(path: &PathBuf) {
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let (core, _) = Core::open(&tmp, clock()).unwrap();
    let mut profile = ProfileInput::hurtrock();
    profile.vat_registered = true;
    profile.npwp = "01.234.567.8-901.234".into();
    core.complete_setup(SetupRequest {
        owner_name: "Bench".into(),
        owner_email: "bench@hurtrock.test".into(),
        owner_password: "bench-pass-1".into(),
        owner_pin: None,
        profile,
    })
    .unwrap();
    let started = std::time::Instant::now();
    core.with_db(|c| {
        c.execute_batch("PRAGMA synchronous = OFF").unwrap();
        let tx = c.transaction().unwrap();
        let now = clock().now_ms();
        // Categories: 12 departments × 20.
        let mut cats = Vec::new();
        for d in 0..12 {
            let dept = pos_domain::new_id();
            tx.execute(
                "INSERT INTO categories (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                params![dept, format!("Department {d}"), now],
            )
            .unwrap();
            for k in 0..20 {
                let id = pos_domain::new_id();
                tx.execute(
                    "INSERT INTO categories (id, parent_id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![id, dept, format!("Category {d}.{k}"), now],
                )
                .unwrap();
                cats.push(id);
            }
        }
        {
            let mut ins = tx
                .prepare(
                    "INSERT INTO products (id, sku, name, name_key, category_id, price, cost, low_stock_threshold,
                        created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                )
                .unwrap();
            let mut stock = tx
                .prepare("INSERT INTO stock_movements (id, product_id, branch, quantity, reason, at) VALUES (?1, ?2, ?3, ?4, 'opening', ?5)")
                .unwrap();
            for i in 0..PRODUCTS {
                let id = pos_domain::new_id();
                // The popular ranks are the cheap things: strings, picks, sticks, cables.
                let price = (25_000 + (i as i64 * 97) % 400_000 + (i as i64 / 1000) * 150_000) / 500 * 500;
                let cost = price * (55 + (i % 20) as i64) / 100;
                let name = format!("Item {i:06}");
                ins.execute(params![
                    id,
                    format!("SKU-{i:06}"),
                    name,
                    name.to_lowercase(),
                    cats[i % cats.len()],
                    price,
                    cost,
                    (i % 5) as i64,
                    now
                ])
                .unwrap();
                for b in BRANCHES {
                    stock
                        .execute(params![pos_domain::new_id(), id, b, 3 + (i % 40) as i64, now - 400 * 86_400_000])
                        .unwrap();
                }
            }
        }
        let cashiers: Vec<String> = (0..6)
            .map(|k| {
                let id = pos_domain::new_id();
                tx.execute(
                    "INSERT INTO users (id, email, name, role, password_hash, active, created_at, updated_at)
                     VALUES (?1, ?2, ?3, 'cashier', '!', 0, ?4, ?4)",
                    params![id, format!("kasir{k}@hurtrock.invalid"), format!("Kasir {k}"), now],
                )
                .unwrap();
                id
            })
            .collect();
        let made = pos_core::history::generate(
            &tx,
            &pos_core::history::Spec {
                last_day: last_day(),
                days: 365,
                lines: LINES,
                branches: BRANCHES.iter().map(|b| b.to_string()).collect(),
                terminals: TERMINALS.iter().map(|t| t.to_string()).collect(),
                cashiers,
                restock: true,
                uniform_pct: 50,
                seed: 0x9E37_79B9_7F4A_7C15,
                queue: false,
            },
        )
        .unwrap();
        eprintln!("{made:?}");
        tx.commit().unwrap();
        c.execute_batch("PRAGMA synchronous = NORMAL; ANALYZE;").unwrap();
    });
    drop(core);
    std::fs::rename(&tmp, path).unwrap();
    eprintln!("generated the year in {:.0?}", started.elapsed());
}

use pos_domain::Clock;

fn report(kind: ReportKind, from: NaiveDate, to: NaiveDate) -> ReportRequest {
    ReportRequest {
        kind,
        from: from.to_string(),
        to: to.to_string(),
        granularity: Some(Granularity::Day),
        page_size: Some(50),
        ..Default::default()
    }
}

fn main() {
    let path = data_file();
    if !path.exists() {
        generate(&path);
    }
    let (core, _) = Core::open(&path, clock()).unwrap();
    let token = core
        .sign_in(pos_core::auth::SignInRequest {
            email: "bench@hurtrock.test".into(),
            password: "bench-pass-1".into(),
        })
        .unwrap()
        .token;
    let t = Some(token.as_str());
    let (lines, products): (i64, i64) = core.with_db(|c| {
        c.query_row(
            "SELECT (SELECT count(*) FROM sale_lines), (SELECT count(*) FROM products)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    });
    assert!(
        lines >= LINES as i64 && products >= PRODUCTS as i64,
        "{lines} lines, {products} products"
    );
    let last = last_day();
    let month = (last - Duration::days(29), last);
    let year = (last - Duration::days(364), last);
    // A sanity check that the year is really there and the reports see it.
    let y = core.report(t, report(ReportKind::Sales, year.0, year.1)).unwrap();
    assert_eq!(y.total_rows, 365);
    let txns = y.totals.as_ref().unwrap()[2].num();
    assert!(txns > 300_000, "{txns} transactions");

    let mut c = Criterion::default().sample_size(10).configure_from_args();
    c.bench_function("dashboard (all branches)", |b| {
        b.iter(|| core.dashboard(t, DashboardRequest::default()).unwrap())
    });
    c.bench_function("dashboard (one branch)", |b| {
        b.iter(|| {
            core.dashboard(
                t,
                DashboardRequest {
                    branch: Some("BDG1".into()),
                },
            )
            .unwrap()
        })
    });
    let kinds: Vec<ReportKind> = ReportKind::ALL
        .into_iter()
        .filter(|k| *k != ReportKind::Movements)
        .collect();
    for (span, (from, to)) in [("month", month), ("year", year)] {
        let mut g = c.benchmark_group(format!("report for a {span}"));
        for kind in kinds.iter().copied() {
            g.bench_with_input(BenchmarkId::from_parameter(kind.as_str()), &kind, |b, kind| {
                b.iter(|| core.report(t, report(*kind, from, to)).unwrap())
            });
        }
        // The movements of the best-selling product.
        let top: String = core.with_db(|c| {
            c.query_row(
                "SELECT product_id FROM report_lines GROUP BY product_id ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap()
        });
        g.bench_function("movements", |b| {
            let mut req = report(ReportKind::Movements, from, to);
            req.product_id = Some(top.clone());
            b.iter(|| core.report(t, req.clone()).unwrap())
        });
        g.finish();
    }
    c.final_summary();
}
