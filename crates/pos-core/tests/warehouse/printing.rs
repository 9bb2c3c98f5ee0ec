//! Label batches, documents, deliveries from the counter, product labels.

use super::*;

#[test]
pub(crate) fn a_label_batch_survives_a_printer_fault_with_nothing_twice_or_missing() {
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
pub(crate) fn the_invoice_and_packing_slip_read_back_with_poppler() {
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
pub(crate) fn a_counter_sale_to_deliver_takes_its_stock_once() {
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
pub(crate) fn product_labels_go_to_the_label_printer_or_a_pdf() {
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
