//! Sync speed, end to end on loopback with a real PostgreSQL (run under scripts/with-postgres.sh):
//!
//!   scripts/with-postgres.sh cargo bench -p pos-server --bench sync
//!
//! 1. push: one terminal with 10 000 offline sales (50 000 lines, plus their audit events) in its
//!    outbox sends them all to a new server database (target < 10 s);
//! 2. pull: a new terminal joins a store whose change log holds 100 000 changes (50 000 products
//!    and their opening stock) and applies them all (target < 15 s);
//! 3. load: 200 terminals in 20 stores, each pushing a sale and pulling once a second for 20 s,
//!    started spread over the first second (target: p99 request latency < 100 ms);
//! 4. burst: the same 200 terminals all starting at the same instant and syncing back to back,
//!    10 rounds each, with no pause (a stress figure: every terminal reconnecting at once).
//! 5. year (only when named): a store with 100 000 products and a year of trading at its till
//!    (generated, queued like the till's own) links to a new server and sends everything; then a
//!    new terminal joins and pulls it all, as the "large first pull" (a record, one run).
//!
//! 6. attack: 200 bogus sign-ins and 50 oversized or gzip-bomb bodies at once while four honest
//!    terminals push and pull back to back (target: their p99 < 100 ms; every attacker 4xx).
//!
//! The year phase also times bare PostgreSQL inserting the same records (multi-row inserts of the
//! same batches into a plain table), so the ratio shows how close push is to the database's limit.
//!
//! Phases can be chosen: `cargo bench -p pos-server --bench sync -- load burst`.
//!
//! Each macro measure runs several times and prints every run; BENCHMARKS.md records them.

#[path = "../tests/support/mod.rs"]
mod support;

use pos_core::catalogue::CategoryInput;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counter::shift::OpenShift;
use pos_core::products::{NewProduct, ProductInput};
use pos_core::store_types::TenderKind;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use support::Terminal;

const RUNS: usize = 3;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // RUST_LOG=pos_server::push=debug shows where each batch's time goes.
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let chosen: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let run = |name: &str| chosen.is_empty() || chosen.iter().any(|c| c == name);
    rt.block_on(async {
        if run("push") {
            push_bench().await;
        }
        if run("pull") {
            pull_bench().await;
        }
        if run("load") {
            load_bench(false).await;
        }
        if run("burst") {
            load_bench(true).await;
        }
        if run("attack") {
            attack_bench().await;
        }
        if chosen.iter().any(|c| c == "year") {
            year_bench().await;
        }
    });
}

async fn year_bench() {
    eprintln!("year: generating 100 000 products and a year of trading ...");
    let started = Instant::now();
    let mut src = Terminal::set_up();
    let core = src.core.clone();
    let token = src.token.clone();
    tokio::task::spawn_blocking(move || {
        let category = CategoryInput {
            name: "Everything".into(),
            parent_id: None,
        };
        core.create_category(Some(&token), category).unwrap();
        let now = core.now();
        core.with_db(|c| {
            pos_core::demo::bulk_catalogue(c, 100_000, now).unwrap();
            let owner: String = c.query_row("SELECT id FROM users LIMIT 1", [], |r| r.get(0)).unwrap();
            let (branch, terminal): (String, String) = (
                pos_store::settings::device(c, "branch_code")
                    .unwrap()
                    .unwrap_or("BDG1".into()),
                pos_store::settings::device(c, "terminal")
                    .unwrap()
                    .unwrap_or("T1".into()),
            );
            let tx = c.transaction().unwrap();
            let today = pos_domain::wib_date(chrono::Utc::now());
            let spec = pos_core::history::Spec {
                last_day: today - chrono::Duration::days(1),
                days: 365,
                lines: 300_000,
                branches: vec![branch],
                terminals: vec![terminal],
                cashiers: vec![owner],
                restock: true,
                uniform_pct: 50,
                seed: 7,
                queue: true,
            };
            let made = pos_core::history::generate(&tx, &spec).unwrap();
            tx.commit().unwrap();
            eprintln!("year: {made:?}");
        });
    })
    .await
    .unwrap();
    eprintln!("year: generated in {:.0?}", started.elapsed());
    let server = support::start_server().await;
    src.link(&server.url).await;
    let records = src.pending();
    // The same records, for bare PostgreSQL afterwards.
    let same: Vec<pos_sync::Record> = src.core.with_db(|c| {
        let mut all = Vec::new();
        let mut stmt = c
            .prepare("SELECT seq, kind, entity_id, payload, at FROM outbox ORDER BY seq")
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                let payload: String = r.get(3)?;
                Ok(pos_sync::Record {
                    seq: r.get(0)?,
                    kind: r.get(1)?,
                    id: r.get(2)?,
                    at: r.get(4)?,
                    by: None,
                    payload: serde_json::from_str(&payload).unwrap_or(Value::Null),
                })
            })
            .unwrap();
        for r in rows {
            all.push(r.unwrap());
        }
        all
    });
    let start = Instant::now();
    src.sync_until_quiet().await;
    let pushed = start.elapsed();
    assert_eq!(src.pending(), 0);
    let sales = server.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await;
    let head = server.count("SELECT change_seq FROM stores").await;
    eprintln!(
        "year: first push of {records} records ({sales} sales) in {:.1} s; the change log holds {head}",
        pushed.as_secs_f64()
    );
    let bare = bare_inserts(&server, &same).await;
    eprintln!(
        "year: bare PostgreSQL inserts the same {} records in batches of 1 000 in {:.1} s: push takes {:.1}× that",
        same.len(),
        bare.as_secs_f64(),
        pushed.as_secs_f64() / bare.as_secs_f64()
    );
    let code = src.code_for("BDG1").await;
    let mut term = Terminal::blank();
    let start = Instant::now();
    term.join(&server.url, code).await;
    let pulled = start.elapsed();
    assert_eq!(term.count("SELECT count(*) FROM sales"), sales);
    assert_eq!(term.count("SELECT count(*) FROM products"), 100_000);
    eprintln!(
        "year: a new terminal joined and applied {head} changes in {:.1} s ({} products, {sales} sales)",
        pulled.as_secs_f64(),
        term.count("SELECT count(*) FROM products")
    );
}

/// The floor: the same records written as they are (kind, id, JSON payload, kept as `json` like
/// the facts) into a plain table with a primary key, with the multi-row inserts push itself uses,
/// in the engine's batches of 1 000, one transaction each.
async fn bare_inserts(server: &support::Server, records: &[pos_sync::Record]) -> Duration {
    let mut c = server.pool.get().await.unwrap();
    c.batch_execute("CREATE TABLE bare (kind text, id text, seq bigint, payload json, PRIMARY KEY (kind, id))")
        .await
        .unwrap();
    let start = Instant::now();
    for chunk in records.chunks(1000) {
        let tx = c.transaction().await.unwrap();
        let kinds: Vec<&str> = chunk.iter().map(|r| r.kind.as_str()).collect();
        let ids: Vec<&str> = chunk.iter().map(|r| r.id.as_str()).collect();
        let seqs: Vec<i64> = chunk.iter().map(|r| r.seq).collect();
        let payloads: Vec<&Value> = chunk.iter().map(|r| &r.payload).collect();
        tx.execute(
            "INSERT INTO bare SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::json[])
             ON CONFLICT DO NOTHING",
            &[&kinds, &ids, &seqs, &payloads],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    start.elapsed()
}

async fn attack_bench() {
    for run in 0..RUNS {
        let server = support::start_server().await;
        let out = support::attack::under_attack(&server, 200, 50).await;
        let refused = out.attacker.iter().filter(|s| (400..500).contains(*s)).count();
        let mut ms = out.honest_ms.clone();
        ms.sort_by(|a, b| a.total_cmp(b));
        eprintln!(
            "attack run {run}: honest {} requests, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, failures {}; attackers {} of {} answered 4xx",
            ms.len(),
            ms[ms.len() / 2],
            support::attack::p99(&ms),
            ms.last().copied().unwrap_or(0.0),
            out.honest_failures,
            refused,
            out.attacker.len()
        );
        server.close();
    }
}

/// The source terminal: 10 000 sales of 5 lines, made once, then copied for every run.
fn offline_day() -> tempfile::TempDir {
    let term = Terminal::set_up();
    let t = term.t();
    let cat = term
        .core
        .create_category(
            t,
            CategoryInput {
                name: "Strings".into(),
                parent_id: None,
            },
        )
        .unwrap()
        .id;
    let products: Vec<String> = (0..50)
        .map(|i| {
            let fields = ProductInput {
                sku: format!("SKU-{i:03}"),
                name: format!("Item {i}"),
                category_id: cat.clone(),
                price: 50_000 + i * 1000,
                cost: 30_000,
                active: true,
                ..Default::default()
            };
            term.core
                .create_product(
                    t,
                    NewProduct {
                        fields,
                        opening_stock: 100_000,
                    },
                )
                .unwrap()
                .id
        })
        .collect();
    term.core.open_shift(t, OpenShift { opening_float: 0 }).unwrap();
    for s in 0..10_000usize {
        let lines: Vec<CartLine> = (0..5)
            .map(|l| CartLine {
                product_id: products[(s * 7 + l * 11) % 50].clone(),
                quantity: 1,
                ..Default::default()
            })
            .collect();
        let req = CheckoutRequest {
            client_ref: pos_domain::new_id(),
            lines,
            tenders: vec![TenderInput {
                kind: Some(TenderKind::Cash),
                amount: 10_000_000,
                reference: String::new(),
            }],
            ..Default::default()
        };
        term.core.checkout(t, req).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    term.core.with_db(|c| {
        c.execute("VACUUM INTO ?1", [dir.path().join("day.db").to_string_lossy()])
            .unwrap()
    });
    dir
}

async fn push_bench() {
    eprintln!("push: preparing 10 000 offline sales ...");
    let day = tokio::task::spawn_blocking(offline_day).await.unwrap();
    for run in 0..RUNS {
        let server = support::start_server().await;
        let work = std::sync::Arc::new(tempfile::tempdir().unwrap());
        let db = work.path().join("pos.db");
        std::fs::copy(day.path().join("day.db"), &db).unwrap();
        let mut term = Terminal::open(&db, work);
        term.link(&server.url).await;
        let core = term.core.clone();
        let records = core.with_db(|c| pos_sync::local::outbox_len(c).unwrap());
        let engine = support::engine(&core);
        let start = Instant::now();
        engine.cycle().await.unwrap();
        let took = start.elapsed();
        let left = core.with_db(|c| pos_sync::local::outbox_len(c).unwrap());
        let sales = server.count("SELECT count(*) FROM facts WHERE kind = 'sale'").await;
        let lines = server
            .count("SELECT count(*) FROM stock_ledger WHERE reason = 'sale'")
            .await;
        assert_eq!((left, sales, lines), (0, 10_000, 50_000));
        eprintln!(
            "push run {run}: {records} records ({sales} sales, {lines} lines) pushed and acknowledged in {:.2} s",
            took.as_secs_f64()
        );
        server.close();
    }
}

async fn pull_bench() {
    let server = support::start_server().await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &server.url, "big@x.test", "BDG1").await;
    let source = support::enrol_with(&http, &server.url, &owner, "BDG1", true).await;
    let (dev, token) = (source.id, source.token);
    eprintln!("pull: filling the change log with 100 000 changes ...");
    let cat = pos_domain::new_id();
    let by = support::raw::OWNER;
    let mut records = vec![
        support::raw::user_record(1, by, "owner", "$argon2id$owner"),
        json!({"seq": 2, "kind": "category", "id": cat, "at": 1, "by": by,
        "payload": {"state": {"id": cat, "name": "Guitars", "parent_id": null, "active": true}, "changed": null, "base": 0}}),
    ];
    let mut seq = 2;
    for i in 0..50_000 {
        let id = pos_domain::new_id();
        seq += 1;
        records.push(json!({"seq": seq, "kind": "product", "id": id, "at": 1, "by": by, "payload": {"state": {
            "id": id, "sku": format!("SKU-{i:06}"), "barcode": null, "barcode_kind": null, "name": format!("Guitar {i}"),
            "brand": "Ibanez", "model": "RG", "category_id": cat, "supplier_id": null, "price": 5_000_000, "cost": 3_500_000,
            "weight_g": 3500, "length_mm": 0, "width_mm": 0, "height_mm": 0, "min_stock": 1, "low_stock_threshold": 2,
            "featured": false, "active": true}, "changed": null, "base": 0}}));
        seq += 1;
        let m = pos_domain::new_id();
        records.push(json!({"seq": seq, "kind": "stock_movement", "id": m, "at": 1, "by": by, "payload": {"id": m, "product_id": id,
            "branch": "BDG1", "quantity": 5, "reason": "opening", "note": "", "user_id": by, "at": 1, "ref_id": null}}));
    }
    for chunk in records.chunks(1000) {
        let r = http
            .post(format!("{}/v1/push", server.url))
            .bearer_auth(&token)
            .json(&json!({"protocol": 2, "device_id": dev, "records": chunk}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
    let head = server.count("SELECT change_seq FROM stores").await;
    for run in 0..RUNS {
        let mut term = Terminal::blank();
        let c = support::code(&http, &server.url, &owner, "BDG1").await;
        let core = term.core.clone();
        let url = server.url.clone();
        tokio::task::spawn_blocking(move || {
            core.join_store(pos_core::sync::JoinStoreRequest {
                server: url,
                code: c,
                device_name: "new".into(),
            })
        })
        .await
        .unwrap()
        .unwrap();
        term.server = server.url.clone();
        let start = Instant::now();
        term.engine.cycle().await.unwrap();
        let took = start.elapsed();
        let products = term.count("SELECT count(*) FROM products");
        let stock = term.count("SELECT sum(on_hand) FROM stock_levels");
        assert_eq!((products, stock), (50_000, 250_000));
        eprintln!(
            "pull run {run}: {head} changes applied by a new terminal in {:.2} s",
            took.as_secs_f64()
        );
    }
}

async fn load_bench(burst: bool) {
    const STORES: usize = 20;
    const PER_STORE: usize = 10;
    let rounds: u64 = if burst { 10 } else { 20 };
    let server = support::start_server().await;
    let http = reqwest::Client::builder().pool_max_idle_per_host(256).build().unwrap();
    let mut devices = Vec::new();
    for s in 0..STORES {
        let owner = support::signup(&http, &server.url, &format!("o{s}@x.test"), "B1").await;
        let desk = support::enrol_with(&http, &server.url, &owner, "B1", true).await;
        support::raw::seed_products(&http, &server, &desk, 5).await;
        for _ in 0..PER_STORE {
            devices.push(support::enrol(&http, &server.url, &owner, "B1").await);
        }
    }
    let phase = if burst { "burst" } else { "load" };
    if burst {
        eprintln!(
            "burst: {} terminals at once, {rounds} push+pull rounds back to back ...",
            devices.len()
        );
    } else {
        eprintln!(
            "load: {} terminals, one push and one pull each per second for {rounds} s ...",
            devices.len()
        );
    }
    let n = devices.len();
    let tasks: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let http = http.clone();
            let url = server.url.clone();
            tokio::spawn(async move {
                let support::Device {
                    id: dev,
                    token,
                    terminal,
                } = e;
                let (mut lat, mut pushes) = (Vec::new(), Vec::new());
                if !burst {
                    tokio::time::sleep(Duration::from_millis((i * 1000 / n) as u64)).await;
                }
                let mut tick = tokio::time::interval(Duration::from_secs(1));
                let (mut seq, mut cursor) = (1i64, 0i64);
                let shift = pos_domain::new_id();
                let now = || chrono::Utc::now().timestamp_millis();
                let open = json!({"protocol": 2, "device_id": dev,
                    "records": [support::raw::shift_opened(1, &shift, "B1", &terminal, now() - 1000)]});
                let r = http
                    .post(format!("{url}/v1/push"))
                    .bearer_auth(&token)
                    .json(&open)
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
                let products = ["p0", "p1", "p2", "p3", "p4"];
                for round in 0..rounds {
                    if !burst {
                        tick.tick().await;
                    }
                    seq += 1;
                    let sale =
                        support::raw::cash_sale(seq, "B1", &terminal, &shift, round as i64 + 1, &products, now());
                    let body = json!({"protocol": 2, "device_id": dev, "records": [sale]});
                    let t0 = Instant::now();
                    let r = http
                        .post(format!("{url}/v1/push"))
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert!(r.status().is_success());
                    let answer: Value = r.json().await.unwrap();
                    assert_eq!(answer["results"][0]["status"], "applied", "{answer}");
                    let took = t0.elapsed();
                    lat.push(took);
                    pushes.push(took);
                    let t0 = Instant::now();
                    let r = http
                        .get(format!("{url}/v1/pull?after={cursor}&limit=1000"))
                        .bearer_auth(&token)
                        .send()
                        .await
                        .unwrap();
                    let page: Value = r.json().await.unwrap();
                    lat.push(t0.elapsed());
                    cursor = page["next"].as_i64().unwrap();
                }
                (lat, pushes)
            })
        })
        .collect();
    let (mut all, mut pushes): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for t in tasks {
        let (lat, p) = t.await.unwrap();
        all.extend(lat);
        pushes.extend(p);
    }
    all.sort();
    pushes.sort();
    let pct = |v: &[Duration], p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)].as_secs_f64() * 1000.0;
    eprintln!(
        "{phase}: {} requests, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms (pushes alone: p50 {:.1} ms, p99 {:.1} ms)",
        all.len(),
        pct(&all, 0.50),
        pct(&all, 0.95),
        pct(&all, 0.99),
        all.last().unwrap().as_secs_f64() * 1000.0,
        pct(&pushes, 0.50),
        pct(&pushes, 0.99),
    );
    server.close();
}
