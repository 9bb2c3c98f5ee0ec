//! The layout as ZPL (Zebra).

use super::*;

/// ZPL field data: `^FH` makes `_` the hex escape, so `^`, `~` and `_` itself travel as hex.
pub(super) fn zpl_text(t: &str) -> String {
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

pub(super) fn zpl(els: &[El], stock: &LabelStock, copies: u32) -> Vec<u8> {
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
