//! Live chat through the real deployment (sync endpoint, shop and chat on PostgreSQL) with real
//! terminals: delivery across instances and cuts, the room hijack and limits, the till's
//! doorbell, customers' pictures. Sockets as the widget and a till open them.

#[path = "../common/mod.rs"]
mod common;

mod delivery;
mod doorbell;
mod hijack;
mod pictures;

use common::sockets::{Sock, open};
use common::{Browser, Shop, Terminal};
use serde_json::Value;

pub async fn customer(shop: &Shop, b: &Browser) -> Sock {
    let host = shop.url.trim_start_matches("http://").to_string();
    open(
        &shop.url,
        "/chat/socket",
        &[("cookie", b.cookies()), ("origin", format!("http://{host}"))],
    )
    .await
    .expect("the widget's socket opens")
}

pub async fn staff(shop: &Shop, desk: &Terminal) -> Sock {
    use pos_sync::Local;
    let token = desk.core.credentials().expect("the terminal is linked").token;
    open(
        &shop.url,
        "/v1/chat/socket",
        &[("authorization", format!("Bearer {token}"))],
    )
    .await
    .expect("the terminal's socket opens")
}

pub fn seqs(ms: &[Value]) -> Vec<i64> {
    ms.iter().map(|m| m["seq"].as_i64().unwrap()).collect()
}
