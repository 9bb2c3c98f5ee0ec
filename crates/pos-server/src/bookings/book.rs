//! A new booking: the day must be bookable (never the same WIB day), the time inside a resource's
//! working hours and on the service's step, and a resource free over the time and its buffers.
//! Resources are tried in the service's order; each try is an insert under the exclusion
//! constraint (a resource with several seats is counted first, under the store's lock).

use super::publish::publish;
use crate::ApiError;
use crate::store::bookings::{self, Booking, NewBooking, Source};
use crate::store::{Db, booking_setup, stores};
use pos_domain::bookings::{BookingService, BookingStatus, MINUTE_MS, Refusal, seat_free};
use uuid::Uuid;

/// What is asked for.
#[derive(Debug, Clone)]
pub struct Ask<'a> {
    /// The booking's id (a desk's own, so its pencilled booking becomes this one).
    pub id: &'a str,
    pub service_id: &'a str,
    pub package_id: &'a str,
    pub start_ms: i64,
    /// Only this resource (a desk that chose the room); else the first free of the service's.
    pub resource: Option<&'a str>,
    pub source: Source,
    pub customer_name: &'a str,
    pub customer_phone: &'a str,
    pub customer_email: &'a str,
    pub note: &'a str,
    /// Down payment taken at the desk (cash, card): a booking paid in full there is accepted.
    pub dp_paid: i64,
    pub now_ms: i64,
}

#[derive(Debug, Clone)]
pub enum Booked {
    Made(Booking),
    /// Not possible, with the reason (for a desk, the refused booking is recorded and sent back).
    Refused(Refusal, Option<Booking>),
}

/// Makes the booking in the caller's transaction. The store's lock is taken first.
pub async fn book(db: &impl Db, store: Uuid, ask: &Ask<'_>) -> Result<Booked, ApiError> {
    stores::lock(db, store).await?;
    let service = booking_setup::service(db, store, ask.service_id)
        .await?
        .filter(|s| s.active)
        .ok_or_else(|| ApiError::bad_request("no such service"))?;
    let package = service
        .package(ask.package_id)
        .ok_or_else(|| ApiError::bad_request("no such package"))?
        .clone();
    let shape = service.shape(&package);
    if let Some(b) = bookings::get(db, store, ask.id).await? {
        // Asked again (a retried push or form): the first answer stands.
        return Ok(match b.status {
            BookingStatus::Refused => Booked::Refused(Refusal::Taken, Some(b)),
            _ => Booked::Made(b),
        });
    }
    if let Err(r) = service.window.check(ask.now_ms, ask.start_ms) {
        return refuse(db, store, ask, &service, &package, r).await;
    }
    let ids: Vec<String> = match ask.resource {
        Some(r) if service.resource_ids.iter().any(|s| s == r) => vec![r.to_string()],
        Some(_) => return Err(ApiError::bad_request("that resource does not give this service")),
        None => service.resource_ids.clone(),
    };
    let resources = booking_setup::resources(db, store, &ids).await?;
    let fitting: Vec<_> = resources
        .iter()
        .filter(|r| r.resource().fits(&shape, ask.start_ms))
        .collect();
    if fitting.is_empty() {
        return refuse(db, store, ask, &service, &package, Refusal::OutsideHours).await;
    }
    let held = shape.held(ask.start_ms);
    let dp = service.deposit.on(package.price);
    let paid = ask.dp_paid.clamp(0, package.price);
    let (status, hold) = if paid >= dp {
        (BookingStatus::Accepted, None)
    } else {
        (
            BookingStatus::WaitingDp,
            Some(ask.now_ms + service.hold_minutes * MINUTE_MS),
        )
    };
    for r in fitting {
        let expired = bookings::expire(db, store, Some((&r.id, held.0, held.1))).await?;
        for b in &expired {
            publish(db, store, b).await?;
        }
        let one = r.capacity <= 1;
        if !one {
            let busy = bookings::busy(db, store, std::slice::from_ref(&r.id), held.0, held.1).await?;
            let spans = busy.iter().map(|b| (b.from_ms, b.to_ms)).collect();
            if !seat_free(r.capacity, spans, held.0, held.1) {
                continue;
            }
        }
        let new = new_booking(ask, store, &service, &package, &r.id, one, status, hold);
        if bookings::insert(
            db,
            &NewBooking {
                dp_amount: dp,
                dp_paid: paid,
                ..new
            },
        )
        .await?
        {
            let b = bookings::get(db, store, ask.id)
                .await?
                .ok_or_else(|| ApiError::internal(&"the booking just made is gone"))?;
            publish(db, store, &b).await?;
            return Ok(Booked::Made(b));
        }
    }
    refuse(db, store, ask, &service, &package, Refusal::Taken).await
}

/// The refusal; a desk's request is recorded refused, with its reason, so the desk's pencilled
/// booking shows why (and its number is never reused), and any down payment it took as owed back.
async fn refuse(
    db: &impl Db,
    store: Uuid,
    ask: &Ask<'_>,
    service: &BookingService,
    package: &pos_domain::bookings::ServicePackage,
    r: Refusal,
) -> Result<Booked, ApiError> {
    if !matches!(ask.source, Source::Desk { .. }) {
        return Ok(Booked::Refused(r, None));
    }
    let reason = format!("{r} / {}", r.indonesian());
    let resource = ask
        .resource
        .or(service.resource_ids.first().map(String::as_str))
        .unwrap_or("");
    let new = NewBooking {
        reason: &reason,
        ..new_booking(
            ask,
            store,
            service,
            package,
            resource,
            false,
            BookingStatus::Refused,
            None,
        )
    };
    bookings::insert(db, &new).await?;
    // Money the desk took for it is owed back to the customer.
    let paid = ask.dp_paid.clamp(0, package.price);
    if paid > 0 {
        let owed = bookings::Change {
            dp_paid: Some(paid),
            refund_due: Some(paid),
            ..Default::default()
        };
        bookings::change(db, store, ask.id, &owed).await?;
    }
    let b = bookings::get(db, store, ask.id).await?;
    if let Some(b) = &b {
        publish(db, store, b).await?;
    }
    Ok(Booked::Refused(r, b))
}

#[allow(clippy::too_many_arguments)]
fn new_booking<'a>(
    ask: &'a Ask<'a>,
    store: Uuid,
    service: &BookingService,
    package: &pos_domain::bookings::ServicePackage,
    resource: &'a str,
    one_at_a_time: bool,
    status: BookingStatus,
    hold_until_ms: Option<i64>,
) -> NewBooking<'a> {
    let shape = service.shape(package);
    NewBooking {
        id: ask.id,
        store,
        service_id: ask.service_id,
        package_id: ask.package_id,
        resource_id: resource,
        one_at_a_time,
        start_ms: ask.start_ms,
        end_ms: shape.end(ask.start_ms),
        held: shape.held(ask.start_ms),
        status,
        hold_until_ms,
        source: ask.source.clone(),
        customer_name: ask.customer_name,
        customer_phone: ask.customer_phone,
        customer_email: ask.customer_email,
        price: package.price,
        dp_amount: service.deposit.on(package.price),
        dp_paid: 0,
        reason: "",
        note: ask.note,
    }
}
