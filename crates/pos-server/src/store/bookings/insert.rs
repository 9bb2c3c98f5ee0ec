//! A new booking, inserted under the exclusion constraint in a savepoint of the caller's
//! transaction.

use super::super::Db;
use super::*;
use crate::ApiError;

/// Inserts the booking; `Ok(false)` when the constraint found its resource held over that time
/// (nothing is written then: the insert runs in a savepoint of the caller's transaction).
pub async fn insert(db: &impl Db, b: &NewBooking<'_>) -> Result<bool, ApiError> {
    let (source, customer, device, staff) = match &b.source {
        Source::Shop { customer } => ("shop", Some(*customer), None, None),
        Source::Desk { device, staff } => ("desk", None, Some(*device), Some(staff.as_str())),
    };
    db.batch_execute("SAVEPOINT booking").await?;
    let st = db
        .prepare_cached(
            "INSERT INTO bookings (id, store_id, booking_no, service_id, package_id, resource_id, one_at_a_time,
                starts_at, ends_at, held, status, hold_until, source, customer_id, customer_name, customer_phone,
                customer_email, device_id, booked_by, price, dp_amount, dp_paid, reason, note)
             VALUES ($1, $2, 'BK-' || lpad(nextval('booking_numbers')::text, 6, '0'), $3, $4, $5, $6, $7, $8,
                tstzrange($9, $10, '[)'), $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
        )
        .await?;
    let r = db
        .execute(
            &st,
            &[
                &b.id,
                &b.store,
                &b.service_id,
                &b.package_id,
                &b.resource_id,
                &b.one_at_a_time,
                &at(b.start_ms),
                &at(b.end_ms),
                &at(b.held.0),
                &at(b.held.1),
                &b.status.as_str(),
                &b.hold_until_ms.map(at),
                &source,
                &customer,
                &b.customer_name,
                &b.customer_phone,
                &b.customer_email,
                &device,
                &staff,
                &b.price,
                &b.dp_amount,
                &b.dp_paid,
                &b.reason,
                &b.note,
            ],
        )
        .await;
    match r {
        Ok(_) => {
            db.batch_execute("RELEASE SAVEPOINT booking").await?;
            Ok(true)
        }
        Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::EXCLUSION_VIOLATION) => {
            db.batch_execute("ROLLBACK TO SAVEPOINT booking; RELEASE SAVEPOINT booking")
                .await?;
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}
