//! A running till hears a customer at once (its chat socket rings its sync), and the widget sees
//! the store online while a till runs.

use super::common::{self, Terminal};
use super::customer;
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_till_hears_a_customer_at_once_and_the_widget_sees_it_online() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;

    // Nobody's till is running: the widget says the store is away.
    let rina = shop.browser();
    rina.get("/").await;
    let mut c = customer(&shop, &rina).await;
    assert_eq!(c.hello(0).await["staff_online"], false);

    // The till's sync runs with a minute between cycles; its chat socket is the doorbell.
    let config = pos_sync::EngineConfig {
        interval: Duration::from_secs(60),
        ..common::server::engine_config()
    };
    let engine = pos_sync::Engine::new(
        desk.core.clone(),
        config,
        std::sync::Arc::new(pos_adapters::SyncHttp::new(Duration::from_secs(10))),
    );
    let _running = engine.spawn();
    let mut online = false;
    for _ in 0..50 {
        let mut probe = customer(&shop, &rina).await;
        if probe.hello(0).await["staff_online"] == true {
            online = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(online, "the widget sees the store online once a till's socket is open");

    c.say(json!({"type": "start", "name": "Rina", "contact": "rina@example.com"}))
        .await;
    c.expect("welcome").await;
    let sent = std::time::Instant::now();
    c.say(json!({"type": "send", "id": "q1", "body": "Ada pick gitar?"}))
        .await;
    let mut unread = 0;
    while sent.elapsed() < Duration::from_secs(10) {
        unread = desk.core.chat_unread(desk.t()).unwrap().messages;
        if unread == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(unread, 1, "in the till's inbox long before its next sync cycle");

    // Which tills answer (the till's own socket), and staff typing reaching the customer: both
    // are blocking calls to the server, as commands run on the shells' worker threads.
    let (core, token) = (desk.core.clone(), desk.token.clone());
    let (tills, conversation) = tokio::task::spawn_blocking(move || {
        let tills = core.chat_presence(Some(&token)).unwrap();
        let conversation = core.chat_inbox(Some(&token)).unwrap()[0].id.clone();
        core.chat_typing(
            Some(&token),
            pos_core::chat::ChatTyping {
                conversation_id: conversation.clone(),
            },
        )
        .unwrap();
        (tills, conversation)
    })
    .await
    .unwrap();
    assert_eq!(tills.len(), 1, "{tills:?}");
    assert_eq!(tills[0].branch, "BDG1");
    let t = c.expect("typing").await;
    assert_eq!(
        (t["staff"].as_bool(), t["conversation"].as_str()),
        (Some(true), Some(conversation.as_str()))
    );
    assert!(sent.elapsed() < Duration::from_secs(10));
}
