//! Receipts and printers; parked and voided carts, customers.

use super::*;

#[test]
pub(crate) fn a_printer_fault_never_loses_the_sale_and_a_reprint_says_copy() {
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
pub(crate) fn a_receipt_is_saved_as_a_pdf_with_the_same_text() {
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
pub(crate) fn a_test_page_checks_the_printer_and_the_drawer() {
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
pub(crate) fn carts_park_resume_and_void_and_customers_are_made_on_the_spot() {
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
