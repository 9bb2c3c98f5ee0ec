//! What the tests share: the push outcomes a server wrote.

use super::*;

pub(crate) async fn writes(s: &Server) -> Vec<i64> {
    let mut out = Vec::new();
    for t in [
        "facts",
        "changes",
        "push_outcomes",
        "stock_ledger",
        "entities",
        "sync_issues",
    ] {
        out.push(s.count(&format!("SELECT count(*) FROM {t}")).await);
    }
    out.push(s.count("SELECT coalesce(sum(last_seq), 0)::bigint FROM devices").await);
    out
}

/// A store on a new server, as the raw-protocol tests start: the owner's session and trusted desk,
/// and the owner's account and product p1 pushed from it.
pub(crate) async fn seeded_store() -> (Server, reqwest::Client, String, support::Device) {
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "a@x.test", "BDG1").await;
    let desk = support::enrol_with(&http, &s.url, &owner, "BDG1", true).await;
    seed(&http, &s, &desk).await;
    (s, http, owner, desk)
}
