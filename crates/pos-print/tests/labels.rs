//! Labels checked by independent readers: ZPL and TSPL rendered by the `labelize` crate, PDF by
//! poppler's `pdftoppm`; the barcode and QR on each picture decoded by `zbarimg`. The decoded values
//! must be the tracking number and the QR payload (the EAN-13 and SKU for product labels).

use pos_print::label::{self, LabelLanguage, LabelStock, Party, ProductLabel, ShippingLabel};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn shipping() -> ShippingLabel {
    ShippingLabel {
        sender: Party {
            name: "Hurtrock Music Store".into(),
            phone: "0812-2000-1111".into(),
            address: "Jl Gegerkalong Girang Complex Darut Tauhid Kav 22, Kota Bandung".into(),
        },
        recipient: Party {
            name: "Rina Sari".into(),
            phone: "0813-1234-5678".into(),
            address: "Jl. Kaliurang KM 5 No. 12, Caturtunggal, Depok, Sleman, DI Yogyakarta 55281".into(),
        },
        order_no: "WEB-000123".into(),
        courier: "JNE".into(),
        service: "REG".into(),
        weight_g: 11_000,
        items: vec!["1x ESP LTD EC-1000".into(), "2x Ernie Ball Regular Slinky".into()],
        tracking_no: "JP1234567890".into(),
        qr: "https://hurtrock.id/lacak/JP1234567890".into(),
        date: "22/11/2026".into(),
    }
}

/// Every symbol zbarimg finds in a picture, with its type ("CODE-128:JP…", "QR-Code:https…").
fn decode(png: &Path) -> BTreeSet<String> {
    let out = Command::new("zbarimg")
        .arg("--quiet")
        .arg(png)
        .output()
        .expect("zbarimg (zbar-tools) is installed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn render(bytes: &[u8], lang: labelize::Language, stock: &LabelStock, png: &Path) {
    let opts = labelize::RenderOptions {
        language: Some(lang),
        width_mm: Some(stock.width_mm as f64),
        height_mm: Some(stock.height_mm as f64),
        dpmm: stock.dpmm() as i32,
        antialias: false,
    };
    let out = labelize::render_png(bytes, opts).expect("labelize renders the label");
    std::fs::write(png, out.bytes).unwrap();
}

fn pdf_to_png(pdf: &[u8], dir: &Path, name: &str) -> std::path::PathBuf {
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-r", "300", "-png", "-singlefile"])
        .arg(&file)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(ok.success());
    dir.join(format!("{name}.png"))
}

#[test]
fn a_shipping_label_in_every_language_carries_the_tracking_number_and_the_qr() {
    let dir = tempfile::tempdir().unwrap();
    let l = shipping();
    let want: BTreeSet<String> = [format!("CODE-128:{}", l.tracking_no), format!("QR-Code:{}", l.qr)]
        .into_iter()
        .collect();
    for (lang, dpi, name) in [
        (LabelLanguage::Zpl, 203, "zpl203"),
        (LabelLanguage::Zpl, 300, "zpl300"),
        (LabelLanguage::Tspl, 203, "tspl203"),
        (LabelLanguage::Tspl, 300, "tspl300"),
    ] {
        let stock = LabelStock {
            language: lang,
            dpi,
            width_mm: 100,
            height_mm: 150,
        };
        let png = dir.path().join(format!("{name}.png"));
        let which = if lang == LabelLanguage::Zpl {
            labelize::Language::Zpl
        } else {
            labelize::Language::Tspl
        };
        render(&label::shipping(&l, &stock), which, &stock, &png);
        assert_eq!(decode(&png), want, "{name}");
    }
    let stock = LabelStock {
        language: LabelLanguage::Pdf,
        dpi: 203,
        width_mm: 100,
        height_mm: 150,
    };
    let png = pdf_to_png(&label::shipping(&l, &stock), dir.path(), "pdf");
    assert_eq!(decode(&png), want, "pdf");
    let text = Command::new("pdftotext")
        .arg(dir.path().join("pdf.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for needle in [
        "RINA SARI",
        "0813-1234-5678",
        "Sleman",
        "JNE REG",
        "WEB-000123",
        "Hurtrock Music Store",
        "11.00 kg",
    ] {
        assert!(text.contains(needle), "{needle} on the PDF label:\n{text}");
    }
}

#[test]
fn the_escpos_label_says_the_same() {
    let l = shipping();
    let stock = LabelStock {
        language: LabelLanguage::EscPos,
        dpi: 203,
        width_mm: 80,
        height_mm: 150,
    };
    let events = pos_print::escpos::decode(&label::shipping(&l, &stock));
    assert!(events.contains(&pos_print::escpos::Event::Code128(l.tracking_no.clone())));
    assert!(events.contains(&pos_print::escpos::Event::Qr(l.qr.clone())));
    let lines = pos_print::escpos::text_lines(&events).join("\n");
    assert!(lines.contains("RINA SARI") && lines.contains("Sleman"), "{lines}");
}

#[test]
fn product_labels_decode_to_their_codes() {
    let dir = tempfile::tempdir().unwrap();
    let items = [
        ProductLabel {
            name: "Ernie Ball Regular Slinky 10-46".into(),
            price: "Rp 95.000".into(),
            barcode: "8991234500010".into(),
            sku: "STR-EB-2221".into(),
        },
        ProductLabel {
            name: "Dunlop Jazz III".into(),
            price: "Rp 65.000".into(),
            barcode: String::new(),
            sku: "PCK-DUN-J3".into(),
        },
    ];
    for (p, want) in items.iter().zip(["EAN-13:8991234500010", "CODE-128:PCK-DUN-J3"]) {
        for (lang, which) in [
            (LabelLanguage::Zpl, labelize::Language::Zpl),
            (LabelLanguage::Tspl, labelize::Language::Tspl),
        ] {
            let stock = LabelStock {
                language: lang,
                dpi: 203,
                width_mm: 50,
                height_mm: 30,
            };
            let png = dir.path().join(format!("{}-{lang:?}.png", p.sku));
            render(
                &label::products(std::slice::from_ref(p), &stock, 1),
                which,
                &stock,
                &png,
            );
            assert_eq!(
                decode(&png),
                [want.to_string()].into_iter().collect(),
                "{} {lang:?}",
                p.sku
            );
        }
        let stock = LabelStock {
            language: LabelLanguage::Pdf,
            dpi: 203,
            width_mm: 50,
            height_mm: 30,
        };
        let png = pdf_to_png(&label::products(std::slice::from_ref(p), &stock, 1), dir.path(), &p.sku);
        assert_eq!(decode(&png), [want.to_string()].into_iter().collect(), "{} pdf", p.sku);
    }
}

#[test]
fn a_batch_pdf_has_a_page_per_label() {
    let l = shipping();
    let stock = LabelStock {
        language: LabelLanguage::Pdf,
        dpi: 203,
        width_mm: 100,
        height_mm: 150,
    };
    let labels: Vec<ShippingLabel> = (0..5)
        .map(|i| ShippingLabel {
            tracking_no: format!("JP00000{i}"),
            ..l.clone()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("batch.pdf");
    std::fs::write(&file, label::shipping_batch(&labels, &stock)).unwrap();
    let info = Command::new("pdfinfo").arg(&file).output().unwrap();
    assert!(
        String::from_utf8_lossy(&info.stdout)
            .lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 5"))
    );
}
