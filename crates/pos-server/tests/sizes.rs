//! Pages and pushes are bounded in bytes, not only rows: a terminal with many large records sends
//! them in several pushes (never one refused forever), and a terminal that pulls them gets pages
//! of a few MiB (a single record, however large within its limit, still goes, alone).

mod support;

use support::Terminal;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_records_go_in_bounded_pushes_and_bounded_pages() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let till = desk.link_and_join(&s.url).await;
    // Sixty audit records of 400 KiB each: 24 MiB, more than one push may carry.
    let owner: String = desk.core.with_db(|c| {
        c.query_row("SELECT id FROM users WHERE role = 'owner'", [], |r| r.get(0))
            .unwrap()
    });
    desk.core.with_db(|c| {
        for i in 0..60 {
            let id = pos_domain::new_id();
            let payload = serde_json::json!({"id": id, "at": i, "user_id": owner, "action": "product.updated",
                "entity": "product", "entity_id": null, "before": null, "after": "x".repeat(400 * 1024)});
            pos_store::outbox::append(c, "audit_event", &id, &payload, 1, Some(&owner)).unwrap();
        }
    });
    desk.sync_until_quiet().await;
    assert_eq!(
        s.count("SELECT count(*) FROM facts WHERE kind = 'audit_event' AND length(payload::text) > 400000")
            .await,
        60
    );
    s.assert_no_issues().await;

    // A raw pull asking for 5 000 changes gets a few MiB, and says there is more.
    let http = reqwest::Client::new();
    let creds = pos_sync::Local::credentials(&*till.core).unwrap();
    let page: serde_json::Value = http
        .get(format!("{}/v1/pull?after=0&limit=5000", s.url))
        .bearer_auth(&creds.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bytes = serde_json::to_vec(&page["changes"]).unwrap().len();
    assert!(
        bytes <= pos_protocol::PAGE_BYTES + 600 * 1024,
        "a page of {bytes} bytes"
    );
    assert_eq!(page["more"], true);
    till.sync_until_quiet().await;
    assert_eq!(
        till.count("SELECT count(*) FROM audit_events WHERE length(after) > 400000"),
        60,
        "every large record reaches the other terminal"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_the_server_takes_for_too_large_is_sent_in_halves() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    desk.link(&s.url).await;
    desk.sync_until_quiet().await;
    // A terminal set to send more records at once than this server takes (as a terminal of a later
    // release might be, beside a server of an earlier one).
    let config = pos_sync::EngineConfig {
        batch: pos_sync::protocol::MAX_BATCH + 1000,
        ..support::engine_config()
    };
    desk.engine = pos_sync::Engine::new(
        desk.core.clone(),
        config.clone(),
        std::sync::Arc::new(pos_adapters::SyncHttp::new(config.timeout)),
    );
    let owner: String = desk.core.with_db(|c| {
        c.query_row("SELECT id FROM users WHERE role = 'owner'", [], |r| r.get(0))
            .unwrap()
    });
    let n = pos_sync::protocol::MAX_BATCH + 500;
    desk.core.with_db(|c| {
        let tx = c.transaction().unwrap();
        for i in 0..n {
            let id = pos_domain::new_id();
            let payload = serde_json::json!({"id": id, "at": i, "user_id": owner, "action": "product.updated",
                "entity": "product", "entity_id": null, "before": null, "after": "price"});
            pos_store::outbox::append(&tx, "audit_event", &id, &payload, 1, Some(&owner)).unwrap();
        }
        tx.commit().unwrap();
    });
    desk.sync_until_quiet().await;
    assert_eq!(desk.pending(), 0, "everything went, in smaller batches");
    assert_eq!(
        s.count("SELECT count(*) FROM facts WHERE kind = 'audit_event' AND payload ->> 'after' = 'price'")
            .await,
        n as i64
    );
}
