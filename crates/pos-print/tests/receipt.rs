//! Receipts rendered to ESC/POS and read back with the decoder; transports against a fake network
//! printer on loopback.

use pos_domain::Money;
use pos_print::escpos::{Event, decode, render, text_lines};
use pos_print::transport::{PrintError, Sink, Transport};
use pos_print::{PaperWidth, Receipt, ReceiptLine};
use std::io::{Read, Write};
use std::net::TcpListener;

fn m(v: i64) -> Money {
    Money::new(v).unwrap()
}

fn receipt() -> Receipt {
    Receipt {
        store_name: "Hurtrock Music Store".into(),
        address: "Jl Gegerkalong Girang Complex Darut Tauhid Kav 22, Kota Bandung".into(),
        phone: "0821-1555-8035".into(),
        npwp: "012345678901234".into(),
        title: "STRUK PENJUALAN".into(),
        number: "BDG1-T1-000042".into(),
        when: "22/11/2026 14:05 WIB".into(),
        cashier: "Rina".into(),
        customer: None,
        copy: false,
        lines: vec![
            ReceiptLine {
                name: "Fender Player II Stratocaster HSS Black — limited run with a very long name".into(),
                quantity: 1,
                unit_price: m(14_500_000),
                amount: m(14_500_000),
                discount: m(0),
            },
            ReceiptLine {
                name: "Ernie Ball Regular Slinky 10-46".into(),
                quantity: 3,
                unit_price: m(95_000),
                amount: m(285_000),
                discount: m(28_500),
            },
        ],
        gross: m(14_785_000),
        discount_total: m(28_500),
        tax: vec![
            ("DPP".into(), m(13_294_144)),
            ("PPN 11% (termasuk)".into(), m(1_462_356)),
        ],
        total: m(14_756_500),
        tenders: vec![("Tunai".into(), m(15_000_000))],
        change: m(243_500),
        footer: vec!["Terima kasih! Barang yang sudah dibeli dapat ditukar dalam 7 hari dengan struk ini.".into()],
        barcode: "BDG1-T1-000042".into(),
    }
}

#[test]
fn a_cash_receipt_reads_back_completely_on_both_widths() {
    for width in [PaperWidth::Mm58, PaperWidth::Mm80] {
        let events = decode(&render(&receipt(), width, true));
        assert!(!events.iter().any(|e| matches!(e, Event::Unknown(_))), "{events:?}");
        assert_eq!(events[0], Event::Init);
        assert!(matches!(
            events.iter().find(|e| matches!(e, Event::Drawer { .. })),
            Some(Event::Drawer {
                pin: 0,
                on_ms: 50,
                off_ms: 500
            })
        ));
        assert_eq!(
            events
                .iter()
                .filter(|e| **e == Event::Code128("BDG1-T1-000042".into()))
                .count(),
            1
        );
        assert!(matches!(events.last(), Some(Event::Cut(1))));
        let lines = text_lines(&events);
        let all = lines.join("\n");
        for needle in [
            "Hurtrock",
            "NPWP 012345678901234",
            "BDG1-T1-000042",
            "Kasir",
            "Rina",
            "DPP",
            "13.294.144",
            "PPN 11%",
            "1.462.356",
            "Rp 14.756.500",
            "Tunai",
            "Kembali",
            "243.500",
            "Diskon",
            "-28.500",
            "Terima kasih",
        ] {
            assert!(all.contains(needle), "{width:?}: missing {needle} in\n{all}");
        }
        for l in &lines {
            assert!(l.len() <= width.columns(), "{width:?}: line too wide: {l:?}");
            assert!(l.is_ascii(), "not ASCII: {l:?}");
        }
    }
}

#[test]
fn no_drawer_pulse_without_cash_and_copies_say_so() {
    let mut r = receipt();
    r.copy = true;
    let events = decode(&render(&r, PaperWidth::Mm80, false));
    assert!(!events.iter().any(|e| matches!(e, Event::Drawer { .. })));
    assert!(text_lines(&events).iter().any(|l| l.contains("COPY")));
}

fn fake_printer(status: u8) -> (String, std::thread::JoinHandle<Vec<u8>>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap().to_string();
    let h = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut q = [0u8; 3];
        s.read_exact(&mut q).unwrap();
        assert_eq!(q, [0x10, 0x04, 0x04], "the status query comes first");
        s.write_all(&[status]).unwrap();
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        got
    });
    (addr, h)
}

#[test]
fn a_network_printer_receives_the_bytes() {
    let (addr, h) = fake_printer(0x12);
    let bytes = render(&receipt(), PaperWidth::Mm80, true);
    Transport::Network { address: addr }.send(&bytes).unwrap();
    assert_eq!(h.join().unwrap(), bytes);
}

#[test]
fn out_of_paper_and_unreachable_are_reported() {
    let (addr, h) = fake_printer(0x72);
    assert_eq!(
        Transport::Network { address: addr }.send(b"x"),
        Err(PrintError::OutOfPaper)
    );
    assert!(h.join().unwrap().is_empty());
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    assert!(matches!(
        Transport::Network { address: closed }.send(b"x"),
        Err(PrintError::Unreachable(_))
    ));
    assert_eq!(Transport::None.send(b"x"), Err(PrintError::NotConfigured));
}

#[test]
fn a_file_printer_appends() {
    let dir = std::env::temp_dir().join(format!("hr-print-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("lp0");
    let t = Transport::File {
        path: path.to_string_lossy().into(),
    };
    t.send(b"one").unwrap();
    t.send(b"two").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"onetwo");
}

/// The PDF receipt, checked by independent tools: poppler's pdftotext reads its text, and the
/// Code128 on the page rendered by pdftoppm is decoded by zbarimg.
#[test]
fn the_pdf_receipt_reads_back_with_poppler_and_zbar() {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("hr-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("receipt.pdf");
    std::fs::write(&pdf, pos_print::pdf::receipt_pdf(&receipt(), PaperWidth::Mm80)).unwrap();
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&text.stdout);
    for needle in [
        "Hurtrock",
        "NPWP 012345678901234",
        "BDG1-T1-000042",
        "Rp 14.756.500",
        "Kembali",
        "243.500",
    ] {
        assert!(text.contains(needle), "PDF lacks {needle}:\n{text}");
    }
    let png = dir.join("page");
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "300", "-singlefile"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(ok.success());
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(dir.join("page.png"))
        .output()
        .expect("zbarimg (zbar-tools) is installed");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "BDG1-T1-000042");
}

/// A serial printer, played by a pseudo-terminal pair: the transport opens the slave side by its
/// path at 9600 baud and the test reads the bytes from the master side.
#[cfg(unix)]
#[test]
fn a_serial_printer_receives_the_bytes() {
    use serialport::SerialPort;
    let (mut master, slave) = serialport::TTYPort::pair().expect("a pty pair");
    let path = slave.name().expect("the pty has a path");
    let bytes = render(&receipt(), PaperWidth::Mm58, false);
    Transport::Serial { path, baud: 9600 }.send(&bytes).unwrap();
    // The pty buffers what was written; the slave stays open while the master reads it.
    master.set_timeout(std::time::Duration::from_millis(500)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while got.len() < bytes.len() {
        match master.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    drop(slave);
    assert_eq!(got.len(), bytes.len(), "the line passed every byte, untranslated");
    assert_eq!(got, bytes);
    assert!(decode(&got).contains(&Event::Code128("BDG1-T1-000042".into())));
    let missing = Transport::Serial {
        path: "/dev/does-not-exist".into(),
        baud: 9600,
    }
    .send(b"x");
    assert!(matches!(missing, Err(PrintError::Unreachable(_))));
}

/// A USB printer is named by its vendor and product id; a malformed id or a printer that is not
/// plugged in is a clear "cannot be reached", never a panic or a hang (the escpos crate's native
/// driver looks the device up; this machine has no such printer).
#[test]
fn a_usb_printer_is_found_by_its_ids_or_reported_unreachable() {
    assert_eq!(pos_print::usb_ids("04b8:0202"), Ok((0x04b8, 0x0202)));
    assert_eq!(pos_print::usb_ids(" 0416:5011 "), Ok((0x0416, 0x5011)));
    for bad in ["", "04b8", "04b8:", ":0202", "zzzz:0202", "04b8:02020", "04b8:0202:1"] {
        assert!(
            matches!(pos_print::usb_ids(bad), Err(PrintError::Unreachable(_))),
            "{bad:?}"
        );
    }
    let missing = Transport::Usb {
        device: "ffff:fffe".into(),
    }
    .send(b"\x1b@hello");
    assert!(matches!(missing, Err(PrintError::Unreachable(_))), "{missing:?}");
    let malformed = Transport::Usb {
        device: "printer".into(),
    }
    .send(b"x");
    assert!(matches!(malformed, Err(PrintError::Unreachable(_))), "{malformed:?}");
}
