//! What a receipt says, independent of the printer: the core fills it from a committed sale or
//! return, and a renderer turns it into ESC/POS (or, later, PDF).

use pos_domain::Money;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
pub enum PaperWidth {
    /// 58 mm paper: 32 characters of font A.
    #[serde(rename = "58")]
    Mm58,
    /// 80 mm paper: 48 characters of font A.
    #[default]
    #[serde(rename = "80")]
    Mm80,
}

impl PaperWidth {
    pub fn columns(self) -> usize {
        match self {
            PaperWidth::Mm58 => 32,
            PaperWidth::Mm80 => 48,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLine {
    pub name: String,
    pub quantity: i64,
    pub unit_price: Money,
    /// quantity × unit price
    pub amount: Money,
    /// Line and sale discount on this line (0 when none).
    pub discount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub store_name: String,
    pub address: String,
    pub phone: String,
    /// Empty when the store has none; printed as "NPWP ..." otherwise.
    pub npwp: String,
    pub title: String,
    pub number: String,
    /// Date and time in WIB, already formatted.
    pub when: String,
    pub cashier: String,
    pub customer: Option<String>,
    pub copy: bool,
    pub lines: Vec<ReceiptLine>,
    pub gross: Money,
    pub discount_total: Money,
    /// Tax lines to print, e.g. ("DPP", x), ("PPN 11%", y); empty for a store that is not PKP.
    pub tax: Vec<(String, Money)>,
    pub total: Money,
    pub tenders: Vec<(String, Money)>,
    pub change: Money,
    pub footer: Vec<String>,
    /// Printed as a Code128 barcode (the receipt number, scanned back for returns).
    pub barcode: String,
}
