//! `POST /book/{slug}`: a signed-in customer books the time chosen. The server decides under its
//! constraint; a time someone else took meanwhile shows the page again with the reason and the
//! times still free. A second press of the button finds the booking the first one made. A
//! customer holds at most three unpaid bookings at once (holds are not free to hoard).

use super::{booking_id, service};
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use pos_server::ApiError;
use pos_server::bookings::{Ask, Booked, book};
use pos_server::store::bookings::Source;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct BookForm {
    pub csrf: Option<String>,
    pub package: Option<String>,
    pub start: Option<String>,
    pub request: Option<String>,
    pub note: Option<String>,
}

/// Unpaid bookings one customer may hold at once.
pub const MAX_UNPAID: i64 = 3;

pub async fn make(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<BookForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let Some(customer) = site.customer.clone() else {
        let next = crate::html::urlencode(&format!("/book/{slug}"));
        return Ok(crate::html::see_other(&format!("/account/signin?next={next}")));
    };
    let svc = service::find(&state, &site, &slug).await?;
    let package = f.package.as_deref().unwrap_or("");
    let refuse = |e: ShopError| {
        let state = state.clone();
        let site = site.clone();
        let svc = svc.clone();
        let package = package.to_string();
        async move { service::render(&state, &site, &svc, Some(&package), None, Some(&e)).await }
    };
    let Some(start) = f.start.as_deref().and_then(|s| s.trim().parse::<i64>().ok()) else {
        return refuse(ShopError::bad("Choose a time.", "Pilih jamnya.")).await;
    };
    let request = f.request.as_deref().unwrap_or("");
    if request.is_empty() || request.len() > 64 {
        return refuse(ShopError::bad(
            "Reload the page and choose again.",
            "Muat ulang halaman lalu pilih lagi.",
        ))
        .await;
    }
    let note: String = f.note.as_deref().unwrap_or("").trim().chars().take(2_000).collect();
    let id = booking_id(customer.id, request);
    let mut attempt = 0;
    let booked = loop {
        let mut client = state.app.pool.get().await?;
        let tx = client.transaction().await.map_err(ApiError::from)?;
        let unpaid = pos_server::store::bookings::unpaid_of_customer(&tx, site.store, customer.id).await?;
        let again = pos_server::store::bookings::get(&tx, site.store, &id).await?.is_some();
        if unpaid >= MAX_UNPAID && !again {
            return refuse(ShopError::bad(
                "You have three bookings waiting for their down payment: pay or cancel one first.",
                "Anda punya tiga booking yang menunggu DP: bayar atau batalkan salah satunya dulu.",
            ))
            .await;
        }
        let ask = Ask {
            id: &id,
            service_id: &svc.id,
            package_id: package,
            start_ms: start,
            resource: None,
            source: Source::Shop { customer: customer.id },
            customer_name: &customer.name,
            customer_phone: &customer.phone,
            customer_email: &customer.email,
            note: &note,
            dp_paid: 0,
            now_ms: chrono::Utc::now().timestamp_millis(),
        };
        match book(&tx, site.store, &ask).await {
            Ok(b) => match tx.commit().await {
                Ok(()) => break b,
                Err(e) => {
                    let e = ApiError::from(e);
                    if !(e.retry && attempt < 5) {
                        return Err(e.into());
                    }
                }
            },
            Err(e) if e.retry && attempt < 5 => {}
            Err(e) if e.status == StatusCode::BAD_REQUEST => {
                return refuse(ShopError::bad(
                    "That package is not offered now.",
                    "Paket itu sedang tidak tersedia.",
                ))
                .await;
            }
            Err(e) => return Err(e.into()),
        }
        attempt += 1;
    };
    match booked {
        Booked::Made(b) => {
            tracing::info!(booking = %b.booking_no, "booked on the shop");
            Ok(crate::html::see_other(&format!("/account/bookings/{}", b.booking_no)))
        }
        Booked::Refused(r, _) => refuse(ShopError::bad(r.to_string(), r.indonesian())).await,
    }
}
