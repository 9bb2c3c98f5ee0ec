//! The purchase order a supplier receives: the store's letterhead, the supplier, every line with
//! quantity, unit cost, discount and amount, then subtotal, PPN input tax and total. Long orders
//! run onto further pages with the column heads repeated.

use crate::document::{Letterhead, Page, finish_pages, rupiah};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoDocLine {
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_cost: i64,
    /// Basis points (1 000 = 10 %).
    pub discount_bp: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoDocument {
    pub store_name: String,
    pub store_address: String,
    pub store_phone: String,
    pub npwp: String,
    pub po_no: String,
    pub date: String,
    pub expected: String,
    pub supplier: Vec<String>,
    pub note: String,
    pub lines: Vec<PoDocLine>,
    pub subtotal: i64,
    pub ppn_label: String,
    pub ppn: i64,
    pub total: i64,
}

const LEFT: f32 = 18.0;
const RIGHT: f32 = 192.0;

fn percent(bp: i64) -> String {
    if bp == 0 {
        return String::new();
    }
    let whole = bp / 100;
    let frac = bp % 100;
    if frac == 0 {
        format!("{whole}%")
    } else {
        format!("{whole},{}%", format!("{frac:02}").trim_end_matches('0'))
    }
}

fn heads(p: &mut Page) {
    p.text(LEFT, 9.0, true, "SKU");
    p.text(52.0, 9.0, true, "Barang / Item");
    p.right(128.0, 9.0, true, "Qty");
    p.right(153.0, 9.0, true, "Harga / Cost");
    p.right(166.0, 9.0, true, "Disc");
    p.right(RIGHT, 9.0, true, "Jumlah");
    p.down(2.0);
    p.rule();
    p.down(5.0);
}

pub fn purchase_order_pdf(d: &PoDocument) -> Vec<u8> {
    let mut pages = Vec::new();
    let mut p = Page::new();
    Letterhead {
        store_name: &d.store_name,
        store_address: &d.store_address,
        store_phone: &d.store_phone,
        npwp: &d.npwp,
        title: "PESANAN PEMBELIAN / PURCHASE ORDER",
        number: &d.po_no,
        date: &d.date,
    }
    .draw(&mut p);
    if !d.expected.is_empty() {
        p.right(RIGHT, 9.0, false, &format!("Dikirim / Expected {}", d.expected));
    }
    p.down(4.0);
    p.rule();
    p.down(8.0);
    p.text(LEFT, 9.0, true, "Pemasok / Supplier");
    p.down(5.0);
    for line in &d.supplier {
        p.text(LEFT, 10.0, false, line);
        p.down(4.5);
    }
    p.down(5.0);
    heads(&mut p);
    for l in &d.lines {
        if p.y < 45.0 {
            pages.push(p);
            p = Page::new();
            p.text(LEFT, 9.0, false, &format!("{} · {}", d.po_no, d.store_name));
            p.down(8.0);
            heads(&mut p);
        }
        p.text(LEFT, 9.0, false, &l.sku.chars().take(18).collect::<String>());
        p.text(52.0, 9.0, false, &l.name.chars().take(38).collect::<String>());
        p.right(128.0, 9.0, false, &l.quantity.to_string());
        p.right(153.0, 9.0, false, &rupiah(l.unit_cost));
        p.right(166.0, 9.0, false, &percent(l.discount_bp));
        p.right(RIGHT, 9.0, false, &rupiah(l.amount));
        p.down(5.0);
    }
    p.rule();
    p.down(6.0);
    let row = |p: &mut Page, label: &str, v: i64, bold: bool| {
        p.right(162.0, 10.0, bold, label);
        p.right(RIGHT, 10.0, bold, &rupiah(v));
        p.down(5.5);
    };
    row(&mut p, "Subtotal", d.subtotal, false);
    if d.ppn != 0 {
        row(&mut p, &d.ppn_label, d.ppn, false);
    }
    row(&mut p, "TOTAL", d.total, true);
    if !d.note.is_empty() {
        p.down(4.0);
        p.text(
            LEFT,
            9.0,
            false,
            &format!("Catatan / Note: {}", d.note.chars().take(110).collect::<String>()),
        );
    }
    pages.push(p);
    finish_pages(pages, &d.po_no)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_draws_every_line() {
        let line = PoDocLine {
            sku: "EB-2221".into(),
            name: "Ernie Ball Regular Slinky".into(),
            quantity: 24,
            unit_cost: 65_000,
            discount_bp: 1_250,
            amount: 1_365_000,
        };
        let d = PoDocument {
            store_name: "Hurtrock".into(),
            po_no: "BDG1-T1-P000001".into(),
            lines: vec![line; 120],
            ..Default::default()
        };
        let pdf = purchase_order_pdf(&d);
        assert!(pdf.starts_with(b"%PDF"));
        let short = purchase_order_pdf(&PoDocument {
            lines: d.lines[..3].to_vec(),
            ..d.clone()
        });
        // The pages themselves are read back with pdftotext in the core's purchasing tests.
        assert!(pdf.len() > 2 * short.len(), "120 lines draw more than 3");
        assert_eq!(percent(1_250), "12,5%");
        assert_eq!(percent(1_000), "10%");
    }
}
