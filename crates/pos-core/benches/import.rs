//! Importing a catalogue of 100 000 products (issue 13: dry run and apply each under 20 s, CSV and
//! XLSX). The files are made here: a distributor's semicolon CSV in Windows-1252 and an XLSX
//! written by rust_xlsxwriter, 100 000 rows across 40 categories with EAN-13 barcodes. The apply
//! runs on a fresh store each time (creating every product, queued for sync and audited). Run:
//! `cargo bench -p pos-core --bench import`.

use base64::Engine;
#[path = "support/owner.rs"]
mod owner;

use criterion::{BatchSize, Criterion};
use pos_core::Core;
use pos_core::catalogue::CategoryInput;
use pos_core::imports::ImportFile;
use std::time::Duration;

const ROWS: usize = 100_000;
const HEADERS: [&str; 8] = [
    "Kode Barang",
    "Barcode",
    "Nama Barang",
    "Merk",
    "Kategori",
    "Harga Jual",
    "Harga Beli",
    "Berat (g)",
];

fn ean13(n: usize) -> String {
    let body = format!("899{:09}", n);
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| (b - b'0') as u32 * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

fn row(i: usize) -> [String; 8] {
    [
        format!("SKU-{i:06}"),
        ean13(i),
        format!(
            "Senar gitar {} ukuran {}",
            ["Ernie Ball", "D'Addario", "Elixir", "Dunlop"][i % 4],
            9 + i % 4
        ),
        ["Ernie Ball", "D'Addario", "Elixir", "Dunlop"][i % 4].to_string(),
        format!("Kategori {}", i % 40),
        (50_000 + (i % 500) * 1000).to_string(),
        (30_000 + (i % 500) * 600).to_string(),
        (100 + i % 900).to_string(),
    ]
}

fn csv_1252() -> Vec<u8> {
    let mut text = HEADERS.join(";");
    text.push_str("\r\n");
    for i in 0..ROWS {
        text.push_str(&row(i).join(";"));
        text.push_str("\r\n");
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    bytes.into_owned()
}

fn xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    for i in 0..ROWS {
        for (j, v) in row(i).iter().enumerate() {
            let (r, c) = (i as u32 + 1, j as u16);
            if j >= 5 {
                sheet.write_number(r, c, v.parse::<f64>().unwrap()).unwrap();
            } else {
                sheet.write_string(r, c, v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// A set-up store with the file's forty categories.
fn store() -> (tempfile::TempDir, Core, String) {
    let (dir, core, t) = owner::signed_in_store("import.db");
    for i in 0..40 {
        core.create_category(
            Some(&t),
            CategoryInput {
                name: format!("Kategori {i}"),
                parent_id: None,
            },
        )
        .unwrap();
    }
    (dir, core, t)
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(30))
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    for (kind, name, bytes) in [("csv", "katalog.csv", csv_1252()), ("xlsx", "katalog.xlsx", xlsx())] {
        let file = ImportFile {
            file_name: name.into(),
            data_base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
            ..Default::default()
        };
        let (_dir, core, t) = store();
        let p = core.import_products_preview(Some(&t), file.clone()).unwrap();
        assert_eq!((p.create, p.invalid), (ROWS as i64, 0), "{:?}", p.problems.first());
        c.bench_function(&format!("import 100 000 products/{kind}/dry run"), |b| {
            b.iter(|| core.import_products_preview(Some(&t), file.clone()).unwrap())
        });
        c.bench_function(&format!("import 100 000 products/{kind}/apply"), |b| {
            b.iter_batched(
                store,
                |(_dir, core, t)| {
                    let a = core.import_products_apply(Some(&t), file.clone()).unwrap();
                    assert_eq!(a.created, ROWS as i64);
                    (_dir, core)
                },
                BatchSize::PerIteration,
            )
        });
    }
    c.final_summary();
}
