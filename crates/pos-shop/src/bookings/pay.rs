//! `POST /account/bookings/{no}/pay`: the down payment through the shop's payment path. A booking
//! has one checkout (its number, its id, the amount still due), so a second press reopens the same
//! payment page; the gateway's verified notification (`pay::settle`) accepts the booking, with no
//! approval needed, or, when it lands after the booking expired, records the money as due back.

use super::mine::own;
use crate::html::see_other;
use crate::pay::Bill;
use crate::site::Site;
use crate::store::checkouts::{self, Gateway, NewCheckout};
use crate::{ShopError, ShopState};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use pos_domain::bookings::BookingStatus;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
pub struct PayForm {
    pub csrf: Option<String>,
    pub gateway: Option<String>,
}

pub async fn pay(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Path(no): Path<String>,
    Form(f): Form<PayForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let b = own(&state, &site, &no).await?;
    let due = b.dp_amount - b.dp_paid;
    let now = chrono::Utc::now().timestamp_millis();
    if b.status != BookingStatus::WaitingDp || due <= 0 || b.hold_until_ms.is_some_and(|h| h <= now) {
        return super::mine::render(
            &state,
            &site,
            &b,
            Some(&ShopError::bad(
                "This booking takes no payment now.",
                "Booking ini tidak menerima pembayaran sekarang.",
            )),
        )
        .await;
    }
    let gateway = match f.gateway.as_deref().and_then(Gateway::parse) {
        Some(g) if crate::checkout::form::gateways(&state).contains(&g) => g,
        _ => return Err(ShopError::bad("Choose how to pay.", "Pilih cara pembayaran.")),
    };
    let held_minutes = b.hold_until_ms.map_or(30, |h| ((h - now) / 60_000).max(1));
    let db = state.app.pool.get().await?;
    let existing = checkouts::of_order(&db, site.store, &b.id).await?;
    let checkout = match existing {
        Some(c) => c,
        None => {
            let id = Uuid::now_v7();
            // No page of its own: the booking's page in the account is where the customer returns.
            let access = crate::visitor::hash(&format!("booking:{}:{id}", b.id));
            checkouts::insert(
                &db,
                &NewCheckout {
                    id,
                    store: site.store,
                    order_id: &b.id,
                    order_no: &b.booking_no,
                    cart: None,
                    access_hash: &access,
                    total: due,
                    gateway,
                    hold_minutes: held_minutes,
                },
                &[],
                &[],
            )
            .await?;
            checkouts::by_id(&db, id).await?.ok_or(ShopError::NotFound)?
        }
    };
    if let Some(url) = &checkout.pay_url {
        return Ok(see_other(url));
    }
    let base = state
        .config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", site.host));
    let bill = Bill {
        order_no: b.booking_no.clone(),
        total: checkout.total,
        items: vec![(
            b.id.chars().take(50).collect(),
            format!("DP {}", b.booking_no),
            checkout.total,
            1,
        )],
        name: b.customer_name.clone(),
        email: b.customer_email.clone(),
        phone: b.customer_phone.clone(),
        hold_minutes: held_minutes,
        return_url: format!("{base}/account/bookings/{}", b.booking_no),
    };
    let url = crate::pay::open_page(&state, &checkout, &bill).await?;
    Ok(see_other(&url))
}
