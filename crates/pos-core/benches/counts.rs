//! Posting a stock count of 10 000 lines (issue 13: under 2 s): the variance made again inside the
//! write (expected from the ledger at the session's start, counted from the entries) and one
//! movement per product with a difference, queued for sync and audited, in one transaction; the
//! approver's own read of the variance comes first and is not timed. The catalogue (10 000 products with opening
//! stock) is imported once; each iteration opens a new session and writes an entry per product
//! (the set-up, not timed). Run: `cargo bench -p pos-core --bench counts`.

use base64::Engine;
#[path = "support/owner.rs"]
mod owner;

use criterion::{BatchSize, Criterion};
use pos_core::Core;
use pos_core::catalogue::CategoryInput;
use pos_core::counts::{OpenCount, PostCount, VarianceRequest};
use pos_core::imports::ImportFile;
use pos_domain::Clock;
use std::time::Duration;

const LINES: usize = 10_000;

fn store() -> (tempfile::TempDir, Core, String, Vec<String>) {
    let (dir, core, t) = owner::signed_in_store("counts.db");
    core.create_category(
        Some(&t),
        CategoryInput {
            name: "Strings".into(),
            parent_id: None,
        },
    )
    .unwrap();
    let mut csv = String::from("sku,name,category,price,cost\n");
    for i in 0..LINES {
        csv.push_str(&format!("C-{i:05},Senar {i},Strings,95000,50000\n"));
    }
    let file = ImportFile {
        file_name: "c.csv".into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(csv),
        ..Default::default()
    };
    assert_eq!(
        core.import_products_apply(Some(&t), file).unwrap().created,
        LINES as i64
    );
    // Opening stock of 20 each, straight into the ledger.
    let ids: Vec<String> = core.with_db(|c| {
        let tx = c.transaction().unwrap();
        let ids: Vec<String> = {
            let mut stmt = tx
                .prepare("SELECT id FROM products WHERE sku LIKE 'C-%' ORDER BY sku")
                .unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        };
        for id in &ids {
            let m = pos_store::stock::NewMovement {
                product_id: id,
                branch: "BDG1",
                quantity: 20,
                reason: "opening",
                note: "",
                user_id: None,
                at: 1,
                ref_id: None,
            };
            pos_store::stock::insert(&tx, &m).unwrap();
        }
        tx.commit().unwrap();
        ids
    });
    (dir, core, t, ids)
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    let (_dir, core, t, ids) = store();
    let mut round = 0i64;
    // What each product holds after the previous round's posting.
    let mut balances = vec![20i64; ids.len()];
    c.bench_function("stock count of 10 000 lines/post", |b| {
        b.iter_batched(
            || {
                round += 1;
                let count = core.open_stock_count(Some(&t), OpenCount::default()).unwrap();
                std::thread::sleep(Duration::from_millis(2));
                core.with_db(|c| {
                    let tx = c.transaction().unwrap();
                    for (i, id) in ids.iter().enumerate() {
                        let counted = balances[i] + if (i as i64 + round) % 2 == 0 { 1 } else { -1 };
                        balances[i] = counted;
                        let e = pos_store::counts::CountEntry {
                            id: format!("{}-{i}", count.id),
                            count_id: count.id.clone(),
                            product_id: id.clone(),
                            // Every product off by one way or the other: 10 000 movements.
                            quantity: counted,
                            mode: pos_store::counts::EntryMode::Set,
                            at: pos_domain::SystemClock.now_ms(),
                            user_id: "bench".into(),
                            terminal: "T1".into(),
                        };
                        pos_store::counts::add_entry(&tx, &e).unwrap();
                    }
                    tx.commit().unwrap();
                });
                // The approver reads the variance first (not timed).
                let v = core
                    .count_variance(
                        Some(&t),
                        VarianceRequest {
                            count_id: count.id.clone(),
                            zero_uncounted: false,
                        },
                    )
                    .unwrap();
                (count.id, v)
            },
            |(id, v)| {
                let posted = core
                    .post_stock_count(
                        Some(&t),
                        PostCount {
                            count_id: id,
                            zero_uncounted: false,
                            expected_value: v.value,
                        },
                    )
                    .unwrap();
                assert_eq!(posted.movements, LINES as i64);
            },
            BatchSize::PerIteration,
        )
    });
    c.final_summary();
}
