//! A customer's cart and checkout, end to end: the cart kept on the server under the browser's
//! cookie, quantities held to what can be sold, forms refused without the visitor's token, the
//! order placed once however often the button is pressed, paid through the Midtrans fake's signed
//! notification (forged, repeated and out-of-order ones change nothing), then worked at a terminal
//! through sync until the customer's page shows the tracking number.

mod common;

use common::{P, Terminal, category, local_order, product, ship};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_buys_pays_and_follows_the_parcel() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let senar = category(&desk, "Senar", None);
    let strings = product(
        &desk,
        P {
            category: &senar,
            sku: "EB-2221",
            name: "Ernie Ball Regular Slinky 10-46",
            brand: "Ernie Ball",
            price: 95_000,
            stock: 5,
            ..P::default()
        },
    );
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let b = shop.browser();
    b.get("/").await;

    // A form without this visitor's token, or posted from another site, changes nothing.
    let forged = b
        .post(
            "/cart/add",
            &[("csrf", "forged"), ("product", &strings), ("quantity", "1")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let csrf = b.csrf().await;
    let cross = b
        .http
        .post(format!("{}/cart/add", shop.url))
        .header("origin", "https://evil.example")
        .form(&[
            ("csrf", csrf.as_str()),
            ("product", strings.as_str()),
            ("quantity", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert_eq!(shop.count("SELECT count(*) FROM shop_cart_lines").await, 0);

    // Bad quantities and products are refused; more than can be sold adds what can be.
    for (product, q) in [
        (strings.as_str(), "-1"),
        (strings.as_str(), "abc"),
        (strings.as_str(), "100"),
        ("nope", "1"),
    ] {
        let r = b
            .post("/cart/add", &[("csrf", &csrf), ("product", product), ("quantity", q)])
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{product} × {q}");
    }
    let added = b.add(&strings, 2).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(added.location.as_deref(), Some("/cart"));
    b.add(&strings, 10).await;
    let cart = b.get("/cart").await;
    assert!(
        cart.has("Ernie Ball Regular Slinky") && cart.has("value=\"5\""),
        "cut to the 5 there are: {}",
        cart.body
    );
    assert!(cart.has("Rp 475.000"));

    // The cart lives on the server: the same cookie in a new browser finds it.
    let reopened = reqwest::Client::new()
        .get(format!("{}/cart", shop.url))
        .header("cookie", b.cookies())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(reopened.contains("Ernie Ball Regular Slinky") && reopened.contains("value=\"5\""));
    assert!(
        !shop.browser().get("/cart").await.has("Ernie Ball"),
        "another browser's cart is its own"
    );

    // A bad address is refused with the reason, and nothing is ordered.
    let csrf = b.csrf().await;
    let bad = b
        .post(
            "/checkout",
            &[
                ("csrf", &csrf),
                ("name", "Rina"),
                ("email", "rina@example.com"),
                ("phone", "0813-1234-5678"),
                ("address", "Jl. Dago 12"),
                ("city", "Bandung"),
                ("postal", "4013"),
                ("courier", "jne-reg"),
                ("gateway", "midtrans"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.has("Kode pos terdiri dari 5 angka"), "{}", bad.body);
    assert_eq!(shop.count("SELECT count(*) FROM orders").await, 0);

    // Checkout: the order is made, its stock held, the cart emptied, and the customer sent to Snap.
    let placed = b.checkout("midtrans").await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
    assert!(
        placed
            .location
            .as_deref()
            .unwrap()
            .starts_with("https://app.sandbox.midtrans.com/snap/"),
        "{placed:?}"
    );
    let order_no = shop.text("SELECT order_no FROM shop_checkouts").await;
    assert!(order_no.starts_with("WEB-"));
    assert_eq!(shop.count("SELECT held FROM shop_products").await, 5);
    assert_eq!(shop.text("SELECT status FROM orders").await, "awaiting_payment");
    // 5 × 95 000 + JNE REG for 6 kg (15 000 + 6 × 5 000).
    assert_eq!(shop.count("SELECT total FROM shop_checkouts").await, 475_000 + 45_000);
    assert_eq!(shop.midtrans.tx(&order_no).unwrap().gross_amount, 520_000);
    assert_eq!(shop.count("SELECT count(*) FROM shop_cart_lines").await, 0);

    // A second press of the button finds the same order; nothing more is made or charged.
    let again = b.checkout("midtrans").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let order_page = again.location.clone().unwrap();
    assert!(order_page.starts_with("/order/"), "{again:?}");
    assert_eq!(shop.count("SELECT count(*) FROM orders").await, 1);
    assert_eq!(shop.midtrans.snap_calls(), 1);
    let page = b.get(&order_page).await;
    assert!(
        page.has(&order_no) && page.has("Menunggu pembayaran") && page.has("Bayar sekarang"),
        "{}",
        page.body
    );
    // Paying again reopens the same Snap page.
    let csrf = b.csrf().await;
    let pay = b.post(&format!("{order_page}/pay"), &[("csrf", &csrf)]).await;
    assert_eq!(pay.location, placed.location);
    assert_eq!(shop.midtrans.snap_calls(), 1);
    // Another browser cannot read the order without its address.
    assert_eq!(
        shop.browser()
            .get("/order/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // No invoice before the money is in.
    assert_eq!(
        b.get(&format!("{order_page}/invoice.pdf")).await.status,
        StatusCode::NOT_FOUND
    );

    // A forged notification (another key) is refused and changes nothing.
    let forged = shop.midtrans.notification(&order_no, "not-the-key", "520000.00");
    assert_eq!(shop.midtrans.post(&forged).await, StatusCode::FORBIDDEN);
    assert_eq!(shop.text("SELECT status FROM orders").await, "awaiting_payment");

    // Paid: the order is paid everywhere; a later "pending" (out of order) and a repeat change nothing.
    assert_eq!(
        shop.midtrans.set_status_and_notify(&order_no, "settlement").await,
        StatusCode::OK
    );
    assert_eq!(shop.text("SELECT status FROM orders").await, "paid");
    assert_eq!(
        shop.midtrans.set_status_and_notify(&order_no, "settlement").await,
        StatusCode::OK
    );
    assert_eq!(
        shop.midtrans.set_status_and_notify(&order_no, "pending").await,
        StatusCode::OK
    );
    assert_eq!(shop.text("SELECT status FROM orders").await, "paid");
    assert_eq!(
        shop.count("SELECT count(*) FROM facts WHERE kind = 'order_event'")
            .await,
        1,
        "paid once"
    );
    assert_eq!(
        shop.count("SELECT held FROM shop_products").await,
        5,
        "held until it ships"
    );
    assert!(b.get(&order_page).await.has("Sudah dibayar"));
    // The invoice, read back by an independent tool (poppler's pdftotext).
    let pdf = b
        .http
        .get(format!("{}{order_page}/invoice.pdf", shop.url))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = common::pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains(&order_no) && text.contains("Ernie Ball Regular Slinky") && text.contains("520.000"),
        "{text}"
    );
    assert!(
        text.contains("Hurtrock Music Store") && text.contains("Jl. Dago No. 12"),
        "{text}"
    );

    // The terminal pulls it into the warehouse queue, packs and ships it.
    desk.sync_until_quiet().await;
    let local = local_order(&desk, &order_no);
    assert_eq!(local.status, pos_core::store_types::OrderStatus::Paid);
    assert_eq!(local.total, 520_000);
    ship(&desk, &order_no, "JP1234567890");
    desk.sync_until_quiet().await;
    let page = b.get(&order_page).await;
    assert!(
        page.has("Dalam pengiriman") && page.has("JP1234567890"),
        "{}",
        page.body
    );

    // Its hold ends with the shipment (the ledger took the stock).
    assert_eq!(
        pos_shop::checkout::expiry::release_expired(&shop.state).await.unwrap(),
        1
    );
    assert_eq!(shop.count("SELECT held FROM shop_products").await, 0);
    assert_eq!(shop.count("SELECT on_hand FROM stock_balances").await, 0);
}

/// A loopback Biteship: `POST /v1/rates/couriers` with the key as `authorization`, postal codes as
/// numbers; prices JNE REG/YES and J&T EZ (SiCepat not here: the rate table's word), or fails.
async fn biteship(key: &'static str, down: std::sync::Arc<std::sync::atomic::AtomicBool>) -> String {
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::post;
    let app = axum::Router::new().route(
        "/v1/rates/couriers",
        post(move |headers: HeaderMap, axum::Json(b): axum::Json<serde_json::Value>| {
            let down = down.clone();
            async move {
                if down.load(std::sync::atomic::Ordering::SeqCst) {
                    return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"error": "down"})));
                }
                if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(key) {
                    return (StatusCode::UNAUTHORIZED, axum::Json(serde_json::json!({"error": "key"})));
                }
                assert_eq!(b["origin_postal_code"], 40135);
                assert!(b["destination_postal_code"].is_i64() && b["items"][0]["weight"].as_i64().unwrap() > 0);
                (
                    StatusCode::OK,
                    axum::Json(serde_json::json!({"success": true, "pricing": [
                        {"courier_name": "JNE", "courier_code": "jne", "courier_service_code": "reg", "price": 31000, "duration": "2 - 3 days"},
                        {"courier_name": "JNE", "courier_code": "jne", "courier_service_code": "yes", "price": 52000, "duration": "1 days"},
                        {"courier_name": "J&T", "courier_code": "jnt", "courier_service_code": "ez", "price": 28000, "duration": "2 - 4 days"}
                    ]})),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_courier_rates_price_the_parcel_and_the_order_takes_only_the_price_shown() {
    let down = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let url = biteship("biteship-test-key", down.clone()).await;
    let shop = common::start_with_rates(pos_shop::config::Rates {
        url,
        key: pos_shop::config::Secret::new("biteship-test-key"),
        origin_postal: "40135".into(),
    })
    .await;
    let mut desk = Terminal::set_up();
    let senar = category(&desk, "Senar", None);
    let strings = product(
        &desk,
        P {
            category: &senar,
            sku: "EB-2221",
            name: "Ernie Ball Regular Slinky 10-46",
            price: 95_000,
            stock: 5,
            ..P::default()
        },
    );
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let b = shop.browser();
    b.add(&strings, 1).await;

    // Without a postal code: the rate table, and a way to ask the couriers.
    let table = b.get("/checkout").await;
    let table_shown = table.field("shown").unwrap();
    assert!(
        table_shown.starts_with("jne-reg:") && !table_shown.contains("31000"),
        "{table_shown}"
    );
    let sicepat = table_shown
        .split(',')
        .find(|s| s.starts_with("sicepat-reg:"))
        .unwrap()
        .to_string();
    assert!(table.has("Cek ongkir"));
    // With one: the couriers' prices (SiCepat, which they did not price, from the table).
    let live = b.get("/checkout?postal=55281").await;
    let live_shown = live.field("shown").unwrap();
    assert_eq!(
        live_shown,
        format!("jne-reg:31000,jne-yes:52000,jnt-ez:28000,{sicepat}")
    );
    assert!(live.has("Rp 31.000") && live.has("Ongkir langsung dari kurir"));

    let csrf = b.csrf().await;
    let post = |shown: String| {
        let csrf = csrf.clone();
        let b = &b;
        async move {
            b.post(
                "/checkout",
                &[
                    ("csrf", csrf.as_str()),
                    ("name", "Rina Sari"),
                    ("email", "rina@example.com"),
                    ("phone", "0813-1234-5678"),
                    ("address", "Jl. Kaliurang KM 5"),
                    ("city", "Sleman"),
                    ("postal", "55281"),
                    ("courier", "jne-reg"),
                    ("gateway", "midtrans"),
                    ("shown", shown.as_str()),
                ],
            )
            .await
        }
    };
    // The form showed the table's price: shown again at the couriers' price, nothing ordered.
    let again = post(table_shown.clone()).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(
        again.has("Ongkir dihitung ulang") && again.has("Rp 31.000"),
        "{}",
        again.body
    );
    assert_eq!(shop.count("SELECT count(*) FROM orders").await, 0);
    // A tampered price is no price.
    assert_eq!(post("jne-reg:1".into()).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(shop.count("SELECT count(*) FROM orders").await, 0);
    // At the price shown: ordered, at that price.
    let placed = post(again.field("shown").unwrap()).await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
    assert_eq!(
        shop.count("SELECT (payload->>'shipping_cost')::bigint FROM facts WHERE kind = 'order'")
            .await,
        31_000
    );

    // The couriers unreachable: the rate table prices the parcel, said so.
    down.store(true, std::sync::atomic::Ordering::SeqCst);
    let c = shop.browser();
    c.add(&strings, 1).await;
    let fallback = c.get("/checkout?postal=55281").await;
    assert_eq!(fallback.field("shown").unwrap(), table_shown);
    assert!(fallback.has("Ongkir dari tabel tarif kami"));
}
