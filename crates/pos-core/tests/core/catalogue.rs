//! Products refused when bad, stale edits, scans, stock adjustments.

use super::*;

#[test]
pub(crate) fn bad_product_input_is_refused_and_nothing_is_saved() {
    let s = shop();
    let t = Some(s.owner.as_str());
    s.core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "ESP-1", "4006381333931"),
                opening_stock: 2,
            },
        )
        .unwrap();
    let cases: Vec<(ProductInput, ErrorCode, &str)> = vec![
        (input(&s, "ESP-2", "4006381333932"), ErrorCode::Invalid, "barcode"),
        (input(&s, "esp-1", ""), ErrorCode::Duplicate, "sku"),
        (input(&s, "ESP-3", "4006381333931"), ErrorCode::Duplicate, "barcode"),
        (
            ProductInput {
                price: -1,
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "price",
        ),
        (
            ProductInput {
                cost: -5,
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "cost",
        ),
        (
            ProductInput {
                low_stock_threshold: -1,
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "low_stock_threshold",
        ),
        (
            ProductInput {
                name: "   ".into(),
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "name",
        ),
        (
            ProductInput {
                name: "x".repeat(10_000),
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "name",
        ),
        (
            ProductInput {
                category_id: pos_domain::new_id(),
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::NotFound,
            "category_id",
        ),
        (
            ProductInput {
                price: i64::MAX,
                ..input(&s, "ESP-4", "")
            },
            ErrorCode::Invalid,
            "price",
        ),
    ];
    for (inp, code, field) in cases {
        let e = s
            .core
            .create_product(
                t,
                NewProduct {
                    fields: inp,
                    opening_stock: 1,
                },
            )
            .unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (code, Some(field)), "{}", e.en);
        assert!(
            !e.id.is_empty() && e.id != e.en,
            "message must exist in Bahasa Indonesia"
        );
    }
    let (products, movements): (i64, i64) = s.core.with_db(|c| {
        (
            c.query_row("SELECT count(*) FROM products", [], |r| r.get(0)).unwrap(),
            c.query_row("SELECT count(*) FROM stock_movements", [], |r| r.get(0))
                .unwrap(),
        )
    });
    assert_eq!((products, movements), (1, 1));
}

#[test]
pub(crate) fn a_stale_edit_is_refused_and_a_price_change_is_audited() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let p = s
        .core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "ESP-1", ""),
                opening_stock: 0,
            },
        )
        .unwrap();
    let mut mine = input(&s, "ESP-1", "");
    mine.price = 15_000_000;
    let saved = s
        .core
        .update_product(
            t,
            ProductUpdate {
                id: p.id.clone(),
                fields: mine.clone(),
                expected_version: p.version,
            },
        )
        .unwrap();
    assert_eq!(saved.price.rupiah(), 15_000_000);
    // A second editor still holding version 1:
    mine.price = 1;
    let stale = s
        .core
        .update_product(
            t,
            ProductUpdate {
                id: p.id.clone(),
                fields: mine,
                expected_version: p.version,
            },
        )
        .unwrap_err();
    assert_eq!(stale.code, ErrorCode::Stale);
    assert_eq!(
        s.core
            .get_product(t, pos_core::products::ProductId { id: p.id.clone() })
            .unwrap()
            .price
            .rupiah(),
        15_000_000
    );
    let log = s
        .core
        .audit_log(
            t,
            pos_core::stock::AuditRequest {
                action: Some("product.price_changed".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(log.len(), 1);
    assert!(
        log[0].before.as_ref().unwrap().contains("14500000") && log[0].after.as_ref().unwrap().contains("15000000")
    );
}

#[test]
pub(crate) fn scans_find_products_and_misreads_are_explained() {
    let s = shop();
    let t = Some(s.owner.as_str());
    s.core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "UPC-1", "036000291452"),
                opening_stock: 0,
            },
        )
        .unwrap();
    let found = |code: &str| s.core.product_by_barcode(t, BarcodeLookup { code: code.into() });
    assert_eq!(found("036000291452").unwrap().unwrap().sku, "UPC-1");
    // The same UPC-A read as an EAN-13 with a leading zero.
    assert_eq!(found("0036000291452").unwrap().unwrap().sku, "UPC-1");
    assert!(found("4006381333931").unwrap().is_none());
    assert_eq!(found("4006381333932").unwrap_err().code, ErrorCode::Invalid);
    let hits = s
        .core
        .search_products(
            t,
            ProductSearch {
                query: "guitar up".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(hits.len(), 1);
    let hits = s
        .core
        .search_products(
            t,
            ProductSearch {
                query: "upc".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
pub(crate) fn stock_adjustments_need_a_reason_and_land_in_the_ledger() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let p = s
        .core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "ESP-1", ""),
                opening_stock: 5,
            },
        )
        .unwrap();
    let adj = |reason, quantity, note: &str| {
        s.core.adjust_stock(
            t,
            StockAdjustment {
                product_id: p.id.clone(),
                reason,
                quantity,
                note: note.into(),
            },
        )
    };
    assert_eq!(adj(None, 1, "").unwrap_err().field.as_deref(), Some("reason"));
    assert_eq!(
        adj(Some(MovementReason::Opening), 3, "").unwrap_err().field.as_deref(),
        Some("reason")
    );
    assert_eq!(
        adj(Some(MovementReason::Correction), 2, "")
            .unwrap_err()
            .field
            .as_deref(),
        Some("note")
    );
    assert_eq!(
        adj(Some(MovementReason::Damage), -2, "").unwrap_err().field.as_deref(),
        Some("quantity")
    );
    assert_eq!(
        adj(Some(MovementReason::Count), 2_000_000, "")
            .unwrap_err()
            .field
            .as_deref(),
        Some("quantity")
    );
    assert_eq!(
        adj(Some(MovementReason::Damage), 1, "dropped").unwrap().product.on_hand,
        4
    );
    let counted = adj(Some(MovementReason::Count), 7, "").unwrap();
    assert_eq!((counted.change, counted.product.on_hand), (3, 7));
    assert_eq!(
        adj(Some(MovementReason::Correction), -2, "miscount")
            .unwrap()
            .product
            .on_hand,
        5
    );
    let moves = s
        .core
        .stock_movements(
            t,
            MovementsRequest {
                product_id: p.id.clone(),
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(moves.iter().map(|m| m.quantity).collect::<Vec<_>>(), vec![-2, 3, -1, 5]);
    assert_eq!(moves[0].balance, 5);
    // The ledger refuses edits.
    let tamper = s
        .core
        .with_db(|c| c.execute("UPDATE stock_movements SET quantity = 100", []));
    assert!(tamper.is_err());
}
