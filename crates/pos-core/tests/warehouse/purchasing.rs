//! Purchasing through `Core` on a real SQLite file: an order drafted, sent, received in parts by
//! scanning and in full; the moving-average cost with landed costs and the negative-stock rule;
//! items not on the order and over-receipts asked about; every refusal (a draft, a cancelled
//! order, a sent order edited, absurd quantities, roles); scans kept across a restart; the PDF and
//! CSV read back; returns to the supplier; suggested reorders.

use super::*;
use pos_core::Role;
use pos_core::catalogue::SupplierInput;
use pos_core::purchasing::*;

struct Buying {
    s: Shop,
    supplier: String,
}

fn buying() -> Buying {
    let s = shop();
    let supplier = s
        .core
        .create_supplier(
            s.t(),
            SupplierInput {
                name: "PT Musik Distribusi Nusantara".into(),
                contact_name: "Pak Budi".into(),
                phone: "022-7654321".into(),
                address: "Jl. Soekarno-Hatta 123, Bandung".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    Buying { s, supplier }
}

fn line(product: &str, ordered: i64, unit_cost: i64, discount_bp: i64) -> PoLineInput {
    PoLineInput {
        id: None,
        product_id: product.into(),
        ordered,
        unit_cost,
        discount_bp,
    }
}

impl Buying {
    fn t(&self) -> Option<&str> {
        self.s.t()
    }

    fn draft(&self, lines: Vec<PoLineInput>) -> Result<PoView, pos_core::CoreError> {
        self.s.core.save_purchase_order(
            self.t(),
            PoDraft {
                supplier_id: self.supplier.clone(),
                note: "Kirim sebelum akhir bulan".into(),
                ppn_bp: Some(1_100),
                lines,
                ..Default::default()
            },
        )
    }

    fn sent(&self, lines: Vec<PoLineInput>) -> PoView {
        let po = self.draft(lines).unwrap();
        self.s
            .core
            .send_purchase_order(self.t(), PoRef { po_id: po.id })
            .unwrap()
    }

    fn scan(&self, po: &PoView, code: &str, add: Option<i64>) -> Result<Receiving, pos_core::CoreError> {
        self.s.core.receive_scan(
            self.t(),
            ReceiveScan {
                po_id: po.id.clone(),
                code: code.into(),
                add,
                set: None,
            },
        )
    }

    fn post(&self, po: &PoView, landed: i64, over: bool, unlisted: bool) -> Result<ReceiptPosted, pos_core::CoreError> {
        self.s.core.post_receipt(
            self.t(),
            PostReceipt {
                po_id: po.id.clone(),
                reference: "SJ-2026-118".into(),
                landed,
                landed_by: LandedSplit::Value,
                note: String::new(),
                accept_unlisted: unlisted,
                accept_over: over,
            },
        )
    }

    fn view(&self, po: &PoView) -> PoView {
        self.s
            .core
            .purchase_order(self.t(), PoRef { po_id: po.id.clone() })
            .unwrap()
    }

    fn cost(&self, product: &str) -> i64 {
        self.s
            .core
            .get_product(self.t(), pos_core::products::ProductId { id: product.into() })
            .unwrap()
            .cost
            .rupiah()
    }

    fn person(&self, role: Role, email: &str) -> String {
        support::staff(&self.s.core, &self.s.token, role, email)
    }
}

fn movements(s: &Shop, reason: &str) -> Vec<(String, i64)> {
    s.core.with_db(|c| {
        let mut st = c
            .prepare("SELECT product_id, quantity FROM stock_movements WHERE reason = ?1 ORDER BY at, id")
            .unwrap();
        st.query_map([reason], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    })
}

#[test]
pub(crate) fn an_order_goes_from_draft_to_sent_to_partly_received_to_received() {
    let b = buying();
    let s = &b.s;
    let po = b
        .draft(vec![
            line(&s.guitar, 3, 8_000_000, 500),
            line(&s.strings, 24, 45_000, 0),
        ])
        .unwrap();
    assert_eq!(po.status, PoStatus::Draft);
    assert_eq!(po.po_no, "BDG1-T1-P000001");
    // 3 × 8 000 000 less 5 % = 22 800 000; 24 × 45 000 = 1 080 000; PPN 11 % of 23 880 000.
    assert_eq!(po.subtotal, 23_880_000);
    assert_eq!(po.ppn, 2_626_800);
    assert_eq!(po.total, 26_506_800);
    // Receiving a draft is refused: it was never sent.
    let e = b.scan(&po, "GTR-1", None).unwrap_err();
    assert!(e.en.contains("draft"), "{}", e.en);

    let po = s
        .core
        .send_purchase_order(b.t(), PoRef { po_id: po.id.clone() })
        .unwrap();
    assert_eq!(po.status, PoStatus::Sent);
    // A sent order is the supplier's copy: not edited.
    let e = s
        .core
        .save_purchase_order(
            b.t(),
            PoDraft {
                id: Some(po.id.clone()),
                supplier_id: b.supplier.clone(),
                lines: vec![line(&s.guitar, 1, 1, 0)],
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(e.en.contains("was sent already"), "{}", e.en);

    // Two guitars by scanning their barcode, a carton of 12 strings by SKU.
    b.scan(&po, "8991234500010", None).unwrap();
    let r = b.scan(&po, "8991234500010", None).unwrap();
    assert_eq!(r.lines[0].scanned, 2);
    let r = b.scan(&po, "STR-1", Some(12)).unwrap();
    assert_eq!(r.scanned, 14);
    assert_eq!(r.over, 0);
    let guitars_before = s.on_hand(&s.guitar);
    let posted = b.post(&po, 0, false, false).unwrap();
    assert_eq!(posted.order.status, PoStatus::PartlyReceived);
    assert_eq!(posted.order.scanned, 0, "the scans became the receipt");
    assert_eq!(s.on_hand(&s.guitar), guitars_before + 2);
    assert_eq!(s.on_hand(&s.strings), 40 + 12);
    let view = b.view(&po);
    assert_eq!(view.lines[0].received, 2);
    assert_eq!(view.lines[0].outstanding, 1);
    assert_eq!(view.lines[1].outstanding, 12);
    // Each receipt line is one movement whose id is the line's.
    let receipts = movements(s, "receipt");
    assert_eq!(receipts.len(), 2);
    for l in &posted.receipt.lines {
        let n: i64 = s.core.with_db(|c| {
            c.query_row("SELECT quantity FROM stock_movements WHERE id = ?1", [&l.id], |r| {
                r.get(0)
            })
            .unwrap()
        });
        assert_eq!(n, l.quantity);
    }
    // Posting again with nothing scanned adds nothing.
    assert!(b.post(&po, 0, false, false).is_err());
    assert_eq!(movements(s, "receipt").len(), 2);

    b.scan(&po, "GTR-1", None).unwrap();
    s.core
        .receive_scan(
            b.t(),
            ReceiveScan {
                po_id: po.id.clone(),
                code: "STR-1".into(),
                add: None,
                set: Some(12),
            },
        )
        .unwrap();
    let done = b.post(&po, 0, false, false).unwrap();
    assert_eq!(done.order.status, PoStatus::Received);
    let receipts = s
        .core
        .purchase_order_receipts(b.t(), PoRef { po_id: po.id.clone() })
        .unwrap();
    assert_eq!(receipts.iter().map(|r| r.units).collect::<Vec<_>>(), vec![14, 13]);
    // A received order is not cancelled.
    assert!(
        s.core
            .cancel_purchase_order(b.t(), PoRef { po_id: po.id.clone() })
            .is_err()
    );
    let list = s.core.purchase_orders(b.t(), PoListRequest::default()).unwrap();
    assert_eq!(list[0].status, PoStatus::Received);
    assert_eq!((list[0].ordered, list[0].received), (27, 27));
    // The audit trail has the order's life.
    let actions: Vec<String> = s.core.with_db(|c| {
        let mut st = c
            .prepare("SELECT action FROM audit_events WHERE action LIKE 'po.%' OR action LIKE 'receipt.%' ORDER BY at, rowid")
            .unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    });
    assert_eq!(actions, ["po.drafted", "po.sent", "receipt.posted", "receipt.posted"]);
}

#[test]
pub(crate) fn cost_is_the_moving_average_with_landed_costs_and_restarts_below_zero() {
    let b = buying();
    let s = &b.s;
    // One guitar on hand at 8 900 000 (half its price).
    assert_eq!(b.cost(&s.guitar), 8_900_000);
    let po = b.sent(vec![
        line(&s.guitar, 1, 8_000_000, 500),
        line(&s.strings, 10, 40_000, 0),
    ]);
    b.scan(&po, "GTR-1", None).unwrap();
    b.scan(&po, "STR-1", Some(10)).unwrap();
    // The store is not VAT-registered: the 11 % PPN input cannot be credited, so it is part of
    // the cost. Guitar 7 600 000 + PPN = 8 436 000; strings 400 000 + PPN = 444 000.
    // Rp 250 000 freight by value: the guitar carries 237 500, the strings 12 500.
    let r = b.post(&po, 250_000, false, false).unwrap().receipt;
    let g = r.lines.iter().find(|l| l.product_id == s.guitar).unwrap();
    assert_eq!((g.unit_cost, g.landed_unit), (8_436_000, 8_673_500));
    // (1 × 8 900 000 + 1 × 8 673 500) / 2
    assert_eq!(g.cost_after, 8_786_750);
    assert_eq!(b.cost(&s.guitar), 8_786_750);
    let st = r.lines.iter().find(|l| l.product_id == s.strings).unwrap();
    assert_eq!(st.landed_unit, 45_650);
    // (40 × 47 500 + 10 × 45 650) / 50
    assert_eq!(b.cost(&s.strings), 47_130);

    // A VAT-registered store credits the PPN input: the cost is net of it.
    s.core
        .with_db(|c| c.execute("UPDATE store_profile SET vat_registered = 1", []).unwrap());
    let po = b.sent(vec![line(&s.strings, 50, 47_130, 0)]);
    b.scan(&po, "STR-1", Some(50)).unwrap();
    let r = b.post(&po, 0, false, false).unwrap().receipt;
    assert_eq!(r.lines[0].landed_unit, 47_130);
    assert_eq!(b.cost(&s.strings), 47_130);

    // Sold below zero (another till's sales synced in): the next receipt sets the cost alone.
    s.core.with_db(|c| {
        c.execute(
            "INSERT INTO stock_movements (id, product_id, branch, quantity, reason, note, at)
             VALUES ('oversold-1', ?1, 'BDG1', -5, 'sale', 'T2', 1)",
            [&s.guitar],
        )
        .unwrap();
    });
    assert_eq!(s.on_hand(&s.guitar), -3);
    let po = b.sent(vec![line(&s.guitar, 4, 9_000_000, 0)]);
    b.scan(&po, "GTR-1", Some(4)).unwrap();
    b.post(&po, 0, false, false).unwrap();
    assert_eq!(b.cost(&s.guitar), 9_000_000, "the units sold short are not revalued");
    assert_eq!(s.on_hand(&s.guitar), 1);
    // The cost change went out as a product edit, for the other terminals.
    let queued: i64 = s.core.with_db(|c| {
        c.query_row(
            "SELECT count(*) FROM outbox WHERE kind = 'product' AND entity_id = ?1",
            [&s.guitar],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert!(queued >= 3, "created, then two costs: {queued}");
}

#[test]
pub(crate) fn items_not_on_the_order_and_extra_units_are_asked_about() {
    let b = buying();
    let s = &b.s;
    let po = b.sent(vec![line(&s.guitar, 2, 8_000_000, 0)]);
    b.scan(&po, "GTR-1", Some(3)).unwrap();
    let r = b.scan(&po, "STR-1", None).unwrap();
    assert_eq!((r.unlisted, r.over), (1, 1));
    assert!(!r.lines[1].on_order);
    let e = b.post(&po, 0, false, false).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("accept_unlisted"));
    assert!(e.en.contains("Ernie Ball"), "{}", e.en);
    let e = b.post(&po, 0, false, true).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("accept_over"));
    assert!(e.en.contains("+1"), "{}", e.en);
    assert_eq!(movements(s, "receipt").len(), 0, "nothing written while asking");
    let posted = b.post(&po, 0, true, true).unwrap();
    let unlisted = posted.receipt.lines.iter().find(|l| l.product_id == s.strings).unwrap();
    assert_eq!(unlisted.po_line_id, None);
    assert_eq!(b.view(&po).over_received, 1);
    assert_eq!(b.view(&po).status, PoStatus::Received);
}

#[test]
pub(crate) fn bad_orders_and_receipts_are_refused_whole() {
    let b = buying();
    let s = &b.s;
    for (l, field_text) in [
        (line(&s.guitar, 0, 1, 0), "at least 1"),
        (line(&s.guitar, -3, 1, 0), "at least 1"),
        (line(&s.guitar, 1_000_000, 1, 0), "100000"),
        (line(&s.guitar, 1, -1, 0), "negative"),
        (line(&s.guitar, 1, 1, 10_001), "10000"),
        (line("no-such-product", 1, 1, 0), "not in the catalogue"),
    ] {
        let e = b.draft(vec![l]).unwrap_err();
        assert!(e.en.contains(field_text), "{field_text}: {}", e.en);
    }
    let e = b
        .draft(vec![line(&s.guitar, 1, 1, 0), line(&s.guitar, 2, 1, 0)])
        .unwrap_err();
    assert!(e.en.contains("twice"), "{}", e.en);
    assert!(b.draft(vec![]).is_err());
    let count: i64 = s.core.with_db(|c| {
        c.query_row("SELECT count(*) FROM purchase_orders", [], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(count, 0, "nothing half-written");

    // A cancelled order receives nothing, even what was scanned before the cancel.
    let po = b.sent(vec![line(&s.guitar, 2, 8_000_000, 0)]);
    b.scan(&po, "GTR-1", None).unwrap();
    s.core
        .cancel_purchase_order(b.t(), PoRef { po_id: po.id.clone() })
        .unwrap();
    let e = b.post(&po, 0, true, true).unwrap_err();
    assert!(e.en.contains("cancelled"), "{}", e.en);
    assert!(b.scan(&po, "GTR-1", None).is_err());
    assert!(
        s.core
            .send_purchase_order(b.t(), PoRef { po_id: po.id.clone() })
            .is_err()
    );
    assert_eq!(movements(s, "receipt").len(), 0);

    // Scans of absurd quantities, unknown codes.
    let po = b.sent(vec![line(&s.guitar, 2, 8_000_000, 0)]);
    assert!(b.scan(&po, "GTR-1", Some(0)).is_err());
    assert!(b.scan(&po, "GTR-1", Some(-5)).is_err());
    assert!(b.scan(&po, "GTR-1", Some(100_001)).is_err());
    assert!(b.scan(&po, "", None).is_err());
    assert!(b.scan(&po, &"9".repeat(65), None).is_err());
    assert_eq!(
        b.scan(&po, "0000000000000", None).unwrap_err().code,
        ErrorCode::NotFound
    );
    b.scan(&po, "GTR-1", Some(100_000)).unwrap();
    assert!(
        b.scan(&po, "GTR-1", Some(1)).is_err(),
        "more than 100 000 in one receipt"
    );
    assert!(
        s.core
            .post_receipt(
                b.t(),
                PostReceipt {
                    po_id: po.id.clone(),
                    landed: -1,
                    ..Default::default()
                },
            )
            .is_err()
    );
}

#[test]
pub(crate) fn who_may_buy_and_who_may_receive() {
    let b = buying();
    let s = &b.s;
    let cashier = b.person(Role::Cashier, "kasir@hurtrock.id");
    let warehouse = b.person(Role::Warehouse, "gudang@hurtrock.id");
    let draft = PoDraft {
        supplier_id: b.supplier.clone(),
        lines: vec![line(&s.guitar, 1, 8_000_000, 0)],
        ..Default::default()
    };
    for t in [&cashier, &warehouse] {
        let e = s.core.save_purchase_order(Some(t), draft.clone()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
    }
    let po = b.sent(draft.lines.clone());
    let scan = ReceiveScan {
        po_id: po.id.clone(),
        code: "GTR-1".into(),
        ..Default::default()
    };
    assert_eq!(
        s.core.receive_scan(Some(&cashier), scan.clone()).unwrap_err().code,
        ErrorCode::Forbidden
    );
    s.core.receive_scan(Some(&warehouse), scan).unwrap();
    let posted = s
        .core
        .post_receipt(
            Some(&warehouse),
            PostReceipt {
                po_id: po.id.clone(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(posted.order.status, PoStatus::Received);
    assert_eq!(
        s.core
            .cancel_purchase_order(Some(&warehouse), PoRef { po_id: po.id })
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        s.core
            .reorder_suggestions(
                Some(&warehouse),
                SupplierRef {
                    supplier_id: b.supplier.clone()
                }
            )
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}

#[test]
pub(crate) fn scans_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pos.db");
    let po_id = {
        let (core, _) = Core::open(&path, Arc::new(pos_domain::SystemClock)).unwrap();
        let token = support::set_up(&core, ProfileInput::hurtrock(), None);
        let t = Some(token.as_str());
        let cat = core
            .create_category(
                t,
                CategoryInput {
                    name: "Pedals".into(),
                    parent_id: None,
                },
            )
            .unwrap()
            .id;
        let p = core
            .create_product(
                t,
                NewProduct {
                    fields: ProductInput {
                        sku: "PED-1".into(),
                        name: "Boss DS-1".into(),
                        category_id: cat,
                        price: 1_100_000,
                        cost: 700_000,
                        active: true,
                        ..Default::default()
                    },
                    opening_stock: 0,
                },
            )
            .unwrap()
            .id;
        let sup = core
            .create_supplier(
                t,
                SupplierInput {
                    name: "Roland Indonesia".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .id;
        let po = core
            .save_purchase_order(
                t,
                PoDraft {
                    supplier_id: sup,
                    lines: vec![line(&p, 6, 700_000, 0)],
                    ..Default::default()
                },
            )
            .unwrap();
        core.send_purchase_order(t, PoRef { po_id: po.id.clone() }).unwrap();
        for _ in 0..4 {
            core.receive_scan(
                t,
                ReceiveScan {
                    po_id: po.id.clone(),
                    code: "PED-1".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        po.id
    };
    let (core, _) = Core::open(&path, Arc::new(pos_domain::SystemClock)).unwrap();
    let token = support::sign_in_owner(&core);
    let r = core.receiving(Some(&token), PoRef { po_id }).unwrap();
    assert_eq!(r.scanned, 4);
    assert_eq!(r.lines[0].received, 0);
}

#[test]
pub(crate) fn the_order_reads_back_as_pdf_and_csv() {
    let b = buying();
    let s = &b.s;
    let lines: Vec<PoLineInput> = (0..60)
        .map(|i| {
            let id = s
                .core
                .create_product(
                    b.t(),
                    NewProduct {
                        fields: ProductInput {
                            sku: format!("PICK-{i:03}"),
                            name: if i == 7 {
                                "=HYPERLINK(\"http://x\"), \"picks\"".into()
                            } else {
                                format!("Dunlop Tortex {i}")
                            },
                            category_id: s
                                .core
                                .get_product(b.t(), pos_core::products::ProductId { id: s.strings.clone() })
                                .unwrap()
                                .category_id,
                            price: 10_000,
                            cost: 4_000,
                            active: true,
                            ..Default::default()
                        },
                        opening_stock: 0,
                    },
                )
                .unwrap()
                .id;
            line(&id, 72, 4_000, 1_250)
        })
        .collect();
    let po = b.sent(lines);
    let pdf = s
        .core
        .purchase_order_pdf(b.t(), PoRef { po_id: po.id.clone() })
        .unwrap();
    assert_eq!(pdf.file_name, "BDG1-T1-P000001.pdf");
    let text = support::pdf_text(&pdf.base64);
    assert!(text.contains("BDG1-T1-P000001"));
    assert!(text.contains("PT Musik Distribusi Nusantara"));
    assert!(
        text.contains("PICK-000") && text.contains("PICK-059"),
        "every line, over pages"
    );
    assert!(text.matches('\u{c}').count() >= 2, "60 lines run onto a second page");
    assert!(text.contains("12,5%"));
    // 72 × 4 000 less 12.5 % = 252 000 per line; 60 lines.
    assert!(text.contains("15.120.000"), "subtotal");
    let csv = s
        .core
        .purchase_order_csv(b.t(), PoRef { po_id: po.id.clone() })
        .unwrap();
    let rows: Vec<&str> = csv.csv.lines().collect();
    assert_eq!(rows.len(), 61);
    assert!(
        rows[1].starts_with("BDG1-T1-P000001,PICK-000,,Dunlop Tortex 0,72,4000,12.5,252000"),
        "{}",
        rows[1]
    );
    assert!(
        rows[8].contains("\"'=HYPERLINK(\"\"http://x\"\"), \"\"picks\"\"\""),
        "a formula is defused and quoted: {}",
        rows[8]
    );
}

#[test]
pub(crate) fn damaged_goods_go_back_to_the_supplier() {
    let b = buying();
    let s = &b.s;
    let r = s
        .core
        .return_to_supplier(
            b.t(),
            SupplierReturnInput {
                supplier_id: b.supplier.clone(),
                receipt_id: None,
                reason: "Senar berkarat".into(),
                lines: vec![SupplierReturnLineInput {
                    product_id: s.strings.clone(),
                    quantity: 2,
                }],
            },
        )
        .unwrap();
    assert_eq!(s.on_hand(&s.strings), 38);
    assert_eq!(movements(s, "supplier_return"), vec![(s.strings.clone(), -2)]);
    assert_eq!(r.lines[0].unit_cost, 47_500);
    let e = s
        .core
        .return_to_supplier(
            b.t(),
            SupplierReturnInput {
                supplier_id: b.supplier.clone(),
                receipt_id: None,
                reason: "Rusak".into(),
                lines: vec![
                    SupplierReturnLineInput {
                        product_id: s.strings.clone(),
                        quantity: 1,
                    },
                    SupplierReturnLineInput {
                        product_id: s.guitar.clone(),
                        quantity: 2,
                    },
                ],
            },
        )
        .unwrap_err();
    assert!(e.en.contains("Only 1"), "{}", e.en);
    assert_eq!(s.on_hand(&s.strings), 38, "the first line was not written either");
    let list = s.core.supplier_returns(b.t()).unwrap();
    assert_eq!((list.len(), list[0].units, list[0].value), (1, 2, 95_000));
}

#[test]
pub(crate) fn reorders_cover_the_minimum_and_a_month_of_sales() {
    let b = buying();
    let s = &b.s;
    // The strings come from this supplier, keep 50 on the shelf, and sold 30 in the last month.
    let p = s
        .core
        .get_product(b.t(), pos_core::products::ProductId { id: s.strings.clone() })
        .unwrap();
    let mut fields = ProductInput {
        sku: p.sku.clone(),
        name: p.name.clone(),
        category_id: p.category_id.clone(),
        supplier_id: Some(b.supplier.clone()),
        price: p.price.rupiah(),
        cost: p.cost.rupiah(),
        min_stock: 50,
        active: true,
        ..Default::default()
    };
    fields.weight_g = p.weight_g;
    s.core
        .update_product(
            b.t(),
            pos_core::products::ProductUpdate {
                id: p.id.clone(),
                expected_version: p.version,
                fields,
            },
        )
        .unwrap();
    let now = s.core.now();
    s.core.with_db(|c| {
        c.execute(
            "INSERT INTO stock_movements (id, product_id, branch, quantity, reason, note, at)
             VALUES ('sold-1', ?1, 'BDG1', -30, 'sale', '', ?2), ('sold-2', ?1, 'BDG1', -6, 'sale', '', ?3)",
            pos_store::rusqlite::params![s.strings, now - 86_400_000, now - 60 * 86_400_000],
        )
        .unwrap();
    });
    // On hand 4; 50 + max(30, 36/3) − 4 = 76.
    let lines = s
        .core
        .reorder_suggestions(
            b.t(),
            SupplierRef {
                supplier_id: b.supplier.clone(),
            },
        )
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0].on_hand, lines[0].sold_30, lines[0].sold_90), (4, 30, 36));
    assert_eq!(lines[0].suggested, 76);
    // Once 70 are on order, 6 more.
    b.sent(vec![line(&s.strings, 70, 45_000, 0)]);
    let lines = s
        .core
        .reorder_suggestions(
            b.t(),
            SupplierRef {
                supplier_id: b.supplier.clone(),
            },
        )
        .unwrap();
    assert_eq!((lines[0].on_order, lines[0].suggested), (70, 6));
}
