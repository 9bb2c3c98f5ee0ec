//! The catalogue in and out of spreadsheets: a distributor's Windows-1252 CSV dry-run with every
//! bad row named at once, an apply that is all or nothing, export → import round trips in CSV and
//! XLSX, a workbook written by another library with a formula in it, and broken files.

use super::*;
use base64::Engine;
use pos_core::imports::{Field, ImportFile, SheetFormat};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn file(name: &str, bytes: &[u8]) -> ImportFile {
    ImportFile {
        file_name: name.into(),
        data_base64: b64(bytes),
        ..Default::default()
    }
}

fn count(s: &Shop, sql: &str) -> i64 {
    s.core.with_db(|c| c.query_row(sql, [], |r| r.get(0)).unwrap())
}

/// Windows-1252 bytes of `text` (é and the like as single bytes), CRLF lines.
fn cp1252(text: &str) -> Vec<u8> {
    let crlf = text.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&crlf);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_distributors_csv_names_every_bad_row_and_applies_all_or_nothing() {
    let s = shop();
    let t = Some(s.owner.as_str());
    s.core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "ESP-1", ""),
                opening_stock: 0,
            },
        )
        .unwrap();
    s.core
        .create_product(
            t,
            NewProduct {
                fields: input(&s, "ESP-2", ""),
                opening_stock: 0,
            },
        )
        .unwrap();
    let csv = cp1252(
        "Kode Barang;Nama Barang;Kategori;Harga Jual;Harga Beli;Berat (g);Barcode\n\
         AK-1;Gitar Akustik Café;Guitars;\"1.250.000\";900000;2500;\n\
         ESP-1;Guitar ESP-1;Guitars;Rp 15.000.000;11000000;0;\n\
         ESP-2;Guitar ESP-2;Guitars;14500000;11000000;0;\n\
         AK-1;Gitar lagi;Guitars;100;50;0;\n\
         NEG-1;Negatif;Guitars;-5000;0;0;\n\
         FRM-1;Rumus;Guitars;=A1*2;0;0;\n\
         BAD-1;Barcode salah;Guitars;1000;0;0;8991234500011\n\
         NEW-1;Pedal Boss DS-1;Pedals;1450000;1000000;400;\n\
         NON-1;;Guitars;1000;0;0;\n",
    );
    let mut f = file("distributor.csv", &csv);
    let p = s.core.import_products_preview(t, f.clone()).unwrap();
    assert!(
        p.format.contains("Windows-1252") && p.format.contains(';'),
        "{}",
        p.format
    );
    assert_eq!(
        p.mapping,
        vec![
            Some(Field::Sku),
            Some(Field::Name),
            Some(Field::Category),
            Some(Field::Price),
            Some(Field::Cost),
            Some(Field::WeightG),
            Some(Field::Barcode)
        ]
    );
    assert_eq!((p.rows, p.create, p.update, p.unchanged, p.invalid), (9, 1, 1, 1, 6));
    let rows: Vec<i64> = p.problems.iter().map(|r| r.row).collect();
    for row in [5, 6, 7, 8, 9, 10] {
        assert!(rows.contains(&row), "row {row} is named: {:?}", p.problems);
    }
    let reason = |row: i64| {
        p.problems
            .iter()
            .filter(|r| r.row == row)
            .map(|r| r.en.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    assert!(reason(5).contains("also on row 2"), "{}", reason(5));
    assert!(reason(6).contains("negative"), "{}", reason(6));
    assert!(reason(7).contains("formula"), "{}", reason(7));
    assert!(reason(8).to_lowercase().contains("check digit"), "{}", reason(8));
    assert!(reason(9).contains("Pedals"), "{}", reason(9));
    assert!(reason(10).contains("name"), "{}", reason(10));
    assert_eq!(p.unknown_categories, vec!["Pedals".to_string()]);
    assert!(
        p.problems.iter().all(|r| !r.id.is_empty()),
        "every reason in Bahasa Indonesia too"
    );

    // With bad rows and no leave to skip them: nothing is written.
    let (products, outbox, audit) = (
        count(&s, "SELECT count(*) FROM products"),
        count(&s, "SELECT count(*) FROM outbox"),
        count(&s, "SELECT count(*) FROM audit_events"),
    );
    let e = s.core.import_products_apply(t, f.clone()).unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.en.contains("6 rows"), "{}", e.en);
    assert_eq!(count(&s, "SELECT count(*) FROM products"), products);
    assert_eq!(count(&s, "SELECT count(*) FROM outbox"), outbox);
    assert_eq!(count(&s, "SELECT count(*) FROM audit_events"), audit);

    // Skipping them, and creating the missing category: the pedal comes in too.
    f.skip_invalid = true;
    f.create_categories = true;
    let a = s.core.import_products_apply(t, f).unwrap();
    assert_eq!(
        (a.created, a.updated, a.unchanged, a.skipped, a.categories_created),
        (2, 1, 1, 5, 1)
    );
    let cafe = s
        .core
        .search_products(
            t,
            ProductSearch {
                query: "AK-1".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(cafe[0].name, "Gitar Akustik Café");
    assert_eq!(cafe[0].price.rupiah(), 1_250_000);
    assert_eq!(cafe[0].weight_g, 2500);
    let esp1 = s
        .core
        .search_products(
            t,
            ProductSearch {
                query: "ESP-1".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(esp1[0].price.rupiah(), 15_000_000);
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM audit_events WHERE action = 'product.price_changed'"
        ),
        1,
        "the price change is audited as an edit is"
    );
    assert_eq!(count(&s, "SELECT count(*) FROM products"), products + 2);
    assert!(
        count(&s, "SELECT count(*) FROM outbox WHERE kind = 'product'") >= 3,
        "synced like edits"
    );
}

#[test]
fn a_mapping_chosen_once_is_remembered_for_the_next_file() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let csv = "Code;Item;Catatan;Harga\nX-1;Strings;Guitars;95000\n";
    let mut f = file("a.csv", csv.as_bytes());
    let p = s.core.import_products_preview(t, f.clone()).unwrap();
    assert_eq!(p.mapping[2], None, "nobody knows what Catatan holds yet");
    f.mapping = Some(vec![
        Some(Field::Sku),
        Some(Field::Name),
        Some(Field::Category),
        Some(Field::Price),
    ]);
    let a = s.core.import_products_apply(t, f).unwrap();
    assert_eq!(a.created, 1);
    let next = s
        .core
        .import_products_preview(t, file("b.csv", csv.as_bytes()))
        .unwrap();
    assert_eq!(next.mapping[2], Some(Field::Category), "remembered");
    assert_eq!(next.unchanged, 1);
    // A mapping that names a field twice, or the wrong number of columns, is refused.
    let mut twice = file("b.csv", csv.as_bytes());
    twice.mapping = Some(vec![Some(Field::Sku), Some(Field::Sku), None, None]);
    assert_eq!(
        s.core.import_products_preview(t, twice).unwrap_err().code,
        ErrorCode::Invalid
    );
    let mut short = file("b.csv", csv.as_bytes());
    short.mapping = Some(vec![Some(Field::Sku)]);
    assert_eq!(
        s.core.import_products_preview(t, short).unwrap_err().code,
        ErrorCode::Invalid
    );
}

#[test]
fn export_then_import_round_trips_in_csv_and_xlsx() {
    let s = shop();
    let t = Some(s.owner.as_str());
    for (i, name) in [
        "=cmd|' /C calc'!A0",
        "Gitar \"Les Paul\"; sunburst",
        "+62 strings",
        "Plain",
    ]
    .iter()
    .enumerate()
    {
        let mut p = input(&s, &format!("RT-{i}"), "");
        p.name = name.to_string();
        p.length_mm = 1100;
        p.featured = i % 2 == 0;
        s.core
            .create_product(
                t,
                NewProduct {
                    fields: p,
                    opening_stock: 0,
                },
            )
            .unwrap();
    }
    for format in [SheetFormat::Csv, SheetFormat::Xlsx] {
        let out = s
            .core
            .export_catalogue(t, pos_core::imports::CatalogueExportRequest { format })
            .unwrap();
        assert_eq!(out.rows, 4);
        let bytes = base64::engine::general_purpose::STANDARD.decode(&out.base64).unwrap();
        let p = s.core.import_products_preview(t, file(&out.file_name, &bytes)).unwrap();
        assert_eq!(
            (p.rows, p.create, p.update, p.unchanged, p.invalid),
            (4, 0, 0, 4, 0),
            "{format:?}: {:?}",
            p.problems
        );
        assert!(p.mapping.iter().all(Option::is_some), "our own headers map themselves");
    }
}

#[test]
fn a_workbook_from_another_library_is_read_and_its_formulas_refused() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in ["SKU", "Nama", "Kategori", "Harga", "Modal"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "XL-1").unwrap();
    sheet.write_string(1, 1, "Marshall DSL40").unwrap();
    sheet.write_string(1, 2, "Guitars").unwrap();
    sheet.write_number(1, 3, 12_500_000.0).unwrap();
    sheet.write_number(1, 4, 9_000_000.0).unwrap();
    sheet.write_string(2, 0, "XL-2").unwrap();
    sheet.write_string(2, 1, "Formula row").unwrap();
    sheet.write_string(2, 2, "Guitars").unwrap();
    sheet.write_formula(2, 3, "=D2*2").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let p = s
        .core
        .import_products_preview(t, file("dari-distributor.xlsx", &bytes))
        .unwrap();
    assert_eq!(p.format, "XLSX");
    assert_eq!((p.create, p.invalid), (1, 1));
    assert_eq!(p.problems[0].row, 3);
    assert!(p.problems[0].en.contains("formula"), "{:?}", p.problems);
}

#[test]
fn broken_files_get_a_clear_error_and_write_nothing() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let before = count(&s, "SELECT count(*) FROM products");
    let mut zip_start = b"PK\x03\x04".to_vec();
    zip_start.extend_from_slice(&[7; 300]);
    for (name, bytes) in [
        ("empty.csv", Vec::new()),
        ("binary.csv", vec![0, 159, 146, 150, 0, 1]),
        ("truncated.xlsx", zip_start),
        ("old.xls", vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1]),
        ("no-header.csv", b";;;\nA;B;C;D\n".to_vec()),
    ] {
        let e = s.core.import_products_preview(t, file(name, &bytes)).unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid, "{name}");
        assert!(!e.en.is_empty() && !e.id.is_empty(), "{name}");
        assert!(s.core.import_products_apply(t, file(name, &bytes)).is_err(), "{name}");
    }
    let mut not_b64 = file("a.csv", b"sku\nA\n");
    not_b64.data_base64 = "%%%".into();
    assert_eq!(
        s.core.import_products_preview(t, not_b64).unwrap_err().code,
        ErrorCode::Invalid
    );
    // No SKU or barcode column: every row is refused, saying which column is missing.
    let p = s
        .core
        .import_products_preview(t, file("a.csv", b"Nama,Harga\nX,1\n"))
        .unwrap();
    assert_eq!(p.invalid, 1);
    assert!(p.problems[0].en.contains("SKU"));
    assert_eq!(count(&s, "SELECT count(*) FROM products"), before);
    // Only the catalogue's editors may import.
    assert_eq!(
        s.core
            .import_products_preview(None, file("a.csv", b"sku\nA\n"))
            .unwrap_err()
            .code,
        ErrorCode::Unauthenticated
    );
}
