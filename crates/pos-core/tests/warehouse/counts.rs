//! Stock counts through `Core`: scans add, a typed count replaces, a sale during the count is not
//! wiped out, blind counters do not see the expected number, the variance is read before posting,
//! a session posts once, and only owners and admins post.

use super::*;
use pos_core::Role;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counts::*;

fn tick() {
    // Ledger times are milliseconds: keep "before the count" and "during it" apart.
    std::thread::sleep(std::time::Duration::from_millis(3));
}

fn scan(s: &Shop, t: Option<&str>, count: &str, code: &str) -> CountedProduct {
    s.core
        .count_scan(
            t,
            CountScan {
                count_id: count.into(),
                code: code.into(),
                ..Default::default()
            },
        )
        .unwrap()
}

fn sell(s: &Shop, product: &str, quantity: i64) {
    s.core
        .checkout(
            s.t(),
            CheckoutRequest {
                client_ref: pos_domain::new_id(),
                lines: vec![CartLine {
                    product_id: product.into(),
                    quantity,
                    ..Default::default()
                }],
                tenders: vec![TenderInput {
                    kind: Some(pos_core::store_types::TenderKind::Cash),
                    amount: 10_000_000,
                    reference: String::new(),
                }],
                ..Default::default()
            },
        )
        .unwrap();
}

fn staff(s: &Shop, role: Role, email: &str) -> String {
    support::staff(&s.core, &s.token, role, email)
}

#[test]
pub(crate) fn a_count_adjusts_by_what_was_counted_and_keeps_the_sales_made_meanwhile() {
    let s = shop();
    s.core
        .open_shift(s.t(), pos_core::counter::shift::OpenShift { opening_float: 0 })
        .unwrap();
    assert_eq!(s.on_hand(&s.strings), 40);
    tick();
    let c = s
        .core
        .open_stock_count(
            s.t(),
            OpenCount {
                scope: CountScope::Shelf,
                label: "Rak senar A3".into(),
                ..Default::default()
            },
        )
        .unwrap();
    tick();
    // Three scans, then a typed 36 replaces them, then one more box is found: 37.
    for _ in 0..3 {
        scan(&s, s.t(), &c.id, "STR-1");
    }
    let typed = s
        .core
        .count_scan(
            s.t(),
            CountScan {
                count_id: c.id.clone(),
                code: "STR-1".into(),
                set: Some(36),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(typed.counted, 36);
    let p = scan(&s, s.t(), &c.id, "STR-1");
    assert_eq!((p.counted, p.expected), (37, Some(40)));
    // The shelf was counted; then two sets are sold before the owner posts.
    tick();
    sell(&s, &s.strings, 2);
    assert_eq!(s.on_hand(&s.strings), 38);
    let v = s
        .core
        .count_variance(
            s.t(),
            VarianceRequest {
                count_id: c.id.clone(),
                zero_uncounted: false,
            },
        )
        .unwrap();
    assert_eq!(v.lines.len(), 1, "a shelf count touches only what was counted");
    let l = &v.lines[0];
    assert_eq!((l.expected, l.counted, l.difference, l.on_hand), (40, 37, -3, 38));
    assert_eq!(v.value, -3 * 47_500, "at cost");
    assert_eq!((v.units_missing, v.units_found), (3, 0));
    // Approving figures that changed since they were read is refused.
    let stale = s.core.post_stock_count(
        s.t(),
        PostCount {
            count_id: c.id.clone(),
            zero_uncounted: false,
            expected_value: 0,
        },
    );
    assert_eq!(stale.unwrap_err().code, ErrorCode::Stale);
    let posted = s
        .core
        .post_stock_count(
            s.t(),
            PostCount {
                count_id: c.id.clone(),
                zero_uncounted: false,
                expected_value: v.value,
            },
        )
        .unwrap();
    assert_eq!((posted.movements, posted.count.status), (1, CountStatus::Posted));
    // 37 counted, 2 sold since: 35 on the shelf, not 37 (the sale is not wiped out).
    assert_eq!(s.on_hand(&s.strings), 35);
    // Posted once: again, a scan into it, or cancelling it are refused; the ledger moved once.
    let again = s.core.post_stock_count(
        s.t(),
        PostCount {
            count_id: c.id.clone(),
            zero_uncounted: false,
            expected_value: v.value,
        },
    );
    assert_eq!(again.unwrap_err().code, ErrorCode::Invalid);
    assert!(
        s.core
            .count_scan(
                s.t(),
                CountScan {
                    count_id: c.id.clone(),
                    code: "STR-1".into(),
                    ..Default::default()
                }
            )
            .is_err()
    );
    assert!(
        s.core
            .cancel_stock_count(s.t(), CountId { count_id: c.id.clone() })
            .is_err()
    );
    let movements: i64 = s.core.with_db(|db| {
        db.query_row("SELECT count(*) FROM stock_movements WHERE reason = 'count'", [], |r| {
            r.get(0)
        })
        .unwrap()
    });
    assert_eq!(movements, 1);
    let queued: i64 = s.core.with_db(|db| {
        db.query_row(
            "SELECT count(*) FROM outbox WHERE kind IN ('count_opened', 'count_entry', 'count_closed')",
            [],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert_eq!(
        queued,
        1 + 5 + 1,
        "the session, its five entries and its close go to the other terminals"
    );
}

#[test]
pub(crate) fn a_store_count_may_zero_what_nobody_counted_and_blind_counters_see_no_expectation() {
    let s = shop();
    let floor = staff(&s, Role::Warehouse, "gudang@hurtrock.test");
    let till = staff(&s, Role::Cashier, "kasir@hurtrock.test");
    tick();
    // Warehouse staff may open a count; cashiers may only count.
    assert_eq!(
        s.core
            .open_stock_count(
                Some(&till),
                OpenCount {
                    blind: true,
                    ..Default::default()
                }
            )
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    let c = s
        .core
        .open_stock_count(
            Some(&floor),
            OpenCount {
                blind: true,
                ..Default::default()
            },
        )
        .unwrap();
    tick();
    let p = scan(&s, Some(&till), &c.id, "STR-1");
    assert_eq!(
        (p.counted, p.expected),
        (1, None),
        "blind: the counter sees no expected number"
    );
    let p = scan(&s, Some(&floor), &c.id, "STR-1");
    assert_eq!((p.counted, p.expected), (2, None));
    // Neither may read the variance or post.
    for t in [&floor, &till] {
        let req = VarianceRequest {
            count_id: c.id.clone(),
            zero_uncounted: false,
        };
        assert_eq!(
            s.core.count_variance(Some(t), req).unwrap_err().code,
            ErrorCode::Forbidden
        );
    }
    // The guitar (1 on hand) was not counted: listed, and zeroed only when the owner says so.
    let v = s
        .core
        .count_variance(
            s.t(),
            VarianceRequest {
                count_id: c.id.clone(),
                zero_uncounted: false,
            },
        )
        .unwrap();
    assert_eq!((v.counted_products, v.uncounted_products, v.lines.len()), (1, 1, 1));
    let v = s
        .core
        .count_variance(
            s.t(),
            VarianceRequest {
                count_id: c.id.clone(),
                zero_uncounted: true,
            },
        )
        .unwrap();
    assert_eq!(v.lines.len(), 2);
    let guitar = v.lines.iter().find(|l| l.product_id == s.guitar).unwrap();
    assert!(guitar.uncounted && guitar.difference == -1);
    s.core
        .post_stock_count(
            s.t(),
            PostCount {
                count_id: c.id.clone(),
                zero_uncounted: true,
                expected_value: v.value,
            },
        )
        .unwrap();
    assert_eq!((s.on_hand(&s.strings), s.on_hand(&s.guitar)), (2, 0));
    // Bad input: a product not in the catalogue, absurd counts, a count that does not exist.
    let c2 = s.core.open_stock_count(s.t(), OpenCount::default()).unwrap();
    let bad = |req: CountScan| s.core.count_scan(s.t(), req).unwrap_err().code;
    let base = CountScan {
        count_id: c2.id.clone(),
        code: "STR-1".into(),
        ..Default::default()
    };
    assert_eq!(
        bad(CountScan {
            code: "NOPE-404".into(),
            ..base.clone()
        }),
        ErrorCode::NotFound
    );
    assert_eq!(
        bad(CountScan {
            add: Some(0),
            ..base.clone()
        }),
        ErrorCode::Invalid
    );
    assert_eq!(
        bad(CountScan {
            add: Some(-4),
            ..base.clone()
        }),
        ErrorCode::Invalid
    );
    assert_eq!(
        bad(CountScan {
            set: Some(-1),
            ..base.clone()
        }),
        ErrorCode::Invalid
    );
    assert_eq!(
        bad(CountScan {
            set: Some(100_001),
            ..base.clone()
        }),
        ErrorCode::Invalid
    );
    assert_eq!(
        bad(CountScan {
            count_id: "nope".into(),
            ..base
        }),
        ErrorCode::NotFound
    );
    // A category count refuses what is not of its category.
    let cat = s.core.list_categories(s.t()).unwrap()[0].id.clone();
    let other = s
        .core
        .create_category(
            s.t(),
            pos_core::catalogue::CategoryInput {
                name: "Drums".into(),
                parent_id: None,
            },
        )
        .unwrap();
    let c3 = s
        .core
        .open_stock_count(
            s.t(),
            OpenCount {
                scope: CountScope::Category,
                category_id: Some(other.id),
                ..Default::default()
            },
        )
        .unwrap();
    let _ = cat;
    assert_eq!(
        s.core
            .count_scan(
                s.t(),
                CountScan {
                    count_id: c3.id.clone(),
                    code: "STR-1".into(),
                    ..Default::default()
                }
            )
            .unwrap_err()
            .code,
        ErrorCode::Invalid
    );
    // Cancelled: nothing moves.
    s.core.cancel_stock_count(s.t(), CountId { count_id: c3.id }).unwrap();
    assert_eq!(s.on_hand(&s.strings), 2);
}
