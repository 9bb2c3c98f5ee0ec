//! ESC/POS for receipt printers (../shared/reference/printing.md): a small byte builder, the
//! receipt layout for 58 and 80 mm paper, and [`decode`], which reads the bytes back into events
//! so tests check what a printer would do rather than comparing blobs.

use crate::receipt::{PaperWidth, Receipt};
use pos_domain::Money;

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;

#[derive(Default)]
pub struct Builder {
    out: Vec<u8>,
}

impl Builder {
    pub fn new() -> Self {
        let mut b = Builder {
            out: Vec::with_capacity(2048),
        };
        b.raw(&[ESC, b'@']); // initialize
        b.raw(&[ESC, b't', 0]); // code page PC437
        b
    }

    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.out.extend_from_slice(bytes);
        self
    }

    pub fn align(&mut self, n: u8) -> &mut Self {
        self.raw(&[ESC, b'a', n])
    }

    pub fn bold(&mut self, on: bool) -> &mut Self {
        self.raw(&[ESC, b'E', u8::from(on)])
    }

    /// Character size, 1–8 times in each direction.
    pub fn size(&mut self, w: u8, h: u8) -> &mut Self {
        let w = w.clamp(1, 8) - 1;
        let h = h.clamp(1, 8) - 1;
        self.raw(&[GS, b'!', (w << 4) | h])
    }

    /// One line of text, folded to printable ASCII (the printer's PC437 has no "–" or "é").
    pub fn line(&mut self, text: &str) -> &mut Self {
        let folded = fold(text);
        self.out.extend_from_slice(folded.as_bytes());
        self.out.push(b'\n');
        self
    }

    pub fn feed(&mut self, n: u8) -> &mut Self {
        self.raw(&[ESC, b'd', n])
    }

    /// Code128 (set B), 80 dots high, human-readable text below.
    pub fn code128(&mut self, data: &str) -> &mut Self {
        let data = fold(data);
        let data = &data.as_bytes()[..data.len().min(60)];
        self.raw(&[GS, b'h', 80, GS, b'w', 2, GS, b'H', 2]);
        self.raw(&[GS, b'k', 73, (data.len() + 2) as u8, b'{', b'B']);
        self.raw(data)
    }

    /// Pulse the cash drawer on pin 2: 50 ms on, 500 ms off.
    pub fn drawer(&mut self) -> &mut Self {
        self.raw(&[ESC, b'p', 0, 25, 250])
    }

    pub fn cut(&mut self) -> &mut Self {
        self.feed(4).raw(&[GS, b'V', 1])
    }

    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// Printable ASCII only: common accented letters lose their accent, dashes become "-", the rest "?".
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c,
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'É' => 'E',
            '–' | '—' | '−' => '-',
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            '×' => 'x',
            _ => '?',
        })
        .collect()
}

/// Money as on the shelf, without the "Rp " (columns are narrow): 1.250.000
fn amount(m: Money) -> String {
    m.to_string().replacen("Rp ", "", 1)
}

/// `left` and `right` on one line of `cols`, the left side cut if they do not fit.
fn columns(left: &str, right: &str, cols: usize) -> String {
    let left = fold(left);
    let right = fold(right);
    let room = cols.saturating_sub(right.len() + 1);
    let left: String = left.chars().take(room).collect();
    format!("{left}{}{right}", " ".repeat(cols - left.len() - right.len()))
}

fn wrap(text: &str, cols: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in fold(text).split_whitespace() {
        let cur = out.last_mut().unwrap_or_else(|| unreachable!());
        if !cur.is_empty() && cur.len() + 1 + word.len() > cols {
            out.push(String::new());
        }
        let cur = out.last_mut().unwrap_or_else(|| unreachable!());
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(&word[..word.len().min(cols)]);
    }
    out
}

/// The receipt's bytes: header, lines, totals with DPP and PPN, tenders and change, a Code128 of
/// the number, footer, cut; the drawer pulse first when `open_drawer` (a cash sale).
pub fn render(r: &Receipt, width: PaperWidth, open_drawer: bool) -> Vec<u8> {
    let cols = width.columns();
    let rule = "-".repeat(cols);
    let mut b = Builder::new();
    if open_drawer {
        b.drawer();
    }
    b.align(1).bold(true).size(2, 2);
    for l in wrap(&r.store_name, cols / 2) {
        b.line(&l);
    }
    b.size(1, 1).bold(false);
    for l in wrap(&r.address, cols) {
        b.line(&l);
    }
    b.line(&format!("Telp {}", r.phone));
    if !r.npwp.is_empty() {
        b.line(&format!("NPWP {}", r.npwp));
    }
    if r.copy {
        b.bold(true).line("*** COPY / SALINAN ***").bold(false);
    }
    b.bold(true).line(&r.title).bold(false);
    b.align(0).line(&rule);
    b.line(&columns("No", &r.number, cols));
    b.line(&columns("Tanggal", &r.when, cols));
    b.line(&columns("Kasir", &r.cashier, cols));
    if let Some(c) = &r.customer {
        b.line(&columns("Pelanggan", c, cols));
    }
    b.line(&rule);
    for l in &r.lines {
        for part in wrap(&l.name, cols) {
            b.line(&part);
        }
        b.line(&columns(
            &format!("  {} x {}", l.quantity, amount(l.unit_price)),
            &amount(l.amount),
            cols,
        ));
        if l.discount > Money::ZERO {
            b.line(&columns("  Diskon", &format!("-{}", amount(l.discount)), cols));
        }
    }
    b.line(&rule);
    b.line(&columns("Subtotal", &amount(r.gross), cols));
    if r.discount_total > Money::ZERO {
        b.line(&columns(
            "Total diskon",
            &format!("-{}", amount(r.discount_total)),
            cols,
        ));
    }
    for (label, v) in &r.tax {
        b.line(&columns(label, &amount(*v), cols));
    }
    b.bold(true)
        .size(1, 2)
        .line(&columns("TOTAL", &r.total.to_string(), cols))
        .size(1, 1)
        .bold(false);
    for (label, v) in &r.tenders {
        b.line(&columns(label, &amount(*v), cols));
    }
    if r.change > Money::ZERO {
        b.bold(true)
            .line(&columns("Kembali", &amount(r.change), cols))
            .bold(false);
    }
    b.line(&rule).align(1).code128(&r.barcode).feed(1);
    for l in &r.footer {
        for part in wrap(l, cols) {
            b.line(&part);
        }
    }
    b.cut();
    b.finish()
}

/// What a printer would do with a stream of bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Init,
    CodePage(u8),
    Align(u8),
    Bold(bool),
    Size(u8, u8),
    Text(String),
    Feed(u8),
    Cut(u8),
    Drawer {
        pin: u8,
        on_ms: u16,
        off_ms: u16,
    },
    Code128(String),
    /// EAN-13 through `GS k 67` (12 digits; the printer adds the check digit).
    Ean13(String),
    /// The data stored for a QR symbol (`GS ( k … 49 80 48`).
    Qr(String),
    /// Another 2D-symbol function (model, size, level, print).
    Symbol(u8),
    BarcodeSetting(u8, u8),
    Unknown(u8),
}

/// Reads ESC/POS bytes back into events. Unknown bytes are reported, never skipped silently.
pub fn decode(bytes: &[u8]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut text = Vec::new();
    let mut i = 0;
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' || b == ESC || b == GS {
            if !text.is_empty() || b == b'\n' {
                out.push(Event::Text(String::from_utf8_lossy(&text).into_owned()));
                text.clear();
            }
            if b == b'\n' {
                i += 1;
                continue;
            }
        }
        match (b, at(i + 1)) {
            (ESC, b'@') => {
                out.push(Event::Init);
                i += 2;
            }
            (ESC, b't') => {
                out.push(Event::CodePage(at(i + 2)));
                i += 3;
            }
            (ESC, b'a') => {
                out.push(Event::Align(at(i + 2)));
                i += 3;
            }
            (ESC, b'E') => {
                out.push(Event::Bold(at(i + 2) != 0));
                i += 3;
            }
            (ESC, b'd') => {
                out.push(Event::Feed(at(i + 2)));
                i += 3;
            }
            (ESC, b'p') => {
                out.push(Event::Drawer {
                    pin: at(i + 2),
                    on_ms: at(i + 3) as u16 * 2,
                    off_ms: at(i + 4) as u16 * 2,
                });
                i += 5;
            }
            (GS, b'!') => {
                let n = at(i + 2);
                out.push(Event::Size((n >> 4) + 1, (n & 0x0F) + 1));
                i += 3;
            }
            (GS, b'V') => {
                out.push(Event::Cut(at(i + 2)));
                i += 3;
            }
            (GS, b'h') | (GS, b'w') | (GS, b'H') => {
                out.push(Event::BarcodeSetting(at(i + 1), at(i + 2)));
                i += 3;
            }
            (GS, b'k') if at(i + 2) == 73 => {
                let n = at(i + 3) as usize;
                let data = bytes.get(i + 4..i + 4 + n).unwrap_or(&[]);
                let data = data.strip_prefix(b"{B").unwrap_or(data);
                out.push(Event::Code128(String::from_utf8_lossy(data).into_owned()));
                i += 4 + n;
            }
            (GS, b'k') if at(i + 2) == 67 => {
                let n = at(i + 3) as usize;
                let data = bytes.get(i + 4..i + 4 + n).unwrap_or(&[]);
                out.push(Event::Ean13(String::from_utf8_lossy(data).into_owned()));
                i += 4 + n;
            }
            (GS, b'(') if at(i + 2) == b'k' => {
                let n = at(i + 3) as usize | (at(i + 4) as usize) << 8;
                let body = bytes.get(i + 5..i + 5 + n).unwrap_or(&[]);
                match body {
                    [49, 80, 48, data @ ..] => out.push(Event::Qr(String::from_utf8_lossy(data).into_owned())),
                    [_, f, ..] => out.push(Event::Symbol(*f)),
                    _ => out.push(Event::Unknown(b)),
                }
                i += 5 + n;
            }
            (ESC, _) | (GS, _) => {
                out.push(Event::Unknown(b));
                i += 1;
            }
            _ => {
                text.push(b);
                i += 1;
            }
        }
    }
    if !text.is_empty() {
        out.push(Event::Text(String::from_utf8_lossy(&text).into_owned()));
    }
    out
}

/// The printed text lines only.
pub fn text_lines(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| if let Event::Text(t) = e { Some(t.clone()) } else { None })
        .collect()
}

/// A shift report (X mid-shift, Z at close) or any other printed list of label/value rows. An
/// empty label prints the value as a heading.
pub fn render_report(store_name: &str, title: &str, rows: &[(String, String)], width: PaperWidth) -> Vec<u8> {
    let cols = width.columns();
    let mut b = Builder::new();
    b.align(1)
        .bold(true)
        .line(store_name)
        .size(1, 2)
        .line(title)
        .size(1, 1)
        .bold(false)
        .align(0);
    b.line(&"-".repeat(cols));
    for (label, value) in rows {
        if label.is_empty() {
            b.bold(true).line(value).bold(false);
        } else {
            b.line(&columns(label, value, cols));
        }
    }
    b.line(&"-".repeat(cols));
    b.cut();
    b.finish()
}
