//! Fifty customers check out the last ten units at once, on the real server and PostgreSQL: exactly
//! ten orders hold stock, nobody else is sent to pay, nothing oversells online; meanwhile the till
//! keeps selling offline and its sale comes through sync as always.

mod common;

use common::{P, Terminal, category, product};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_customers_race_for_the_last_ten_units() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let cat = category(&desk, "Gitar", None);
    let guitar = product(
        &desk,
        P {
            category: &cat,
            sku: "SQ-CV",
            name: "Squier Classic Vibe '50s",
            price: 649_000,
            stock: 10,
            ..P::default()
        },
    );
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;

    let mut browsers = Vec::new();
    for _ in 0..50 {
        let b = shop.browser();
        assert_eq!(
            b.add(&guitar, 1).await.status,
            StatusCode::SEE_OTHER,
            "everyone can add the last units"
        );
        browsers.push(b);
    }
    let tasks: Vec<_> = browsers
        .into_iter()
        .map(|b| tokio::spawn(async move { b.checkout("midtrans").await }))
        .collect();
    let mut to_payment = 0;
    let mut refused = 0;
    for t in tasks {
        let page = t.await.unwrap();
        match page.status {
            StatusCode::SEE_OTHER
                if page
                    .location
                    .as_deref()
                    .is_some_and(|l| l.starts_with("https://app.sandbox.midtrans.com/")) =>
            {
                to_payment += 1
            }
            StatusCode::BAD_REQUEST if page.has("Ada yang lebih cepat") => refused += 1,
            other => panic!("unexpected answer {other}: {:?} {}", page.location, page.body),
        }
    }
    assert_eq!((to_payment, refused), (10, 40));
    assert_eq!(shop.count("SELECT count(*) FROM orders").await, 10);
    assert_eq!(shop.count("SELECT held FROM shop_products").await, 10);
    assert_eq!(
        shop.count("SELECT coalesce(sum(quantity), 0)::bigint FROM shop_holds")
            .await,
        10
    );
    assert_eq!(
        shop.midtrans.snap_calls(),
        10,
        "nobody is sent to pay for what could not be held"
    );

    // The till sells one offline meanwhile: its sale counts, its oversell is flagged as always,
    // and nothing more can be held online.
    desk.core
        .open_shift(desk.t(), pos_core::counter::shift::OpenShift { opening_float: 0 })
        .unwrap();
    common::server::sell(&desk, &guitar, 1);
    desk.sync_until_quiet().await;
    assert_eq!(shop.count("SELECT on_hand FROM stock_balances").await, 9);
    let late = shop.browser();
    assert_eq!(
        late.add(&guitar, 1).await.status,
        StatusCode::BAD_REQUEST,
        "none left to sell online"
    );
    let page = late.get(&format!("/p/{guitar}/squier-classic-vibe-50s")).await;
    assert!(page.has("Tanya kami"), "{}", page.body);
    assert_eq!(shop.count("SELECT count(*) FROM orders").await, 10);
    // The owner is told the shelf has fewer than the online orders hold (once a day).
    assert_eq!(
        pos_shop::checkout::expiry::flag_short_holds(&shop.state).await.unwrap(),
        1
    );
    assert_eq!(
        pos_shop::checkout::expiry::flag_short_holds(&shop.state).await.unwrap(),
        0
    );
    let reason = shop
        .text("SELECT reason FROM sync_issues WHERE issue = 'oversold'")
        .await;
    assert!(reason.contains("hold 10") && reason.contains("has 9"), "{reason}");
    desk.sync_until_quiet().await;
    assert_eq!(
        desk.count("SELECT count(*) FROM sync_issues WHERE issue = 'oversold'"),
        1
    );
}
