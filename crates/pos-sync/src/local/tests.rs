use super::*;

const DAY: i64 = 24 * 3600 * 1000;

fn queue(conn: &Connection, n: usize) {
    for i in 0..n {
        pos_store::outbox::append(
            conn,
            "audit_event",
            &format!("e{i}"),
            &serde_json::json!({ "i": i }),
            0,
            None,
        )
        .unwrap();
    }
}

fn seqs(conn: &Connection, table: &str) -> Vec<i64> {
    conn.prepare(&format!("SELECT seq FROM {table} ORDER BY seq"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_>>()
        .unwrap()
}

#[test]
fn a_restored_server_gets_what_is_still_kept_and_the_outbox_goes_on_without_a_gap() {
    let mut conn = pos_store::open_in_memory().unwrap();
    queue(&conn, 10);
    // 1..=4 acknowledged 40 days ago, 5..=8 yesterday; 9 and 10 still waiting.
    ack(&mut conn, 4, 0).unwrap();
    ack(&mut conn, 8, 40 * DAY).unwrap();
    assert_eq!(seqs(&conn, "outbox_sent"), vec![5, 6, 7, 8], "kept 30 days, no longer");
    assert_eq!(acked_seq(&conn).unwrap(), 8);
    ack(&mut conn, 3, 40 * DAY).unwrap();
    assert_eq!(acked_seq(&conn).unwrap(), 8, "never goes back on a late answer");

    // The server comes back from a backup holding only 1..=2.
    let r = recover_lost(&mut conn, 2, 41 * DAY).unwrap();
    assert_eq!(r, Recovered { resent: 4, lost: 2 });
    assert_eq!(
        seqs(&conn, "outbox"),
        vec![3, 4, 5, 6, 7, 8],
        "numbered on from 3, no gap"
    );
    let ids: Vec<String> = conn
        .prepare("SELECT entity_id FROM outbox ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_>>()
        .unwrap();
    assert_eq!(ids, ["e4", "e5", "e6", "e7", "e8", "e9"], "same records, same order");
    assert_eq!(acked_seq(&conn).unwrap(), 2);
    queue(&conn, 1);
    assert_eq!(*seqs(&conn, "outbox").last().unwrap(), 9, "the counter follows");
    let reason: String = conn
        .query_row(
            "SELECT reason FROM sync_issues WHERE issue = 'server_restored'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        reason.contains("4 records sent again") && reason.contains("2 older than 30 days"),
        "{reason}"
    );

    // Everything still kept: resent with its own numbers, nothing renumbered.
    let mut conn = pos_store::open_in_memory().unwrap();
    queue(&conn, 6);
    ack(&mut conn, 5, DAY).unwrap();
    let r = recover_lost(&mut conn, 3, 2 * DAY).unwrap();
    assert_eq!(r, Recovered { resent: 2, lost: 0 });
    assert_eq!(seqs(&conn, "outbox"), vec![4, 5, 6]);
}

fn change(seq: i64, kind: &str, id: &str, payload: Value) -> Change {
    Change {
        seq,
        kind: kind.into(),
        id: id.into(),
        origin: None,
        version: seq,
        payload,
    }
}

fn page(changes: Vec<Change>) -> PullResponse {
    let next = changes.last().map_or(0, |c| c.seq);
    PullResponse {
        changes,
        next,
        head: next,
        more: false,
        acked: None,
        stamp: None,
        rewind: false,
        manages_staff: None,
    }
}

#[test]
fn changes_that_never_apply_do_not_starve_one_that_would() {
    let mut conn = pos_store::open_in_memory().unwrap();
    // Twelve hundred broken sales, then a product whose category has not arrived yet.
    let mut junk: Vec<Change> = (1..=1200)
        .map(|i| {
            change(
                i,
                "sale",
                &format!("bad{i}"),
                serde_json::json!({"id": format!("bad{i}")}),
            )
        })
        .collect();
    apply_page(&mut conn, &page(std::mem::take(&mut junk)), 1).unwrap();
    let product = change(
        1201,
        "product",
        "p1",
        serde_json::json!({"id": "p1", "sku": "P1", "name": "Pick", "category_id": "c1", "price": 1, "cost": 1}),
    );
    apply_page(&mut conn, &page(vec![product]), 2).unwrap();
    let waiting = |c: &Connection| -> i64 {
        c.query_row(
            "SELECT count(*) FROM sync_issues WHERE issue = 'not_applied'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(waiting(&conn), 1201);
    // The category arrives, and then a few more pages of other things.
    apply_page(
        &mut conn,
        &page(vec![change(
            1202,
            "category",
            "c1",
            serde_json::json!({"id": "c1", "name": "Picks"}),
        )]),
        3,
    )
    .unwrap();
    for i in 0..8 {
        let id = format!("c{}", i + 2);
        let c = change(1203 + i, "category", &id, serde_json::json!({"id": id, "name": id}));
        apply_page(&mut conn, &page(vec![c]), 4 + i).unwrap();
    }
    let products: i64 = conn
        .query_row("SELECT count(*) FROM products", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        products, 1,
        "the product applied although twelve hundred older ones never will"
    );
    assert_eq!(waiting(&conn), 1200);
    let tries: i64 = conn
        .query_row("SELECT max(attempts) FROM sync_issues", [], |r| r.get(0))
        .unwrap();
    assert!(tries <= MAX_RETRIES);
}
