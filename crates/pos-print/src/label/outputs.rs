//! What callers ask for: a shipping label, a batch, product labels in a printer's language, and previews.

use super::*;

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

pub(super) fn program(lang: LabelLanguage, els: &[El], stock: &LabelStock, copies: u32) -> Vec<u8> {
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
