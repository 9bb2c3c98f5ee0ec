//! A database file of every schema version this project has released (fixtures under
//! `tests/fixtures/`, kept) opens in this version: it is copied aside first, migrated, its data
//! intact, and the till works on it (the owner signs in, sells, the reports count the old sale).
//!
//! The fixtures are made by `generate_fixtures` (ignored): each version's data written right
//! after that version's migration, so vN holds what a store had on version N.
//!
//!   HURTROCK_WRITE_FIXTURES=1 cargo test -p pos-core --test migrations -- --ignored
//!
//! (only the missing fixtures are written; `=all` writes every one again).

use pos_core::Core;
use pos_core::auth::SignInRequest;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counter::shift::OpenShift;
use pos_core::store_types::TenderKind;
use pos_store::rusqlite::Connection;
use std::path::PathBuf;
use std::sync::Arc;

/// The schema versions released so far, each with a fixture.
const RELEASED: [u32; 16] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
const OWNER_PASSWORD: &str = "owner-pass-1";
/// 2026-10-01 03:00 UTC (10:00 WIB).
const AT: i64 = 1_790_823_600_000;

fn fixture(v: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{v}.db"))
}

/// What a store wrote on version `v`, with the columns that version had.
fn data(v: u32, owner_hash: &str) -> String {
    match v {
        1 => format!(
            "INSERT INTO store_profile (id, name, address, phone, npwp, branch_code, opening_hours, vat_registered,
                 ppn_rate_bp, prices_include_tax, updated_at)
             VALUES (1, 'Hurtrock Music Store', 'Jl Gegerkalong Girang, Bandung', '0821-1555-8035', '', 'BDG1',
                 'Sen–Sab 09.30–18.00', 1, 1100, 1, {AT});
             INSERT INTO users (id, email, name, role, password_hash, pin_hash, created_at, updated_at)
             VALUES ('u-owner', 'owner@hurtrock.test', 'Dimas', 'owner', '{owner_hash}', NULL, {AT}, {AT});
             INSERT INTO categories (id, name, created_at, updated_at) VALUES ('c-strings', 'Strings', {AT}, {AT});
             INSERT INTO suppliers (id, name, created_at, updated_at) VALUES ('s-1', 'PT Distorsi Nusantara', {AT}, {AT});
             INSERT INTO products (id, sku, barcode, barcode_kind, name, name_key, category_id, supplier_id, price, cost,
                 created_at, updated_at)
             VALUES ('p-slinky', 'STR-1', '8991234999016', 'ean13', 'Ernie Ball Regular Slinky', 'ernie ball regular slinky',
                 'c-strings', 's-1', 95000, 60000, {AT}, {AT});
             INSERT INTO stock_movements (id, product_id, branch, quantity, reason, note, user_id, at)
             VALUES ('m-opening', 'p-slinky', 'BDG1', 40, 'opening', '', 'u-owner', {AT});
             INSERT INTO audit_events (id, at, user_id, action, entity, entity_id)
             VALUES ('a-1', {AT}, 'u-owner', 'setup.completed', 'store', NULL);"
        ),
        2 => format!(
            "INSERT INTO device_settings (key, value) VALUES ('terminal', 'T1');
             INSERT INTO store_policies (key, value) VALUES ('discount_limit_bp', '1000');
             INSERT INTO shifts (id, terminal, branch, opened_by, opened_at, opening_float)
             VALUES ('sh-1', 'T1', 'BDG1', 'u-owner', {AT}, 500000);
             INSERT INTO receipt_sequences (terminal, series, last) VALUES ('T1', 'S', 1);
             INSERT INTO sales (id, receipt_no, client_ref, branch, terminal, shift_id, cashier_id, at, business_date,
                 gross, discount_total, dpp, ppn, total, tax_mode, ppn_rate_bp, paid, change_due)
             VALUES ('sale-1', 'BDG1-T1-000001', 'cart-1', 'BDG1', 'T1', 'sh-1', 'u-owner', {at}, '2026-10-01',
                 190000, 0, 171171, 18829, 190000, 'inclusive', 1100, 200000, 10000);
             INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, list_price, unit_price,
                 line_discount, sale_discount, net, unit_cost)
             VALUES ('line-1', 'sale-1', 1, 'p-slinky', 'STR-1', 'Ernie Ball Regular Slinky', 2, 95000, 95000, 0, 0,
                 190000, 60000);
             INSERT INTO tenders (id, sale_id, kind, amount) VALUES ('t-1', 'sale-1', 'cash', 190000);
             INSERT INTO stock_movements (id, product_id, branch, quantity, reason, note, user_id, at, ref_id)
             VALUES ('line-1', 'p-slinky', 'BDG1', -2, 'sale', 'BDG1-T1-000001', 'u-owner', {at}, 'sale-1');
             INSERT INTO outbox (seq, kind, entity_id, payload, at) VALUES (1, 'sale', 'sale-1', '{{}}', {at});",
            at = AT + 60_000
        ),
        3 => format!(
            "INSERT INTO sync_state (key, value) VALUES ('cursor', '0');
             INSERT INTO customers (id, name, phone, email, created_at, updated_at)
             VALUES ('cu-1', 'Bima Satria', '0812-1111-2222', '', {AT}, {AT});
             UPDATE outbox_counter SET last = 1;"
        ),
        4 => format!(
            "INSERT INTO orders (id, order_no, source, status, branch, customer_name, ship_name, ship_phone,
                 ship_address, courier_service, shipping_cost, subtotal, total, payment_status, created_at, updated_at)
             VALUES ('o-1', 'BDG1-D000001', 'counter', 'awaiting_payment', 'BDG1', 'Sari', 'Sari', '0813-2222-3333',
                 'Jl. Dago 10, Bandung', 'jne-reg', 20000, 95000, 115000, 'unpaid', {AT}, {AT});
             INSERT INTO order_lines (id, order_id, line_no, product_id, sku, name, quantity, unit_price)
             VALUES ('ol-1', 'o-1', 1, 'p-slinky', 'STR-1', 'Ernie Ball Regular Slinky', 1, 95000);
             INSERT INTO order_events (id, order_id, from_status, to_status, user_id, at)
             VALUES ('oe-1', 'o-1', NULL, 'awaiting_payment', 'u-owner', {AT});
             INSERT INTO receipt_sequences (terminal, series, last) VALUES ('BDG1', 'D', 1);"
        ),
        // V5 derives report rows from the facts, V6 keeps what the server acknowledged: the data
        // is what the earlier versions wrote (plus an acknowledged record on V6).
        5 => String::new(),
        6 => format!(
            "INSERT INTO outbox_sent (seq, kind, entity_id, payload, at, acked_at)
             SELECT seq, kind, entity_id, payload, at, {AT} FROM outbox;
             DELETE FROM outbox;"
        ),
        // V7 names each record's author.
        7 => "UPDATE outbox_sent SET by = 'u-owner';".to_string(),
        // V8 (indexes for the desk's reads) and V9 (report rows derived from the facts) add no data.
        10 => format!(
            "INSERT INTO stock_counts (id, branch, scope, label, started_at, started_by)
             VALUES ('sc-1', 'BDG1', 'shelf', 'Rak A3', {AT}, 'u-owner');
             INSERT INTO stock_count_entries (id, count_id, product_id, quantity, mode, at, user_id, terminal)
             VALUES ('se-1', 'sc-1', 'p-slinky', 5, 'add', {AT}, 'u-owner', 'T1');"
        ),
        11 => format!(
            "INSERT INTO purchase_orders (id, po_no, branch, supplier_id, status, created_by, created_at, sent_at, updated_at)
             VALUES ('po-1', 'BDG1-T1-P000001', 'BDG1', 's-1', 'sent', 'u-owner', {AT}, {AT}, {AT});
             INSERT INTO purchase_order_lines (id, po_id, position, product_id, ordered, unit_cost)
             VALUES ('pol-1', 'po-1', 0, 'p-slinky', 24, 60000);
             INSERT INTO goods_receipts (id, po_id, branch, terminal, supplier_id, at, user_id)
             VALUES ('gr-1', 'po-1', 'BDG1', 'T1', 's-1', {AT}, 'u-owner');
             INSERT INTO goods_receipt_lines (id, receipt_id, po_line_id, product_id, quantity, unit_cost, landed_unit,
                 cost_before, cost_after)
             VALUES ('grl-1', 'gr-1', 'pol-1', 'p-slinky', 12, 60000, 60000, 60000, 60000);
             INSERT INTO stock_movements (id, product_id, branch, quantity, reason, note, user_id, at, ref_id)
             VALUES ('grl-1', 'p-slinky', 'BDG1', 12, 'receipt', 'BDG1-T1-P000001', 'u-owner', {AT}, 'gr-1');
             INSERT INTO receipt_sequences (terminal, series, last) VALUES ('T1', 'P', 1);"
        ),
        12 => format!(
            "INSERT INTO product_photos (product_id, position, hash, thumb, width, height)
             VALUES ('p-slinky', 0, '{photo}', '{thumb}', 2048, 1536);
             INSERT INTO blobs (hash, bytes, origin, uploaded, last_used) VALUES ('{photo}', 1000, 'made', 1, {AT});",
            photo = "a".repeat(64),
            thumb = "b".repeat(64)
        ),
        13 => "UPDATE products SET online = 0 WHERE id = 'p-slinky';".to_string(),
        14 => format!(
            "INSERT INTO chat_conversations (id, customer, contact, last_seq, last_at)
             VALUES ('conv-web-1', 'Rina', 'rina@example.com', 1, {AT});
             INSERT INTO chat_messages (id, conversation_id, author, body, at, seq, sender)
             VALUES ('cm-1', 'conv-web-1', 'Rina', 'Masih ada?', {AT}, 1, 'customer');"
        ),
        15 => format!(
            r#"INSERT INTO booking_resources (id, name, doc, created_at, updated_at)
             VALUES ('r-a', 'Studio A', '{{"id":"r-a","name":"Studio A","kind":"room","capacity":1,"hours":[{{"open_min":600,"close_min":1320}},{{"open_min":600,"close_min":1320}},{{"open_min":600,"close_min":1320}},{{"open_min":600,"close_min":1320}},{{"open_min":600,"close_min":1320}},{{"open_min":600,"close_min":1320}},{{"open_min":600,"close_min":1320}}],"closed":[],"active":true}}', {AT}, {AT});
             INSERT INTO booking_services (id, slug, name, doc, created_at, updated_at)
             VALUES ('svc-a', 'studio-a', 'Studio A per jam', '{{"id":"svc-a","slug":"studio-a","name":"Studio A per jam","kind":"studio","description":"","resource_ids":["r-a"],"packages":[{{"id":"pk-1","name":"1 jam","price":150000,"duration_min":60,"included":""}}],"buffer_before_min":0,"buffer_after_min":15,"step_min":60,"deposit":{{"percent_bp":5000,"amount":0}},"window":{{"min_days_ahead":1,"max_days_ahead":90}},"hold_minutes":30,"free_cancel_days":2,"late_refund_bp":5000,"online":true,"active":true}}', {AT}, {AT});
             INSERT INTO bookings (id, service_id, package_id, resource_id, start_ms, end_ms, status, source,
                 customer_name, price, dp_amount, created_at, updated_at)
             VALUES ('bk-1', 'svc-a', 'pk-1', 'r-a', {AT} + 86400000, {AT} + 90000000, 'pencilled', 'desk', 'Band',
                 150000, 75000, {AT}, {AT});"#
        ),
        16 => "UPDATE bookings SET repair = '{\"stage\":\"dropped_off\",\"instrument\":\"Gibson SG\",\"serial\":\"\",\"problem\":\"Fret buzz\",\"estimate\":0,\"estimate_note\":\"\"}';".into(),
        _ => String::new(),
    }
}

#[test]
#[ignore = "writes the fixtures; run with HURTROCK_WRITE_FIXTURES=1 when a version is released"]
fn generate_fixtures() {
    if std::env::var_os("HURTROCK_WRITE_FIXTURES").is_none() {
        return;
    }
    let hash = pos_core::secret::hash(OWNER_PASSWORD).unwrap();
    // A released version's fixture is kept as it was; only missing ones are written (=all rewrites all).
    let all = std::env::var("HURTROCK_WRITE_FIXTURES").is_ok_and(|v| v == "all");
    for v in RELEASED {
        let path = fixture(v);
        if path.exists() && !all {
            continue;
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        for k in 1..=v {
            pos_store::migrate_to_version(&mut conn, k).unwrap();
            conn.execute_batch(&data(k, &hash)).unwrap();
        }
        conn.execute_batch("VACUUM").unwrap();
    }
}

#[test]
fn every_schema_version_has_its_fixture() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../migrations/local");
    let newest = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_prefix('V')?.split("__").next()?.parse::<u32>().ok()
        })
        .max()
        .unwrap();
    assert_eq!(
        *RELEASED.last().unwrap(),
        newest,
        "a new migration needs its fixture: add it to RELEASED and `data`, then write it (see the top of this file)"
    );
}

#[test]
fn every_released_schema_opens_migrated_with_its_data_and_the_till_works_on_it() {
    for v in RELEASED {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pos.db");
        std::fs::copy(fixture(v), &db).unwrap_or_else(|e| panic!("fixture v{v}: {e}"));
        let (core, report) = Core::open(&db, Arc::new(pos_domain::SystemClock)).unwrap();
        // The newest fixture is this version's own schema: nothing to migrate (yet).
        if v < *RELEASED.last().unwrap() {
            assert!(!report.applied.is_empty(), "v{v}: migrated");
            let backup = report
                .backup
                .unwrap_or_else(|| panic!("v{v}: a copy taken before migrating"));
            assert_eq!(
                pos_store::backup::contents(&backup).unwrap().schema_version,
                i64::from(v),
                "v{v}: the copy is the file as it was"
            );
        } else {
            assert!(report.applied.is_empty(), "v{v} is the newest schema");
        }
        let count = |sql: &str| core.with_db(|c| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap());
        assert_eq!(count("SELECT count(*) FROM users"), 1, "v{v}");
        assert_eq!(count("SELECT count(*) FROM products"), 1, "v{v}");
        let sold = if v >= 2 { 2 } else { 0 };
        let received = if v >= 11 { 12 } else { 0 };
        assert_eq!(
            count("SELECT on_hand FROM stock_levels WHERE product_id = 'p-slinky'"),
            40 - sold + received,
            "v{v}: the ledger"
        );
        if v >= 10 {
            assert_eq!(count("SELECT count(*) FROM stock_count_entries"), 1, "v{v}");
        }
        if v >= 12 {
            assert_eq!(count("SELECT count(*) FROM product_photos"), 1, "v{v}");
        }
        if v >= 2 {
            assert_eq!(count("SELECT count(*) FROM sales"), 1, "v{v}");
            assert_eq!(
                count("SELECT count(*) FROM report_lines"),
                1,
                "v{v}: the old sale is counted by the reports"
            );
        }
        if v >= 4 {
            assert_eq!(count("SELECT count(*) FROM orders"), 1, "v{v}");
        }
        if v >= 15 {
            assert_eq!(count("SELECT count(*) FROM bookings"), 1, "v{v}");
        }

        // The owner signs in with the password set on that version, opens a shift and sells;
        // the new receipt and delivery numbers are new.
        let token = core
            .sign_in(SignInRequest {
                email: "owner@hurtrock.test".into(),
                password: OWNER_PASSWORD.into(),
            })
            .unwrap_or_else(|e| panic!("v{v}: {e:?}"))
            .token;
        let t = Some(token.as_str());
        // The bookings' set-up reads on every version that has it (none before).
        let setup = core.booking_setup(t).unwrap_or_else(|e| panic!("v{v}: {e:?}"));
        let expected = usize::from(v >= 15);
        assert_eq!(
            (setup.resources.len(), setup.services.len()),
            (expected, expected),
            "v{v}"
        );
        if count("SELECT count(*) FROM shifts WHERE closed_at IS NULL") == 0 {
            core.open_shift(t, OpenShift { opening_float: 500_000 }).unwrap();
        }
        let sale = core
            .checkout(
                t,
                CheckoutRequest {
                    client_ref: pos_domain::new_id(),
                    lines: vec![CartLine {
                        product_id: "p-slinky".into(),
                        quantity: 1,
                        ..Default::default()
                    }],
                    tenders: vec![TenderInput {
                        kind: Some(TenderKind::Cash),
                        amount: 100_000,
                        reference: String::new(),
                    }],
                    ..Default::default()
                },
            )
            .unwrap_or_else(|e| panic!("v{v}: {e:?}"))
            .sale;
        let expected = if v >= 2 { "BDG1-T1-000002" } else { "BDG1-T1-000001" };
        assert_eq!(sale.receipt_no, expected, "v{v}");
        let by: Option<String> = core.with_db(|c| {
            c.query_row(
                "SELECT by FROM outbox WHERE kind = 'sale' ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap()
        });
        assert!(by.is_some(), "v{v}: a new record names who made it");

        // Purchasing works on it: the received order reads partly received, and a new order's
        // number is new.
        use pos_core::purchasing::*;
        if v >= 11 {
            let po = core.purchase_order(t, PoRef { po_id: "po-1".into() }).unwrap();
            assert_eq!(
                (po.status, po.lines[0].received),
                (PoStatus::PartlyReceived, 12),
                "v{v}"
            );
        }
        let po = core
            .save_purchase_order(
                t,
                PoDraft {
                    supplier_id: "s-1".into(),
                    lines: vec![PoLineInput {
                        product_id: "p-slinky".into(),
                        ordered: 12,
                        unit_cost: 60_000,
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            )
            .unwrap_or_else(|e| panic!("v{v}: {e:?}"));
        let expected = if v >= 11 { "BDG1-T1-P000002" } else { "BDG1-T1-P000001" };
        assert_eq!(po.po_no, expected, "v{v}");
    }
}
