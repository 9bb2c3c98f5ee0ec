//! The warehouse through `Core` on a real SQLite file: the order flow (every allowed and every
//! refused transition), stock reserved and released, partial shipment, packing by scan, tracking
//! numbers, and a batch of labels to a TCP label printer that fails mid-way and resumes.

mod support;

use pos_core::catalogue::CategoryInput;
use pos_core::products::{NewProduct, ProductInput};
use pos_core::setup::ProfileInput;
use pos_core::store_types::{Order, OrderStatus};
use pos_core::warehouse::*;
use pos_core::{Core, ErrorCode};
use std::io::Read;
use std::sync::Arc;

struct Shop {
    core: Core,
    token: String,
    guitar: String,
    strings: String,
    _dir: tempfile::TempDir,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let (core, _) = Core::open(&dir.path().join("pos.db"), Arc::new(pos_domain::SystemClock)).unwrap();
    let token = support::set_up(&core, ProfileInput::hurtrock(), None);
    let t = Some(token.as_str());
    let cat = core
        .create_category(
            t,
            CategoryInput {
                name: "Guitars".into(),
                parent_id: None,
            },
        )
        .unwrap()
        .id;
    let mk = |sku: &str, name: &str, barcode: &str, price: i64, weight: i64, stock: i64| {
        let fields = ProductInput {
            sku: sku.into(),
            name: name.into(),
            barcode: barcode.into(),
            category_id: cat.clone(),
            price,
            cost: price / 2,
            weight_g: weight,
            active: true,
            ..Default::default()
        };
        core.create_product(
            t,
            NewProduct {
                fields,
                opening_stock: stock,
            },
        )
        .unwrap()
        .id
    };
    let guitar = mk("GTR-1", "ESP LTD EC-1000", "8991234500010", 17_800_000, 3500, 1);
    let strings = mk("STR-1", "Ernie Ball Regular Slinky", "", 95_000, 100, 40);
    Shop {
        core,
        token,
        guitar,
        strings,
        _dir: dir,
    }
}

impl Shop {
    fn t(&self) -> Option<&str> {
        Some(self.token.as_str())
    }

    fn order(&self, lines: &[(&str, i64)], paid: bool) -> Order {
        let req = NewDeliveryOrder {
            customer_name: "Rina Sari".into(),
            customer_phone: "0813-1234-5678".into(),
            ship_name: "Rina Sari".into(),
            ship_phone: "0813-1234-5678".into(),
            ship_address: "Jl. Kaliurang KM 5 No. 12".into(),
            ship_city: "Sleman".into(),
            ship_postal: "55281".into(),
            courier_service: "jne-reg".into(),
            lines: lines
                .iter()
                .map(|(p, q)| OrderLineInput {
                    product_id: p.to_string(),
                    quantity: *q,
                })
                .collect(),
            paid,
            sale_id: None,
        };
        self.core.create_delivery_order(self.t(), req).unwrap()
    }

    fn go(&self, o: &Order, to: OrderStatus) -> Result<Order, pos_core::CoreError> {
        let current = self.core.get_order(self.t(), OrderId { id: o.id.clone() }).unwrap();
        self.core.transition_order(
            self.t(),
            TransitionRequest {
                id: o.id.clone(),
                to: Some(to),
                note: String::new(),
                expected_version: current.version,
            },
        )
    }

    fn reserved(&self, product: &str) -> i64 {
        self.core.with_db(|c| {
            c.query_row(
                "SELECT ifnull(sum(quantity), 0) FROM stock_reservations WHERE product_id = ?1 AND released_at IS NULL",
                [product],
                |r| r.get(0),
            )
            .unwrap()
        })
    }

    fn on_hand(&self, product: &str) -> i64 {
        self.core
            .with_db(|c| pos_store::stock::ledger_sum(c, product, "BDG1").unwrap())
    }

    /// Picks, packs (by scanning), weighs and gives a tracking number.
    fn pack(&self, o: &Order) -> Order {
        self.go(o, OrderStatus::Picking).unwrap();
        for l in &o.lines {
            for _ in 0..l.quantity {
                let code = l.barcode.clone().unwrap_or(l.sku.clone());
                self.core
                    .pack_scan(self.t(), PackScan { id: o.id.clone(), code })
                    .unwrap();
            }
        }
        self.core
            .set_packed_weight(
                self.t(),
                PackedWeight {
                    id: o.id.clone(),
                    weight_g: 4200,
                },
            )
            .unwrap();
        self.core
            .set_tracking(
                self.t(),
                TrackingRequest {
                    id: o.id.clone(),
                    tracking_no: None,
                },
            )
            .unwrap();
        self.go(o, OrderStatus::Packed).unwrap()
    }
}

#[test]
fn only_the_allowed_transitions_exist() {
    use OrderStatus::*;
    let allowed = [
        (AwaitingPayment, Paid),
        (AwaitingPayment, Cancelled),
        (Paid, Picking),
        (Paid, Backordered),
        (Paid, Cancelled),
        (Backordered, Paid),
        (Backordered, Cancelled),
        (Picking, Packed),
        (Picking, Paid),
        (Picking, Cancelled),
        (Packed, Shipped),
        (Packed, Picking),
        (Packed, Cancelled),
        (Shipped, Delivered),
    ];
    for from in OrderStatus::ALL {
        for to in OrderStatus::ALL {
            assert_eq!(from.can_become(to), allowed.contains(&(from, to)), "{from:?} -> {to:?}");
        }
    }
}

#[test]
fn an_order_flows_from_payment_to_delivery_and_stock_follows() {
    let s = shop();
    let o = s.order(&[(&s.strings, 3)], false);
    assert_eq!(o.status, OrderStatus::AwaitingPayment);
    assert_eq!(o.shipping_cost, 20_000, "JNE REG, 300 g bills 1 kg: 15 000 + 5 000");
    assert_eq!(s.reserved(&s.strings), 0);
    // Refused while unpaid: picking, packing, shipping.
    for to in [
        OrderStatus::Picking,
        OrderStatus::Packed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
    ] {
        assert_eq!(
            s.go(&o, to).unwrap_err().code,
            ErrorCode::Invalid,
            "{to:?} before payment"
        );
    }
    s.go(&o, OrderStatus::Paid).unwrap();
    assert_eq!(s.reserved(&s.strings), 3, "paid holds the units");
    s.go(&o, OrderStatus::Picking).unwrap();
    // Packing: a wrong item and one too many are refused loudly and count nothing.
    let wrong = s
        .core
        .pack_scan(
            s.t(),
            PackScan {
                id: o.id.clone(),
                code: "8991234500010".into(),
            },
        )
        .unwrap_err();
    assert!(wrong.en.starts_with("WRONG ITEM"), "{}", wrong.en);
    for _ in 0..3 {
        s.core
            .pack_scan(
                s.t(),
                PackScan {
                    id: o.id.clone(),
                    code: "str-1".into(),
                },
            )
            .unwrap();
    }
    let more = s
        .core
        .pack_scan(
            s.t(),
            PackScan {
                id: o.id.clone(),
                code: "STR-1".into(),
            },
        )
        .unwrap_err();
    assert!(more.en.starts_with("TOO MANY"), "{}", more.en);
    assert_eq!(
        s.go(&o, OrderStatus::Packed).unwrap_err().field.as_deref(),
        Some("weight_g")
    );
    s.core
        .set_packed_weight(
            s.t(),
            PackedWeight {
                id: o.id.clone(),
                weight_g: 450,
            },
        )
        .unwrap();
    s.go(&o, OrderStatus::Packed).unwrap();
    assert_eq!(
        s.go(&o, OrderStatus::Shipped).unwrap_err().field.as_deref(),
        Some("tracking_no")
    );
    s.core
        .set_tracking(
            s.t(),
            TrackingRequest {
                id: o.id.clone(),
                tracking_no: Some("jp1234567890".into()),
            },
        )
        .unwrap();
    let shipped = s.go(&o, OrderStatus::Shipped).unwrap();
    assert_eq!(shipped.tracking_no.as_deref(), Some("JP1234567890"));
    assert_eq!(s.reserved(&s.strings), 0, "shipping ends the reservation");
    assert_eq!(s.on_hand(&s.strings), 37, "and takes the units out");
    // The owner's reports count it on the day it ships: 3 × 95 000 (this store charges no PPN);
    // the 20 000 shipping is not revenue.
    let today = pos_domain::wib_date(chrono::Utc::now()).to_string();
    let report = s
        .core
        .report(
            s.t(),
            pos_core::reports::ReportRequest {
                kind: pos_core::reports::ReportKind::Terminals,
                from: today.clone(),
                to: today,
                ..Default::default()
            },
        )
        .unwrap();
    let figures: Vec<String> = report.rows[0].iter().map(|c| c.text()).collect();
    assert_eq!(&figures[..5], ["BDG1", "ORDER", "3", "1", "285000"], "{figures:?}");
    let col = |k: &str| report.columns.iter().position(|c| c.key == k).unwrap();
    assert_eq!(report.rows[0][col("revenue")].num(), 285_000);
    assert_eq!(report.rows[0][col("tax")].num(), 0);
    assert_eq!(report.rows[0][col("cost")].num(), 3 * 47_500);
    assert_eq!(
        s.go(&o, OrderStatus::Cancelled).unwrap_err().code,
        ErrorCode::Invalid,
        "a shipped order cannot be cancelled"
    );
    let done = s.go(&o, OrderStatus::Delivered).unwrap();
    for to in OrderStatus::ALL {
        assert!(s.go(&done, to).is_err(), "delivered is final ({to:?})");
    }
    let steps: Vec<String> = done.events.iter().map(|e| e.to_status.clone()).collect();
    assert_eq!(
        steps,
        ["awaiting_payment", "paid", "picking", "packed", "shipped", "delivered"]
    );
    let audited = s.core.with_db(|c| {
        c.query_row(
            "SELECT count(*) FROM audit_events WHERE action = 'order.status'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
    });
    assert_eq!(audited, 5);
    // A second order may not reuse the tracking number.
    let other = s.order(&[(&s.strings, 1)], true);
    s.go(&other, OrderStatus::Picking).unwrap();
    let clash = s.core.set_tracking(
        s.t(),
        TrackingRequest {
            id: other.id.clone(),
            tracking_no: Some("JP1234567890".into()),
        },
    );
    assert_eq!(clash.unwrap_err().code, ErrorCode::Duplicate);
}

#[test]
fn cancelling_releases_the_stock_and_a_short_order_ships_in_part() {
    let s = shop();
    let o = s.order(&[(&s.strings, 5)], true);
    assert_eq!(s.reserved(&s.strings), 5);
    let c = s.go(&o, OrderStatus::Cancelled).unwrap();
    assert_eq!(
        c.payment_status, "refund_due",
        "a paid order cancelled is refunded by policy"
    );
    assert_eq!(s.reserved(&s.strings), 0);

    // Three guitars ordered, one on the shelf.
    let o = s.order(&[(&s.guitar, 3), (&s.strings, 2)], true);
    let short = s.go(&o, OrderStatus::Picking).unwrap_err();
    assert_eq!(short.field.as_deref(), Some("lines"));
    let parts = s.core.split_order(s.t(), OrderId { id: o.id.clone() }).unwrap();
    let (now, later) = (&parts[0], &parts[1]);
    assert_eq!(now.lines.iter().map(|l| l.quantity).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(later.status, OrderStatus::Backordered);
    assert_eq!(later.parent_id.as_deref(), Some(o.id.as_str()));
    assert_eq!(
        later
            .lines
            .iter()
            .map(|l| (l.sku.as_str(), l.quantity))
            .collect::<Vec<_>>(),
        [("GTR-1", 2)]
    );
    assert_eq!(s.reserved(&s.guitar), 3, "the backorder keeps holding its units");
    let packed = s.pack(now);
    assert!(
        packed.tracking_no.as_deref().is_some_and(|t| t.starts_with("HRBDG1")),
        "{:?}",
        packed.tracking_no
    );
    s.go(now, OrderStatus::Shipped).unwrap();
    assert_eq!(s.on_hand(&s.guitar), 0);
    assert_eq!(
        s.go(later, OrderStatus::Picking).unwrap_err().code,
        ErrorCode::Invalid,
        "a backorder waits"
    );
}

#[test]
fn a_label_batch_survives_a_printer_fault_with_nothing_twice_or_missing() {
    let s = shop();
    let orders: Vec<Order> = (0..4).map(|_| s.pack(&s.order(&[(&s.strings, 1)], true))).collect();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let captured = Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    let serve = |listener: std::net::TcpListener, captured: Arc<std::sync::Mutex<Vec<u8>>>, n: usize| {
        std::thread::spawn(move || {
            for stream in listener.incoming().take(n) {
                let mut buf = Vec::new();
                stream.unwrap().read_to_end(&mut buf).unwrap();
                captured.lock().unwrap().extend(buf);
            }
        })
    };
    let printer = LabelPrinter {
        stock: pos_print::label::LabelStock::SHIPPING_203,
        transport: pos_print::Transport::Network {
            address: addr.to_string(),
        },
    };
    s.core.update_label_printer(s.t(), printer).unwrap();
    let job = s
        .core
        .start_label_job(
            s.t(),
            OrderIds {
                ids: orders.iter().map(|o| o.id.clone()).collect(),
            },
        )
        .unwrap();
    // The printer takes two labels, then goes away (unplugged).
    let first = serve(listener, captured.clone(), 2);
    let step = |s: &Shop| s.core.label_job_step(s.t(), LabelJobId { id: job.id.clone() }).unwrap();
    assert_eq!(step(&s).done, 1);
    assert_eq!(step(&s).done, 2);
    first.join().unwrap();
    let fault = step(&s);
    assert_eq!((fault.done, fault.total), (2, 4));
    assert!(fault.error.is_some(), "the fault is reported");
    // Back on the same address: the job resumes where it stopped.
    let listener = std::net::TcpListener::bind(addr).unwrap();
    let back = serve(listener, captured.clone(), 2);
    let mut last = step(&s);
    while last.done < last.total {
        last = step(&s);
    }
    back.join().unwrap();
    assert!(last.error.is_none());
    let text = String::from_utf8(captured.lock().unwrap().clone()).unwrap();
    for o in &orders {
        let o = s.core.get_order(s.t(), OrderId { id: o.id.clone() }).unwrap();
        let tracking = o.tracking_no.unwrap();
        assert_eq!(
            text.matches(&format!("\"128\",150,0,0,3,3,\"{tracking}\"")).count(),
            1,
            "{tracking} printed once"
        );
    }
    assert_eq!(text.matches("PRINT 1,1").count(), 4);
}

#[test]
fn the_invoice_and_packing_slip_read_back_with_poppler() {
    use base64::Engine;
    let s = shop();
    // A VAT-registered store with tax-inclusive prices.
    let mut profile = s.core.store_profile(s.t()).unwrap();
    profile.vat_registered = true;
    profile.npwp = "012345678901234".into();
    let input = ProfileInput {
        name: profile.name.clone(),
        address: profile.address.clone(),
        phone: profile.phone.clone(),
        npwp: profile.npwp.clone(),
        branch_code: profile.branch_code.clone(),
        opening_hours: profile.opening_hours.clone(),
        vat_registered: true,
        ppn_rate_bp: 1100,
        prices_include_tax: true,
    };
    s.core
        .update_store_profile(
            s.t(),
            pos_core::setup::ProfileUpdate {
                profile: input,
                expected_version: profile.version,
            },
        )
        .unwrap();
    let o = s.order(&[(&s.strings, 3)], true);
    let dir = tempfile::tempdir().unwrap();
    let text = |pdf: pos_core::counter::receipts::ReceiptPdf, name: &str| {
        let file = dir.path().join(name);
        std::fs::write(
            &file,
            base64::engine::general_purpose::STANDARD.decode(pdf.base64).unwrap(),
        )
        .unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg("-layout")
            .arg(&file)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let invoice = text(
        s.core.invoice_pdf(s.t(), OrderId { id: o.id.clone() }).unwrap(),
        "invoice.pdf",
    );
    // 3 × 95 000 = 285 000 inclusive: PPN 285 000 × 11/111 = 28 243 (rounded), DPP 256 757.
    for needle in [
        "FAKTUR / INVOICE",
        &o.order_no,
        "NPWP 01.234.567.8-901.234",
        "Rp 285.000",
        "Rp 256.757",
        "Rp 28.243",
        "Rp 20.000",
        "Rp 305.000",
        "Jl. Kaliurang KM 5 No. 12",
        "JNE REG",
    ] {
        assert!(invoice.contains(needle), "{needle} on the invoice:\n{invoice}");
    }
    let slip = text(
        s.core.packing_slip_pdf(s.t(), OrderId { id: o.id.clone() }).unwrap(),
        "slip.pdf",
    );
    assert!(
        slip.contains("PACKING SLIP") && slip.contains("Ernie Ball Regular Slinky") && !slip.contains("Rp "),
        "{slip}"
    );
}

#[test]
fn a_counter_sale_to_deliver_takes_its_stock_once() {
    use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
    let s = shop();
    s.core
        .open_shift(s.t(), pos_core::counter::shift::OpenShift { opening_float: 0 })
        .unwrap();
    let sale = s
        .core
        .checkout(
            s.t(),
            CheckoutRequest {
                client_ref: pos_domain::new_id(),
                lines: vec![CartLine {
                    product_id: s.strings.clone(),
                    quantity: 2,
                    ..Default::default()
                }],
                tenders: vec![TenderInput {
                    kind: Some(pos_core::store_types::TenderKind::Cash),
                    amount: 190_000,
                    reference: String::new(),
                }],
                ..Default::default()
            },
        )
        .unwrap()
        .sale;
    assert_eq!(s.on_hand(&s.strings), 38);
    let req = NewDeliveryOrder {
        customer_name: "Budi".into(),
        ship_name: "Budi".into(),
        ship_phone: "0812-0000-0000".into(),
        ship_address: "Jl. Braga 1, Bandung".into(),
        courier_service: "own".into(),
        lines: vec![OrderLineInput {
            product_id: s.strings.clone(),
            quantity: 2,
        }],
        paid: true,
        sale_id: Some(sale.id.clone()),
        ..Default::default()
    };
    let o = s.core.create_delivery_order(s.t(), req.clone()).unwrap();
    assert_eq!(o.status, OrderStatus::Paid);
    assert_eq!(s.reserved(&s.strings), 0, "sold already: nothing held");
    s.pack(&o);
    s.go(&o, OrderStatus::Shipped).unwrap();
    assert_eq!(s.on_hand(&s.strings), 38, "shipping a sold order takes nothing more");
    let bad = NewDeliveryOrder {
        sale_id: Some("no-such-sale".into()),
        ..req
    };
    assert_eq!(
        s.core.create_delivery_order(s.t(), bad).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn product_labels_go_to_the_label_printer_or_a_pdf() {
    let s = shop();
    let t = s.t();
    let no_printer = s.core.product_labels(
        t,
        ProductLabelsRequest {
            codes: vec!["STR-1".into()],
            copies: 1,
            pdf: false,
        },
    );
    assert_eq!(no_printer.unwrap_err().field.as_deref(), Some("transport"));
    let pdf = s
        .core
        .product_labels(
            t,
            ProductLabelsRequest {
                codes: vec!["8991234500010".into(), "STR-1".into()],
                copies: 2,
                pdf: true,
            },
        )
        .unwrap();
    assert_eq!(pdf.labels, 4);
    assert!(pdf.pdf.is_some());
    let file = tempfile::NamedTempFile::new().unwrap();
    let printer = LabelPrinter {
        stock: pos_print::label::LabelStock {
            language: pos_print::label::LabelLanguage::Zpl,
            ..pos_print::label::LabelStock::SHIPPING_203
        },
        transport: pos_print::Transport::File {
            path: file.path().to_string_lossy().into(),
        },
    };
    s.core.update_label_printer(t, printer).unwrap();
    let r = s
        .core
        .product_labels(
            t,
            ProductLabelsRequest {
                codes: vec![s.guitar.clone()],
                copies: 3,
                pdf: false,
            },
        )
        .unwrap();
    assert!(r.printed);
    let zpl = std::fs::read_to_string(file.path()).unwrap();
    assert!(
        zpl.contains("^PW400^LL240")
            && zpl.contains("^BEN")
            && zpl.contains("^FD899123450001^FS")
            && zpl.contains("^PQ3"),
        "{zpl}"
    );
    let none = s.core.product_labels(
        t,
        ProductLabelsRequest {
            codes: vec!["NOPE".into()],
            copies: 1,
            pdf: true,
        },
    );
    assert_eq!(none.unwrap_err().field.as_deref(), Some("codes"));
    let absurd = s.core.product_labels(
        t,
        ProductLabelsRequest {
            codes: vec!["STR-1".into()],
            copies: 10_000,
            pdf: true,
        },
    );
    assert!(absurd.is_err());
}
