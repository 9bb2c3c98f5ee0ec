//! The owner's past work on a service's page: added at the desk (a picture that is no picture, or
//! a link that is not https, refused), its pictures brought up by sync and served by the shop,
//! liked once per visitor (a second press takes it back; a forged form changes nothing), shared
//! by link, and gone from the page when the owner removes it.

use super::*;
use base64::Engine;
use pos_core::bookings::portfolio::{AddPortfolioItem, RemovePortfolioItem};
use reqwest::StatusCode;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn like(who: &Browser, item: &str) -> common::Page {
    let csrf = who.csrf().await;
    who.post("/book/foto-wedding/like", &[("csrf", csrf.as_str()), ("item", item)])
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_work_shows_on_the_service_page_and_each_visitor_likes_it_once() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let (service, _) = set_up(&desk, "foto-wedding", ServiceKind::Photo, 5_000_000, 480, 3_000);
    let version = desk.core.booking_setup(desk.t()).unwrap().services[0].version;
    let add = |data: String, link: &str, version: i64| AddPortfolioItem {
        service_id: service.clone(),
        expected_version: version,
        title: "Wedding Rina dan Budi".into(),
        caption: "Gedung Sate, Bandung".into(),
        link: link.into(),
        data,
    };
    assert!(
        desk.core
            .add_portfolio_item(desk.t(), add(b64(b"not a picture"), "", version))
            .is_err()
    );
    assert!(
        desk.core
            .add_portfolio_item(desk.t(), add(b64(&png()), "javascript:alert(1)", version))
            .is_err()
    );
    let saved = desk
        .core
        .add_portfolio_item(desk.t(), add(b64(&png()), "https://example.com/film", version))
        .unwrap();
    let item = saved.service.portfolio[0].clone();
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;

    let b = shop.browser();
    let page = b.get("/book/foto-wedding").await;
    assert!(
        page.has("Wedding Rina dan Budi")
            && page.has(&format!("/photos/{}", item.thumb))
            && page.has("https://wa.me/?text="),
        "{}",
        page.body
    );
    let photo = b
        .http
        .get(format!("{}/photos/{}", shop.url, item.photo))
        .send()
        .await
        .unwrap();
    assert_eq!(photo.status(), StatusCode::OK, "the picture came up with sync");
    assert_eq!(photo.headers()["content-type"], "image/jpeg");

    // One like per visitor; a second press takes it back; another visitor's counts too.
    let liked = like(&b, &item.id).await;
    assert_eq!(liked.status, StatusCode::SEE_OTHER);
    assert!(liked.location.unwrap().ends_with(&format!("#work-{}", item.id)));
    assert!(b.get("/book/foto-wedding").await.has("data-likes=\"1\""));
    let other = shop.browser();
    other.get("/").await;
    like(&other, &item.id).await;
    assert!(b.get("/book/foto-wedding").await.has("data-likes=\"2\""));
    like(&b, &item.id).await;
    assert!(b.get("/book/foto-wedding").await.has("data-likes=\"1\""), "taken back");
    let forged = b
        .post(
            "/book/foto-wedding/like",
            &[("csrf", "forged"), ("item", item.id.as_str())],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let csrf = b.csrf().await;
    let unknown = b
        .post("/book/foto-wedding/like", &[("csrf", csrf.as_str()), ("item", "nope")])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // The owner takes it off: gone from the page.
    desk.core
        .remove_portfolio_item(
            desk.t(),
            RemovePortfolioItem {
                service_id: service.clone(),
                expected_version: saved.version,
                item_id: item.id.clone(),
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    assert!(!b.get("/book/foto-wedding").await.has("Wedding Rina dan Budi"));
}
