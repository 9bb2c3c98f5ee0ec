//! Nobody reads a conversation that is not theirs (the old shop's room hijack), and the socket's
//! limits hold.

use super::common::{self, Terminal, sockets::open};
use super::customer;
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_reads_only_their_own_conversation() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;

    let rina = shop.browser();
    rina.get("/").await;
    let mut c = customer(&shop, &rina).await;
    c.hello(0).await;
    c.say(json!({"type": "start", "name": "Rina", "contact": "0813 1234 5678"}))
        .await;
    c.expect("welcome").await;
    c.say(json!({"type": "send", "id": "r1", "body": "alamat saya Jl. Rahasia 7"}))
        .await;
    let mine = c.expect("message").await;
    let conversation = mine["conversation"].as_str().unwrap().to_string();

    // Another visitor: no conversation, whatever they claim; their own is theirs alone.
    let eve = shop.browser();
    eve.get("/").await;
    let mut e = customer(&shop, &eve).await;
    assert_eq!(e.hello(0).await["started"], false);
    e.say(json!({"type": "hello", "after": 0, "conversation": conversation}))
        .await;
    e.say(json!({"type": "start", "name": "Eve", "contact": "eve@example.com", "conversation": conversation}))
        .await;
    e.expect("welcome").await;
    e.say(json!({"type": "send", "id": "r1", "body": "halo", "conversation": conversation}))
        .await;
    let hers = e.expect("message").await;
    assert_ne!(hers["conversation"], conversation.as_str());
    assert_eq!(hers["seq"], 1, "her own conversation, from 1");
    assert!(
        e.quiet("message", Duration::from_millis(300)).await,
        "nothing of Rina's"
    );
    // Rina's conversation did not change either.
    assert!(c.quiet("message", Duration::from_millis(300)).await);

    // A made-up cookie is a new visitor; no cookie, or a page of another site, is refused.
    let host = shop.url.trim_start_matches("http://").to_string();
    let origin = format!("http://{host}");
    let mut forged = open(
        &shop.url,
        "/chat/socket",
        &[
            ("cookie", "hr_v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into()),
            ("origin", origin.clone()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(forged.hello(0).await["started"], false);
    assert_eq!(
        open(&shop.url, "/chat/socket", &[("origin", origin)]).await.err(),
        Some(403)
    );
    assert_eq!(
        open(
            &shop.url,
            "/chat/socket",
            &[("cookie", rina.cookies()), ("origin", "https://evil.example".into())]
        )
        .await
        .err(),
        Some(403),
        "another site's page cannot speak for Rina"
    );
    // Without a device token there is no staff socket.
    assert_eq!(open(&shop.url, "/v1/chat/socket", &[]).await.err(), Some(401));

    // Limits: too long, too fast, too big a frame.
    c.say(json!({"type": "send", "id": "long", "body": "x".repeat(2_001)}))
        .await;
    assert!(c.expect("refused").await["en"].as_str().unwrap().contains("2 000"));
    for i in 0..25 {
        c.say(json!({"type": "send", "id": format!("f{i}"), "body": "cepat"}))
            .await;
    }
    let refused = c.expect("refused").await;
    assert!(refused["en"].as_str().unwrap().contains("too quickly"), "{refused}");
    c.say(json!({"type": "send", "id": "big", "body": "y".repeat(20_000)}))
        .await;
    assert!(
        c.next_within(Duration::from_secs(2))
            .await
            .is_none_or(|v| v["type"] != "ack")
    );
    // HTML is text: stored and sent as written, for the widget to show as text.
    let mut d = customer(&shop, &rina).await;
    d.hello(0).await;
    d.say(json!({"type": "send", "id": "x1", "body": "<img src=x onerror=alert(1)>"}))
        .await;
    let seq = d.expect("ack").await["seq"].as_i64().unwrap();
    let shown = loop {
        let m = d.expect("message").await;
        if m["seq"] == seq {
            break m;
        }
    };
    assert_eq!(shown["body"], "<img src=x onerror=alert(1)>");
}
