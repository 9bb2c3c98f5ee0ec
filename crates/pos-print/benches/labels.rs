//! Shipping labels (targets: one label to TSPL or ZPL under 2 ms, one PDF label under 30 ms, 500
//! labels in one batch PDF under 5 s). Run: `cargo bench -p pos-print --bench labels`.

use criterion::{Criterion, criterion_group, criterion_main};
use pos_print::label::{self, LabelLanguage, LabelStock, Party, ShippingLabel};
use std::hint::black_box;

fn label(i: usize) -> ShippingLabel {
    ShippingLabel {
        sender: Party {
            name: "Hurtrock Music Store".into(),
            phone: "0821-1555-8035".into(),
            address: "Jl Gegerkalong Girang Complex Darut Tauhid Kav 22, Kota Bandung".into(),
        },
        recipient: Party {
            name: format!("Rina Sari {i}"),
            phone: "0813-1234-5678".into(),
            address: "Jl. Kaliurang KM 5 No. 12, Caturtunggal, Depok, Sleman, DI Yogyakarta 55281".into(),
        },
        order_no: format!("WEB-{i:06}"),
        courier: "JNE".into(),
        service: "REG".into(),
        weight_g: 3500,
        items: vec![
            "1x ESP LTD EC-1000".into(),
            "2x Ernie Ball Regular Slinky".into(),
            "1x Dunlop Jazz III".into(),
        ],
        tracking_no: format!("JP{:010}", 1_234_567_890 + i),
        qr: format!("https://www.jne.co.id/tracking-package?awb=JP{:010}", 1_234_567_890 + i),
        date: "22/11/2026".into(),
    }
}

fn bench(c: &mut Criterion) {
    let l = label(0);
    for lang in [LabelLanguage::Tspl, LabelLanguage::Zpl, LabelLanguage::Pdf] {
        let stock = LabelStock {
            language: lang,
            ..LabelStock::SHIPPING_203
        };
        c.bench_function(&format!("shipping_label_{lang:?}"), |b| {
            b.iter(|| label::shipping(black_box(&l), &stock))
        });
    }
    let batch: Vec<ShippingLabel> = (0..500).map(label).collect();
    let stock = LabelStock {
        language: LabelLanguage::Pdf,
        ..LabelStock::SHIPPING_203
    };
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.bench_function("shipping_labels_500_pdf", |b| {
        b.iter(|| label::shipping_batch(black_box(&batch), &stock))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
