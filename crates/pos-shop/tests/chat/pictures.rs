//! A customer's picture: checked by decoding, shrunk and stripped, sent like any message, fetched
//! by the till; twenty a conversation.

use super::common::{self, Browser, Shop, Terminal};
use super::customer;
use serde_json::{Value, json};
use std::time::Duration;

/// A small PNG with a see-through corner (a phone's screenshot would be larger, same path).
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([200, 30, 30, if x < 4 { 0 } else { 255 }]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn attach(shop: &Shop, b: &Browser, id: &str, body: Vec<u8>, csrf: Option<&str>) -> (u16, Value) {
    let origin = format!("http://{}", shop.url.trim_start_matches("http://"));
    let mut req = b
        .http
        .post(format!("{}/chat/attach?id={id}", shop.url))
        .header("origin", origin)
        .header("content-type", "image/png")
        .body(body);
    if let Some(c) = csrf {
        req = req.header("x-csrf-token", c);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_sends_a_picture_that_is_checked_shrunk_and_reaches_the_till() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let rina = shop.browser();
    rina.get("/").await;
    let csrf = rina.csrf().await;

    // No conversation yet: nothing to put it in.
    let (status, words) = attach(&shop, &rina, "p0", png(40, 30), Some(&csrf)).await;
    assert_eq!((status, words["id"].as_str()), (422, Some("Mulai chat dulu.")));

    let mut c = customer(&shop, &rina).await;
    c.hello(0).await;
    c.say(json!({"type": "start", "name": "Rina", "contact": "rina@example.com"}))
        .await;
    c.expect("welcome").await;

    // Without the page's form token, or from another site: refused.
    assert_eq!(attach(&shop, &rina, "p1", png(40, 30), None).await.0, 403);
    // Not a picture, whatever its type says; a cut PNG.
    let (status, words) = attach(&shop, &rina, "p2", b"<?php echo 1; ?>".to_vec(), Some(&csrf)).await;
    assert_eq!(
        (status, words["en"].as_str()),
        (422, Some("Only JPEG, PNG or WebP pictures up to 8 MB."))
    );
    let mut cut = png(300, 200);
    cut.truncate(cut.len() / 2);
    assert_eq!(attach(&shop, &rina, "p3", cut, Some(&csrf)).await.0, 422);

    // A real picture: stored as a JPEG the server made, and sent like any message.
    let (status, got) = attach(&shop, &rina, "p4", png(3_000, 1_000), Some(&csrf)).await;
    assert_eq!(status, 200, "{got}");
    let m = c.expect("message").await;
    assert_eq!(m["seq"], got["seq"]);
    let hash = m["attachment"].as_str().unwrap().to_string();
    let served = rina
        .http
        .get(format!("{}/photos/{hash}", shop.url))
        .send()
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    let pic = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
    assert_eq!((pic.width(), pic.height()), (2_048, 683), "shrunk to 2 048 px");
    // Sent again (a retry after a dropped connection): one message.
    attach(&shop, &rina, "p4", png(3_000, 1_000), Some(&csrf)).await;
    assert!(c.quiet("message", Duration::from_millis(300)).await);

    // The till has the picture after syncing, for its inbox to show offline.
    desk.sync_until_quiet().await;
    desk.sync_until_quiet().await;
    let conv = m["conversation"].as_str().unwrap().to_string();
    let here = desk
        .core
        .chat_messages(desk.t(), pos_core::chat::ChatListRequest { conversation_id: conv })
        .unwrap();
    assert_eq!(here[0].attachment.as_deref(), Some(hash.as_str()));
    let blobs = desk
        .core
        .photo_blobs(
            desk.t(),
            pos_core::photos::BlobRefs {
                hashes: vec![hash.clone()],
            },
        )
        .unwrap();
    assert!(blobs[0].base64.is_some(), "fetched by sync");

    // Twenty pictures a conversation at most.
    for i in 0..19 {
        let (status, _) = attach(&shop, &rina, &format!("q{i}"), png(20 + i, 20), Some(&csrf)).await;
        assert_eq!(status, 200);
    }
    let (status, words) = attach(&shop, &rina, "q-last", png(99, 20), Some(&csrf)).await;
    assert_eq!(
        (status, words["en"].as_str()),
        (422, Some("A conversation holds at most 20 pictures."))
    );
}
