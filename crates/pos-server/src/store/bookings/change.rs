//! A booking's change of status, money, proof or time, in a savepoint (a move onto a taken time
//! changes nothing).

use super::super::Db;
use super::*;
use crate::ApiError;
use uuid::Uuid;

/// A booking's new status and what goes with it; the version and the invitation's sequence rise.
#[derive(Debug, Clone, Default)]
pub struct Change<'a> {
    pub status: Option<BookingStatus>,
    /// `Some(None)` clears the hold.
    pub hold_until_ms: Option<Option<i64>>,
    pub dp_paid: Option<i64>,
    pub refund_due: Option<i64>,
    pub proof: Option<&'a str>,
    pub rejected: bool,
    pub reason: Option<&'a str>,
    /// Moved: the new start, end and held span.
    pub moved: Option<(i64, i64, (i64, i64))>,
    /// Moved to this resource (and whether it takes one booking at a time).
    pub resource: Option<(&'a str, bool)>,
    /// The customer is sent a new invitation.
    pub reissue: bool,
}

/// Applies `c`; `Ok(false)` when a move's new time is taken (nothing changed then).
pub async fn change(db: &impl Db, store: Uuid, id: &str, c: &Change<'_>) -> Result<bool, ApiError> {
    db.batch_execute("SAVEPOINT booking_change").await?;
    let (start, end, hf, ht) = c
        .moved
        .map(|(s, e, (hf, ht))| (Some(at(s)), Some(at(e)), Some(at(hf)), Some(at(ht))))
        .unwrap_or_default();
    let st = db
        .prepare_cached(
            "UPDATE bookings SET
                status = coalesce($3, status),
                hold_until = CASE WHEN $4 THEN $5 ELSE hold_until END,
                dp_paid = coalesce($6, dp_paid),
                refund_due = coalesce($7, refund_due),
                proof_blob = coalesce($8, proof_blob),
                proof_at = CASE WHEN $8::text IS NULL THEN proof_at ELSE now() END,
                rejected_at = CASE WHEN $9 THEN now() ELSE rejected_at END,
                reason = coalesce($10, reason),
                starts_at = coalesce($11, starts_at), ends_at = coalesce($12, ends_at),
                held = CASE WHEN $13::timestamptz IS NULL THEN held ELSE tstzrange($13, $14, '[)') END,
                sequence = sequence + CASE WHEN $15 THEN 1 ELSE 0 END,
                resource_id = coalesce($16, resource_id), one_at_a_time = coalesce($17, one_at_a_time),
                version = version + 1, updated_at = now()
             WHERE store_id = $1 AND id = $2",
        )
        .await?;
    let r = db
        .execute(
            &st,
            &[
                &store,
                &id,
                &c.status.map(BookingStatus::as_str),
                &c.hold_until_ms.is_some(),
                &c.hold_until_ms.flatten().map(at),
                &c.dp_paid,
                &c.refund_due,
                &c.proof,
                &c.rejected,
                &c.reason,
                &start,
                &end,
                &hf,
                &ht,
                &c.reissue,
                &c.resource.map(|r| r.0),
                &c.resource.map(|r| r.1),
            ],
        )
        .await;
    match r {
        Ok(_) => {
            db.batch_execute("RELEASE SAVEPOINT booking_change").await?;
            Ok(true)
        }
        Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::EXCLUSION_VIOLATION) => {
            db.batch_execute("ROLLBACK TO SAVEPOINT booking_change; RELEASE SAVEPOINT booking_change")
                .await?;
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// A repair's ticket, as it now stands (the version rises; the customer is mailed it).
pub async fn set_repair(db: &impl Db, store: Uuid, id: &str, ticket: &serde_json::Value) -> Result<(), ApiError> {
    super::super::execute(
        db,
        "UPDATE bookings SET repair = $3, version = version + 1, updated_at = now() WHERE store_id = $1 AND id = $2",
        &[&store, &id, ticket],
    )
    .await?;
    Ok(())
}
