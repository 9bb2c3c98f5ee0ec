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
