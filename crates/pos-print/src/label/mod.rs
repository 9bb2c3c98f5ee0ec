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

mod layout;
mod model;
mod outputs;
mod pdf;
mod receipt_mode;
mod svg;
mod tspl;
mod zpl;

use layout::*;
pub use model::*;
pub use outputs::*;
use pdf::*;
use receipt_mode::*;
use svg::*;
use tspl::*;
use zpl::*;

#[cfg(test)]
mod tests;
