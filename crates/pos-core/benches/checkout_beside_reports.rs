//! The till beside the owner's desk, on the generated year (1 000 000 sale lines, see
//! `support/year.rs`): the p99 of 5-line checkouts with nothing else running, then the p99 of the
//! same checkouts while another thread runs the year's discounts and products reports in a loop,
//! in one run. Reports read through their own connection, so the second figure stays within 1.5×
//! of the first (the target; before, both shared one lock and a checkout waited behind a report).
//!
//! Run: `cargo bench -p pos-core --bench checkout_beside_reports` (a copy of the year is made
//! for the run, since checkouts write to it).

#[path = "support/sale.rs"]
mod sale;
#[path = "support/year.rs"]
mod year;

use pos_core::Core;
use pos_core::auth::SignInRequest;
use pos_core::counter::checkout::CheckoutRequest;
use pos_core::counter::shift::OpenShift;
use pos_core::reports::{ReportKind, ReportRequest};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Checkouts measured alone; beside the reports, at least as many and for at least
/// `REPORTS` whole reports.
const CHECKOUTS: usize = 1_000;
const REPORTS: usize = 6;

fn sale(ids: &[String]) -> CheckoutRequest {
    sale::cash_sale(ids, 50_000_000)
}

fn p(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// Checks out 5-line sales until `more` says stop (and at least `CHECKOUTS` of them); the
/// latencies, sorted.
fn checkouts(core: &Core, token: &str, ids: &[String], more: impl Fn() -> bool) -> Vec<Duration> {
    let mut took = Vec::new();
    while took.len() < CHECKOUTS || more() {
        let started = Instant::now();
        core.checkout(Some(token), sale(ids)).expect("checkout");
        took.push(started.elapsed());
    }
    took.sort();
    took
}

fn main() {
    let year = year::open_year();
    let scratch = year.with_file_name("checkout-beside-reports.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", scratch.display()));
    }
    {
        // The year's last writes may still sit in its WAL (a bench that ended without closing it):
        // fold them into the file before copying it alone.
        let c = rusqlite::Connection::open(&year).expect("open the year");
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint the year");
    }
    std::fs::copy(&year, &scratch).expect("copy the year");
    let (core, _) = Core::open(&scratch, Arc::new(pos_domain::SystemClock)).expect("open");
    let core = Arc::new(core);
    let token = core
        .sign_in(SignInRequest {
            email: "bench@hurtrock.test".into(),
            password: "bench-pass-1".into(),
        })
        .expect("sign in")
        .token;
    let _ = core.open_shift(Some(&token), OpenShift { opening_float: 0 });
    let ids: Vec<String> = core.with_db(|c| {
        let mut stmt = c
            .prepare("SELECT id FROM products WHERE active = 1 ORDER BY sku LIMIT 5 OFFSET 500")
            .unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    });
    assert_eq!(ids.len(), 5);

    // Warm up the caches both ways, then the till alone.
    checkouts(&core, &token, &ids, || false);
    let alone = checkouts(&core, &token, &ids, || false);

    // The same till while the desk runs the year's heaviest reports back to back.
    let stop = Arc::new(AtomicBool::new(false));
    let reports_run = Arc::new(AtomicUsize::new(0));
    let desk = {
        let (core, token, stop, reports_run) = (core.clone(), token.clone(), stop.clone(), reports_run.clone());
        let last = year::last_day();
        std::thread::spawn(move || {
            let mut n = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let kind = if n.is_multiple_of(2) {
                    ReportKind::Discounts
                } else {
                    ReportKind::Products
                };
                let req = ReportRequest {
                    kind,
                    from: (last - chrono::Duration::days(364)).to_string(),
                    to: last.to_string(),
                    page_size: Some(50),
                    ..Default::default()
                };
                core.report(Some(&token), req).expect("report");
                n += 1;
                reports_run.store(n, Ordering::Relaxed);
            }
        })
    };
    // Let the first report get going before the till starts.
    std::thread::sleep(Duration::from_millis(200));
    let beside = checkouts(&core, &token, &ids, || reports_run.load(Ordering::Relaxed) < REPORTS);
    stop.store(true, Ordering::Relaxed);
    desk.join().expect("desk thread");

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "checkout alone:          p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} sales of 5 lines)",
        ms(p(&alone, 0.5)),
        ms(p(&alone, 0.99)),
        ms(*alone.last().unwrap()),
        alone.len()
    );
    println!(
        "checkout beside reports: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} sales while {} year reports ran)",
        ms(p(&beside, 0.5)),
        ms(p(&beside, 0.99)),
        ms(*beside.last().unwrap()),
        beside.len(),
        reports_run.load(Ordering::Relaxed)
    );
    println!(
        "p99 beside reports / p99 alone: {:.2}× (target ≤ 1.5×)",
        ms(p(&beside, 0.99)) / ms(p(&alone, 0.99))
    );
    drop(core);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", scratch.display()));
    }
}
