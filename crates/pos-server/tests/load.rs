//! Load before authentication: 200 concurrent bogus sign-ins and 50 oversized or gzip-bomb bodies
//! while honest terminals sync. Every attacker is answered 4xx; the honest terminals' requests all
//! succeed (the flood holds at most eight database connections, and none while a password is
//! being checked; forged tokens are refused without a lookup). Their p99 latency is a benchmark figure (`cargo bench
//! -p pos-server --bench sync -- attack`, release build, BENCHMARKS.md), not a timed test.

mod support;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bogus_sign_ins_and_bombs_are_refused_and_do_not_stall_honest_sync() {
    let s = support::start_server().await;
    let out = support::attack::under_attack(&s, 200, 50).await;
    let refused = out.attacker.iter().filter(|s| (400..500).contains(*s)).count();
    assert_eq!(
        refused,
        out.attacker.len(),
        "every attacker answered 4xx: {:?}",
        out.attacker
            .iter()
            .filter(|s| !(400..500).contains(*s))
            .collect::<Vec<_>>()
    );
    assert_eq!(out.honest_failures, 0);
    let p99 = support::attack::p99(&out.honest_ms);
    eprintln!(
        "honest requests: {}, p99 {p99:.1} ms (debug build), pool waits {}; attackers: {} (429: {}, 401: {}, 413: {})",
        out.honest_ms.len(),
        out.most_waiting,
        out.attacker.len(),
        out.attacker.iter().filter(|s| **s == 429).count(),
        out.attacker.iter().filter(|s| **s == 401).count(),
        out.attacker.iter().filter(|s| **s == 413).count()
    );
    assert!(out.honest_ms.len() > 20, "honest terminals kept syncing");
}
