//! Checkout: the customer's address and contact, a courier service priced from the store's rate
//! table, the payment method; placing the order holds its stock for the owner's hold time (30
//! minutes unless set) and sends the customer to the gateway. The order is the one the shop API
//! makes (`pos_server::shop::orders::accept`), so a paid one reaches every terminal's warehouse
//! queue the same way. A hold that runs out frees its stock (`expiry`); a payment that lands after
//! that takes the stock again if it is there, else the order is cancelled with a refund due and
//! the owner is told (`pay::settle`).

pub mod couriers;
pub mod expiry;
pub mod form;
pub mod invoice;
pub mod order_page;
pub mod place;
pub mod rates;

use crate::ShopError;
use crate::cart::Line;
use crate::fields::{email, phone, text};
use serde::Deserialize;

/// The checkout form as posted; every field is checked, nothing is trusted (prices, quantities and
/// products come from the server's cart and catalogue, never from the form).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CheckoutForm {
    pub csrf: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub postal: Option<String>,
    pub courier: Option<String>,
    pub gateway: Option<String>,
    /// The courier prices the form showed (`rates::Prices::shown`): the order is placed only at
    /// the price shown, never at one the customer did not see.
    pub shown: Option<String>,
}

/// A checked address and contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub city: String,
    pub postal: String,
}

impl CheckoutForm {
    pub fn contact(&self) -> Result<Contact, ShopError> {
        let postal = text(self.postal.as_deref(), 10, true, "Postal code", "Kode pos")?;
        if postal.len() != 5 || !postal.chars().all(|c| c.is_ascii_digit()) {
            return Err(ShopError::bad(
                "A postal code has 5 digits.",
                "Kode pos terdiri dari 5 angka.",
            ));
        }
        Ok(Contact {
            name: text(self.name.as_deref(), 100, true, "Name", "Nama")?,
            email: email(self.email.as_deref())?,
            phone: phone(self.phone.as_deref())?,
            address: text(self.address.as_deref(), 300, true, "Address", "Alamat")?,
            city: text(self.city.as_deref(), 80, true, "City", "Kota")?,
            postal,
        })
    }
}

/// The billable weight of the lines as one parcel.
pub fn parcel_kg(lines: &[Line]) -> i64 {
    let items: Vec<pos_domain::shipping::ParcelItem> = lines
        .iter()
        .map(|l| pos_domain::shipping::ParcelItem {
            weight_g: l.weight_g,
            dims_mm: l.dims_mm,
            quantity: l.quantity,
        })
        .collect();
    pos_domain::shipping::parcel_billable_kg(&items, 5000)
}

/// A new order number: `WEB-` + the WIB date + six random letters and digits (no 0/O, 1/I).
pub fn order_number(now: chrono::DateTime<chrono::Utc>) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let wib = now + chrono::Duration::hours(7);
    let mut b = [0u8; 6];
    getrandom::getrandom(&mut b).expect("the OS random source");
    let tail: String = b
        .iter()
        .map(|x| ALPHABET[(*x as usize) % ALPHABET.len()] as char)
        .collect();
    format!("WEB-{}-{tail}", wib.format("%y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CheckoutForm {
        let s = |v: &str| Some(v.to_string());
        CheckoutForm {
            csrf: None,
            name: s("Rina Sari"),
            email: s("rina@example.com"),
            phone: s("0813-1234-5678"),
            address: s("Jl. Dago No. 12"),
            city: s("Bandung"),
            postal: s("40135"),
            courier: s("jne-reg"),
            gateway: s("midtrans"),
            shown: None,
        }
    }

    #[test]
    fn an_address_is_checked_field_by_field() {
        assert!(form().contact().is_ok());
        for broken in [
            CheckoutForm {
                email: Some("rina@".into()),
                ..form()
            },
            CheckoutForm {
                email: Some("@x.id".into()),
                ..form()
            },
            CheckoutForm {
                phone: Some("12".into()),
                ..form()
            },
            CheckoutForm {
                phone: Some("0813<script>".into()),
                ..form()
            },
            CheckoutForm {
                postal: Some("4013".into()),
                ..form()
            },
            CheckoutForm {
                name: Some(" ".into()),
                ..form()
            },
            CheckoutForm {
                name: Some("x".repeat(101)),
                ..form()
            },
            CheckoutForm {
                address: Some("a\u{0}b".into()),
                ..form()
            },
            CheckoutForm { city: None, ..form() },
        ] {
            assert!(broken.contact().is_err(), "{broken:?}");
        }
    }

    #[test]
    fn order_numbers_are_dated_in_wib_and_unguessable() {
        let late = chrono::DateTime::parse_from_rfc3339("2026-12-07T18:30:00Z")
            .unwrap()
            .to_utc();
        let a = order_number(late);
        assert!(a.starts_with("WEB-261208-"), "{a}: 01:30 WIB is the next day");
        assert_eq!(a.len(), 17);
        assert_ne!(a, order_number(late));
    }
}
