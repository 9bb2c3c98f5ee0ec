//! Bookings on the shop: the services offered (`/book`), each service's page with its packages,
//! free dates and times (`/book/{slug}`), booking one signed in, and the customer's own bookings
//! in their account: status, paying the down payment online or uploading a transfer proof, the
//! calendar invitation and the invoice.
//!
//! The server decides (`pos_server::bookings`): this module only asks and shows.

pub mod like;
pub mod list;
pub mod make;
pub mod mine;
pub mod notify;
pub mod pay;
pub mod portfolio;
pub mod proof;
pub mod service;

use crate::site::Site;
use chrono::{DateTime, Utc};
use pos_domain::bookings::BookingStatus;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A time in WIB as the customer reads it: `Sen 14-12-2026 10:00`.
pub fn wib(site: &Site, ms: i64) -> String {
    let t = DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default() + chrono::Duration::hours(7);
    let days_id = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"];
    let days_en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = chrono::Datelike::weekday(&t).num_days_from_monday() as usize;
    format!(
        "{} {} WIB",
        site.lang.pick(days_en[i], days_id[i]),
        t.format("%d-%m-%Y %H:%M")
    )
}

/// `10:00`, WIB.
pub fn clock(ms: i64) -> String {
    (DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default() + chrono::Duration::hours(7))
        .format("%H:%M")
        .to_string()
}

pub fn status_words(site: &Site, s: BookingStatus) -> &'static str {
    let (en, id) = s.words();
    site.lang.pick(en, id)
}

/// The booking's id for one customer's one form: a second press of the button (or a retry) asks
/// for the same booking, and no customer can name another's.
pub fn booking_id(customer: Uuid, request: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"hurtrock-booking:");
    h.update(customer.as_bytes());
    h.update(b":");
    h.update(request.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_custom_bytes(b).into_uuid().to_string()
}
