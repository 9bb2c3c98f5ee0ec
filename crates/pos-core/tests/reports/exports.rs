//! Exports with the screen's totals, and the demo store's ninety days.

use super::*;

#[test]
pub(crate) fn exports_carry_the_same_totals_and_the_pdf_reads_back() {
    let s = store();
    at(&s, Utc.with_ymd_and_hms(2026, 5, 4, 3, 0, 0).unwrap());
    for (p, q) in [(0, 1), (2, 3), (4, 2), (2, 1), (5, 1)] {
        sell(&s, p, q);
    }
    let owner = s.owner();
    let t = Some(owner.as_str());
    let day = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
    let mut req = request(ReportKind::Products, day, day);
    req.page_size = Some(2);
    let page = s.core.report(t, req.clone()).unwrap();
    assert_eq!(
        (page.rows.len(), page.total_rows),
        (2, 4),
        "paged, totals over every row"
    );
    let revenue = total(&page, "revenue");
    // sorted by net sales, highest first
    let i = column(&page, "revenue");
    assert!(page.rows[0][i].num() >= page.rows[1][i].num());
    use base64::Engine;
    let decode = |f: &ExportFile| base64::engine::general_purpose::STANDARD.decode(&f.base64).unwrap();
    let csv = s
        .core
        .export_report(
            t,
            ExportRequest {
                report: req.clone(),
                format: ExportFormat::Csv,
            },
        )
        .unwrap();
    assert_eq!(csv.rows, 4);
    let done = pos_core::reports::ExportProgress {
        running: false,
        done: 4,
        total: 4,
    };
    assert_eq!(s.core.export_progress(t).unwrap(), done, "the screen's bar ends full");
    let text = String::from_utf8(decode(&csv)).unwrap();
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 1 + 4 + 1, "header, every row (not one page), totals");
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(',').collect();
    let last: Vec<&str> = lines[5].split(',').collect();
    let at = header.iter().position(|h| *h == "Net sales excl. PPN").unwrap();
    assert_eq!(last[at].parse::<i64>().unwrap(), revenue);
    let xlsx = s
        .core
        .export_report(
            t,
            ExportRequest {
                report: req.clone(),
                format: ExportFormat::Xlsx,
            },
        )
        .unwrap();
    assert!(decode(&xlsx).starts_with(b"PK"), "an XLSX is a zip");
    let pdf = s
        .core
        .export_report(
            t,
            ExportRequest {
                report: req,
                format: ExportFormat::Pdf,
            },
        )
        .unwrap();
    assert_eq!(s.core.export_progress(t).unwrap(), done);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, decode(&pdf)).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/install-deps.sh");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Sales by product"), "{text}");
    assert!(text.contains(&pos_print::document::grouped(revenue)), "{text}");
    assert!(text.contains("ESP LTD EC-1000"), "{text}");
}

#[test]
pub(crate) fn the_demo_store_has_ninety_days_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap()));
    let (core, _) = Core::open(&dir.path().join("demo.db"), clock).unwrap();
    let now = core.now();
    core.with_db(|c| pos_core::demo::seed(c, now)).unwrap();
    assert!(pos_core::demo::request_history(&core).unwrap());
    let owner = support::set_up(&core, ProfileInput::hurtrock(), None);
    let t = Some(owner.as_str());
    let from = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let r = s_report(&core, t, ReportKind::Sales, from, to);
    let days_with_sales = r
        .rows
        .iter()
        .filter(|row| row[column(&r, "transactions")].num() > 0)
        .count();
    assert_eq!(days_with_sales, 90, "ninety days before today, none today");
    assert!(total(&r, "revenue") > 0 && total(&r, "returns") > 0 && total(&r, "discount") > 0);
    let dash = core.dashboard(t, DashboardRequest::default()).unwrap();
    assert!(dash.previous_day.transactions > 0 && dash.best_sellers.len() == 10);
    // Restocked as it sold: nothing went below zero, and the ledger is the stock.
    let (negative, mismatched): (i64, i64) = core.with_db(|c| {
        c.query_row(
            "SELECT (SELECT count(*) FROM stock_levels WHERE on_hand < 0),
                    (SELECT count(*) FROM stock_levels l WHERE on_hand <>
                        (SELECT sum(quantity) FROM stock_movements m WHERE m.product_id = l.product_id AND m.branch = l.branch))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    });
    assert_eq!((negative, mismatched), (0, 0));
    // The demo cashiers cannot sign in.
    let e = core.sign_in(pos_core::auth::SignInRequest {
        email: "rina.demo@hurtrock.invalid".into(),
        password: "anything-at-all".into(),
    });
    assert!(e.is_err());
}

pub(crate) fn s_report(core: &Core, t: Option<&str>, kind: ReportKind, from: NaiveDate, to: NaiveDate) -> Report {
    core.report(t, request(kind, from, to)).unwrap()
}
