//! Selling: an open shift, discounts and approvals, tenders, retries and the last unit.

use super::*;

#[test]
pub(crate) fn selling_needs_an_open_shift() {
    let t = till();
    let e = t
        .core
        .checkout(
            Some(&t.cashier),
            cart(vec![line(&t.products[1], 1, None)], vec![cash(95_000)]),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NoShift);
    assert_eq!(count(&t, "SELECT count(*) FROM sales"), 0);
}

#[test]
pub(crate) fn a_discount_above_the_limit_needs_the_supervisor_on_the_spot() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 500_000 }).unwrap();
    let mut req = cart(
        vec![
            line(&t.products[0], 1, Some(Discount::Percent(1500))),
            line(&t.products[1], 3, None),
        ],
        vec![cash(16_000_000)],
    );
    let e = t.core.checkout(c, req.clone()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NeedsApproval);
    let wrong = t.core.approve(
        c,
        ApprovalRequest {
            supervisor_id: t.owner_id.clone(),
            pin: "000000".into(),
            reason: "loyal customer".into(),
        },
    );
    assert_eq!(wrong.unwrap_err().code, ErrorCode::BadCredentials);
    let a = t
        .core
        .approve(
            c,
            ApprovalRequest {
                supervisor_id: t.owner_id.clone(),
                pin: "258046".into(),
                reason: "loyal customer".into(),
            },
        )
        .unwrap();
    req.approval_id = Some(a.id.clone());
    let done = t.core.checkout(c, req.clone()).unwrap();
    // 17.800.000 − 15% + 3 × 95.000
    assert_eq!(done.sale.total.rupiah(), 15_130_000 + 285_000);
    assert_eq!(done.sale.change_due.rupiah(), 16_000_000 - 15_415_000);
    assert_eq!(
        done.sale.dpp.rupiah() + done.sale.ppn.rupiah(),
        done.sale.total.rupiah()
    );
    assert_eq!(done.sale.receipt_no, "BDG1-T1-000001");
    assert_eq!(done.sale.business_date, "2026-03-02", "WIB date, not UTC");
    assert!(done.printed, "{:?}", done.print_error);
    // The approval was used up; the audit says who, what and why.
    let again = CheckoutRequest {
        client_ref: pos_domain::new_id(),
        ..req
    };
    assert_eq!(t.core.checkout(c, again).unwrap_err().code, ErrorCode::NeedsApproval);
    let log = t
        .core
        .audit_log(
            Some(&t.owner),
            pos_core::stock::AuditRequest {
                action: Some("sale.discount_approved".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].user_id.as_deref(), Some(t.owner_id.as_str()));
    assert!(log[0].after.as_ref().unwrap().contains("loyal customer"));
    // The receipt, read back from the printer's bytes.
    let events = decode(&std::fs::read(&t.printer_file).unwrap());
    assert!(
        events.iter().any(|e| matches!(e, Event::Drawer { .. })),
        "cash sale opens the drawer"
    );
    assert!(events.contains(&Event::Code128("BDG1-T1-000001".into())));
    assert!(matches!(events.last(), Some(Event::Cut(_))));
    let text = text_lines(&events).join("\n");
    for needle in [
        "Hurtrock",
        "NPWP 01.234.567.8-901.234",
        "BDG1-T1-000001",
        "Rina",
        "DPP",
        "PPN 11% (termasuk)",
        "Rp 15.415.000",
        "Kembali",
        "585.000",
        "02/03/2026 06:30 WIB",
    ] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
    assert_eq!(on_hand(&t, &t.products[0]), 2);
    assert_eq!(on_hand(&t, &t.products[1]), 37);
    assert_eq!(count(&t, "SELECT count(*) FROM outbox WHERE kind = 'sale'"), 1);
}

#[test]
pub(crate) fn tenders_must_cover_the_total_and_only_cash_gives_change() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 0 }).unwrap();
    let p = &t.products[1];
    let card = |a: i64, r: &str| TenderInput {
        kind: Some(TenderKind::Card),
        amount: a,
        reference: r.into(),
    };
    let cases = vec![
        (vec![cash(90_000)], "tenders"),
        (vec![card(100_000, "123456")], "tenders"),
        (vec![card(95_000, "")], "tenders"),
        (
            vec![TenderInput {
                kind: Some(TenderKind::Cash),
                amount: -5,
                reference: String::new(),
            }],
            "tenders",
        ),
        (vec![], "tenders"),
    ];
    for (tenders, field) in cases {
        let e = t
            .core
            .checkout(c, cart(vec![line(p, 1, None)], tenders.clone()))
            .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Invalid, Some(field)),
            "{tenders:?}: {}",
            e.en
        );
    }
    assert_eq!(count(&t, "SELECT count(*) FROM sales"), 0);
    // Split: part card, the rest cash with change.
    let done = t
        .core
        .checkout(
            c,
            cart(vec![line(p, 2, None)], vec![card(100_000, "A1B2C3"), cash(100_000)]),
        )
        .unwrap();
    assert_eq!(done.sale.change_due.rupiah(), 10_000);
    let kept: Vec<(TenderKind, i64)> = done.sale.tenders.iter().map(|t| (t.kind, t.amount.rupiah())).collect();
    assert_eq!(kept, vec![(TenderKind::Card, 100_000), (TenderKind::Cash, 90_000)]);
    // Failed attempts took no receipt numbers: the sequence has no gap.
    assert_eq!(done.sale.receipt_no, "BDG1-T1-000001");
}

#[test]
pub(crate) fn a_retried_checkout_sells_once_and_the_last_unit_always_sells() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 0 }).unwrap();
    let pick = &t.products[2]; // one on hand
    let req = cart(vec![line(pick, 2, None)], vec![cash(130_000)]);
    let first = t.core.checkout(c, req.clone()).unwrap();
    let retry = t.core.checkout(c, req).unwrap();
    assert_eq!(first.sale.id, retry.sale.id);
    assert_eq!(count(&t, "SELECT count(*) FROM sales"), 1);
    assert_eq!(on_hand(&t, pick), -1);
    assert_eq!(count(&t, "SELECT count(*) FROM oversold"), 1);
}

#[test]
pub(crate) fn payments_that_add_up_past_the_largest_amount_are_refused_and_nothing_is_written() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 0 }).unwrap();
    let max = pos_domain::money::MAX_AMOUNT;
    // Each payment is within the limit; their sum is not (it used to be stored as zero paid).
    let e = t
        .core
        .checkout(
            c,
            cart(
                vec![line(&t.products[1], 1, None)],
                vec![cash(max), cash(max), cash(max)],
            ),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert_eq!(e.field.as_deref(), Some("tenders"));
    assert!(e.en.contains("more than the till can take"), "{}", e.en);
    assert_eq!(count(&t, "SELECT count(*) FROM sales"), 0);
    assert_eq!(count(&t, "SELECT count(*) FROM tenders"), 0);
    // One payment over the limit is refused as such.
    let e = t
        .core
        .checkout(c, cart(vec![line(&t.products[1], 1, None)], vec![cash(max + 1)]))
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("tenders"));
    // And a real sale still goes through with its change.
    let sold = t
        .core
        .checkout(
            c,
            cart(vec![line(&t.products[1], 1, None)], vec![cash(100_000), cash(50_000)]),
        )
        .unwrap();
    assert_eq!(
        sold.sale.paid.rupiah() - sold.sale.total.rupiah(),
        sold.sale.change_due.rupiah()
    );
}
