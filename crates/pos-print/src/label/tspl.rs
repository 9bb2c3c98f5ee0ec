//! The layout as TSPL (TSC, Xprinter and most cheap label printers).

use super::*;

pub(super) fn tspl_text(t: &str) -> String {
    t.replace('"', "\\[\"]")
}

pub(super) fn tspl(els: &[El], stock: &LabelStock, copies: u32) -> Vec<u8> {
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
