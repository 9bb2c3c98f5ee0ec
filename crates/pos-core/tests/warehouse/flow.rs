//! The order flow and the stock that follows it.

use super::*;

#[test]
pub(crate) fn only_the_allowed_transitions_exist() {
    use OrderStatus::*;
    let allowed = [
        (AwaitingPayment, Paid),
        (AwaitingPayment, Cancelled),
        (Paid, Picking),
        (Paid, Backordered),
        (Paid, Cancelled),
        (Backordered, Paid),
        (Backordered, Cancelled),
        (Picking, Packed),
        (Picking, Paid),
        (Picking, Cancelled),
        (Packed, Shipped),
        (Packed, Picking),
        (Packed, Cancelled),
        (Shipped, Delivered),
    ];
    for from in OrderStatus::ALL {
        for to in OrderStatus::ALL {
            assert_eq!(from.can_become(to), allowed.contains(&(from, to)), "{from:?} -> {to:?}");
        }
    }
}

#[test]
pub(crate) fn an_order_flows_from_payment_to_delivery_and_stock_follows() {
    let s = shop();
    let o = s.order(&[(&s.strings, 3)], false);
    assert_eq!(o.status, OrderStatus::AwaitingPayment);
    assert_eq!(o.shipping_cost, 20_000, "JNE REG, 300 g bills 1 kg: 15 000 + 5 000");
    assert_eq!(s.reserved(&s.strings), 0);
    // Refused while unpaid: picking, packing, shipping.
    for to in [
        OrderStatus::Picking,
        OrderStatus::Packed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
    ] {
        assert_eq!(
            s.go(&o, to).unwrap_err().code,
            ErrorCode::Invalid,
            "{to:?} before payment"
        );
    }
    s.go(&o, OrderStatus::Paid).unwrap();
    assert_eq!(s.reserved(&s.strings), 3, "paid holds the units");
    s.go(&o, OrderStatus::Picking).unwrap();
    // Packing: a wrong item and one too many are refused loudly and count nothing.
    let wrong = s
        .core
        .pack_scan(
            s.t(),
            PackScan {
                id: o.id.clone(),
                code: "8991234500010".into(),
            },
        )
        .unwrap_err();
    assert!(wrong.en.starts_with("WRONG ITEM"), "{}", wrong.en);
    for _ in 0..3 {
        s.core
            .pack_scan(
                s.t(),
                PackScan {
                    id: o.id.clone(),
                    code: "str-1".into(),
                },
            )
            .unwrap();
    }
    let more = s
        .core
        .pack_scan(
            s.t(),
            PackScan {
                id: o.id.clone(),
                code: "STR-1".into(),
            },
        )
        .unwrap_err();
    assert!(more.en.starts_with("TOO MANY"), "{}", more.en);
    assert_eq!(
        s.go(&o, OrderStatus::Packed).unwrap_err().field.as_deref(),
        Some("weight_g")
    );
    s.core
        .set_packed_weight(
            s.t(),
            PackedWeight {
                id: o.id.clone(),
                weight_g: 450,
            },
        )
        .unwrap();
    s.go(&o, OrderStatus::Packed).unwrap();
    assert_eq!(
        s.go(&o, OrderStatus::Shipped).unwrap_err().field.as_deref(),
        Some("tracking_no")
    );
    s.core
        .set_tracking(
            s.t(),
            TrackingRequest {
                id: o.id.clone(),
                tracking_no: Some("jp1234567890".into()),
            },
        )
        .unwrap();
    let shipped = s.go(&o, OrderStatus::Shipped).unwrap();
    assert_eq!(shipped.tracking_no.as_deref(), Some("JP1234567890"));
    assert_eq!(s.reserved(&s.strings), 0, "shipping ends the reservation");
    assert_eq!(s.on_hand(&s.strings), 37, "and takes the units out");
    // The owner's reports count it on the day it ships: 3 × 95 000 (this store charges no PPN);
    // the 20 000 shipping is not revenue.
    let today = pos_domain::wib_date(chrono::Utc::now()).to_string();
    let report = s
        .core
        .report(
            s.t(),
            pos_core::reports::ReportRequest {
                kind: pos_core::reports::ReportKind::Terminals,
                from: today.clone(),
                to: today,
                ..Default::default()
            },
        )
        .unwrap();
    let figures: Vec<String> = report.rows[0].iter().map(|c| c.text()).collect();
    assert_eq!(&figures[..5], ["BDG1", "ORDER", "3", "1", "285000"], "{figures:?}");
    let col = |k: &str| report.columns.iter().position(|c| c.key == k).unwrap();
    assert_eq!(report.rows[0][col("revenue")].num(), 285_000);
    assert_eq!(report.rows[0][col("tax")].num(), 0);
    assert_eq!(report.rows[0][col("cost")].num(), 3 * 47_500);
    assert_eq!(
        s.go(&o, OrderStatus::Cancelled).unwrap_err().code,
        ErrorCode::Invalid,
        "a shipped order cannot be cancelled"
    );
    let done = s.go(&o, OrderStatus::Delivered).unwrap();
    for to in OrderStatus::ALL {
        assert!(s.go(&done, to).is_err(), "delivered is final ({to:?})");
    }
    let steps: Vec<String> = done.events.iter().map(|e| e.to_status.clone()).collect();
    assert_eq!(
        steps,
        ["awaiting_payment", "paid", "picking", "packed", "shipped", "delivered"]
    );
    let audited = s.core.with_db(|c| {
        c.query_row(
            "SELECT count(*) FROM audit_events WHERE action = 'order.status'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
    });
    assert_eq!(audited, 5);
    // A second order may not reuse the tracking number.
    let other = s.order(&[(&s.strings, 1)], true);
    s.go(&other, OrderStatus::Picking).unwrap();
    let clash = s.core.set_tracking(
        s.t(),
        TrackingRequest {
            id: other.id.clone(),
            tracking_no: Some("JP1234567890".into()),
        },
    );
    assert_eq!(clash.unwrap_err().code, ErrorCode::Duplicate);
}

#[test]
pub(crate) fn cancelling_releases_the_stock_and_a_short_order_ships_in_part() {
    let s = shop();
    let o = s.order(&[(&s.strings, 5)], true);
    assert_eq!(s.reserved(&s.strings), 5);
    let c = s.go(&o, OrderStatus::Cancelled).unwrap();
    assert_eq!(
        c.payment_status, "refund_due",
        "a paid order cancelled is refunded by policy"
    );
    assert_eq!(s.reserved(&s.strings), 0);

    // Three guitars ordered, one on the shelf.
    let o = s.order(&[(&s.guitar, 3), (&s.strings, 2)], true);
    let short = s.go(&o, OrderStatus::Picking).unwrap_err();
    assert_eq!(short.field.as_deref(), Some("lines"));
    let parts = s.core.split_order(s.t(), OrderId { id: o.id.clone() }).unwrap();
    let (now, later) = (&parts[0], &parts[1]);
    assert_eq!(now.lines.iter().map(|l| l.quantity).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(later.status, OrderStatus::Backordered);
    assert_eq!(later.parent_id.as_deref(), Some(o.id.as_str()));
    assert_eq!(
        later
            .lines
            .iter()
            .map(|l| (l.sku.as_str(), l.quantity))
            .collect::<Vec<_>>(),
        [("GTR-1", 2)]
    );
    assert_eq!(s.reserved(&s.guitar), 3, "the backorder keeps holding its units");
    let packed = s.pack(now);
    assert!(
        packed.tracking_no.as_deref().is_some_and(|t| t.starts_with("HRBDG1")),
        "{:?}",
        packed.tracking_no
    );
    s.go(now, OrderStatus::Shipped).unwrap();
    assert_eq!(s.on_hand(&s.guitar), 0);
    assert_eq!(
        s.go(later, OrderStatus::Picking).unwrap_err().code,
        ErrorCode::Invalid,
        "a backorder waits"
    );
}
