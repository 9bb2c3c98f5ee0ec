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

pub(crate) fn rupiah(v: i64) -> String {
    pos_domain::Money::new(v)
        .map(|m| m.to_string())
        .unwrap_or_else(|_| v.to_string())
}

/// 1250000 → "1.250.000" (negative with a leading minus): amounts in report tables.
pub fn grouped(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// One A4 page being drawn: text and filled rectangles, top to bottom from `y` (mm from the
/// bottom edge). Shared by the order documents and the report tables.
pub(crate) struct Page {
    pub(crate) ops: Vec<Op>,
    pub(crate) y: f32,
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) left: f32,
    pub(crate) right: f32,
}

const LEFT: f32 = 18.0;
const RIGHT: f32 = 192.0;

fn gray(level: f32) -> Op {
    Op::SetFillColor {
        col: Color::Rgb(Rgb {
            r: level,
            g: level,
            b: level,
            icc_profile: None,
        }),
    }
}

impl Page {
    pub(crate) fn new() -> Page {
        Page::a4(false)
    }

    /// An A4 page, portrait or landscape, with 18 mm side margins.
    pub(crate) fn a4(landscape: bool) -> Page {
        let (width, height) = if landscape { (297.0, 210.0) } else { (210.0, 297.0) };
        Page {
            ops: vec![gray(0.0)],
            y: height - 17.0,
            width,
            height,
            left: LEFT,
            right: width - LEFT,
        }
    }

    /// A filled rectangle (bars of a chart, row shading) in a gray level, 0 black to 1 white;
    /// text after it is black again.
    pub(crate) fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, level: f32) {
        self.ops.push(gray(level));
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Mm(x).into(),
                y: Mm(y).into(),
                width: Mm(w).into(),
                height: Mm(h).into(),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
        self.ops.push(gray(0.0));
    }

    pub(crate) fn text(&mut self, x: f32, size: f32, bold: bool, t: &str) {
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
    pub(crate) fn right(&mut self, x: f32, size: f32, bold: bool, t: &str) {
        let width_mm = t.chars().count() as f32 * size * 0.556 * 0.3528;
        self.text(x - width_mm, size, bold, t);
    }

    pub(crate) fn rule(&mut self) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Mm(self.left).into(),
                y: Mm(self.y - 1.5).into(),
                width: Mm(self.right - self.left).into(),
                height: Pt(0.6),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    pub(crate) fn down(&mut self, mm: f32) {
        self.y -= mm;
    }
}

/// The store's letterhead on an A4 document: name, address, phone and NPWP on the left; the
/// document's title, number and date on the right; a rule under it.
pub(crate) struct Letterhead<'a> {
    pub(crate) store_name: &'a str,
    pub(crate) store_address: &'a str,
    pub(crate) store_phone: &'a str,
    /// Empty when the store is not VAT-registered.
    pub(crate) npwp: &'a str,
    pub(crate) title: &'a str,
    pub(crate) number: &'a str,
    pub(crate) date: &'a str,
}

impl Letterhead<'_> {
    pub(crate) fn draw(&self, p: &mut Page) {
        p.text(LEFT, 16.0, true, self.store_name);
        p.right(RIGHT, 14.0, true, self.title);
        p.down(6.0);
        p.text(LEFT, 9.0, false, self.store_address);
        p.right(RIGHT, 10.0, true, self.number);
        p.down(4.5);
        p.text(LEFT, 9.0, false, &format!("Telp {}", self.store_phone));
        p.right(RIGHT, 10.0, false, self.date);
        if !self.npwp.is_empty() {
            p.down(4.5);
            p.text(LEFT, 9.0, false, &format!("NPWP {}", self.npwp));
        }
    }
}

fn header(p: &mut Page, d: &OrderDocument, title: &str) {
    Letterhead {
        store_name: &d.store_name,
        store_address: &d.store_address,
        store_phone: &d.store_phone,
        npwp: &d.npwp,
        title,
        number: &d.number,
        date: &d.date,
    }
    .draw(p);
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
    finish_pages(vec![p], title)
}

/// The pages as one PDF document.
pub(crate) fn finish_pages(pages: Vec<Page>, title: &str) -> Vec<u8> {
    let pages = pages
        .into_iter()
        .map(|p| PdfPage::new(Mm(p.width), Mm(p.height), p.ops))
        .collect();
    let mut doc = PdfDocument::new(title);
    doc.with_pages(pages).save(&PdfSaveOptions::default(), &mut Vec::new())
}
