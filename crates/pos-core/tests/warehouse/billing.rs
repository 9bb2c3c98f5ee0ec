//! A delivery order is charged what the courier will bill: the larger of the parcel's weight and
//! its volume, as the quote at the counter said.

use super::*;

fn case(s: &Shop) -> String {
    // A guitar in a hardcase: 4 kg, 110 × 45 × 15 cm (14.85 kg by volume).
    let t = s.t();
    let cat = s.core.list_categories(t).unwrap()[0].id.clone();
    s.core
        .create_product(
            t,
            NewProduct {
                fields: ProductInput {
                    sku: "GTR-HC".into(),
                    name: "Gibson Les Paul in hardcase".into(),
                    category_id: cat,
                    price: 45_000_000,
                    cost: 30_000_000,
                    weight_g: 4000,
                    length_mm: 1100,
                    width_mm: 450,
                    height_mm: 150,
                    active: true,
                    ..Default::default()
                },
                opening_stock: 2,
            },
        )
        .unwrap()
        .id
}

fn quote(s: &Shop, lines: &[(&str, i64)]) -> ShippingQuote {
    let req = DeliveryQuoteRequest {
        courier_service: "jne-reg".into(),
        lines: lines
            .iter()
            .map(|(p, q)| OrderLineInput {
                product_id: p.to_string(),
                quantity: *q,
            })
            .collect(),
    };
    s.core.delivery_quote(s.t(), req).unwrap()
}

#[test]
pub(crate) fn a_guitar_in_its_case_is_charged_by_volume_as_quoted() {
    let s = shop();
    let guitar = case(&s);
    // JNE REG: Rp 15 000 + Rp 5 000 per kg.
    let q = quote(&s, &[(&guitar, 1)]);
    assert_eq!((q.billable_kg, q.by_volume, q.cost), (15, true, 90_000));
    let o = s.order(&[(&guitar, 1)], true);
    assert_eq!(o.shipping_cost, q.cost, "the order bills what the quote said");
    assert_eq!(o.total, o.subtotal + 90_000);
    // The rate screen, given the case's weight and size, says the same.
    let rate = s
        .core
        .shipping_quote(
            s.t(),
            ShippingQuoteRequest {
                courier_service: "jne-reg".into(),
                weight_g: 4000,
                length_mm: 1100,
                width_mm: 450,
                height_mm: 150,
                distance_km: 0,
            },
        )
        .unwrap();
    assert_eq!((rate.billable_kg, rate.by_volume, rate.cost), (15, true, 90_000));
    // Strings ride along in the case's volume; strings alone bill their weight (1 kg minimum).
    let with_strings = quote(&s, &[(&guitar, 1), (&s.strings, 3)]);
    assert_eq!(with_strings.billable_kg, 15);
    let strings = quote(&s, &[(&s.strings, 3)]);
    assert_eq!(
        (strings.billable_kg, strings.by_volume, strings.cost),
        (1, false, 20_000)
    );
    let o = s.order(&[(&s.strings, 3)], true);
    assert_eq!(o.shipping_cost, 20_000);
}

#[test]
pub(crate) fn a_quote_refuses_what_an_order_would() {
    let s = shop();
    let bad = |lines: Vec<OrderLineInput>, courier: &str| {
        s.core
            .delivery_quote(
                s.t(),
                DeliveryQuoteRequest {
                    courier_service: courier.into(),
                    lines,
                },
            )
            .unwrap_err()
            .code
    };
    let line = |p: &str, q: i64| OrderLineInput {
        product_id: p.into(),
        quantity: q,
    };
    assert_eq!(bad(vec![], "jne-reg"), ErrorCode::Invalid);
    assert_eq!(bad(vec![line(&s.strings, 0)], "jne-reg"), ErrorCode::Invalid);
    assert_eq!(bad(vec![line(&s.strings, -3)], "jne-reg"), ErrorCode::Invalid);
    assert_eq!(bad(vec![line(&s.strings, 10_001)], "jne-reg"), ErrorCode::Invalid);
    assert_eq!(bad(vec![line("no-such-product", 1)], "jne-reg"), ErrorCode::NotFound);
    assert_eq!(bad(vec![line(&s.strings, 1)], "no-such-courier"), ErrorCode::NotFound);
    assert_eq!(
        s.core
            .delivery_quote(
                None,
                DeliveryQuoteRequest {
                    courier_service: "jne-reg".into(),
                    lines: vec![line(&s.strings, 1)],
                },
            )
            .unwrap_err()
            .code,
        ErrorCode::Unauthenticated
    );
}
