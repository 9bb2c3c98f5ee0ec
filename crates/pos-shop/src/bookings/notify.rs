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

/// One language's words for the mail.
struct Words {
    indonesian: bool,
    hello: &'static str,
    money: (&'static str, &'static str, &'static str),
    why: &'static str,
    upload_again: &'static str,
    refund: &'static str,
}

const INDONESIAN: Words = Words {
    indonesian: true,
    hello: "Halo",
    money: ("Harga", "DP", "sudah dibayar"),
    why: "Alasan",
    upload_again: "Unggah bukti baru dalam 1 jam agar jadwal tetap untuk Anda.",
    refund: "Dana yang akan dikembalikan",
};

const ENGLISH: Words = Words {
    indonesian: false,
    hello: "Hello",
    money: ("Price", "down payment", "paid"),
    why: "Why",
    upload_again: "Upload a new proof within the hour to keep the time.",
    refund: "To be refunded to you",
};

fn paragraph(w: &Words, status: &str, b: &Booking, service: &str) -> String {
    let rupiah = crate::html::parts::rupiah;
    let mut p = format!(
        "{hello} {name},\n\nBooking {no}: {status}.\n{service}, {when}.\n{price} {p}, {dp} {d}, {paid} {pd}.\n",
        hello = w.hello,
        name = b.customer_name,
        no = b.booking_no,
        when = when(b.start_ms),
        price = w.money.0,
        p = rupiah(b.price),
        dp = w.money.1,
        d = rupiah(b.dp_amount),
        paid = w.money.2,
        pd = rupiah(b.dp_paid),
    );
    if b.status == BookingStatus::Rejected && !b.reason.is_empty() {
        p.push_str(&format!("{}: {}. {}\n", w.why, b.reason, w.upload_again));
    }
    if b.refund_due > 0 {
        p.push_str(&format!("{}: {}.\n", w.refund, rupiah(b.refund_due)));
    }
    // A repair's step, and its estimate once given.
    if let Some(t) = b
        .repair
        .as_ref()
        .and_then(|v| serde_json::from_value::<pos_domain::bookings::repair::RepairTicket>(v.clone()).ok())
    {
        let (en, id) = t.stage.words();
        let stage = if w.indonesian { id } else { en };
        p.push_str(&format!("{}: {stage}", t.instrument));
        if t.estimate > 0 {
            p.push_str(&format!(" · {}", rupiah(t.estimate)));
        }
        p.push('\n');
    }
    p
}

fn words(state: &ShopState, s: &crate::site::Settings, b: &Booking, service: &str) -> (String, String) {
    let (en, id) = b.status.words();
    let link = state
        .config
        .public_url
        .as_ref()
        .map(|u| format!("{u}/account/bookings/{}", b.booking_no))
        .unwrap_or_default();
    let subject = format!("Booking {} · {id} · {en} — {}", b.booking_no, s.store_name);
    let mut body = paragraph(&INDONESIAN, id, b, service);
    body.push('\n');
    body.push_str(&paragraph(&ENGLISH, en, b, service));
    if !link.is_empty() {
        body.push_str(&format!("\n{link}\n"));
    }
    body.push_str(&format!("\n{}\n{}\n", s.store_name, s.address));
    (subject, body)
}
