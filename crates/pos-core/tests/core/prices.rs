//! Bulk price changes through `Core`: a category with its sub-categories, a brand, a supplier; the
//! preview (old and new, below cost), applied exactly as previewed or not at all, each product
//! audited like an edit and queued for a new shelf label; bad changes refused with nothing written.

use super::*;
use pos_core::catalogue::SupplierInput;
use pos_core::prices::*;

fn product(s: &Shop, sku: &str, category: &str, brand: &str, price: i64, cost: i64) -> String {
    s.core
        .create_product(
            Some(&s.owner),
            NewProduct {
                fields: ProductInput {
                    sku: sku.into(),
                    name: format!("Item {sku}"),
                    brand: brand.into(),
                    category_id: category.into(),
                    price,
                    cost,
                    active: true,
                    ..Default::default()
                },
                opening_stock: 0,
            },
        )
        .unwrap()
        .id
}

fn change(scope: PriceScope, adjust: PriceAdjust, rounding: PriceRounding) -> PriceChangeRequest {
    PriceChangeRequest {
        scope,
        adjust,
        rounding,
    }
}

fn price(s: &Shop, id: &str) -> i64 {
    s.core
        .get_product(Some(&s.owner), pos_core::products::ProductId { id: id.into() })
        .unwrap()
        .price
        .rupiah()
}

fn count(s: &Shop, sql: &str) -> i64 {
    s.core.with_db(|c| c.query_row(sql, [], |r| r.get(0)).unwrap())
}

#[test]
fn a_category_and_its_sub_categories_go_up_ten_percent_rounded_to_a_thousand() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let electric = s
        .core
        .create_category(
            t,
            CategoryInput {
                name: "Electric".into(),
                parent_id: Some(s.category.clone()),
            },
        )
        .unwrap()
        .id;
    let amps = s
        .core
        .create_category(
            t,
            CategoryInput {
                name: "Amps".into(),
                parent_id: None,
            },
        )
        .unwrap()
        .id;
    let a = product(&s, "G-1", &s.category, "ESP", 14_500_000, 11_000_000);
    let b = product(&s, "G-2", &electric, "Ibanez", 95_000, 47_500);
    let c = product(&s, "G-3", &electric, "Ibanez", 1_000_000, 1_000_000);
    let amp = product(&s, "A-1", &amps, "Marshall", 9_000_000, 6_000_000);
    let req = change(
        PriceScope::Category(s.category.clone()),
        PriceAdjust::Percent(1_000),
        PriceRounding::To1000,
    );
    let p = s.core.preview_price_change(t, req.clone()).unwrap();
    assert_eq!(
        (p.in_scope, p.changed),
        (3, 3),
        "the sub-category's products too, not the amp"
    );
    let new = |id: &str| p.lines.iter().find(|l| l.product_id == id).unwrap().new_price;
    assert_eq!(new(&a), 15_950_000);
    assert_eq!(new(&b), 105_000, "104 500 rounds to 105 000");
    assert_eq!(new(&c), 1_100_000);
    assert_eq!(p.below_cost, 0);
    assert_eq!(price(&s, &a), 14_500_000, "a preview changes nothing");

    let audits_before = count(
        &s,
        "SELECT count(*) FROM audit_events WHERE action = 'product.price_changed'",
    );
    let done = s
        .core
        .apply_price_change(
            t,
            ApplyPriceChange {
                change: req,
                fingerprint: p.fingerprint.clone(),
            },
        )
        .unwrap();
    assert_eq!((done.changed, done.labels_queued), (3, 3));
    assert_eq!(
        (price(&s, &a), price(&s, &b), price(&s, &amp)),
        (15_950_000, 105_000, 9_000_000)
    );
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM audit_events WHERE action = 'product.price_changed'"
        ) - audits_before,
        3,
        "each product audited like an edit"
    );
    // Each went out as an edit of its price alone.
    let edits: Vec<String> = s.core.with_db(|c| {
        let mut st = c
            .prepare("SELECT payload FROM outbox WHERE kind = 'product' ORDER BY seq DESC LIMIT 3")
            .unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    });
    for e in edits {
        let v: serde_json::Value = serde_json::from_str(&e).unwrap();
        assert_eq!(v["changed"], serde_json::json!(["price"]), "{v}");
    }
    let q = s.core.shelf_label_queue(t).unwrap();
    let label = q.labels.iter().find(|l| l.product_id == b).unwrap();
    assert_eq!(
        (label.old_price, label.new_price, label.reason.as_str()),
        (95_000, 105_000, "bulk")
    );

    // Printed: off the queue.
    let q = s
        .core
        .shelf_labels_printed(
            t,
            ProductIds {
                product_ids: vec![a.clone(), b.clone()],
            },
        )
        .unwrap();
    assert_eq!(q.count, 1);
}

#[test]
fn a_change_applies_only_to_what_was_previewed() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let a = product(&s, "G-1", &s.category, "ESP", 1_000_000, 500_000);
    product(&s, "G-2", &s.category, "ESP", 2_000_000, 500_000);
    let req = change(
        PriceScope::Brand("esp".into()),
        PriceAdjust::Amount(-100_000),
        PriceRounding::None,
    );
    let p = s.core.preview_price_change(t, req.clone()).unwrap();
    assert_eq!(p.changed, 2, "the brand matches whatever its case");
    // Someone edits one of them after the preview was read.
    let cur = s
        .core
        .get_product(t, pos_core::products::ProductId { id: a.clone() })
        .unwrap();
    let mut fields = input(&s, "G-1", "");
    fields.price = 1_200_000;
    fields.cost = 500_000;
    fields.name = cur.name.clone();
    s.core
        .update_product(
            t,
            ProductUpdate {
                id: a.clone(),
                expected_version: cur.version,
                fields,
            },
        )
        .unwrap();
    let e = s
        .core
        .apply_price_change(
            t,
            ApplyPriceChange {
                change: req.clone(),
                fingerprint: p.fingerprint,
            },
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Stale);
    assert_eq!(price(&s, &a), 1_200_000, "nothing of the change was written");
    // Preview again, then it applies.
    let p = s.core.preview_price_change(t, req.clone()).unwrap();
    s.core
        .apply_price_change(
            t,
            ApplyPriceChange {
                change: req,
                fingerprint: p.fingerprint,
            },
        )
        .unwrap();
    assert_eq!(price(&s, &a), 1_100_000);
}

#[test]
fn bad_changes_are_refused_and_write_nothing() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let cheap = product(&s, "P-1", &s.category, "Dunlop", 5_000, 2_000);
    product(&s, "P-2", &s.category, "Dunlop", 500_000, 300_000);
    let sup = s
        .core
        .create_supplier(
            t,
            SupplierInput {
                name: "CV Dunlop".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let cat = PriceScope::Category(s.category.clone());
    for (req, says) in [
        (
            change(cat.clone(), PriceAdjust::Percent(-9_001), PriceRounding::None),
            "-90%",
        ),
        (
            change(cat.clone(), PriceAdjust::Percent(100_001), PriceRounding::None),
            "+1000%",
        ),
        (
            change(cat.clone(), PriceAdjust::Amount(-10_000), PriceRounding::None),
            "Item P-1",
        ),
        (
            change(cat.clone(), PriceAdjust::Amount(i64::MAX), PriceRounding::None),
            "larger",
        ),
        (
            change(
                PriceScope::Category("nope".into()),
                PriceAdjust::Percent(100),
                PriceRounding::None,
            ),
            "Category",
        ),
        (
            change(
                PriceScope::Brand("  ".into()),
                PriceAdjust::Percent(100),
                PriceRounding::None,
            ),
            "brand",
        ),
    ] {
        let e = s.core.preview_price_change(t, req.clone()).unwrap_err();
        assert!(e.en.contains(says), "{says}: {}", e.en);
        let e = s
            .core
            .apply_price_change(
                t,
                ApplyPriceChange {
                    change: req,
                    fingerprint: String::new(),
                },
            )
            .unwrap_err();
        assert!(e.en.contains(says), "{says}: {}", e.en);
    }
    assert_eq!(price(&s, &cheap), 5_000);
    // A cut that takes a product below cost is shown as such (and allowed: a clearance).
    let p = s
        .core
        .preview_price_change(
            t,
            change(
                PriceScope::Category(s.category.clone()),
                PriceAdjust::Percent(-5_000),
                PriceRounding::To500,
            ),
        )
        .unwrap();
    assert_eq!(p.below_cost, 1);
    assert!(
        p.lines
            .iter()
            .any(|l| l.sku == "P-2" && l.below_cost && l.new_price == 250_000)
    );
    // No supplier's product: nothing to change.
    let p = s
        .core
        .preview_price_change(
            t,
            change(
                PriceScope::Supplier(sup),
                PriceAdjust::Percent(500),
                PriceRounding::None,
            ),
        )
        .unwrap();
    assert_eq!((p.in_scope, p.changed), (0, 0));
    // A cashier may not.
    let cashier = support::staff(&s.core, &s.owner, Role::Cashier, "kasir@hurtrock.test");
    let e = s
        .core
        .preview_price_change(
            Some(&cashier),
            change(cat, PriceAdjust::Percent(100), PriceRounding::None),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
}

#[test]
fn an_edited_price_waits_for_its_shelf_label_and_a_price_set_back_needs_none() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let a = product(&s, "G-1", &s.category, "ESP", 1_000_000, 500_000);
    let edit = |p: i64| {
        let cur = s
            .core
            .get_product(t, pos_core::products::ProductId { id: a.clone() })
            .unwrap();
        let mut fields = input(&s, "G-1", "");
        fields.name = cur.name.clone();
        fields.price = p;
        fields.cost = 500_000;
        s.core
            .update_product(
                t,
                ProductUpdate {
                    id: a.clone(),
                    expected_version: cur.version,
                    fields,
                },
            )
            .unwrap();
    };
    edit(1_100_000);
    edit(1_150_000);
    let q = s.core.shelf_label_queue(t).unwrap();
    assert_eq!(q.count, 1);
    assert_eq!(
        (q.labels[0].old_price, q.labels[0].new_price),
        (1_000_000, 1_150_000),
        "the shelf's price kept"
    );
    edit(1_000_000);
    assert_eq!(
        s.core.shelf_label_queue(t).unwrap().count,
        0,
        "back to what the shelf shows"
    );
}
