//! The sync server's database is restored from a backup: what it lost since comes back from the
//! terminals that sent it (they keep acknowledged records for 30 days), terminals read on from the
//! restored log's end, and a terminal that joins afterwards gets every sale. Real PostgreSQL: the
//! "backup" is a copy of the live database made with CREATE DATABASE … TEMPLATE.

mod support;

use pos_core::counter::shift::OpenShift;
use support::{Terminal, sell};

/// Copies database `from` to a new one once nobody is connected to it (a closed pool's sessions
/// take a moment to end).
async fn copy_database(from: &str, to: &str) {
    let base = pos_server::config::Config::default().pg().unwrap();
    let (client, conn) = base.connect(tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(conn);
    for attempt in 0.. {
        match client
            .execute(&format!("CREATE DATABASE {to} TEMPLATE {from}"), &[])
            .await
        {
            Ok(_) => return,
            Err(e) if attempt < 100 => {
                let _ = e;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("copying {from}: {e}"),
        }
    }
}

fn named(db: &str) -> tokio_postgres::Config {
    let mut pg = pos_server::config::Config::default().pg().unwrap();
    pg.dbname(db);
    pg
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restored_from_a_backup_gets_back_every_sale_from_the_terminals() {
    let live = support::fresh_database().await;
    let live_name = live.get_dbname().unwrap().to_string();
    let s1 = support::start_server_with(live.clone(), Default::default()).await;
    let mut a = Terminal::set_up();
    let p = a.product("Strings", "STR-10", "Ernie Ball 10-46", 95_000, 60, 50);
    let b = a.link_and_join(&s1.url).await;
    for t in [&a, &b] {
        t.core.open_shift(t.t(), OpenShift { opening_float: 0 }).unwrap();
    }
    sell(&a, &p.id, 1);
    sell(&b, &p.id, 2);
    a.sync_until_quiet().await;
    b.sync_until_quiet().await;

    // Last night's backup.
    s1.pool.close();
    let backup = format!("{live_name}_backup");
    copy_database(&live_name, &backup).await;

    // The day goes on against the live database: more sales, a price change, all acknowledged.
    let s2 = support::start_server_with(live, Default::default()).await;
    for t in [&a, &b] {
        t.via(&s2.url);
    }
    sell(&a, &p.id, 3);
    sell(&a, &p.id, 1);
    sell(&b, &p.id, 4);
    let edit = a
        .core
        .get_product(a.t(), pos_core::products::ProductId { id: p.id.clone() })
        .unwrap();
    let fields = pos_core::products::ProductInput {
        sku: edit.sku.clone(),
        name: edit.name.clone(),
        category_id: edit.category_id.clone(),
        price: 99_000,
        cost: edit.cost.rupiah(),
        weight_g: edit.weight_g,
        active: true,
        ..Default::default()
    };
    let update = pos_core::products::ProductUpdate {
        id: p.id.clone(),
        expected_version: edit.version,
        fields,
    };
    a.core.update_product(a.t(), update).unwrap();
    for _ in 0..2 {
        a.sync_until_quiet().await;
        b.sync_until_quiet().await;
    }
    assert_eq!(a.pending() + b.pending(), 0, "everything acknowledged");
    assert_eq!(s2.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await, 5);

    // The live database is lost; the server comes back on the backup, which has two sales. One
    // more sale at A while the server is down: A's next push meets the server's gap first.
    s2.pool.close();
    sell(&a, &p.id, 1);
    let s3 = support::start_server_with(named(&backup), Default::default()).await;
    assert_eq!(s3.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await, 2);
    for t in [&a, &b] {
        t.via(&s3.url);
    }
    for _ in 0..3 {
        a.sync_until_quiet().await;
        b.sync_until_quiet().await;
    }
    for t in [&a, &b] {
        let st = t.engine_status();
        assert_eq!(st.error_code, None, "{:?}", st.error);
        assert_eq!(t.pending(), 0);
    }
    assert_eq!(
        s3.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await,
        6,
        "every sale is back"
    );
    assert_eq!(
        s3.count("SELECT on_hand FROM stock_balances").await,
        50 - 12,
        "stock adds up on the server"
    );

    // A terminal that joins now gets the whole day, and the price edit.
    let code = a.code_for("BDG1").await;
    let mut c = Terminal::blank();
    c.join(&s3.url, code).await;
    for (name, t) in [("A", &a), ("B", &b), ("C", &c)] {
        assert_eq!(t.count("SELECT count(*) FROM sales"), 6, "terminal {name}");
        assert_eq!(t.count("SELECT on_hand FROM stock_levels"), 38);
        assert_eq!(t.count("SELECT price FROM products WHERE sku = 'STR-10'"), 99_000);
    }
    // The owner is told.
    let review = a.core.sync_review(a.t(), Default::default()).unwrap();
    let note = review
        .iter()
        .find(|r| r.issue == "server_restored")
        .expect("a review item");
    assert!(note.reason.contains("sent again"), "{}", note.reason);
    // A new sale after all that goes through normally.
    sell(&b, &p.id, 1);
    b.sync_until_quiet().await;
    a.sync_until_quiet().await;
    assert_eq!(a.count("SELECT on_hand FROM stock_levels"), 37);
    assert_eq!(s3.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await, 7);
}
