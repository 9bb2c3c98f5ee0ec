//! The free starts of a service's package over WIB days, from what holds its resources now.

use crate::ApiError;
use crate::store::{Db, booking_setup, bookings};
use chrono::NaiveDate;
use pos_domain::bookings::slots::wib_midnight_ms;
use pos_domain::bookings::{BookingService, Slot, free_slots};
use uuid::Uuid;

/// Most days asked at once.
pub const MAX_DAYS: i64 = 62;

/// Free slots of `package` over `first..=last` (cut to the service's window and to 62 days).
pub async fn free(
    db: &impl Db,
    store: Uuid,
    service: &BookingService,
    package_id: &str,
    first: NaiveDate,
    last: NaiveDate,
    now_ms: i64,
) -> Result<Vec<Slot>, ApiError> {
    let package = service
        .package(package_id)
        .ok_or_else(|| ApiError::bad_request("no such package"))?;
    let (open, close) = service.window.days(now_ms);
    let first = first.max(open);
    let last = last.min(close).min(first + chrono::Duration::days(MAX_DAYS - 1));
    if last < first {
        return Ok(Vec::new());
    }
    let resources: Vec<_> = booking_setup::resources(db, store, &service.resource_ids)
        .await?
        .iter()
        .map(|r| r.resource())
        .collect();
    let ids: Vec<String> = resources.iter().map(|r| r.id.clone()).collect();
    let day = 24 * 60 * pos_domain::bookings::MINUTE_MS;
    let busy = bookings::busy(
        db,
        store,
        &ids,
        wib_midnight_ms(first) - day,
        wib_midnight_ms(last) + 2 * day,
    )
    .await?;
    Ok(free_slots(&service.shape(package), &resources, &busy, first, last))
}
