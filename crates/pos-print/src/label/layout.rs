//! One layout in printer dots (text, barcodes, QR, boxes) for the shipping label and the product label.

use super::*;

/// One thing drawn, in dots from the top left. Text sizes are multiples of a 24-dot line
/// (TSPL font "3").
#[derive(Debug, Clone, PartialEq)]
pub(super) enum El {
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
pub(super) fn columns(width: u32, scale: u32) -> usize {
    (width / (16 * scale.max(1))) as usize
}

pub(super) fn wrap(text: &str, cols: usize, max_lines: usize) -> Vec<String> {
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
pub(super) fn code128_modules(data: &str) -> Vec<u8> {
    barcoders::sym::code128::Code128::new(format!("Ɓ{}", fold(data)))
        .map(|c| c.encode())
        .unwrap_or_default()
}

pub(super) fn ean13_modules(digits: &str) -> Vec<u8> {
    barcoders::sym::ean13::EAN13::new(digits)
        .map(|c| c.encode())
        .unwrap_or_default()
}

pub(super) fn qr_matrix(data: &str) -> Option<(usize, Vec<bool>)> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M).ok()?;
    let w = code.width();
    Some((
        w,
        code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect(),
    ))
}

/// Text and rules drawn down a column at `x`.
pub(super) struct Column {
    pub(super) els: Vec<El>,
    pub(super) x: u32,
}

impl Column {
    pub(super) fn text(&mut self, y: u32, scale: u32, text: impl Into<String>) {
        self.els.push(El::Text {
            x: self.x,
            y,
            scale,
            text: text.into(),
        });
    }

    /// `text` wrapped to `cols` characters, at most `max` lines, `step` dots apart; the y after them.
    pub(super) fn lines(&mut self, mut y: u32, scale: u32, text: &str, cols: usize, max: usize, step: u32) -> u32 {
        for line in wrap(text, cols, max) {
            self.text(y, scale, line);
            y += step;
        }
        y
    }

    pub(super) fn rule(&mut self, y: u32, w: u32, h: u32) {
        self.els.push(El::Bar { x: self.x, y, w, h });
    }
}

/// The shipping label's layout on `stock` (drawn for 100 × 150 mm, scaled to the stock's dots).
pub(super) fn shipping_layout(l: &ShippingLabel, stock: &LabelStock) -> Vec<El> {
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
pub(super) fn product_layout(p: &ProductLabel, stock: &LabelStock) -> Vec<El> {
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
