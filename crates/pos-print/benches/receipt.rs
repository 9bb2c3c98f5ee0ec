//! A receipt of 10 lines to ESC/POS bytes (target: under 1 ms). Run:
//! `cargo bench -p pos-print --bench receipt`.

use criterion::{Criterion, criterion_group, criterion_main};
use pos_domain::Money;
use pos_print::escpos::render;
use pos_print::{PaperWidth, Receipt, ReceiptLine};
use std::hint::black_box;

fn receipt() -> Receipt {
    let m = |v: i64| Money::new(v).unwrap_or_default();
    Receipt {
        store_name: "Hurtrock Music Store".into(),
        address: "Jl Gegerkalong Girang Complex Darut Tauhid Kav 22, Kota Bandung".into(),
        phone: "0821-1555-8035".into(),
        npwp: "01.234.567.8-901.234".into(),
        title: "STRUK PENJUALAN".into(),
        number: "BDG1-T1-000123".into(),
        when: "22/11/2026 14:05 WIB".into(),
        cashier: "Rina".into(),
        customer: Some("Budi".into()),
        copy: false,
        lines: (0..10)
            .map(|i| ReceiptLine {
                name: format!("Ernie Ball Regular Slinky 10-46 pack {i}"),
                quantity: 2,
                unit_price: m(95_000),
                amount: m(190_000),
                discount: m(if i % 3 == 0 { 9_500 } else { 0 }),
            })
            .collect(),
        gross: m(1_900_000),
        discount_total: m(38_000),
        tax: vec![("DPP".into(), m(1_677_477)), ("PPN 11% (termasuk)".into(), m(184_523))],
        total: m(1_862_000),
        tenders: vec![("Tunai".into(), m(2_000_000))],
        change: m(138_000),
        footer: vec!["Terima kasih! Simpan struk ini untuk penukaran.".into()],
        barcode: "BDG1-T1-000123".into(),
    }
}

fn bench(c: &mut Criterion) {
    let r = receipt();
    c.bench_function("receipt_10_lines_to_escpos_80mm", |b| {
        b.iter(|| render(black_box(&r), PaperWidth::Mm80, true))
    });
    c.bench_function("receipt_10_lines_to_escpos_58mm", |b| {
        b.iter(|| render(black_box(&r), PaperWidth::Mm58, true))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
