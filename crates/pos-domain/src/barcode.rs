//! Product barcodes. Parse, don't validate: once you hold a [`Barcode`] its check digit is right.
//! Thirteen digits are an EAN-13 and twelve a UPC-A, each with its check digit verified; anything
//! else printable is Code128 text (shop-made codes, serial labels).

use serde::{Deserialize, Serialize};

pub const CODE128_MAX: usize = 48;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BarcodeKind {
    Ean13,
    UpcA,
    Code128,
}

impl BarcodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BarcodeKind::Ean13 => "ean13",
            BarcodeKind::UpcA => "upc_a",
            BarcodeKind::Code128 => "code128",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BarcodeError {
    #[error("barcode is empty")]
    Empty,
    #[error("wrong check digit: expected {expected}")]
    CheckDigit { expected: u8 },
    #[error("barcode longer than {CODE128_MAX} characters")]
    TooLong,
    #[error("barcode may hold only printable ASCII characters")]
    BadCharacter,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Barcode {
    code: String,
    kind: BarcodeKind,
}

/// GS1 mod-10 check digit of the digits before it (EAN-8/13, UPC-A share it).
pub fn gs1_check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl Barcode {
    pub fn parse(input: &str) -> Result<Barcode, BarcodeError> {
        let code = input.trim();
        if code.is_empty() {
            return Err(BarcodeError::Empty);
        }
        if code.len() > CODE128_MAX {
            return Err(BarcodeError::TooLong);
        }
        if !code.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
            return Err(BarcodeError::BadCharacter);
        }
        let all_digits = code.bytes().all(|b| b.is_ascii_digit());
        let kind = match (all_digits, code.len()) {
            (true, 13) => BarcodeKind::Ean13,
            (true, 12) => BarcodeKind::UpcA,
            _ => BarcodeKind::Code128,
        };
        if kind != BarcodeKind::Code128 {
            let digits: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
            let (body, check) = digits.split_at(digits.len() - 1);
            let expected = gs1_check_digit(body);
            if check[0] != expected {
                return Err(BarcodeError::CheckDigit { expected });
            }
        }
        Ok(Barcode {
            code: code.to_string(),
            kind,
        })
    }

    /// Completes a 12-digit body into a valid EAN-13 (used by the demo catalogue and for
    /// shop-assigned codes in the 2xx in-store range).
    pub fn ean13_from_body(body: &str) -> Result<Barcode, BarcodeError> {
        if body.len() != 12 || !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BarcodeError::BadCharacter);
        }
        let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
        Barcode::parse(&format!("{body}{}", gs1_check_digit(&digits)))
    }

    pub fn as_str(&self) -> &str {
        &self.code
    }

    pub fn kind(&self) -> BarcodeKind {
        self.kind
    }

    /// The forms a scanner may send for the same product: a UPC-A is often read as the EAN-13
    /// with a leading zero, and the other way round.
    pub fn scan_forms(scanned: &str) -> Vec<String> {
        let s = scanned.trim();
        let mut forms = vec![s.to_string()];
        if s.len() == 13 && s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()) {
            forms.push(s[1..].to_string());
        } else if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            forms.push(format!("0{s}"));
        }
        forms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_codes_parse() {
        assert_eq!(
            Barcode::parse("8992761111111").unwrap_err(),
            BarcodeError::CheckDigit { expected: 3 }
        );
        assert_eq!(Barcode::parse("5901234123457").unwrap().kind(), BarcodeKind::Ean13);
        assert_eq!(Barcode::parse("4006381333931").unwrap().kind(), BarcodeKind::Ean13);
        assert_eq!(Barcode::parse("036000291452").unwrap().kind(), BarcodeKind::UpcA);
        assert_eq!(Barcode::parse("HR-STRAP-01").unwrap().kind(), BarcodeKind::Code128);
        assert_eq!(Barcode::parse(" ").unwrap_err(), BarcodeError::Empty);
        assert_eq!(Barcode::parse("ééé").unwrap_err(), BarcodeError::BadCharacter);
        assert_eq!(Barcode::parse(&"1".repeat(49)).unwrap_err(), BarcodeError::TooLong);
    }

    #[test]
    fn upc_scanned_as_ean_is_found() {
        assert_eq!(
            Barcode::scan_forms("0036000291452"),
            vec!["0036000291452", "036000291452"]
        );
        assert_eq!(
            Barcode::scan_forms("036000291452"),
            vec!["036000291452", "0036000291452"]
        );
    }

    proptest! {
        #[test]
        fn completed_bodies_parse_and_any_single_digit_change_is_caught(body in "[0-9]{12}", pos in 0usize..13, bump in 1u8..10) {
            let code = Barcode::ean13_from_body(&body).unwrap();
            prop_assert_eq!(code.kind(), BarcodeKind::Ean13);
            let mut bytes = code.as_str().as_bytes().to_vec();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + bump) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(Barcode::parse(&changed).is_err());
        }
    }
}
