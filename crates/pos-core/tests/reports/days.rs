//! A sale at WIB midnight, the till beside a report, bad ranges and other roles.

use super::*;

pub(crate) fn at(s: &Store, utc: chrono::DateTime<Utc>) {
    let now = s.clock.now_ms();
    s.clock.advance(Duration::milliseconds(utc.timestamp_millis() - now));
}

pub(crate) fn sell(s: &Store, product: usize, quantity: i64) -> Sale {
    s.core
        .checkout(
            Some(&s.cashier()),
            CheckoutRequest {
                client_ref: pos_domain::new_id(),
                lines: vec![CartLine {
                    product_id: s.products[product].id.clone(),
                    quantity,
                    unit_price: None,
                    discount: None,
                }],
                sale_discount: None,
                customer_id: None,
                tenders: vec![TenderInput {
                    kind: Some(TenderKind::Cash),
                    amount: 1_000_000_000,
                    reference: String::new(),
                }],
                approval_id: None,
            },
        )
        .unwrap()
        .sale
}

#[test]
pub(crate) fn a_sale_one_second_before_wib_midnight_is_yesterday_and_hour_23() {
    let s = store();
    at(&s, Utc.with_ymd_and_hms(2026, 5, 1, 16, 59, 59).unwrap()); // 23:59:59 WIB, 1 May
    let late = sell(&s, 2, 1);
    at(&s, Utc.with_ymd_and_hms(2026, 5, 1, 17, 0, 0).unwrap()); // 00:00:00 WIB, 2 May
    let early = sell(&s, 2, 2);
    let owner = s.owner();
    let t = Some(owner.as_str());
    let d1 = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    let d2 = NaiveDate::from_ymd_opt(2026, 5, 2).unwrap();
    let r = s.core.report(t, request(ReportKind::Sales, d1, d2)).unwrap();
    let rev = column(&r, "revenue");
    assert_eq!(r.rows[0][0], Cell::Text("2026-05-01".into()));
    assert_eq!(r.rows[0][rev].num(), late.dpp.rupiah());
    assert_eq!(r.rows[1][rev].num(), early.dpp.rupiah());
    let dash = s.core.dashboard(t, DashboardRequest::default()).unwrap();
    assert_eq!(dash.today, "2026-05-02");
    assert_eq!(dash.hours_today[0], early.dpp.rupiah());
    assert_eq!(dash.hours_yesterday[23], late.dpp.rupiah());
    assert_eq!(dash.day.revenue, early.dpp.rupiah());
    // At 00:00 today is compared with yesterday up to 00:59, not with the whole of yesterday.
    assert_eq!(dash.until_hour, 0);
    assert_eq!(dash.previous_day.revenue, 0);
    // 2 May against 1–2 April: April had nothing.
    assert_eq!(
        (dash.previous_from.as_str(), dash.previous_to.as_str()),
        ("2026-04-01", "2026-04-02")
    );
    assert_eq!(dash.month.transactions, 2);
}

#[test]
pub(crate) fn a_morning_is_compared_with_yesterday_and_last_month_up_to_the_same_hour() {
    let s = store();
    // Yesterday (1 May) at 09:10 and 15:00 WIB; 1 April at 09:30 and 20:00 WIB.
    at(&s, Utc.with_ymd_and_hms(2026, 4, 1, 2, 30, 0).unwrap());
    let april_morning = sell(&s, 2, 1);
    at(&s, Utc.with_ymd_and_hms(2026, 4, 1, 13, 0, 0).unwrap());
    sell(&s, 2, 4);
    at(&s, Utc.with_ymd_and_hms(2026, 5, 1, 2, 10, 0).unwrap());
    let morning = sell(&s, 2, 1);
    at(&s, Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap());
    let afternoon = sell(&s, 2, 3);
    // Today, 2 May, 09:45 WIB: one sale so far.
    at(&s, Utc.with_ymd_and_hms(2026, 5, 2, 2, 45, 0).unwrap());
    let today = sell(&s, 2, 2);
    let owner = s.owner();
    let dash = s
        .core
        .dashboard(Some(owner.as_str()), DashboardRequest::default())
        .unwrap();
    assert_eq!(dash.until_hour, 9);
    assert_eq!(dash.day.revenue, today.dpp.rupiah());
    assert_eq!(
        dash.previous_day.revenue,
        morning.dpp.rupiah(),
        "yesterday to 09:59 only"
    );
    assert_eq!(dash.previous_day.transactions, 1);
    // The hourly chart still shows the whole of yesterday.
    assert_eq!(dash.hours_yesterday[9], morning.dpp.rupiah());
    assert_eq!(dash.hours_yesterday[15], afternoon.dpp.rupiah());
    // 1–2 May against 1–2 April up to 09:59 on the 2nd: both April sales fall on the 1st.
    assert_eq!(dash.month.transactions, 3);
    assert_eq!(dash.previous_month.transactions, 2);
    // Against 1 April alone when today is the 1st.
    at(&s, Utc.with_ymd_and_hms(2026, 6, 1, 3, 0, 0).unwrap()); // 10:00 WIB, 1 June
    let owner = s.owner(); // a month later: signed in again
    let dash = s
        .core
        .dashboard(Some(owner.as_str()), DashboardRequest::default())
        .unwrap();
    assert_eq!(dash.previous_month.transactions, 1, "1 May to 10:59: the 09:10 sale");
    let _ = april_morning;
}

#[test]
pub(crate) fn the_till_sells_while_a_report_is_reading_and_the_next_report_sees_the_sale() {
    let s = store();
    at(&s, Utc.with_ymd_and_hms(2026, 5, 1, 5, 0, 0).unwrap());
    let owner = s.owner();
    let t = Some(owner.as_str());
    let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    let before = s.core.report(t, request(ReportKind::Sales, day, day)).unwrap();
    // The desk's reader is mid-read (a long report): the checkout does not wait for it.
    let sale = s.core.while_desk_reads(|| sell(&s, 2, 3));
    let after = s.core.report(t, request(ReportKind::Sales, day, day)).unwrap();
    let rev = column(&after, "revenue");
    assert_eq!(
        total(&after, "revenue") - before.totals.as_ref().map_or(0, |t| t[rev].num()),
        sale.dpp.rupiah()
    );
}

#[test]
pub(crate) fn reports_refuse_bad_ranges_and_other_roles() {
    let s = store();
    let owner = s.owner();
    let t = Some(owner.as_str());
    let mut r = request(
        ReportKind::Sales,
        NaiveDate::from_ymd_opt(2026, 5, 2).unwrap(),
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
    );
    assert_eq!(s.core.report(t, r.clone()).unwrap_err().field.as_deref(), Some("to"));
    r.from = "2026-13-01".into();
    assert_eq!(s.core.report(t, r.clone()).unwrap_err().field.as_deref(), Some("from"));
    r.from = "2016-01-01".into();
    r.to = "2026-01-01".into();
    assert_eq!(
        s.core.report(t, r.clone()).unwrap_err().field.as_deref(),
        Some("to"),
        "ten years at once"
    );
    r.kind = ReportKind::Movements;
    r.from = "2026-01-01".into();
    assert_eq!(s.core.report(t, r).unwrap_err().field.as_deref(), Some("product_id"));
    let cashier = s.core.dashboard(Some(&s.cashier()), DashboardRequest::default());
    assert_eq!(cashier.unwrap_err().code, pos_core::ErrorCode::Forbidden);
}
