//! `GET /account/bookings/{no}`: one of the signed-in customer's bookings: its status in words,
//! what and when, the money (price, down payment, paid, refund due), and what can be done now: pay
//! the down payment online or upload a transfer proof (while it waits for one, or within the hour
//! after a proof was rejected), cancel, and once accepted the invoice and the calendar invitation
//! (`.ics`). `POST /account/bookings/{no}/cancel` cancels it with the service's refund rule.

use super::{status_words, wib};
use crate::html::{self, parts};
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use pos_domain::bookings::BookingStatus;
use pos_domain::bookings::status::REUPLOAD_MS;
use pos_server::ApiError;
use pos_server::bookings::moves::{Move, Moved, apply};
use pos_server::store::booking_setup;
use pos_server::store::bookings::{self, Booking};
use serde::Deserialize;

/// The booking `no` of the signed-in customer (none of another's).
pub async fn own(state: &ShopState, site: &Site, no: &str) -> Result<Booking, ShopError> {
    let Some(c) = &site.customer else {
        return Err(ShopError::NotFound);
    };
    let db = state.app.pool.get().await?;
    bookings::by_number(&db, site.store, no)
        .await?
        .filter(|b| b.customer_id == Some(c.id))
        .ok_or(ShopError::NotFound)
}

pub async fn page(State(state): State<ShopState>, site: Site, Path(no): Path<String>) -> Result<Response, ShopError> {
    if site.customer.is_none() {
        return Ok(crate::account::page::to_sign_in(&site));
    }
    let b = own(&state, &site, &no).await?;
    render(&state, &site, &b, None).await
}

/// The account's bookings, newest first, each with its status in words and a link to its page.
pub fn list(site: &Site, bookings: &[Booking]) -> maud::Markup {
    let t = |en, id| site.t(en, id);
    html! {
        @if !bookings.is_empty() {
            h2 { (t("Your bookings", "Booking Anda")) }
            table.cart {
                caption.visually-hidden { (t("Your bookings", "Booking Anda")) }
                thead { tr {
                    th scope="col" { (t("Booking", "Booking")) }
                    th scope="col" { (t("When", "Kapan")) }
                    th scope="col" { (t("Status", "Status")) }
                    th.num scope="col" { (t("Down payment", "DP")) }
                } }
                tbody {
                    @for b in bookings {
                        tr {
                            td { a href={ "/account/bookings/" (b.booking_no) } { (b.booking_no) } }
                            td { (wib(site, b.start_ms)) }
                            td { (status_words(site, b.status)) }
                            td.num { (parts::rupiah(b.dp_amount)) }
                        }
                    }
                }
            }
        }
    }
}

/// Whether a proof may be uploaded now.
pub fn takes_proof(b: &Booking, now: i64) -> bool {
    let open = |until: Option<i64>| until.is_none_or(|u| u > now);
    match b.status {
        BookingStatus::WaitingDp => open(b.hold_until_ms),
        BookingStatus::Rejected => b.rejected_ms.is_some_and(|r| now < r + REUPLOAD_MS),
        _ => false,
    }
}

pub async fn render(
    state: &ShopState,
    site: &Site,
    b: &Booking,
    problem: Option<&ShopError>,
) -> Result<Response, ShopError> {
    let (service, resource) = {
        let db = state.app.pool.get().await?;
        let s = booking_setup::service(&db, site.store, &b.service_id).await?;
        let r = booking_setup::resources(&db, site.store, std::slice::from_ref(&b.resource_id))
            .await?
            .pop();
        (s, r)
    };
    let package = service
        .as_ref()
        .and_then(|s| s.package(&b.package_id))
        .map(|p| p.name.clone());
    let now = chrono::Utc::now().timestamp_millis();
    let t = |en, id| site.t(en, id);
    let due = (b.dp_amount - b.dp_paid).max(0);
    let gateways = crate::checkout::form::gateways(state);
    let base = format!("/account/bookings/{}", b.booking_no);
    let body = html! {
        p { a href="/account" { (t("Your account", "Akun Anda")) } }
        h1 { (t("Booking ", "Booking ")) (b.booking_no) }
        (parts::problem(site, problem))
        p.status data-status=(b.status.as_str()) { strong { (status_words(site, b.status)) } }
        @if b.status == BookingStatus::Rejected && !b.reason.is_empty() {
            p.notice { (t("Why: ", "Alasan: ")) (b.reason) }
        }
        dl {
            dt { (t("Service", "Layanan")) }
            dd { (service.as_ref().map_or("", |s| s.name.as_str())) @if let Some(p) = &package { " · " (p) } }
            dt { (t("When", "Kapan")) }
            dd { (wib(site, b.start_ms)) " – " (super::clock(b.end_ms)) }
            @if let Some(r) = &resource { dt { (t("Where / with", "Di / dengan")) } dd { (r.name) } }
            dt { (t("Price", "Harga")) } dd { (parts::rupiah(b.price)) }
            dt { (t("Down payment", "DP")) } dd { (parts::rupiah(b.dp_amount)) }
            dt { (t("Paid", "Sudah dibayar")) } dd { (parts::rupiah(b.dp_paid)) }
            @if b.refund_due > 0 { dt { (t("Refund due to you", "Pengembalian untuk Anda")) } dd { (parts::rupiah(b.refund_due)) } }
            @if let Some(h) = b.hold_until_ms.filter(|_| b.status == BookingStatus::WaitingDp) {
                dt { (t("Held until", "Ditahan sampai")) } dd { (wib(site, h)) }
            }
        }
        @if takes_proof(b, now) && due > 0 {
            @if !gateways.is_empty() && b.status == BookingStatus::WaitingDp {
                h2 { (t("Pay the down payment online", "Bayar DP online")) }
                form method="post" action={ (base) "/pay" } {
                    (parts::csrf(site))
                    @for (i, g) in gateways.iter().enumerate() {
                        label { input type="radio" name="gateway" value=(g.code()) checked[i == 0] required; " " (g.code()) }
                    }
                    button.primary type="submit" { (t("Pay ", "Bayar ")) (parts::rupiah(due)) }
                }
            }
            h2 { (t("Or upload your transfer proof", "Atau unggah bukti transfer")) }
            form method="post" action={ (base) "/proof" } enctype="multipart/form-data" {
                (parts::csrf(site))
                label for="proof" { (t("Photo or screenshot of the transfer", "Foto atau tangkapan layar transfer")) }
                input #proof type="file" name="proof" accept="image/jpeg,image/png,image/webp" required;
                button type="submit" { (t("Upload", "Unggah")) }
            }
        }
        @if matches!(b.status, BookingStatus::Accepted | BookingStatus::Done) {
            p {
                a.button href={ (base) "/invoice.pdf" } { (t("Invoice (PDF)", "Invoice (PDF)")) }
                " "
                a.button href={ (base) "/booking.ics" } { (t("Add to calendar", "Tambahkan ke kalender")) }
            }
        }
        @if b.status.may_become(BookingStatus::Cancelled) {
            form method="post" action={ (base) "/cancel" } {
                (parts::csrf(site))
                button type="submit" { (t("Cancel this booking", "Batalkan booking ini")) }
            }
        }
    };
    let count = crate::catalogue::cart_count(state, site).await?;
    let mut r = html::own_page(site, &b.booking_no, count, body, false);
    if let Some(p) = problem {
        *r.status_mut() = p.status();
    }
    Ok(r)
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    pub csrf: Option<String>,
}

/// Runs a move in its own transaction, again when a concurrent one got in the way.
pub async fn run(state: &ShopState, site: &Site, id: &str, mv: &Move<'_>) -> Result<Option<Moved>, ShopError> {
    let mut attempt = 0;
    loop {
        let mut client = state.app.pool.get().await?;
        let tx = client.transaction().await.map_err(ApiError::from)?;
        let r = apply(&tx, site.store, id, mv, chrono::Utc::now().timestamp_millis()).await;
        let r = match r {
            Ok(v) => tx.commit().await.map(|_| v).map_err(ApiError::from),
            Err(e) => Err(e),
        };
        match r {
            Err(e) if e.retry && attempt < 5 => attempt += 1,
            other => return Ok(other?),
        }
    }
}

/// After a move: the booking's page again, with the reason when it was refused.
pub async fn after(state: &ShopState, site: &Site, b: &Booking, moved: Option<Moved>) -> Result<Response, ShopError> {
    match moved {
        Some(Moved::Refused { en, id, booking }) => render(state, site, &booking, Some(&ShopError::bad(en, id))).await,
        _ => Ok(crate::html::see_other(&format!("/account/bookings/{}", b.booking_no))),
    }
}

pub async fn cancel(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Path(no): Path<String>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let b = own(&state, &site, &no).await?;
    let moved = run(
        &state,
        &site,
        &b.id,
        &Move::Cancel {
            reason: "cancelled by the customer",
        },
    )
    .await?;
    after(&state, &site, &b, moved).await
}

/// `GET /account/bookings/{no}/booking.ics`: the invitation (CANCEL once cancelled).
pub async fn ics(State(state): State<ShopState>, site: Site, Path(no): Path<String>) -> Result<Response, ShopError> {
    let b = own(&state, &site, &no).await?;
    if !matches!(
        b.status,
        BookingStatus::Accepted | BookingStatus::Done | BookingStatus::Cancelled
    ) {
        return Err(ShopError::NotFound);
    }
    let body = invitation(&state, &site, &b).await?.to_ics();
    let mut r = body.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8; method=REQUEST"),
    );
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{}.ics\"", b.booking_no))
            .unwrap_or(HeaderValue::from_static("attachment")),
    );
    Ok(r)
}

/// The booking's calendar invitation as it stands.
pub async fn invitation(
    state: &ShopState,
    site: &Site,
    b: &Booking,
) -> Result<pos_domain::bookings::ics::Invitation, ShopError> {
    let service = {
        let db = state.app.pool.get().await?;
        booking_setup::service(&db, site.store, &b.service_id).await?
    };
    Ok(invitation_of(state, &site.settings, &site.host, b, service.as_ref()))
}

/// The invitation from what is known of the store (also for the mail, with no request at hand).
pub fn invitation_of(
    state: &ShopState,
    s: &crate::site::Settings,
    host: &str,
    b: &Booking,
    service: Option<&pos_domain::bookings::BookingService>,
) -> pos_domain::bookings::ics::Invitation {
    let domain = state
        .config
        .public_url
        .as_deref()
        .and_then(|u| u.split("://").nth(1))
        .map(|h| h.split('/').next().unwrap_or("").to_string())
        .unwrap_or_else(|| host.to_string());
    pos_domain::bookings::ics::Invitation {
        booking_id: b.id.clone(),
        domain,
        sequence: b.sequence.max(0) as u32,
        cancelled: b.status == BookingStatus::Cancelled,
        start_ms: b.start_ms,
        end_ms: b.end_ms,
        stamp_ms: chrono::Utc::now().timestamp_millis(),
        summary: format!("{} · {}", service.map_or("Booking", |s| s.name.as_str()), s.store_name),
        description: format!("{} {}", b.booking_no, b.note).trim().to_string(),
        location: if s.address.is_empty() {
            s.store_name.clone()
        } else {
            format!("{}, {}", s.store_name, s.address)
        },
        organizer_name: s.store_name.clone(),
        organizer_email: state
            .config
            .mail
            .as_ref()
            .map(|m| {
                let f = m.from.trim();
                f.rsplit_once('<')
                    .map_or(f, |(_, e)| e.trim_end_matches('>'))
                    .trim()
                    .to_string()
            })
            .unwrap_or_default(),
        attendee_name: b.customer_name.clone(),
        attendee_email: b.customer_email.clone(),
    }
}

/// `GET /account/bookings/{no}/invoice.pdf`: the accepted booking's invoice (the same A4 document
/// as an order's), with the down payment received.
pub async fn invoice(
    State(state): State<ShopState>,
    site: Site,
    Path(no): Path<String>,
) -> Result<Response, ShopError> {
    let b = own(&state, &site, &no).await?;
    if !matches!(b.status, BookingStatus::Accepted | BookingStatus::Done) {
        return Err(ShopError::NotFound);
    }
    let service = {
        let db = state.app.pool.get().await?;
        booking_setup::service(&db, site.store, &b.service_id).await?
    };
    let settings = &site.settings;
    let package = service.as_ref().and_then(|s| s.package(&b.package_id));
    let line = format!(
        "{} · {} · {}",
        service.as_ref().map_or("", |s| s.name.as_str()),
        package.map_or("", |p| p.name.as_str()),
        wib(&site, b.start_ms)
    );
    let tax = crate::cart::view::taxed(&site, b.price);
    let doc = pos_print::document::OrderDocument {
        store_name: settings.store_name.clone(),
        store_address: settings.address.clone(),
        store_phone: settings.phone.clone(),
        npwp: if settings.tax_mode == pos_domain::TaxMode::NotRegistered {
            String::new()
        } else {
            settings.npwp.clone()
        },
        number: b.booking_no.clone(),
        date: wib(&site, b.created_ms),
        customer: b.customer_name.clone(),
        ship_to: vec![
            b.customer_phone.clone(),
            b.customer_email.clone(),
            format!(
                "DP {} · {} {}",
                parts::rupiah(b.dp_amount),
                site.t("paid", "dibayar"),
                parts::rupiah(b.dp_paid)
            ),
            format!(
                "{} {}",
                site.t("Balance due", "Sisa pembayaran"),
                parts::rupiah((tax.total.rupiah() - b.dp_paid).max(0))
            ),
        ],
        courier: String::new(),
        tracking_no: String::new(),
        lines: vec![pos_print::document::DocLine {
            sku: service.as_ref().map_or(String::new(), |s| s.slug.clone()),
            name: line,
            quantity: 1,
            unit_price: b.price,
            amount: b.price,
        }],
        shipping: 0,
        dpp: tax.dpp.rupiah(),
        ppn: tax.ppn.rupiah(),
        ppn_label: format!("PPN {}%", f64::from(settings.tax_rate.basis_points()) / 100.0),
        total: tax.total.rupiah(),
    };
    let bytes = pos_print::document::invoice_pdf(&doc);
    let mut r = bytes.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("inline; filename=\"invoice-{}.pdf\"", b.booking_no))
            .unwrap_or(HeaderValue::from_static("inline")),
    );
    Ok(r)
}
