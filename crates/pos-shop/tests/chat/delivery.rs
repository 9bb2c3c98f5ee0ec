//! Every message once, in order, on both sides: two instances, sockets cut mid-burst, an offline
//! reply, the inbox through sync, notes, product cards and assignment.

use super::common::{self, Terminal};
use super::{customer, seqs, staff};
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_message_arrives_once_in_order_across_instances_and_cuts() {
    let a = common::start().await;
    let b = common::start_on(a.pg.clone(), Duration::ZERO).await;
    let mut desk = Terminal::set_up();
    desk.link(&a.url).await;
    desk.sync_until_quiet().await;

    // A guest on instance A (the page gave the browser its visitor cookie).
    let rina = a.browser();
    assert_eq!(rina.get("/").await.status, 200);
    let mut c = customer(&a, &rina).await;
    let w = c.hello(0).await;
    assert_eq!(w["started"], false, "a guest introduces themselves first");
    c.say(json!({"type": "send", "id": "early", "body": "halo?"})).await;
    assert_eq!(c.expect("refused").await["id"], "Tulis nama Anda dulu.");
    c.say(json!({"type": "start", "name": "Rina", "contact": "rina@example.com"}))
        .await;
    assert_eq!(c.expect("welcome").await["started"], true);

    // The terminal on instance B; the customer's next look sees someone online.
    let mut s = staff(&b, &desk).await;
    s.hello(0).await;
    let mut c2 = customer(&a, &rina).await;
    assert_eq!(c2.hello(0).await["staff_online"], true, "a terminal is there");
    drop(c2);

    // A burst of 30; the customer's connection is cut after 12 are sent, acknowledged or not.
    let body = |i: usize| format!("pesan {i}");
    for i in 1..=12 {
        c.say(json!({"type": "send", "id": format!("m{i}"), "body": body(i)}))
            .await;
    }
    let mut seen: Vec<Value> = Vec::new();
    // Whatever came back before the cut.
    while let Some(v) = c.next_within(Duration::from_millis(50)).await {
        if v["type"] == "message" {
            seen.push(v);
        }
    }
    drop(c);
    // Back on the other instance this time, resuming after the last number it has; the widget
    // sends again everything not yet acknowledged (the same ids: appended once).
    let last = seen.last().map_or(0, |m| m["seq"].as_i64().unwrap());
    let mut c = customer(&b, &rina).await;
    c.hello(last).await;
    for i in 1..=30 {
        c.say(json!({"type": "send", "id": format!("m{i}"), "body": body(i)}))
            .await;
    }
    let got = c.messages(30 - seen.len()).await;
    seen.extend(got);
    assert_eq!(seqs(&seen), (1..=30).collect::<Vec<_>>(), "once each, in order, no gap");
    let bodies: Vec<&str> = seen.iter().map(|m| m["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, (1..=30).map(body).collect::<Vec<_>>());
    assert!(c.quiet("message", Duration::from_millis(300)).await, "no duplicate");

    // The terminal got all 30 too; it is cut after 10 and resumes from its feed place.
    let first = s.messages(10).await;
    let feed = first.last().unwrap()["feed"].as_i64().unwrap();
    drop(s);
    let mut s = staff(&a, &desk).await;
    s.hello(feed).await;
    let rest = s.messages(20).await;
    let all: Vec<Value> = first.into_iter().chain(rest).collect();
    assert_eq!(seqs(&all), (1..=30).collect::<Vec<_>>());
    assert!(all.iter().all(|m| m["sender"] == "customer" && m["author"] == "Rina"));
    let conversation = all[0]["conversation"].as_str().unwrap().to_string();
    assert!(s.quiet("message", Duration::from_millis(300)).await);

    // The customer types; the terminal on the other instance sees it.
    c.say(json!({"type": "typing"})).await;
    let t = s.expect("typing").await;
    assert_eq!(
        (t["conversation"].as_str(), t["staff"].as_bool()),
        (Some(conversation.as_str()), Some(false))
    );

    // The terminal's inbox (through sync's chat feed): Rina waiting, 30 unread, in order.
    desk.sync_until_quiet().await;
    let inbox = desk.core.chat_inbox(desk.t()).unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(
        (
            inbox[0].customer.as_str(),
            inbox[0].contact.as_str(),
            inbox[0].status,
            inbox[0].unread
        ),
        ("Rina", "rina@example.com", pos_core::chat::ChatStatus::Waiting, 30)
    );
    assert_eq!(desk.core.chat_unread(desk.t()).unwrap().messages, 30);
    // The history is searched offline, by message text, name or contact; a wildcard is text.
    let search = |q: &str| {
        desk.core
            .chat_search(desk.t(), pos_core::chat::ChatSearch { query: q.into() })
            .unwrap()
            .len()
    };
    assert_eq!((search("pesan 17"), search("RINA"), search("example.com")), (1, 1, 1));
    assert_eq!((search("gitar"), search("%"), search("_")), (0, 0, 0));
    let read = desk
        .core
        .chat_messages(
            desk.t(),
            pos_core::chat::ChatListRequest {
                conversation_id: conversation.clone(),
            },
        )
        .unwrap();
    assert_eq!(
        read.iter().map(|m| m.seq.unwrap()).collect::<Vec<_>>(),
        (1..=30).collect::<Vec<_>>()
    );
    assert_eq!(
        desk.core.chat_unread(desk.t()).unwrap().messages,
        0,
        "read by opening it"
    );

    // A reply written while the terminal is offline (nothing synced) is kept, and reaches the
    // customer when the terminal syncs: after the customer's own, as number 31.
    let reply = desk
        .core
        .send_chat_message(
            desk.t(),
            pos_core::sync::SendChatRequest {
                conversation_id: conversation.clone(),
                body: "Ada, kak. Mau dicoba di toko?".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(
        c.quiet("message", Duration::from_millis(300)).await,
        "not before it syncs"
    );
    desk.sync_until_quiet().await;
    let m = c.expect("message").await;
    assert_eq!((m["seq"].as_i64(), m["sender"].as_str()), (Some(31), Some("staff")));
    assert_eq!(m["body"], reply.body.as_str());
    assert_eq!(m["author"], "Dimas");
    // Synced again, it is not appended twice; here it learnt its number.
    desk.sync_until_quiet().await;
    assert!(c.quiet("message", Duration::from_millis(300)).await);
    assert_eq!(
        a.count("SELECT count(*) FROM chat_messages").await,
        31,
        "31 rows, whatever was sent twice"
    );
    let here = desk
        .core
        .chat_messages(
            desk.t(),
            pos_core::chat::ChatListRequest {
                conversation_id: conversation.clone(),
            },
        )
        .unwrap();
    assert_eq!((here.len(), here.last().unwrap().seq), (31, Some(31)));
    assert_eq!(
        desk.core.chat_inbox(desk.t()).unwrap()[0].status,
        pos_core::chat::ChatStatus::Open
    );

    // An internal note never reaches the customer; a product card does, with its product.
    let strat = desk
        .product("Gitar", "FEN-STRAT", "Fender Stratocaster", 25_000_000, 3_500, 2)
        .id;
    for (body, note, product) in [
        ("cek stok gudang dulu", true, None),
        ("Ini gitarnya, kak", false, Some(strat.clone())),
    ] {
        desk.core
            .send_chat_message(
                desk.t(),
                pos_core::sync::SendChatRequest {
                    conversation_id: conversation.clone(),
                    body: body.into(),
                    note,
                    product_id: product,
                },
            )
            .unwrap();
    }
    desk.sync_until_quiet().await;
    let card = c.expect("message").await;
    assert_eq!(
        (card["seq"].as_i64(), card["body"].as_str()),
        (Some(33), Some("Ini gitarnya, kak"))
    );
    assert_eq!(card["product_id"], strat.as_str());
    // What the widget shows of it: as the shop shows the product now.
    let shown: Value = rina
        .http
        .get(format!("{}/chat/product/{strat}", a.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            shown["name"].as_str(),
            shown["price"].as_str(),
            shown["availability"].as_str(),
            shown["sellable"].as_bool()
        ),
        (
            Some("Fender Stratocaster"),
            Some("Rp 25.000.000"),
            Some("Sisa 2"),
            Some(true)
        ),
        "{shown}"
    );
    assert_eq!(rina.get("/chat/product/nope").await.status, 404);
    assert!(
        c.quiet("message", Duration::from_millis(300)).await,
        "the note (32) never came"
    );
    // The owner takes the conversation: every terminal and the server know who answers it; the
    // customer sees nothing of it (it is a note).
    let owner = desk
        .core
        .chat_staff(desk.t())
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Dimas")
        .unwrap();
    desk.core
        .assign_chat(
            desk.t(),
            pos_core::chat::ChatAssignRequest {
                conversation_id: conversation.clone(),
                user_id: Some(owner.id),
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    assert_eq!(
        a.text(&format!(
            "SELECT assigned_to FROM chat_conversations WHERE id = '{conversation}'"
        ))
        .await,
        "Dimas"
    );
    assert_eq!(desk.core.chat_inbox(desk.t()).unwrap()[0].assigned_to, "Dimas");
    assert!(
        c.quiet("message", Duration::from_millis(300)).await,
        "the assignment is staff's own"
    );
    assert!(
        desk.core
            .assign_chat(
                desk.t(),
                pos_core::chat::ChatAssignRequest {
                    conversation_id: conversation.clone(),
                    user_id: Some("nobody".into()),
                },
            )
            .is_err()
    );

    // A card for a product the store does not have is refused at the till.
    assert!(
        desk.core
            .send_chat_message(
                desk.t(),
                pos_core::sync::SendChatRequest {
                    conversation_id: conversation.clone(),
                    body: "?".into(),
                    product_id: Some("nope".into()),
                    ..Default::default()
                },
            )
            .is_err()
    );

    // The terminal's catching up without a socket: the same 31, a page at a time.
    use pos_sync::Local;
    let token = desk.core.credentials().unwrap().token;
    let page: Value = reqwest::Client::new()
        .get(format!("{}/v1/chat/feed?after=0", b.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        page["messages"].as_array().unwrap().len(),
        34,
        "notes (and the assignment) included, for staff"
    );
    assert!(
        page["messages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["assigned_to"] == "Dimas"),
        "each line says who answers the conversation now"
    );
    assert_eq!(page["more"], false);
}
