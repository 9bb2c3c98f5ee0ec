//! Payments as the gateways really behave: Stripe's signed events (a forged or stale signature is
//! refused), an amount that is not the order's never taken as paid, a payment that fails or expires
//! frees the stock, and a payment that lands after the hold ran out takes the stock again when it
//! is there, or is cancelled with a refund due and the owner told when it was sold meanwhile. A
//! store whose prices exclude PPN is charged its PPN once, as its terminals' invoices show it.

mod common;

use common::{P, Shop, Terminal, category, product};
use reqwest::StatusCode;
use serde_json::json;

async fn store_with(stock: i64) -> (Shop, Terminal, String) {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let cat = category(&desk, "Pedal", None);
    let id = product(
        &desk,
        P {
            category: &cat,
            sku: "BOSS-DS1",
            name: "Boss DS-1 Distortion",
            brand: "Boss",
            price: 850_000,
            stock,
            ..P::default()
        },
    );
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    (shop, desk, id)
}

async fn order_status(shop: &Shop, order_no: &str) -> (String, String) {
    let c = shop.pool.get().await.unwrap();
    let r = c
        .query_one(
            "SELECT status, payment_status FROM orders WHERE order_no = $1",
            &[&order_no],
        )
        .await
        .unwrap();
    (r.get(0), r.get(1))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stripe_events_are_verified_and_amounts_must_match() {
    let (shop, _desk, pedal) = store_with(4).await;
    let b = shop.browser();
    b.add(&pedal, 1).await;
    let placed = b.checkout("stripe").await;
    assert!(
        placed
            .location
            .as_deref()
            .unwrap()
            .starts_with("https://checkout.stripe.com/"),
        "{placed:?}"
    );
    let session = shop.stripe.sessions().pop().unwrap();
    // IDR × 100: Rp 850 000 + JNE REG 2 kg (15 000 + 2 × 5 000) = Rp 875 000.
    assert_eq!(session.amount_total, 87_500_000);
    assert_eq!(session.currency, "idr");
    let order_no = shop.text("SELECT order_no FROM shop_checkouts").await;

    let paid = shop.stripe.event(&session, "checkout.session.completed", true);
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        shop.stripe.post_signed(&paid, "whsec_forged", now).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        shop.stripe.post_signed(&paid, common::STRIPE_WHSEC, now - 600).await,
        StatusCode::BAD_REQUEST,
        "a replay of an old event"
    );
    assert_eq!(order_status(&shop, &order_no).await.0, "awaiting_payment");

    // Paid for less than the order: not paid; the owner is told.
    let mut short = paid.clone();
    short["data"]["object"]["amount_total"] = json!(100);
    short["id"] = json!("evt_short");
    assert_eq!(shop.stripe.notify(&short).await, StatusCode::OK);
    assert_eq!(order_status(&shop, &order_no).await.0, "awaiting_payment");
    assert_eq!(
        shop.count("SELECT count(*) FROM sync_issues WHERE issue = 'payment'")
            .await,
        1
    );

    assert_eq!(shop.stripe.notify(&paid).await, StatusCode::OK);
    assert_eq!(order_status(&shop, &order_no).await, ("paid".into(), "paid".into()));
    // The same event again, and an expiry arriving after the payment: nothing moves back.
    assert_eq!(shop.stripe.notify(&paid).await, StatusCode::OK);
    let expired = shop.stripe.event(&session, "checkout.session.expired", false);
    assert_eq!(shop.stripe.notify(&expired).await, StatusCode::OK);
    assert_eq!(order_status(&shop, &order_no).await, ("paid".into(), "paid".into()));
    assert_eq!(
        shop.count("SELECT count(*) FROM facts WHERE kind = 'order_event'")
            .await,
        1
    );
    // The session was made once however often it was asked for (Idempotency-Key).
    assert_eq!(shop.stripe.sessions().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_payment_frees_the_stock_and_a_late_one_is_held_again_or_refunded() {
    let (shop, desk, pedal) = store_with(2).await;

    // Expired at Midtrans: the stock is free again and the order cancelled everywhere.
    let a = shop.browser();
    a.add(&pedal, 2).await;
    a.checkout("midtrans").await;
    let first = shop
        .text("SELECT order_no FROM shop_checkouts ORDER BY created_at DESC LIMIT 1")
        .await;
    assert_eq!(shop.count("SELECT held FROM shop_products").await, 2);
    assert_eq!(
        shop.midtrans.set_status_and_notify(&first, "expire").await,
        StatusCode::OK
    );
    assert_eq!(shop.count("SELECT held FROM shop_products").await, 0);
    assert_eq!(order_status(&shop, &first).await.0, "cancelled");
    desk.sync_until_quiet().await;
    assert_eq!(
        common::local_order(&desk, &first).status,
        pos_core::store_types::OrderStatus::Cancelled
    );

    // A hold runs out, the stock is still there when the money lands: held again, paid.
    let b = shop.browser();
    b.add(&pedal, 1).await;
    b.checkout("midtrans").await;
    let late = shop
        .text("SELECT order_no FROM shop_checkouts ORDER BY created_at DESC LIMIT 1")
        .await;
    shop.exec("UPDATE shop_checkouts SET hold_until = now() - interval '1 minute' WHERE hold_state = 'held'")
        .await;
    assert_eq!(
        pos_shop::checkout::expiry::release_expired(&shop.state).await.unwrap(),
        1
    );
    assert_eq!(shop.count("SELECT held FROM shop_products").await, 0);
    assert_eq!(
        order_status(&shop, &late).await.0,
        "awaiting_payment",
        "a late payment is still welcome"
    );
    assert_eq!(
        shop.midtrans.set_status_and_notify(&late, "settlement").await,
        StatusCode::OK
    );
    assert_eq!(order_status(&shop, &late).await, ("paid".into(), "paid".into()));
    assert_eq!(shop.count("SELECT held FROM shop_products").await, 1);

    // Another hold runs out and the last unit is sold online meanwhile: the late payment is
    // cancelled with a refund due, and the owner is told.
    let c = shop.browser();
    c.add(&pedal, 1).await;
    c.checkout("midtrans").await;
    let unlucky = shop
        .text("SELECT order_no FROM shop_checkouts ORDER BY created_at DESC LIMIT 1")
        .await;
    shop.exec("UPDATE shop_checkouts SET hold_until = now() - interval '1 minute' WHERE hold_state = 'held'")
        .await;
    pos_shop::checkout::expiry::release_expired(&shop.state).await.unwrap();
    let d = shop.browser();
    d.add(&pedal, 1).await;
    let quick = d.checkout("midtrans").await;
    assert_eq!(quick.status, StatusCode::SEE_OTHER);
    assert_eq!(
        shop.midtrans.set_status_and_notify(&unlucky, "settlement").await,
        StatusCode::OK
    );
    assert_eq!(
        order_status(&shop, &unlucky).await,
        ("cancelled".into(), "refund_due".into())
    );
    assert_eq!(
        shop.count("SELECT held FROM shop_products").await,
        2,
        "the paid order's and the quick one's"
    );
    let reason = shop
        .text("SELECT reason FROM sync_issues WHERE issue = 'payment'")
        .await;
    assert!(reason.contains(&unlucky) && reason.contains("refund"), "{reason}");
    // Every terminal sees the cancellation and the owner's notice.
    desk.sync_until_quiet().await;
    assert_eq!(
        common::local_order(&desk, &unlucky).status,
        pos_core::store_types::OrderStatus::Cancelled
    );
    assert_eq!(
        desk.count("SELECT count(*) FROM sync_issues WHERE issue = 'payment'"),
        1
    );
    // The customer's page says so.
    let page = c.get("/cart").await;
    assert_eq!(page.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_for_unknown_orders_and_garbage_change_nothing() {
    let (shop, _desk, _) = store_with(1).await;
    let http = reqwest::Client::new();
    let hook = |path: &str| format!("{}{path}", shop.url);
    let r = http
        .post(hook("/webhooks/midtrans"))
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = http
        .post(hook("/webhooks/midtrans"))
        .json(&json!({"order_id": "WEB-NOPE", "status_code": "200", "gross_amount": "1.00", "signature_key": "00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let big = "x".repeat(200 * 1024);
    let r = http.post(hook("/webhooks/stripe")).body(big).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = http
        .post(hook("/webhooks/stripe"))
        .header("Stripe-Signature", "t=1,v1=00")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(shop.count("SELECT count(*) FROM shop_payment_events").await, 0);
}

/// A store that prices without PPN (a PKP whose shelf prices exclude it): the shop shows prices
/// with PPN, the cart and checkout show the DPP and the PPN added, and the customer is charged
/// exactly what the shop's invoice and the terminal's invoice say, PPN counted once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_whose_prices_exclude_ppn_charges_it_once() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let p = desk.core.store_profile(desk.t()).unwrap();
    let profile = pos_core::setup::ProfileInput {
        name: p.name.clone(),
        address: p.address.clone(),
        phone: p.phone.clone(),
        npwp: "01.234.567.8-901.000".into(),
        branch_code: p.branch_code.clone(),
        opening_hours: p.opening_hours.clone(),
        vat_registered: true,
        ppn_rate_bp: 1_100,
        prices_include_tax: false,
    };
    desk.core
        .update_store_profile(
            desk.t(),
            pos_core::setup::ProfileUpdate {
                profile,
                expected_version: p.version,
            },
        )
        .unwrap();
    let cat = category(&desk, "Pedal", None);
    let id = product(
        &desk,
        P {
            category: &cat,
            sku: "MXR-M102",
            name: "MXR Dyna Comp",
            brand: "MXR",
            price: 99_999,
            stock: 5,
            ..P::default()
        },
    );
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;

    let b = shop.browser();
    // 99 999 + 11 % = 110 998.89: the shelf shows 110 999.
    assert!(
        b.get(&pos_shop::html::product_url(&id, "MXR Dyna Comp"))
            .await
            .has("Rp 110.999")
    );
    b.add(&id, 3).await;
    // 3 × 99 999 = 299 997 before PPN; PPN 11 % of that = 32 999.67 → 33 000; 332 997 in all.
    let cart = b.get("/cart").await;
    assert!(
        cart.has("Rp 332.997") && cart.has("Sebelum PPN (DPP)") && cart.has("Rp 299.997") && cart.has("Rp 33.000"),
        "{}",
        cart.body
    );
    let form = b.get("/checkout").await;
    assert!(
        form.has("Rp 33.000") && !form.has("Checkout online membutuhkan"),
        "{}",
        form.body
    );

    let placed = b.checkout("midtrans").await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
    let order_no = shop.text("SELECT order_no FROM shop_checkouts").await;
    let shipping = shop
        .count("SELECT (payload ->> 'shipping_cost')::bigint FROM facts WHERE kind = 'order'")
        .await;
    assert!(shipping > 0);
    let total = 332_997 + shipping;
    assert_eq!(shop.count("SELECT total FROM shop_checkouts").await, total);
    assert_eq!(shop.midtrans.tx(&order_no).unwrap().gross_amount, total);
    assert_eq!(
        shop.midtrans.set_status_and_notify(&order_no, "settlement").await,
        StatusCode::OK
    );
    assert_eq!(order_status(&shop, &order_no).await.1, "paid");

    // The customer's order page and invoice say the same.
    let order_page = b.checkout("midtrans").await.location.unwrap();
    let page = b.get(&order_page).await;
    assert!(
        page.has("Rp 33.000") && page.has(&pos_shop::html::parts::rupiah(total)),
        "{}",
        page.body
    );
    let pdf = b
        .http
        .get(format!("{}{order_page}/invoice.pdf", shop.url))
        .send()
        .await
        .unwrap();
    let text = common::pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains("299.997")
            && text.contains("33.000")
            && text.contains(&pos_shop::html::parts::rupiah(total)[3..]),
        "{text}"
    );

    // The terminal's copy and its own invoice: the same total, PPN added once.
    desk.sync_until_quiet().await;
    let local = common::local_order(&desk, &order_no);
    assert_eq!((local.subtotal, local.total), (299_997, total));
    let pdf = desk
        .core
        .invoice_pdf(desk.t(), pos_core::warehouse::OrderId { id: local.id.clone() })
        .unwrap();
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &pdf.base64).unwrap();
    let text = common::pdf_text(&bytes);
    assert!(
        text.contains("33.000") && text.contains(&pos_shop::html::parts::rupiah(total)[3..]),
        "{text}"
    );
}
