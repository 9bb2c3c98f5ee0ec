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

#[path = "support/year.rs"]
mod year;

use chrono::{Duration, NaiveDate};
use criterion::{BenchmarkId, Criterion};
use pos_core::Core;
use pos_core::reports::{DashboardRequest, Granularity, ReportKind, ReportRequest};
use year::{LINES, PRODUCTS, clock, last_day};

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
    let path = year::open_year();
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
    // Criterion reports means; the owner waits on the slow calls too. Each report and the
    // dashboard again, 20 times, with its p50 and p99 (the slowest of 20; HURTROCK_BENCH_TAILS=0
    // skips this).
    if std::env::var("HURTROCK_BENCH_TAILS").is_ok_and(|v| v == "0") {
        return;
    }
    let tails = |label: &str, f: &mut dyn FnMut()| {
        let mut ms: Vec<f64> = (0..20)
            .map(|_| {
                let t = std::time::Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
        println!("tail {label:<40} p50 {:>8.1} ms  p99 {:>8.1} ms", at(0.5), at(0.99));
    };
    tails("dashboard (all branches)", &mut || {
        core.dashboard(t, DashboardRequest::default()).unwrap();
    });
    for (span, (from, to)) in [("month", month), ("year", year)] {
        for kind in kinds.iter().copied() {
            tails(&format!("{span}/{}", kind.as_str()), &mut || {
                core.report(t, report(kind, from, to)).unwrap();
            });
        }
    }
}
