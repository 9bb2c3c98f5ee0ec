//! Labels: the 100 × 150 mm shipping label and product/shelf labels. One layout in printer dots,
//! drawn by four outputs: TSPL (TSC, Xprinter and most cheap label printers), ZPL (Zebra),
//! ESC/POS (receipt printers in label mode) and PDF (any printer), plus an SVG preview for the
//! screen. A label printed in any language carries the same text, barcode and QR.

use crate::escpos::fold;
use printpdf::{
    BuiltinFont, Color, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb,
    TextItem, WindingOrder,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LabelLanguage {
    Tspl,
    Zpl,
    EscPos,
    Pdf,
}

/// A workstation's label printer: its language, resolution and label size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LabelStock {
    pub language: LabelLanguage,
    /// 203 or 300.
    pub dpi: u32,
    pub width_mm: u32,
    pub height_mm: u32,
}

impl LabelStock {
    pub const SHIPPING_203: LabelStock = LabelStock {
        language: LabelLanguage::Tspl,
        dpi: 203,
        width_mm: 100,
        height_mm: 150,
    };

    /// Dots per millimetre as the printers count them (203 dpi = 8, 300 dpi = 12).
    pub fn dpmm(&self) -> u32 {
        if self.dpi >= 300 { 12 } else { 8 }
    }

    pub fn dots(&self) -> (u32, u32) {
        (self.width_mm * self.dpmm(), self.height_mm * self.dpmm())
    }

    pub fn check(&self) -> Result<(), String> {
        if ![203, 300].contains(&self.dpi) {
            return Err("the resolution must be 203 or 300 dpi".into());
        }
        if !(20..=120).contains(&self.width_mm) || !(15..=250).contains(&self.height_mm) {
            return Err("labels are 20–120 mm wide and 15–250 mm high".into());
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Party {
    pub name: String,
    pub phone: String,
    pub address: String,
}

/// What a shipping label says. The recipient is the order's own shipping address, never the
/// customer's current profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ShippingLabel {
    pub sender: Party,
    pub recipient: Party,
    pub order_no: String,
    pub courier: String,
    pub service: String,
    pub weight_g: i64,
    /// "2× Ernie Ball Regular Slinky", at most 5 shown.
    pub items: Vec<String>,
    pub tracking_no: String,
    /// The QR's content: a tracking link or the order reference.
    pub qr: String,
    /// The day it was printed (WIB), as shown.
    pub date: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductLabel {
    pub name: String,
    /// As shown: "Rp 95.000".
    pub price: String,
    /// 13 digits for EAN-13, else printed as Code128.
    pub barcode: String,
    pub sku: String,
}

/// One thing drawn, in dots from the top left. Text sizes are multiples of a 24-dot line
/// (TSPL font "3").
#[derive(Debug, Clone, PartialEq)]
enum El {
    Text {
        x: u32,
        y: u32,
        scale: u32,
        text: String,
    },
    Code128 {
        x: u32,
        y: u32,
        height: u32,
        module: u32,
        data: String,
    },
    Ean13 {
        x: u32,
        y: u32,
        height: u32,
        module: u32,
        digits: String,
    },
    Qr {
        x: u32,
        y: u32,
        module: u32,
        data: String,
    },
    Bar {
        x: u32,
        y: u32,
        w: u32,
        h: u32,
    },
}

/// Characters of TSPL font "3" per line at `scale` across `width` dots.
fn columns(width: u32, scale: u32) -> usize {
    (width / (16 * scale.max(1))) as usize
}

fn wrap(text: &str, cols: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in fold(text).split_whitespace() {
        let word: String = word.chars().take(cols).collect();
        if !cur.is_empty() && cur.len() + 1 + word.len() > cols {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(&word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines.truncate(max_lines);
    lines
}

/// The modules of a Code128 (set B) symbol: 1 = bar.
fn code128_modules(data: &str) -> Vec<u8> {
    barcoders::sym::code128::Code128::new(format!("Ɓ{}", fold(data)))
        .map(|c| c.encode())
        .unwrap_or_default()
}

fn ean13_modules(digits: &str) -> Vec<u8> {
    barcoders::sym::ean13::EAN13::new(digits)
        .map(|c| c.encode())
        .unwrap_or_default()
}

fn qr_matrix(data: &str) -> Option<(usize, Vec<bool>)> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M).ok()?;
    let w = code.width();
    Some((
        w,
        code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect(),
    ))
}

/// Text and rules drawn down a column at `x`.
struct Column {
    els: Vec<El>,
    x: u32,
}

impl Column {
    fn text(&mut self, y: u32, scale: u32, text: impl Into<String>) {
        self.els.push(El::Text {
            x: self.x,
            y,
            scale,
            text: text.into(),
        });
    }

    /// `text` wrapped to `cols` characters, at most `max` lines, `step` dots apart; the y after them.
    fn lines(&mut self, mut y: u32, scale: u32, text: &str, cols: usize, max: usize, step: u32) -> u32 {
        for line in wrap(text, cols, max) {
            self.text(y, scale, line);
            y += step;
        }
        y
    }

    fn rule(&mut self, y: u32, w: u32, h: u32) {
        self.els.push(El::Bar { x: self.x, y, w, h });
    }
}

/// The shipping label's layout on `stock` (drawn for 100 × 150 mm, scaled to the stock's dots).
fn shipping_layout(l: &ShippingLabel, stock: &LabelStock) -> Vec<El> {
    let (w, _) = stock.dots();
    let k = stock.dpmm();
    let d = |v: u32| v * k / 8; // design units are 203-dpi dots
    let margin = d(24);
    let inner = w - 2 * margin;
    let mut c = Column {
        els: Vec::new(),
        x: margin,
    };
    // Courier and service, large; order number and date below.
    c.text(d(20), 2, fold(&format!("{} {}", l.courier, l.service)));
    c.text(d(76), 1, fold(&format!("Order {}   {}", l.order_no, l.date)));
    // The tracking number as Code128, centred, with its text below.
    let modules = code128_modules(&l.tracking_no).len() as u32;
    let module = ((inner / modules.max(1)).clamp(1, 4) * k / 8).max(1);
    let bar_x = margin + (inner.saturating_sub(modules * module)) / 2;
    c.els.push(El::Code128 {
        x: bar_x,
        y: d(116),
        height: d(150),
        module,
        data: fold(&l.tracking_no),
    });
    c.text(d(276), 2, fold(&l.tracking_no));
    c.rule(d(336), inner, d(3));
    // Recipient (from the order), then sender.
    let y = d(352);
    c.text(y, 1, "PENERIMA / TO");
    let y = c.lines(
        y + d(30),
        2,
        &l.recipient.name.to_uppercase(),
        columns(inner, 2),
        1,
        d(52),
    );
    c.text(y, 1, fold(&l.recipient.phone));
    c.lines(y + d(32), 1, &l.recipient.address, columns(inner, 1), 5, d(28));
    c.rule(d(640), inner, d(3));
    let y = d(656);
    c.text(y, 1, "PENGIRIM / FROM");
    let y = c.lines(y + d(30), 1, &l.sender.name, columns(inner, 1), 1, d(28));
    c.text(y, 1, fold(&l.sender.phone));
    c.lines(y + d(28), 1, &l.sender.address, columns(inner, 1), 2, d(28));
    c.rule(d(836), inner, d(3));
    // Weight and items on the left, the QR on the right.
    let qr_module = d(6).max(2);
    let qr_side = qr_matrix(&l.qr).map_or(0, |(n, _)| n as u32 * qr_module);
    let qr_x = w - margin - qr_side;
    let left = qr_x.saturating_sub(margin + d(16));
    let kg = l.weight_g.max(0) as f64 / 1000.0;
    c.text(d(852), 1, format!("Berat / weight: {kg:.2} kg"));
    let mut y = d(884);
    let shown = l.items.len().min(5);
    for item in &l.items[..shown] {
        y = c.lines(y, 1, item, columns(left, 1), 1, d(28));
    }
    if l.items.len() > shown {
        c.text(y, 1, format!("+{} more", l.items.len() - shown));
    }
    if !l.qr.is_empty() {
        c.els.push(El::Qr {
            x: qr_x,
            y: d(852),
            module: qr_module,
            data: l.qr.clone(),
        });
    }
    c.els
}

/// A product or shelf label: name, price, barcode (EAN-13 when the code is one, else Code128).
fn product_layout(p: &ProductLabel, stock: &LabelStock) -> Vec<El> {
    let (w, h) = stock.dots();
    let k = stock.dpmm();
    let margin = 2 * k;
    let inner = w - 2 * margin;
    let mut els = Vec::new();
    let mut y = margin;
    for line in wrap(&p.name, columns(inner, 1), 2) {
        els.push(El::Text {
            x: margin,
            y,
            scale: 1,
            text: line,
        });
        y += 26 * k / 8;
    }
    els.push(El::Text {
        x: margin,
        y,
        scale: 2,
        text: fold(&p.price),
    });
    y += 52 * k / 8;
    let bar_h = h.saturating_sub(y + margin + 26 * k / 8).max(8 * k);
    let ean = p.barcode.len() == 13 && p.barcode.bytes().all(|b| b.is_ascii_digit());
    let code = if p.barcode.is_empty() { &p.sku } else { &p.barcode };
    let modules = if ean { 95 } else { code128_modules(code).len() as u32 };
    let module = (inner / modules.max(1)).clamp(1, 3);
    let x = margin + inner.saturating_sub(modules * module) / 2;
    if ean {
        els.push(El::Ean13 {
            x,
            y,
            height: bar_h,
            module,
            digits: p.barcode.clone(),
        });
    } else {
        els.push(El::Code128 {
            x,
            y,
            height: bar_h,
            module,
            data: fold(code),
        });
    }
    els.push(El::Text {
        x,
        y: y + bar_h + 2,
        scale: 1,
        text: fold(code),
    });
    els
}

fn tspl_text(t: &str) -> String {
    t.replace('"', "\\[\"]")
}

fn tspl(els: &[El], stock: &LabelStock, copies: u32) -> Vec<u8> {
    let mut s = format!(
        "SIZE {} mm,{} mm\r\nGAP 2 mm,0 mm\r\nDIRECTION 1\r\nREFERENCE 0,0\r\nCLS\r\n",
        stock.width_mm, stock.height_mm
    );
    for e in els {
        let line = match e {
            El::Text { x, y, scale, text } => format!("TEXT {x},{y},\"3\",0,{scale},{scale},\"{}\"", tspl_text(text)),
            El::Code128 {
                x,
                y,
                height,
                module,
                data,
            } => {
                format!(
                    "BARCODE {x},{y},\"128\",{height},0,0,{module},{module},\"{}\"",
                    tspl_text(data)
                )
            }
            El::Ean13 {
                x,
                y,
                height,
                module,
                digits,
            } => {
                format!(
                    "BARCODE {x},{y},\"EAN13\",{height},0,0,{module},{module},\"{}\"",
                    &digits[..12]
                )
            }
            El::Qr { x, y, module, data } => format!("QRCODE {x},{y},M,{module},A,0,\"{}\"", tspl_text(data)),
            El::Bar { x, y, w, h } => format!("BAR {x},{y},{w},{h}"),
        };
        s.push_str(&line);
        s.push_str("\r\n");
    }
    s.push_str(&format!("PRINT {},1\r\n", copies.max(1)));
    s.into_bytes()
}

/// ZPL field data: `^FH` makes `_` the hex escape, so `^`, `~` and `_` itself travel as hex.
fn zpl_text(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '_' => out.push_str("_5F"),
            '^' => out.push_str("_5E"),
            '~' => out.push_str("_7E"),
            c => out.push(c),
        }
    }
    out
}

fn zpl(els: &[El], stock: &LabelStock, copies: u32) -> Vec<u8> {
    let (w, h) = stock.dots();
    let mut s = format!("^XA^CI28^PW{w}^LL{h}^LH0,0\n");
    for e in els {
        match e {
            El::Text { x, y, scale, text } => {
                let (ch, cw) = (24 * scale, 20 * scale);
                s.push_str(&format!("^FO{x},{y}^A0N,{ch},{cw}^FH^FD{}^FS\n", zpl_text(text)));
            }
            El::Code128 {
                x,
                y,
                height,
                module,
                data,
            } => {
                s.push_str(&format!(
                    "^FO{x},{y}^BY{module}^BCN,{height},N,N,N^FH^FD{}^FS\n",
                    zpl_text(data)
                ));
            }
            El::Ean13 {
                x,
                y,
                height,
                module,
                digits,
            } => {
                s.push_str(&format!(
                    "^FO{x},{y}^BY{module}^BEN,{height},N,N^FD{}^FS\n",
                    &digits[..12]
                ));
            }
            El::Qr { x, y, module, data } => {
                // ^BQ draws its quiet zone inside the field origin; the field data is "MA,<data>".
                s.push_str(&format!("^FO{x},{y}^BQN,2,{module}^FH^FDMA,{}^FS\n", zpl_text(data)));
            }
            El::Bar { x, y, w, h } => s.push_str(&format!("^FO{x},{y}^GB{w},{h},{}^FS\n", w.min(h))),
        }
    }
    s.push_str(&format!("^PQ{}^XZ\n", copies.max(1)));
    s.into_bytes()
}

const GS: u8 = 0x1d;
const ESC: u8 = 0x1b;

/// ESC/POS for receipt printers used for labels: the text in order, Code128 / EAN-13 through
/// `GS k`, the QR through `GS ( k` (model 2, level M), then a cut.
fn escpos(els: &[El]) -> Vec<u8> {
    let mut b = crate::escpos::Builder::new();
    for e in els {
        match e {
            El::Text { scale, text, .. } => {
                b.size((*scale).min(8) as u8, (*scale).min(8) as u8);
                b.line(text);
                b.size(1, 1);
            }
            El::Code128 { data, .. } => {
                b.code128(data);
                b.line("");
            }
            El::Ean13 { digits, .. } => {
                b.raw(&[GS, b'h', 80, GS, b'w', 2, GS, b'H', 2, GS, b'k', 67, 12]);
                b.raw(&digits.as_bytes()[..12]);
                b.line("");
            }
            El::Qr { data, .. } => {
                let bytes = data.as_bytes();
                let n = bytes.len().min(7000) + 3;
                b.raw(&[GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
                b.raw(&[GS, b'(', b'k', 3, 0, 49, 67, 6]);
                b.raw(&[GS, b'(', b'k', 3, 0, 49, 69, 49]);
                b.raw(&[GS, b'(', b'k', (n & 0xff) as u8, (n >> 8) as u8, 49, 80, 48]);
                b.raw(&bytes[..n - 3]);
                b.raw(&[GS, b'(', b'k', 3, 0, 49, 81, 48]);
                b.line("");
            }
            El::Bar { .. } => {
                b.line(&"-".repeat(32));
            }
        }
    }
    b.raw(&[ESC, b'd', 3]);
    b.cut();
    b.finish()
}

/// The filled rectangles (x, y, w, h in dots) of a barcode, QR or rule; text has none.
fn rects(e: &El) -> Vec<(u32, u32, u32, u32)> {
    let bars = |modules: Vec<u8>, x: u32, y: u32, height: u32, module: u32| {
        modules
            .iter()
            .enumerate()
            .filter(|(_, m)| **m == 1)
            .map(|(i, _)| (x + i as u32 * module, y, module, height))
            .collect()
    };
    match e {
        El::Text { .. } => Vec::new(),
        El::Code128 {
            x,
            y,
            height,
            module,
            data,
        } => bars(code128_modules(data), *x, *y, *height, *module),
        El::Ean13 {
            x,
            y,
            height,
            module,
            digits,
        } => bars(ean13_modules(digits), *x, *y, *height, *module),
        El::Qr { x, y, module, data } => qr_matrix(data)
            .map(|(n, cells)| {
                cells
                    .iter()
                    .enumerate()
                    .filter(|(_, dark)| **dark)
                    .map(|(i, _)| {
                        (
                            x + (i % n) as u32 * module,
                            y + (i / n) as u32 * module,
                            *module,
                            *module,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        El::Bar { x, y, w, h } => vec![(*x, *y, *w, *h)],
    }
}

/// One PDF page per label, the label's size, everything drawn as on the thermal printer.
fn pdf_page(els: &[El], stock: &LabelStock) -> PdfPage {
    let (_, h_dots) = stock.dots();
    let k = stock.dpmm() as f32;
    let pt = |dots: f32| Pt::from(Mm(dots / k));
    let black = Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    });
    let mut ops = vec![Op::SetFillColor { col: black }];
    for e in els {
        if let El::Text { x, y, scale, text } = e {
            let size = pt(22.0 * *scale as f32);
            let baseline = h_dots as f32 - *y as f32 - 20.0 * *scale as f32;
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::Builtin(BuiltinFont::Helvetica),
                    size,
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: pt(*x as f32),
                        y: pt(baseline),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                },
                Op::EndTextSection,
            ]);
        }
        for (x, y, w, h) in rects(e) {
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: pt(x as f32),
                    y: pt((h_dots - y - h) as f32),
                    width: pt(w as f32),
                    height: pt(h as f32),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            });
        }
    }
    PdfPage::new(Mm(stock.width_mm as f32), Mm(stock.height_mm as f32), ops)
}

fn pdf(pages: Vec<PdfPage>, title: &str) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    doc.with_pages(pages).save(&PdfSaveOptions::default(), &mut Vec::new())
}

fn svg(els: &[El], stock: &LabelStock) -> String {
    let (w, h) = stock.dots();
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{}mm\" height=\"{}mm\" shape-rendering=\"crispEdges\"><rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/><g fill=\"#000\">",
        stock.width_mm, stock.height_mm
    );
    let esc = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    for e in els {
        if let El::Text { x, y, scale, text } = e {
            s.push_str(&format!(
                "<text x=\"{x}\" y=\"{}\" font-family=\"monospace\" font-size=\"{}\">{}</text>",
                y + 20 * scale,
                24 * scale,
                esc(text)
            ));
        }
        for (x, y, w, h) in rects(e) {
            s.push_str(&format!("<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/>"));
        }
    }
    s.push_str("</g></svg>");
    s
}

/// The bytes for the printer (or the PDF) of one shipping label.
pub fn shipping(l: &ShippingLabel, stock: &LabelStock) -> Vec<u8> {
    shipping_batch(std::slice::from_ref(l), stock)
}

/// Many shipping labels in one job: one program per label for TSPL/ZPL/ESC-POS, one page per label
/// for PDF.
pub fn shipping_batch(labels: &[ShippingLabel], stock: &LabelStock) -> Vec<u8> {
    match stock.language {
        LabelLanguage::Pdf => pdf(
            labels
                .iter()
                .map(|l| pdf_page(&shipping_layout(l, stock), stock))
                .collect(),
            "Shipping labels",
        ),
        lang => labels
            .iter()
            .flat_map(|l| program(lang, &shipping_layout(l, stock), stock, 1))
            .collect(),
    }
}

/// Product or shelf labels, `copies` of each.
pub fn products(labels: &[ProductLabel], stock: &LabelStock, copies: u32) -> Vec<u8> {
    match stock.language {
        LabelLanguage::Pdf => pdf(
            labels
                .iter()
                .flat_map(|l| std::iter::repeat_n(pdf_page(&product_layout(l, stock), stock), copies.max(1) as usize))
                .collect(),
            "Product labels",
        ),
        lang => labels
            .iter()
            .flat_map(|l| program(lang, &product_layout(l, stock), stock, copies))
            .collect(),
    }
}

fn program(lang: LabelLanguage, els: &[El], stock: &LabelStock, copies: u32) -> Vec<u8> {
    match lang {
        LabelLanguage::Tspl => tspl(els, stock, copies),
        LabelLanguage::Zpl => zpl(els, stock, copies),
        LabelLanguage::EscPos => (0..copies.max(1)).flat_map(|_| escpos(els)).collect(),
        LabelLanguage::Pdf => pdf(vec![pdf_page(els, stock)], "Label"),
    }
}

/// The preview the screen shows before printing: the same layout as SVG.
pub fn shipping_svg(l: &ShippingLabel, stock: &LabelStock) -> String {
    svg(&shipping_layout(l, stock), stock)
}

pub fn product_svg(p: &ProductLabel, stock: &LabelStock) -> String {
    svg(&product_layout(p, stock), stock)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> ShippingLabel {
        ShippingLabel {
            sender: Party {
                name: "Hurtrock Music Store".into(),
                phone: "0812-2000-1111".into(),
                address: "Jl Gegerkalong Girang Kav 22, Bandung".into(),
            },
            recipient: Party {
                name: "Rina \"Metal\" Sari".into(),
                phone: "0813-1234-5678".into(),
                address: "Jl. Kaliurang KM 5 No. 12, Sleman, DI Yogyakarta 55281".into(),
            },
            order_no: "WEB-000123".into(),
            courier: "JNE".into(),
            service: "REG".into(),
            weight_g: 3500,
            items: vec!["1x ESP LTD EC-1000".into(), "2x Ernie Ball Regular Slinky".into()],
            tracking_no: "JP1234567890".into(),
            qr: "https://hurtrock.id/lacak/JP1234567890".into(),
            date: "22/11/2026".into(),
        }
    }

    #[test]
    fn every_language_carries_the_tracking_number() {
        let l = sample();
        let t = String::from_utf8(shipping(&l, &LabelStock::SHIPPING_203)).unwrap();
        assert!(t.starts_with("SIZE 100 mm,150 mm"));
        assert!(t.contains("BARCODE") && t.contains("\"JP1234567890\""));
        assert!(t.contains("RINA \\[\"]METAL\\[\"] SARI"), "quotes escaped: {t}");
        let z = String::from_utf8(shipping(
            &l,
            &LabelStock {
                language: LabelLanguage::Zpl,
                ..LabelStock::SHIPPING_203
            },
        ))
        .unwrap();
        assert!(z.starts_with("^XA^CI28^PW800^LL1200") && z.contains("^BCN") && z.contains("^BQN"));
        let z300 = String::from_utf8(shipping(
            &l,
            &LabelStock {
                language: LabelLanguage::Zpl,
                dpi: 300,
                ..LabelStock::SHIPPING_203
            },
        ))
        .unwrap();
        assert!(z300.starts_with("^XA^CI28^PW1200^LL1800"));
        assert_eq!(zpl_text("a^b~c_d"), "a_5Eb_7Ec_5Fd");
        let e = shipping(
            &l,
            &LabelStock {
                language: LabelLanguage::EscPos,
                ..LabelStock::SHIPPING_203
            },
        );
        let events = crate::escpos::decode(&e);
        assert!(events.contains(&crate::escpos::Event::Code128("JP1234567890".into())));
        let p = shipping(
            &l,
            &LabelStock {
                language: LabelLanguage::Pdf,
                ..LabelStock::SHIPPING_203
            },
        );
        assert!(p.starts_with(b"%PDF"));
    }
}
