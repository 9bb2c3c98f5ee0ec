//! The layout as a PDF page (any printer).

use super::*;

/// The filled rectangles (x, y, w, h in dots) of a barcode, QR or rule; text has none.
pub(super) fn rects(e: &El) -> Vec<(u32, u32, u32, u32)> {
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
pub(super) fn pdf_page(els: &[El], stock: &LabelStock) -> PdfPage {
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

pub(super) fn pdf(pages: Vec<PdfPage>, title: &str) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    doc.with_pages(pages).save(&PdfSaveOptions::default(), &mut Vec::new())
}
