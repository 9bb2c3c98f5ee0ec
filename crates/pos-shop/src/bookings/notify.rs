//! Mail to the customer on each change of their booking: what changed in words (Bahasa Indonesia,
//! then English), when and where, the money, the link to the booking's page, and the calendar
//! invitation attached (REQUEST while it stands, CANCEL once cancelled; its SEQUENCE follows the
//! booking's). A change is mailed once: the booking keeps the version last mailed, and a mail that
//! fails is tried again on the next round. Bookings made at the desk without an email get none
//! (the desk has the WhatsApp link).

use crate::store::settings;
use crate::{ShopError, ShopState};
use pos_domain::bookings::BookingStatus;
use pos_server::store::booking_setup;
use pos_server::store::bookings::{self, Booking};

/// Mails what is due (fifty at a time); how many were sent.
pub async fn run_once(state: &ShopState) -> Result<usize, ShopError> {
    let due = {
        let db = state.app.pool.get().await?;
        bookings::unmailed(&db, 50).await?
    };
    let mut sent = 0;
    for (store, b) in due {
        let db = state.app.pool.get().await?;
        let worth = !b.customer_email.is_empty() && b.status != BookingStatus::Refused;
        if worth {
            let Some(mailer) = state.mailer.clone() else {
                // No mail server: nothing is owed later either.
                bookings::mailed(&db, store, &b.id, b.version).await?;
                continue;
            };
            let s = settings::settings(&db, store).await?;
            let service = booking_setup::service(&db, store, &b.service_id).await?;
            let (subject, body) = words(state, &s, &b, service.as_ref().map(|x| x.name.as_str()).unwrap_or(""));
            let ics = match b.status {
                BookingStatus::Accepted | BookingStatus::Done => Some("REQUEST"),
                BookingStatus::Cancelled => Some("CANCEL"),
                _ => None,
            }
            .map(|method| {
                let host = state.config.public_url.clone().unwrap_or_default();
                (
                    method,
                    super::mine::invitation_of(state, &s, &host, &b, service.as_ref()).to_ics(),
                )
            });
            if let Err(e) = mailer
                .send_with_invitation(&b.customer_email, &subject, body, ics)
                .await
            {
                tracing::warn!(error = %e, booking = %b.booking_no, "booking mail not sent; tried again later");
                continue;
            }
            sent += 1;
        }
        bookings::mailed(&db, store, &b.id, b.version).await?;
    }
    Ok(sent)
}

fn when(ms: i64) -> String {
    (chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms).unwrap_or_default() + chrono::Duration::hours(7))
        .format("%d-%m-%Y %H:%M WIB")
        .to_string()
}

fn words(state: &ShopState, s: &crate::site::Settings, b: &Booking, service: &str) -> (String, String) {
    let (en, id) = b.status.words();
    let rupiah = crate::html::parts::rupiah;
    let link = state
        .config
        .public_url
        .as_ref()
        .map(|u| format!("{u}/account/bookings/{}", b.booking_no))
        .unwrap_or_default();
    let subject = format!("Booking {} · {id} · {en} — {}", b.booking_no, s.store_name);
    let mut body = format!(
        "Halo {name},\n\nBooking {no}: {id}.\n{service}, {when}.\nHarga {price}, DP {dp}, sudah dibayar {paid}.\n",
        name = b.customer_name,
        no = b.booking_no,
        when = when(b.start_ms),
        price = rupiah(b.price),
        dp = rupiah(b.dp_amount),
        paid = rupiah(b.dp_paid),
    );
    if b.status == BookingStatus::Rejected && !b.reason.is_empty() {
        body.push_str(&format!(
            "Alasan: {}. Unggah bukti baru dalam 1 jam agar jadwal tetap untuk Anda.\n",
            b.reason
        ));
    }
    if b.refund_due > 0 {
        body.push_str(&format!("Dana yang akan dikembalikan: {}.\n", rupiah(b.refund_due)));
    }
    body.push_str(&format!(
        "\nHello {name},\n\nBooking {no}: {en}.\n{service}, {when}.\nPrice {price}, down payment {dp}, paid {paid}.\n",
        name = b.customer_name,
        no = b.booking_no,
        when = when(b.start_ms),
        price = rupiah(b.price),
        dp = rupiah(b.dp_amount),
        paid = rupiah(b.dp_paid),
    ));
    if b.status == BookingStatus::Rejected && !b.reason.is_empty() {
        body.push_str(&format!(
            "Why: {}. Upload a new proof within the hour to keep the time.\n",
            b.reason
        ));
    }
    if b.refund_due > 0 {
        body.push_str(&format!("To be refunded to you: {}.\n", rupiah(b.refund_due)));
    }
    if !link.is_empty() {
        body.push_str(&format!("\n{link}\n"));
    }
    body.push_str(&format!("\n{}\n{}\n", s.store_name, s.address));
    (subject, body)
}
