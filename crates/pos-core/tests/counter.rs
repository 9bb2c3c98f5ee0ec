//! The counter through `Core` on a real SQLite file, with the receipt printer as a real file or a
//! TCP listener on loopback whose bytes are decoded.

use chrono::TimeZone;
use pos_core::auth::SignInRequest;
use pos_core::catalogue::CategoryInput;
use pos_core::counter::approval::ApprovalRequest;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counter::returns::{ReceiptLookup, ReturnLineInput, ReturnRequest};
use pos_core::counter::settings::CounterSettings;
use pos_core::counter::shift::{CashMovement, CloseShift, OpenShift};
use pos_core::products::{NewProduct, ProductInput};
use pos_core::setup::{ProfileInput, SetupRequest};
use pos_core::staff::NewUserRequest;
use pos_core::store_types::{Product, TenderKind};
use pos_core::{Core, ErrorCode, Role};
use pos_domain::FixedClock;
use pos_domain::pricing::Discount;
use pos_print::escpos::{Event, decode, text_lines};
use pos_print::{PaperWidth, PrinterConfig, Transport};
use std::path::PathBuf;
use std::sync::Arc;

struct Till {
    core: Core,
    owner: String,
    owner_id: String,
    cashier: String,
    products: Vec<Product>,
    printer_file: PathBuf,
    _dir: tempfile::TempDir,
}

fn till() -> Till {
    let dir = tempfile::tempdir().unwrap();
    // 23:30 UTC on 1 March is 06:30 WIB on 2 March.
    let clock = Arc::new(FixedClock::new(
        chrono::Utc.with_ymd_and_hms(2026, 3, 1, 23, 30, 0).unwrap(),
    ));
    let (core, _) = Core::open(&dir.path().join("pos.db"), clock).unwrap();
    let mut profile = ProfileInput::hurtrock();
    profile.vat_registered = true;
    profile.npwp = "01.234.567.8-901.234".into();
    let s = core
        .complete_setup(SetupRequest {
            owner_name: "Dimas".into(),
            owner_email: "owner@hurtrock.test".into(),
            owner_password: "owner-pass-1".into(),
            owner_pin: Some("258046".into()),
            profile,
        })
        .unwrap();
    let owner = s.token;
    let t = Some(owner.as_str());
    core.create_user(
        t,
        NewUserRequest {
            email: "kasir@hurtrock.test".into(),
            name: "Rina".into(),
            role: Some(Role::Cashier),
            password: "kasir-pass-1".into(),
            pin: Some("135792".into()),
        },
    )
    .unwrap();
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
    let mk = |sku: &str, name: &str, price: i64, stock: i64| {
        let fields = ProductInput {
            sku: sku.into(),
            name: name.into(),
            category_id: cat.clone(),
            price,
            cost: price * 7 / 10,
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
    };
    let products = vec![
        mk("GTR-1", "ESP LTD EC-1000", 17_800_000, 3),
        mk("STR-1", "Ernie Ball Regular Slinky", 95_000, 40),
        mk("PCK-1", "Dunlop Jazz III", 65_000, 1),
    ];
    let printer_file = dir.path().join("receipts.bin");
    let settings = CounterSettings {
        terminal: "T1".into(),
        printer: PrinterConfig {
            transport: Transport::File {
                path: printer_file.to_string_lossy().into(),
            },
            paper: PaperWidth::Mm58,
            drawer: true,
        },
        discount_limit_bp: 1000,
        returns_need_supervisor: true,
        receipt_footer: "Terima kasih!".into(),
    };
    core.update_counter_settings(t, settings).unwrap();
    let cashier = core
        .sign_in(SignInRequest {
            email: "kasir@hurtrock.test".into(),
            password: "kasir-pass-1".into(),
        })
        .unwrap()
        .token;
    Till {
        core,
        owner_id: s.user.id,
        owner,
        cashier,
        products,
        printer_file,
        _dir: dir,
    }
}

fn line(p: &Product, q: i64, d: Option<Discount>) -> CartLine {
    CartLine {
        product_id: p.id.clone(),
        quantity: q,
        unit_price: None,
        discount: d,
    }
}

fn cash(a: i64) -> TenderInput {
    TenderInput {
        kind: Some(TenderKind::Cash),
        amount: a,
        reference: String::new(),
    }
}

fn cart(lines: Vec<CartLine>, tenders: Vec<TenderInput>) -> CheckoutRequest {
    CheckoutRequest {
        client_ref: pos_domain::new_id(),
        lines,
        sale_discount: None,
        customer_id: None,
        tenders,
        approval_id: None,
    }
}

fn on_hand(t: &Till, p: &Product) -> i64 {
    t.core.with_db(|c| pos_store::stock::on_hand(c, &p.id, "BDG1").unwrap())
}

fn count(t: &Till, sql: &str) -> i64 {
    t.core.with_db(|c| c.query_row(sql, [], |r| r.get(0)).unwrap())
}

#[test]
fn selling_needs_an_open_shift() {
    let t = till();
    let e = t
        .core
        .checkout(
            Some(&t.cashier),
            cart(vec![line(&t.products[1], 1, None)], vec![cash(95_000)]),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NoShift);
    assert_eq!(count(&t, "SELECT count(*) FROM sales"), 0);
}

#[test]
fn a_discount_above_the_limit_needs_the_supervisor_on_the_spot() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 500_000 }).unwrap();
    let mut req = cart(
        vec![
            line(&t.products[0], 1, Some(Discount::Percent(1500))),
            line(&t.products[1], 3, None),
        ],
        vec![cash(16_000_000)],
    );
    let e = t.core.checkout(c, req.clone()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NeedsApproval);
    let wrong = t.core.approve(
        c,
        ApprovalRequest {
            supervisor_id: t.owner_id.clone(),
            pin: "000000".into(),
            reason: "loyal customer".into(),
        },
    );
    assert_eq!(wrong.unwrap_err().code, ErrorCode::BadCredentials);
    let a = t
        .core
        .approve(
            c,
            ApprovalRequest {
                supervisor_id: t.owner_id.clone(),
                pin: "258046".into(),
                reason: "loyal customer".into(),
            },
        )
        .unwrap();
    req.approval_id = Some(a.id.clone());
    let done = t.core.checkout(c, req.clone()).unwrap();
    // 17.800.000 − 15% + 3 × 95.000
    assert_eq!(done.sale.total.rupiah(), 15_130_000 + 285_000);
    assert_eq!(done.sale.change_due.rupiah(), 16_000_000 - 15_415_000);
    assert_eq!(
        done.sale.dpp.rupiah() + done.sale.ppn.rupiah(),
        done.sale.total.rupiah()
    );
    assert_eq!(done.sale.receipt_no, "BDG1-T1-000001");
    assert_eq!(done.sale.business_date, "2026-03-02", "WIB date, not UTC");
    assert!(done.printed, "{:?}", done.print_error);
    // The approval was used up; the audit says who, what and why.
    let again = CheckoutRequest {
        client_ref: pos_domain::new_id(),
        ..req
    };
    assert_eq!(t.core.checkout(c, again).unwrap_err().code, ErrorCode::NeedsApproval);
    let log = t
        .core
        .audit_log(
            Some(&t.owner),
            pos_core::stock::AuditRequest {
                action: Some("sale.discount_approved".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].user_id.as_deref(), Some(t.owner_id.as_str()));
    assert!(log[0].after.as_ref().unwrap().contains("loyal customer"));
    // The receipt, read back from the printer's bytes.
    let events = decode(&std::fs::read(&t.printer_file).unwrap());
    assert!(
        events.iter().any(|e| matches!(e, Event::Drawer { .. })),
        "cash sale opens the drawer"
    );
    assert!(events.contains(&Event::Code128("BDG1-T1-000001".into())));
    assert!(matches!(events.last(), Some(Event::Cut(_))));
    let text = text_lines(&events).join("\n");
    for needle in [
        "Hurtrock",
        "NPWP 01.234.567.8-901.234",
        "BDG1-T1-000001",
        "Rina",
        "DPP",
        "PPN 11% (termasuk)",
        "Rp 15.415.000",
        "Kembali",
        "585.000",
        "02/03/2026 06:30 WIB",
    ] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
    assert_eq!(on_hand(&t, &t.products[0]), 2);
    assert_eq!(on_hand(&t, &t.products[1]), 37);
    assert_eq!(count(&t, "SELECT count(*) FROM outbox WHERE kind = 'sale'"), 1);
}

#[test]
fn tenders_must_cover_the_total_and_only_cash_gives_change() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 0 }).unwrap();
    let p = &t.products[1];
    let card = |a: i64, r: &str| TenderInput {
        kind: Some(TenderKind::Card),
        amount: a,
        reference: r.into(),
    };
    let cases = vec![
        (vec![cash(90_000)], "tenders"),
        (vec![card(100_000, "123456")], "tenders"),
        (vec![card(95_000, "")], "tenders"),
        (
            vec![TenderInput {
                kind: Some(TenderKind::Cash),
                amount: -5,
                reference: String::new(),
            }],
            "tenders",
        ),
        (vec![], "tenders"),
    ];
    for (tenders, field) in cases {
        let e = t
            .core
            .checkout(c, cart(vec![line(p, 1, None)], tenders.clone()))
            .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Invalid, Some(field)),
            "{tenders:?}: {}",
            e.en
        );
    }
    assert_eq!(count(&t, "SELECT count(*) FROM sales"), 0);
    // Split: part card, the rest cash with change.
    let done = t
        .core
        .checkout(
            c,
            cart(vec![line(p, 2, None)], vec![card(100_000, "A1B2C3"), cash(100_000)]),
        )
        .unwrap();
    assert_eq!(done.sale.change_due.rupiah(), 10_000);
    let kept: Vec<(TenderKind, i64)> = done.sale.tenders.iter().map(|t| (t.kind, t.amount.rupiah())).collect();
    assert_eq!(kept, vec![(TenderKind::Card, 100_000), (TenderKind::Cash, 90_000)]);
    // Failed attempts took no receipt numbers: the sequence has no gap.
    assert_eq!(done.sale.receipt_no, "BDG1-T1-000001");
}

#[test]
fn a_retried_checkout_sells_once_and_the_last_unit_always_sells() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 0 }).unwrap();
    let pick = &t.products[2]; // one on hand
    let req = cart(vec![line(pick, 2, None)], vec![cash(130_000)]);
    let first = t.core.checkout(c, req.clone()).unwrap();
    let retry = t.core.checkout(c, req).unwrap();
    assert_eq!(first.sale.id, retry.sale.id);
    assert_eq!(count(&t, "SELECT count(*) FROM sales"), 1);
    assert_eq!(on_hand(&t, pick), -1);
    assert_eq!(count(&t, "SELECT count(*) FROM oversold"), 1);
}

#[test]
fn returns_refund_what_was_paid_and_never_more_than_sold() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core
        .open_shift(
            c,
            OpenShift {
                opening_float: 1_000_000,
            },
        )
        .unwrap();
    let mut req = cart(
        vec![line(&t.products[1], 3, None), line(&t.products[0], 1, None)],
        vec![cash(18_085_000)],
    );
    req.sale_discount = Some(Discount::Amount(85_000)); // under 10%
    let sale = t.core.checkout(c, req).unwrap().sale;
    assert_eq!(sale.total.rupiah(), 18_000_000);
    let found = t
        .core
        .sale_by_receipt(
            c,
            ReceiptLookup {
                receipt_no: sale.receipt_no.to_lowercase(),
            },
        )
        .unwrap();
    let strings = found.lines.iter().find(|l| l.sku == "STR-1").unwrap().clone();
    let ret = |q: i64, approval: Option<String>| ReturnRequest {
        sale_id: sale.id.clone(),
        lines: vec![ReturnLineInput {
            sale_line_id: strings.id.clone(),
            quantity: q,
        }],
        refund: Some(TenderKind::Cash),
        reference: String::new(),
        reason: "wrong gauge".into(),
        approval_id: approval,
    };
    assert_eq!(
        t.core.create_return(c, ret(1, None)).unwrap_err().code,
        ErrorCode::NeedsApproval
    );
    let approve = || {
        t.core
            .approve(
                c,
                ApprovalRequest {
                    supervisor_id: t.owner_id.clone(),
                    pin: "258046".into(),
                    reason: "return".into(),
                },
            )
            .unwrap()
            .id
    };
    assert_eq!(
        t.core
            .create_return(c, ret(4, Some(approve())))
            .unwrap_err()
            .field
            .as_deref(),
        Some("quantity")
    );
    let first = t.core.create_return(c, ret(2, Some(approve()))).unwrap();
    assert_eq!(first.ret.return_no, "BDG1-T1-R000001");
    assert!(first.printed);
    let second = t.core.create_return(c, ret(1, Some(approve()))).unwrap();
    // The three strings were paid their share of the discount; refunds add up to exactly that.
    assert_eq!(
        first.ret.total.rupiah() + second.ret.total.rupiah(),
        strings.net.rupiah()
    );
    assert!(
        t.core.create_return(c, ret(1, Some(approve()))).is_err(),
        "nothing left to return"
    );
    assert_eq!(on_hand(&t, &t.products[1]), 40);
    // A return is a new fact; the sale itself is untouched.
    let tamper = t.core.with_db(|c| c.execute("UPDATE sales SET total = 0", []));
    assert!(tamper.is_err());
}

#[test]
fn the_z_report_adds_up_and_shows_the_variance() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 500_000 }).unwrap();
    let card = TenderInput {
        kind: Some(TenderKind::Card),
        amount: 95_000,
        reference: "778899".into(),
    };
    t.core
        .checkout(c, cart(vec![line(&t.products[1], 1, None)], vec![cash(100_000)]))
        .unwrap();
    t.core
        .checkout(c, cart(vec![line(&t.products[1], 1, None)], vec![card]))
        .unwrap();
    t.core
        .cash_movement(
            c,
            CashMovement {
                amount: -50_000,
                reason: "buy receipt paper".into(),
            },
        )
        .unwrap();
    assert_eq!(
        t.core
            .cash_movement(
                c,
                CashMovement {
                    amount: -10_000_000,
                    reason: "x".into()
                }
            )
            .unwrap_err()
            .field
            .as_deref(),
        Some("amount")
    );
    let x = t.core.x_report(c).unwrap();
    assert_eq!(x.totals.sales_count, 2);
    assert_eq!(x.totals.expected_cash.rupiah(), 500_000 + 95_000 - 50_000);
    let z = t
        .core
        .close_shift(
            c,
            CloseShift {
                counted_cash: 540_000,
                note: String::new(),
            },
        )
        .unwrap();
    assert_eq!(z.totals.sales_total.rupiah(), 190_000);
    assert_eq!(z.variance.unwrap().rupiah(), -5_000);
    let tenders: Vec<(String, i64)> = z
        .totals
        .tenders
        .iter()
        .map(|a| (a.label.clone(), a.amount.rupiah()))
        .collect();
    assert_eq!(tenders, vec![("card".into(), 95_000), ("cash".into(), 95_000)]);
    assert!(z.printed);
    let printed = text_lines(&decode(&std::fs::read(&t.printer_file).unwrap())).join("\n");
    assert!(
        printed.contains("Z REPORT") && printed.contains("Selisih") && printed.contains("-Rp 5.000"),
        "{printed}"
    );
    assert_eq!(
        t.core
            .checkout(c, cart(vec![line(&t.products[1], 1, None)], vec![cash(95_000)]))
            .unwrap_err()
            .code,
        ErrorCode::NoShift
    );
}

#[test]
fn a_printer_fault_never_loses_the_sale_and_a_reprint_says_copy() {
    let t = till();
    let o = Some(t.owner.as_str());
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let mut settings = t.core.counter_settings(o).unwrap();
    settings.printer.transport = Transport::Network { address: dead };
    t.core.update_counter_settings(o, settings.clone()).unwrap();
    t.core.open_shift(o, OpenShift { opening_float: 0 }).unwrap();
    let done = t
        .core
        .checkout(o, cart(vec![line(&t.products[1], 1, None)], vec![cash(95_000)]))
        .unwrap();
    assert!(!done.printed);
    assert!(done.print_error.as_deref().unwrap().contains("reprint"));
    assert_eq!(count(&t, "SELECT count(*) FROM sales"), 1);
    // The printer is back (a TCP listener that answers the status query).
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    settings.printer.transport = Transport::Network {
        address: l.local_addr().unwrap().to_string(),
    };
    t.core.update_counter_settings(o, settings).unwrap();
    let h = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let (mut s, _) = l.accept().unwrap();
        let mut q = [0u8; 3];
        s.read_exact(&mut q).unwrap();
        s.write_all(&[0x12]).unwrap();
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        got
    });
    let out = t
        .core
        .reprint_receipt(
            o,
            pos_core::counter::receipts::ReprintRequest {
                sale_id: done.sale.id.clone(),
            },
        )
        .unwrap();
    assert!(out.printed, "{:?}", out.error);
    let events = decode(&h.join().unwrap());
    assert!(text_lines(&events).iter().any(|l| l.contains("COPY")));
    assert!(
        !events.iter().any(|e| matches!(e, Event::Drawer { .. })),
        "a copy does not open the drawer"
    );
}

#[test]
fn a_receipt_is_saved_as_a_pdf_with_the_same_text() {
    let t = till();
    let c = Some(t.cashier.as_str());
    let docs = t.printer_file.parent().unwrap().join("docs");
    t.core.set_documents_dir(Some(docs.clone()));
    t.core.open_shift(c, OpenShift { opening_float: 0 }).unwrap();
    let sale = t
        .core
        .checkout(c, cart(vec![line(&t.products[1], 2, None)], vec![cash(200_000)]))
        .unwrap()
        .sale;
    let pdf = t
        .core
        .receipt_pdf(
            c,
            pos_core::counter::receipts::ReprintRequest {
                sale_id: sale.id.clone(),
            },
        )
        .unwrap();
    assert_eq!(pdf.file_name, "BDG1-T1-000001.pdf");
    let bytes = std::fs::read(docs.join(&pdf.file_name)).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    use base64::Engine;
    assert_eq!(
        base64::engine::general_purpose::STANDARD.decode(&pdf.base64).unwrap(),
        bytes
    );
    let missing = t.core.receipt_pdf(
        c,
        pos_core::counter::receipts::ReprintRequest {
            sale_id: pos_domain::new_id(),
        },
    );
    assert_eq!(missing.unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn a_test_page_checks_the_printer_and_the_drawer() {
    let t = till();
    let out = t.core.test_print(Some(&t.owner)).unwrap();
    assert!(out.printed, "{:?}", out.error);
    let events = decode(&std::fs::read(&t.printer_file).unwrap());
    assert!(text_lines(&events).iter().any(|l| l.contains("TEST PRINT")));
    assert_eq!(events.iter().filter(|e| matches!(e, Event::Drawer { .. })).count(), 1);
    assert_eq!(
        t.core.test_print(Some(&t.cashier)).unwrap_err().code,
        ErrorCode::Forbidden
    );
}

#[test]
fn carts_park_resume_and_void_and_customers_are_made_on_the_spot() {
    let t = till();
    let c = Some(t.cashier.as_str());
    t.core.open_shift(c, OpenShift { opening_float: 0 }).unwrap();
    let mut req = cart(
        vec![line(&t.products[1], 2, None), line(&t.products[2], 1, None)],
        vec![],
    );
    // The quote is the core's own pricing of the cart.
    let q = t
        .core
        .quote(
            c,
            pos_core::counter::checkout::QuoteRequest {
                lines: req.lines.clone(),
                sale_discount: Some(Discount::Percent(500)),
            },
        )
        .unwrap();
    assert_eq!(q.total.rupiah(), (2 * 95_000 + 65_000) * 95 / 100);
    assert!(!q.needs_approval);
    let over = t
        .core
        .quote(
            c,
            pos_core::counter::checkout::QuoteRequest {
                lines: req.lines.clone(),
                sale_discount: Some(Discount::Percent(2000)),
            },
        )
        .unwrap();
    assert!(over.needs_approval);
    // A customer, made at the till, named on the sale.
    let bad = t.core.create_customer(
        c,
        pos_core::counter::cart::NewCustomer {
            name: "Budi".into(),
            phone: "08abc".into(),
            email: String::new(),
        },
    );
    assert_eq!(bad.unwrap_err().field.as_deref(), Some("phone"));
    let budi = t
        .core
        .create_customer(
            c,
            pos_core::counter::cart::NewCustomer {
                name: "Budi".into(),
                phone: "0812-2233-4455".into(),
                email: "budi@example.id".into(),
            },
        )
        .unwrap();
    assert_eq!(
        t.core
            .search_customers(c, pos_core::counter::cart::CustomerSearch { query: "0812".into() })
            .unwrap()
            .len(),
        1
    );
    req.customer_id = Some(budi.id.clone());
    // Parked, listed, resumed (and gone from the list), then sold.
    let parked = t
        .core
        .park_sale(
            c,
            pos_core::counter::cart::ParkRequest {
                label: "Budi".into(),
                cart: req.clone(),
            },
        )
        .unwrap();
    assert_eq!(t.core.parked_sales(c).unwrap().len(), 1);
    let back = t
        .core
        .resume_sale(c, pos_core::counter::cart::ParkedId { id: parked.id.clone() })
        .unwrap();
    assert_eq!(back.cart.lines.len(), 2);
    assert!(t.core.parked_sales(c).unwrap().is_empty());
    assert_eq!(
        t.core
            .resume_sale(c, pos_core::counter::cart::ParkedId { id: parked.id })
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    let mut sell = back.cart;
    sell.tenders = vec![cash(255_000)];
    let sale = t.core.checkout(c, sell).unwrap().sale;
    assert_eq!(sale.customer_id.as_deref(), Some(budi.id.as_str()));
    let printed = text_lines(&decode(&std::fs::read(&t.printer_file).unwrap())).join("\n");
    assert!(printed.contains("Pelanggan") && printed.contains("Budi"), "{printed}");
    // A voided cart sells nothing but leaves its trace.
    let v = cart(vec![line(&t.products[0], 1, None)], vec![]);
    assert_eq!(
        t.core
            .void_sale(
                c,
                pos_core::counter::cart::VoidRequest {
                    cart: v.clone(),
                    reason: " ".into()
                }
            )
            .unwrap_err()
            .field
            .as_deref(),
        Some("reason")
    );
    t.core
        .void_sale(
            c,
            pos_core::counter::cart::VoidRequest {
                cart: v,
                reason: "customer changed their mind".into(),
            },
        )
        .unwrap();
    assert_eq!(count(&t, "SELECT count(*) FROM sales"), 1);
    assert_eq!(
        count(
            &t,
            "SELECT count(*) FROM audit_events WHERE action = 'sale.voided' AND after LIKE '%changed their mind%'"
        ),
        1
    );
    assert_eq!(on_hand(&t, &t.products[0]), 3);
}
