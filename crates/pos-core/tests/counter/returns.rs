//! Returns and the Z report.

use super::*;

#[test]
pub(crate) fn returns_refund_what_was_paid_and_never_more_than_sold() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core
        .open_shift(
            c,
            OpenShift {
                opening_float: 1_000_000,
            },
        )
        .unwrap();
    let mut req = cart(
        vec![line(&t.products[1], 3, None), line(&t.products[0], 1, None)],
        vec![cash(18_085_000)],
    );
    req.sale_discount = Some(Discount::Amount(85_000)); // under 10%
    let sale = t.core.checkout(c, req).unwrap().sale;
    assert_eq!(sale.total.rupiah(), 18_000_000);
    let found = t
        .core
        .sale_by_receipt(
            c,
            ReceiptLookup {
                receipt_no: sale.receipt_no.to_lowercase(),
            },
        )
        .unwrap();
    let strings = found.lines.iter().find(|l| l.sku == "STR-1").unwrap().clone();
    let ret = |q: i64, approval: Option<String>| ReturnRequest {
        sale_id: sale.id.clone(),
        lines: vec![ReturnLineInput {
            sale_line_id: strings.id.clone(),
            quantity: q,
        }],
        refund: Some(TenderKind::Cash),
        reference: String::new(),
        reason: "wrong gauge".into(),
        approval_id: approval,
    };
    assert_eq!(
        t.core.create_return(c, ret(1, None)).unwrap_err().code,
        ErrorCode::NeedsApproval
    );
    let approve = || {
        t.core
            .approve(
                c,
                ApprovalRequest {
                    supervisor_id: t.owner_id.clone(),
                    pin: "258046".into(),
                    reason: "return".into(),
                },
            )
            .unwrap()
            .id
    };
    assert_eq!(
        t.core
            .create_return(c, ret(4, Some(approve())))
            .unwrap_err()
            .field
            .as_deref(),
        Some("quantity")
    );
    let first = t.core.create_return(c, ret(2, Some(approve()))).unwrap();
    assert_eq!(first.ret.return_no, "BDG1-T1-R000001");
    assert!(first.printed);
    let second = t.core.create_return(c, ret(1, Some(approve()))).unwrap();
    // The three strings were paid their share of the discount; refunds add up to exactly that.
    assert_eq!(
        first.ret.total.rupiah() + second.ret.total.rupiah(),
        strings.net.rupiah()
    );
    assert!(
        t.core.create_return(c, ret(1, Some(approve()))).is_err(),
        "nothing left to return"
    );
    assert_eq!(on_hand(&t, &t.products[1]), 40);
    // A return is a new fact; the sale itself is untouched.
    let tamper = t.core.with_db(|c| c.execute("UPDATE sales SET total = 0", []));
    assert!(tamper.is_err());
}

#[test]
pub(crate) fn the_z_report_adds_up_and_shows_the_variance() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 500_000 }).unwrap();
    let card = TenderInput {
        kind: Some(TenderKind::Card),
        amount: 95_000,
        reference: "778899".into(),
    };
    t.core
        .checkout(c, cart(vec![line(&t.products[1], 1, None)], vec![cash(100_000)]))
        .unwrap();
    t.core
        .checkout(c, cart(vec![line(&t.products[1], 1, None)], vec![card]))
        .unwrap();
    t.core
        .cash_movement(
            c,
            CashMovement {
                amount: -50_000,
                reason: "buy receipt paper".into(),
            },
        )
        .unwrap();
    assert_eq!(
        t.core
            .cash_movement(
                c,
                CashMovement {
                    amount: -10_000_000,
                    reason: "x".into()
                }
            )
            .unwrap_err()
            .field
            .as_deref(),
        Some("amount")
    );
    let x = t.core.x_report(c).unwrap();
    assert_eq!(x.totals.sales_count, 2);
    assert_eq!(x.totals.expected_cash.rupiah(), 500_000 + 95_000 - 50_000);
    let z = t
        .core
        .close_shift(
            c,
            CloseShift {
                counted_cash: 540_000,
                note: String::new(),
            },
        )
        .unwrap();
    assert_eq!(z.totals.sales_total.rupiah(), 190_000);
    assert_eq!(z.variance.unwrap().rupiah(), -5_000);
    let tenders: Vec<(String, i64)> = z
        .totals
        .tenders
        .iter()
        .map(|a| (a.label.clone(), a.amount.rupiah()))
        .collect();
    assert_eq!(tenders, vec![("card".into(), 95_000), ("cash".into(), 95_000)]);
    assert!(z.printed);
    let printed = text_lines(&decode(&std::fs::read(&t.printer_file).unwrap())).join("\n");
    assert!(
        printed.contains("Z REPORT") && printed.contains("Selisih") && printed.contains("-Rp 5.000"),
        "{printed}"
    );
    assert_eq!(
        t.core
            .checkout(c, cart(vec![line(&t.products[1], 1, None)], vec![cash(95_000)]))
            .unwrap_err()
            .code,
        ErrorCode::NoShift
    );
}
