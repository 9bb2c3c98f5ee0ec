//! What a label is made from: the language a printer speaks, the label stock, and the shipping and product labels.

use super::*;

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
