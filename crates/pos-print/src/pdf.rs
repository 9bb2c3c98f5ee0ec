//! The receipt as a PDF, to save or send. It is typeset from the very ESC/POS bytes the printer
//! gets (decoded back into lines, weights, sizes and the barcode), so the PDF and the paper
//! receipt can never say different things.

use crate::escpos::{Event, decode, render};
use crate::receipt::{PaperWidth, Receipt};
use printpdf::{
    BuiltinFont, Color, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb,
    TextItem, WindingOrder,
};

const FONT_PT: f32 = 8.0;
const LINE_PT: f32 = 10.0;
/// Courier's advance is 0.6 em.
const CHAR_PT: f32 = FONT_PT * 0.6;
const MARGIN_PT: f32 = 12.0;
const MODULE_PT: f32 = 0.85;
const BAR_HEIGHT_PT: f32 = 30.0;

enum Block {
    Text {
        text: String,
        bold: bool,
        width: f32,
        height: f32,
        align: u8,
    },
    Barcode(String),
}

fn blocks(bytes: &[u8]) -> Vec<Block> {
    let (mut bold, mut w, mut h, mut align) = (false, 1.0f32, 1.0f32, 0u8);
    let mut out = Vec::new();
    for e in decode(bytes) {
        match e {
            Event::Bold(b) => bold = b,
            // Courier cannot stretch one way only: glyphs scale with the width, lines with the height.
            Event::Size(sw, sh) => (w, h) = (f32::from(sw), f32::from(sh)),
            Event::Align(a) => align = a,
            Event::Text(text) => out.push(Block::Text {
                text,
                bold,
                width: w,
                height: h,
                align,
            }),
            Event::Code128(data) => out.push(Block::Barcode(data)),
            _ => {}
        }
    }
    out
}

/// A PDF page as wide as the paper, as long as the receipt.
pub fn receipt_pdf(r: &Receipt, width: PaperWidth) -> Vec<u8> {
    let cols = width.columns() as f32;
    let page_w = cols * CHAR_PT + 2.0 * MARGIN_PT;
    let blocks = blocks(&render(r, width, false));
    let height: f32 = blocks
        .iter()
        .map(|b| match b {
            Block::Text { height, .. } => LINE_PT * height,
            Block::Barcode(_) => BAR_HEIGHT_PT + 2.0 * LINE_PT,
        })
        .sum::<f32>()
        + 2.0 * MARGIN_PT;
    let black = Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    });
    let mut ops = vec![Op::SetFillColor { col: black }];
    let mut y = height - MARGIN_PT;
    for b in &blocks {
        match b {
            Block::Text {
                text,
                bold,
                width,
                height,
                align,
            } => {
                y -= LINE_PT * height;
                let used = text.chars().count() as f32 * CHAR_PT * width;
                let room = page_w - 2.0 * MARGIN_PT;
                let x = MARGIN_PT
                    + match align {
                        1 => ((room - used) / 2.0).max(0.0),
                        2 => (room - used).max(0.0),
                        _ => 0.0,
                    };
                let font = if *bold {
                    BuiltinFont::CourierBold
                } else {
                    BuiltinFont::Courier
                };
                ops.extend([
                    Op::StartTextSection,
                    Op::SetFont {
                        font: PdfFontHandle::Builtin(font),
                        size: Pt(FONT_PT * width),
                    },
                    Op::SetTextCursor {
                        pos: Point { x: Pt(x), y: Pt(y) },
                    },
                    Op::ShowText {
                        items: vec![TextItem::Text(text.clone())],
                    },
                    Op::EndTextSection,
                ]);
            }
            Block::Barcode(data) => {
                y -= LINE_PT;
                let modules = barcoders::sym::code128::Code128::new(format!("Ɓ{data}"))
                    .map(|c| c.encode())
                    .unwrap_or_default();
                let x0 = (page_w - modules.len() as f32 * MODULE_PT) / 2.0;
                y -= BAR_HEIGHT_PT;
                for (i, m) in modules.iter().enumerate() {
                    if *m == 1 {
                        ops.push(Op::DrawRectangle {
                            rectangle: Rect {
                                x: Pt(x0 + i as f32 * MODULE_PT),
                                y: Pt(y),
                                width: Pt(MODULE_PT),
                                height: Pt(BAR_HEIGHT_PT),
                                mode: Some(PaintMode::Fill),
                                winding_order: Some(WindingOrder::NonZero),
                            },
                        });
                    }
                }
                y -= LINE_PT;
            }
        }
    }
    let page = PdfPage::new(Mm::from(Pt(page_w)), Mm::from(Pt(height)), ops);
    let mut doc = PdfDocument::new(&r.number);
    doc.with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}
