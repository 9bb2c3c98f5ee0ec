//! The generated year that the desk's benchmarks read (see `reports.rs`): made once through
//! pos-store's own sale and return inserts and kept under `target/bench-data/`.

#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use pos_core::Core;
use pos_core::setup::{ProfileInput, SetupRequest};
use rusqlite::params;
use std::path::PathBuf;
use std::sync::Arc;

pub const PRODUCTS: usize = 100_000;
pub const LINES: usize = 1_000_000;
pub const BRANCHES: [&str; 3] = ["BDG1", "JKT1", "SBY1"];
pub const TERMINALS: [&str; 3] = ["T1", "T2", "T3"];
/// The generated year ends on this WIB day (the dashboard's "today").
pub fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

pub fn data_file() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench-data").join("reports-year-v3.db")
}

pub fn clock() -> Arc<pos_domain::FixedClock> {
    // 14:00 WIB on the last day.
    Arc::new(pos_domain::FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 21, 7, 0, 0).unwrap(),
    ))
}

pub fn generate(path: &PathBuf) {
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let (core, _) = Core::open(&tmp, clock()).unwrap();
    let mut profile = ProfileInput::hurtrock();
    profile.vat_registered = true;
    profile.npwp = "01.234.567.8-901.234".into();
    core.complete_setup(SetupRequest {
        owner_name: "Bench".into(),
        owner_email: "bench@hurtrock.test".into(),
        owner_password: "bench-pass-1".into(),
        owner_pin: None,
        profile,
    })
    .unwrap();
    let started = std::time::Instant::now();
    core.with_db(|c| {
        c.execute_batch("PRAGMA synchronous = OFF").unwrap();
        let tx = c.transaction().unwrap();
        let now = clock().now_ms();
        // Categories: 12 departments × 20.
        let mut cats = Vec::new();
        for d in 0..12 {
            let dept = pos_domain::new_id();
            tx.execute(
                "INSERT INTO categories (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                params![dept, format!("Department {d}"), now],
            )
            .unwrap();
            for k in 0..20 {
                let id = pos_domain::new_id();
                tx.execute(
                    "INSERT INTO categories (id, parent_id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![id, dept, format!("Category {d}.{k}"), now],
                )
                .unwrap();
                cats.push(id);
            }
        }
        {
            let mut ins = tx
                .prepare(
                    "INSERT INTO products (id, sku, name, name_key, category_id, price, cost, low_stock_threshold,
                        created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                )
                .unwrap();
            let mut stock = tx
                .prepare("INSERT INTO stock_movements (id, product_id, branch, quantity, reason, at) VALUES (?1, ?2, ?3, ?4, 'opening', ?5)")
                .unwrap();
            for i in 0..PRODUCTS {
                let id = pos_domain::new_id();
                // The popular ranks are the cheap things: strings, picks, sticks, cables.
                let price = (25_000 + (i as i64 * 97) % 400_000 + (i as i64 / 1000) * 150_000) / 500 * 500;
                let cost = price * (55 + (i % 20) as i64) / 100;
                let name = format!("Item {i:06}");
                ins.execute(params![
                    id,
                    format!("SKU-{i:06}"),
                    name,
                    name.to_lowercase(),
                    cats[i % cats.len()],
                    price,
                    cost,
                    (i % 5) as i64,
                    now
                ])
                .unwrap();
                for b in BRANCHES {
                    stock
                        .execute(params![pos_domain::new_id(), id, b, 3 + (i % 40) as i64, now - 400 * 86_400_000])
                        .unwrap();
                }
            }
        }
        let cashiers: Vec<String> = (0..6)
            .map(|k| {
                let id = pos_domain::new_id();
                tx.execute(
                    "INSERT INTO users (id, email, name, role, password_hash, active, created_at, updated_at)
                     VALUES (?1, ?2, ?3, 'cashier', '!', 0, ?4, ?4)",
                    params![id, format!("kasir{k}@hurtrock.invalid"), format!("Kasir {k}"), now],
                )
                .unwrap();
                id
            })
            .collect();
        let made = pos_core::history::generate(
            &tx,
            &pos_core::history::Spec {
                last_day: last_day(),
                days: 365,
                lines: LINES,
                branches: BRANCHES.iter().map(|b| b.to_string()).collect(),
                terminals: TERMINALS.iter().map(|t| t.to_string()).collect(),
                cashiers,
                restock: true,
                uniform_pct: 50,
                seed: 0x9E37_79B9_7F4A_7C15,
                queue: false,
            },
        )
        .unwrap();
        eprintln!("{made:?}");
        tx.commit().unwrap();
        c.execute_batch("PRAGMA synchronous = NORMAL; ANALYZE;").unwrap();
    });
    drop(core);
    std::fs::rename(&tmp, path).unwrap();
    eprintln!("generated the year in {:.0?}", started.elapsed());
}

use pos_domain::Clock;

/// The year's file, generated on first use.
pub fn open_year() -> std::path::PathBuf {
    let path = data_file();
    if !path.exists() {
        generate(&path);
    }
    path
}
