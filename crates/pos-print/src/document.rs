//! A4 documents for orders: the invoice (store profile with NPWP, lines, shipping, DPP and PPN)
//! and the packing slip (what goes in the box, no prices).

use crate::escpos::fold;
use printpdf::{
    BuiltinFont, Color, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb,
    TextItem, WindingOrder,
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocLine {
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderDocument {
    pub store_name: String,
    pub store_address: String,
    pub store_phone: String,
    /// Empty when the store is not VAT-registered (no DPP/PPN lines then).
    pub npwp: String,
    pub number: String,
    pub date: String,
    pub customer: String,
    pub ship_to: Vec<String>,
    pub courier: String,
    pub tracking_no: String,
    pub lines: Vec<DocLine>,
    pub shipping: i64,
    pub dpp: i64,
    pub ppn: i64,
    pub ppn_label: String,
    pub total: i64,
}

fn rupiah(v: i64) -> String {
    pos_domain::Money::new(v)
        .map(|m| m.to_string())
        .unwrap_or_else(|_| v.to_string())
}

struct Page {
    ops: Vec<Op>,
    y: f32,
}

const LEFT: f32 = 18.0;
const RIGHT: f32 = 192.0;

impl Page {
    fn new() -> Page {
        Page {
            ops: vec![Op::SetFillColor {
                col: Color::Rgb(Rgb {
                    r: 0.0,
                    g: 0.0,
                    b: 0.0,
                    icc_profile: None,
                }),
            }],
            y: 280.0,
        }
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, t: &str) {
        let font = if bold {
            BuiltinFont::HelveticaBold
        } else {
            BuiltinFont::Helvetica
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::Builtin(font),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Mm(x).into(),
                    y: Mm(self.y).into(),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(fold(t))],
            },
            Op::EndTextSection,
        ]);
    }

    /// Right-aligned at `x` (Helvetica digits are 0.556 em).
    fn right(&mut self, x: f32, size: f32, bold: bool, t: &str) {
        let width_mm = t.chars().count() as f32 * size * 0.556 * 0.3528;
        self.text(x - width_mm, size, bold, t);
    }

    fn rule(&mut self) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Mm(LEFT).into(),
                y: Mm(self.y - 1.5).into(),
                width: Mm(RIGHT - LEFT).into(),
                height: Pt(0.6),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    fn down(&mut self, mm: f32) {
        self.y -= mm;
    }
}

fn header(p: &mut Page, d: &OrderDocument, title: &str) {
    p.text(LEFT, 16.0, true, &d.store_name);
    p.right(RIGHT, 14.0, true, title);
    p.down(6.0);
    p.text(LEFT, 9.0, false, &d.store_address);
    p.right(RIGHT, 10.0, false, &d.number);
    p.down(4.5);
    p.text(LEFT, 9.0, false, &format!("Telp {}", d.store_phone));
    p.right(RIGHT, 10.0, false, &d.date);
    if !d.npwp.is_empty() {
        p.down(4.5);
        p.text(LEFT, 9.0, false, &format!("NPWP {}", d.npwp));
    }
    p.down(4.0);
    p.rule();
    p.down(8.0);
    p.text(LEFT, 9.0, true, "Kepada / Bill to");
    p.text(110.0, 9.0, true, "Dikirim ke / Ship to");
    p.down(5.0);
    let top = p.y;
    p.text(LEFT, 10.0, false, &d.customer);
    for line in &d.ship_to {
        p.text(110.0, 10.0, false, line);
        p.down(4.5);
    }
    p.y = p.y.min(top - 4.5);
    p.text(110.0, 9.0, false, &format!("{} {}", d.courier, d.tracking_no));
    p.down(10.0);
}

/// The invoice: lines, shipping, and for a VAT-registered store DPP and PPN adding up to the total.
pub fn invoice_pdf(d: &OrderDocument) -> Vec<u8> {
    let mut p = Page::new();
    header(&mut p, d, "FAKTUR / INVOICE");
    p.text(LEFT, 9.0, true, "SKU");
    p.text(50.0, 9.0, true, "Barang / Item");
    p.right(135.0, 9.0, true, "Qty");
    p.right(162.0, 9.0, true, "Harga");
    p.right(RIGHT, 9.0, true, "Jumlah");
    p.down(2.0);
    p.rule();
    p.down(5.0);
    for l in &d.lines {
        p.text(LEFT, 9.0, false, &l.sku);
        p.text(50.0, 9.0, false, &l.name.chars().take(45).collect::<String>());
        p.right(135.0, 9.0, false, &l.quantity.to_string());
        p.right(162.0, 9.0, false, &rupiah(l.unit_price));
        p.right(RIGHT, 9.0, false, &rupiah(l.amount));
        p.down(5.0);
        if p.y < 40.0 {
            break;
        }
    }
    p.rule();
    p.down(6.0);
    let row = |p: &mut Page, label: &str, v: i64, bold: bool| {
        p.right(162.0, 10.0, bold, label);
        p.right(RIGHT, 10.0, bold, &rupiah(v));
        p.down(5.5);
    };
    row(&mut p, "Ongkos kirim / Shipping", d.shipping, false);
    if !d.npwp.is_empty() {
        row(&mut p, "DPP", d.dpp, false);
        row(&mut p, &d.ppn_label, d.ppn, false);
    }
    row(&mut p, "TOTAL", d.total, true);
    finish(p, &d.number)
}

/// The packing slip: what goes in the box, with a tick column; no prices.
pub fn packing_slip_pdf(d: &OrderDocument) -> Vec<u8> {
    let mut p = Page::new();
    header(&mut p, d, "SURAT JALAN / PACKING SLIP");
    p.text(LEFT, 9.0, true, "SKU");
    p.text(60.0, 9.0, true, "Barang / Item");
    p.right(170.0, 9.0, true, "Qty");
    p.right(RIGHT, 9.0, true, "OK");
    p.down(2.0);
    p.rule();
    p.down(6.0);
    for l in &d.lines {
        p.text(LEFT, 10.0, false, &l.sku);
        p.text(60.0, 10.0, false, &l.name.chars().take(50).collect::<String>());
        p.right(170.0, 10.0, true, &l.quantity.to_string());
        p.right(RIGHT, 10.0, false, "[ ]");
        p.down(6.5);
        if p.y < 30.0 {
            break;
        }
    }
    finish(p, &d.number)
}

fn finish(p: Page, title: &str) -> Vec<u8> {
    let page = PdfPage::new(Mm(210.0), Mm(297.0), p.ops);
    let mut doc = PdfDocument::new(title);
    doc.with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}
