//! The layout for a receipt printer in label mode (ESC/POS raster).

use super::*;

pub(super) const GS: u8 = 0x1d;
pub(super) const ESC: u8 = 0x1b;

/// ESC/POS for receipt printers used for labels: the text in order, Code128 / EAN-13 through
/// `GS k`, the QR through `GS ( k` (model 2, level M), then a cut.
pub(super) fn escpos(els: &[El]) -> Vec<u8> {
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
