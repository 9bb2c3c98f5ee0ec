//! Live chat delivery on one instance (run under scripts/with-postgres.sh, release build):
//!
//!   scripts/with-postgres.sh cargo bench -p pos-shop --bench chat
//!
//! 1 000 customers hold a chat socket open (each with its own visitor cookie and conversation)
//! and 20 terminals hold theirs, server and PostgreSQL on the same two cores. Customers then send
//! 10 messages a second in all for 30 s, each stamped with the moment it was sent; the delivery
//! latency is measured where it arrives: at the 20 terminals (every message) and back at the
//! customer's own socket (its number, as the widget shows it). Target: p99 < 100 ms. Also
//! printed: the process's memory before and after the 1 000 idle sockets were opened (both ends
//! live in this process, so the figure per socket is an upper bound for the server's share).

#[path = "../tests/common/mod.rs"]
mod common;

use common::server;
use common::sockets::{Sock, open};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

const CUSTOMERS: usize = 1_000;
const TERMINALS: usize = 20;
const PER_SECOND: u64 = 10;
const SECONDS: u64 = 30;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let shop = common::start_with(Duration::from_secs(5)).await;
        let http = reqwest::Client::new();
        let owner = server::signup(&http, &shop.url, "owner@chat.bench", "BDG1").await;
        let host = shop.url.trim_start_matches("http://").to_string();
        let origin = format!("http://{host}");

        // Customers: a page for the visitor cookie (browsers dropped), then a socket each and an
        // introduction; the memory is read around the sockets alone.
        let mut cookies = Vec::with_capacity(CUSTOMERS);
        for _ in 0..CUSTOMERS {
            let b = shop.browser();
            b.get("/").await;
            cookies.push(b.cookies());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let before = rss_kib();
        let t0 = Instant::now();
        let mut customers = Vec::with_capacity(CUSTOMERS);
        for (i, cookie) in cookies.into_iter().enumerate() {
            let mut s = open(&shop.url, "/chat/socket", &[("cookie", cookie), ("origin", origin.clone())])
                .await
                .unwrap();
            s.hello(0).await;
            s.say(json!({"type": "start", "name": format!("Pelanggan {i}"), "contact": format!("c{i}@example.com")}))
                .await;
            s.expect("welcome").await;
            customers.push(s);
        }
        let opened = t0.elapsed().as_secs_f64();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let after = rss_kib();
        println!(
            "{CUSTOMERS} customer sockets open in {opened:.1} s; memory {before} KiB → {after} KiB: {:.1} KiB per idle socket (both ends: this process holds the clients too)",
            (after.saturating_sub(before)) as f64 / CUSTOMERS as f64
        );

        // Terminals.
        let mut terminals = Vec::with_capacity(TERMINALS);
        for _ in 0..TERMINALS {
            let d = server::enrol(&http, &shop.url, &owner, "BDG1").await;
            let mut s = open(&shop.url, "/v1/chat/socket", &[("authorization", format!("Bearer {}", d.token))])
                .await
                .unwrap();
            s.hello(0).await;
            terminals.push(s);
        }

        let start = Instant::now();
        let total = (PER_SECOND * SECONDS) as usize;
        let stamp = move || start.elapsed().as_secs_f64() * 1000.0;
        // Receivers: every terminal sees every message; each customer sees its own back.
        let staff_ms = Arc::new(Mutex::new(Vec::new()));
        let own_ms = Arc::new(Mutex::new(Vec::new()));
        let mut readers = Vec::new();
        for mut t in terminals {
            let out = staff_ms.clone();
            readers.push(tokio::spawn(async move {
                let mut got = 0;
                while got < total {
                    let Some(v) = t.next_within(Duration::from_secs(20)).await else { break };
                    if v["type"] == "message" {
                        got += 1;
                        let sent: f64 = v["body"].as_str().unwrap_or("").trim_start_matches("t=").parse().unwrap_or(0.0);
                        out.lock().await.push(stamp() - sent);
                    }
                }
                got
            }));
        }
        // Senders: customers in turn, 10 a second.
        let mut socks: Vec<Sock> = customers;
        let mut tick = tokio::time::interval(Duration::from_millis(1000 / PER_SECOND));
        let mut pending = Vec::new();
        for n in 0..total {
            tick.tick().await;
            let mut s = socks.swap_remove((n * 7919) % socks.len());
            let body = format!("t={:.3}", stamp());
            s.say(json!({"type": "send", "id": format!("b{n}"), "body": body})).await;
            let out = own_ms.clone();
            pending.push(tokio::spawn(async move {
                loop {
                    let Some(v) = s.next_within(Duration::from_secs(20)).await else { break };
                    if v["type"] == "message" {
                        let sent: f64 = v["body"].as_str().unwrap_or("").trim_start_matches("t=").parse().unwrap_or(0.0);
                        out.lock().await.push(stamp() - sent);
                        break;
                    }
                }
                s
            }));
        }
        for p in pending {
            let _ = p.await;
        }
        let mut delivered = 0;
        for r in readers {
            delivered += r.await.unwrap_or(0);
        }
        let mut staff = staff_ms.lock().await.clone();
        let mut own = own_ms.lock().await.clone();
        println!(
            "{total} messages in {SECONDS} s: terminals got {delivered} of {} (p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms); \
             customers got their own {} of {total} (p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms)",
            total * TERMINALS,
            common::percentile(&mut staff, 0.5),
            common::percentile(&mut staff, 0.99),
            common::percentile(&mut staff, 1.0),
            own.len(),
            common::percentile(&mut own, 0.5),
            common::percentile(&mut own, 0.99),
            common::percentile(&mut own, 1.0),
        );
    });
}
