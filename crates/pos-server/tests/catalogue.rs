//! The shop's catalogue rows follow the pushes that merge products, written after each push
//! commits (off the store's lock): a later version never gives way to an earlier one, and rows a
//! crash left behind their product are caught up by the shop's sweep.

mod support;

use pos_core::products::{ProductId, ProductUpdate};
use pos_server::push::catalogue;
use support::{Terminal, input_of};

async fn shop_row(s: &support::Server, id: &str) -> Option<(i64, i64)> {
    let c = s.pool.get().await.unwrap();
    c.query_opt("SELECT price, version FROM shop_products WHERE id = $1", &[&id])
        .await
        .unwrap()
        .map(|r| (r.get(0), r.get(1)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shops_catalogue_follows_each_push_and_catches_up_after_a_crash() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let strings = desk.product("Strings", "STR-1", "Ernie Ball Slinky", 95_000, 50, 40);
    let picks = desk.product("Picks", "PCK-1", "Dunlop Tortex", 15_000, 50, 8);
    desk.link(&s.url).await;
    desk.sync_until_quiet().await;
    assert_eq!(shop_row(&s, &strings.id).await, Some((95_000, 1)));

    // A new price reaches the shop once the push has answered.
    let current = desk
        .core
        .get_product(desk.t(), ProductId { id: strings.id.clone() })
        .unwrap();
    let mut fields = input_of(&current);
    fields.price = 99_000;
    desk.core
        .update_product(
            desk.t(),
            ProductUpdate {
                id: strings.id.clone(),
                fields,
                expected_version: current.version,
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    assert_eq!(shop_row(&s, &strings.id).await, Some((99_000, 2)));

    // An earlier version written late (another push's rows, slower) changes nothing.
    let c = s.pool.get().await.unwrap();
    let store: uuid::Uuid = c.query_one("SELECT id FROM stores", &[]).await.unwrap().get(0);
    let mut old = pos_server::store::shop_products::ShopProducts::default();
    let state = serde_json::json!({"price": 95_000, "name": "Ernie Ball Slinky", "sku": "STR-1"});
    old.push(&strings.id, 1, state.as_object().unwrap());
    pos_server::store::shop_products::upsert(&c, store, &old).await.unwrap();
    assert_eq!(shop_row(&s, &strings.id).await, Some((99_000, 2)));

    // A crash between a push's commit and its catalogue rows: one row behind, one missing.
    c.execute(
        "UPDATE shop_products SET price = 1, version = 1 WHERE id = $1",
        &[&strings.id],
    )
    .await
    .unwrap();
    c.execute("DELETE FROM shop_products WHERE id = $1", &[&picks.id])
        .await
        .unwrap();
    assert_eq!(catalogue::catch_up(&s.pool, 100).await.unwrap(), 2);
    assert_eq!(shop_row(&s, &strings.id).await, Some((99_000, 2)));
    assert_eq!(shop_row(&s, &picks.id).await, Some((15_000, 1)));
    assert_eq!(
        catalogue::catch_up(&s.pool, 100).await.unwrap(),
        0,
        "nothing left behind"
    );
}
