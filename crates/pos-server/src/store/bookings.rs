//! `bookings`: every booking the server holds, its slot kept by the `bookings_never_twice`
//! exclusion constraint (migration V11). Times cross this module as UTC milliseconds.

use super::{Db, query, query_opt};
use crate::ApiError;
use chrono::{DateTime, Utc};
use pos_domain::bookings::{BookingStatus, Busy};
use serde_json::{Value, json};
use tokio_postgres::Row;
use uuid::Uuid;

/// The statuses that hold a slot, as the constraint's predicate lists them.
const HOLDING: &str = "('waiting_dp', 'waiting_approval', 'accepted', 'rejected')";

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn ms(t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(|t| t.timestamp_millis())
}

/// Who booked: a shop account, or a desk (device and staff member).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Shop { customer: Uuid },
    Desk { device: Uuid, staff: String },
}

#[derive(Debug, Clone)]
pub struct NewBooking<'a> {
    pub id: &'a str,
    pub store: Uuid,
    pub service_id: &'a str,
    pub package_id: &'a str,
    pub resource_id: &'a str,
    pub one_at_a_time: bool,
    pub start_ms: i64,
    pub end_ms: i64,
    pub held: (i64, i64),
    pub status: BookingStatus,
    pub hold_until_ms: Option<i64>,
    pub source: Source,
    pub customer_name: &'a str,
    pub customer_phone: &'a str,
    pub customer_email: &'a str,
    pub price: i64,
    pub dp_amount: i64,
    pub reason: &'a str,
    pub note: &'a str,
}

/// A booking as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: String,
    pub booking_no: String,
    pub service_id: String,
    pub package_id: String,
    pub resource_id: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub status: BookingStatus,
    pub hold_until_ms: Option<i64>,
    pub shop: bool,
    pub customer_id: Option<Uuid>,
    pub customer_name: String,
    pub customer_phone: String,
    pub customer_email: String,
    pub price: i64,
    pub dp_amount: i64,
    pub dp_paid: i64,
    pub refund_due: i64,
    pub proof: Option<String>,
    pub proof_ms: Option<i64>,
    pub rejected_ms: Option<i64>,
    pub reason: String,
    pub note: String,
    pub sequence: i32,
    pub version: i64,
    pub created_ms: i64,
    pub device_id: Option<Uuid>,
}

const SELECT: &str = "SELECT id, booking_no, service_id, package_id, resource_id, starts_at, ends_at, status,
    hold_until, source, customer_id, customer_name, customer_phone, customer_email, price, dp_amount, dp_paid,
    refund_due, proof_blob, proof_at, rejected_at, reason, note, sequence, version, created_at, device_id
    FROM bookings";

fn row(r: &Row) -> Booking {
    let status: String = r.get(7);
    let source: String = r.get(9);
    Booking {
        id: r.get(0),
        booking_no: r.get(1),
        service_id: r.get(2),
        package_id: r.get(3),
        resource_id: r.get(4),
        start_ms: r.get::<_, DateTime<Utc>>(5).timestamp_millis(),
        end_ms: r.get::<_, DateTime<Utc>>(6).timestamp_millis(),
        status: BookingStatus::parse(&status).unwrap_or(BookingStatus::Cancelled),
        hold_until_ms: ms(r.get(8)),
        shop: source == "shop",
        customer_id: r.get(10),
        customer_name: r.get(11),
        customer_phone: r.get(12),
        customer_email: r.get(13),
        price: r.get(14),
        dp_amount: r.get(15),
        dp_paid: r.get(16),
        refund_due: r.get(17),
        proof: r.get(18),
        proof_ms: ms(r.get(19)),
        rejected_ms: ms(r.get(20)),
        reason: r.get(21),
        note: r.get(22),
        sequence: r.get(23),
        version: r.get(24),
        created_ms: r.get::<_, DateTime<Utc>>(25).timestamp_millis(),
        device_id: r.get(26),
    }
}

impl Booking {
    /// The record every terminal is sent (kind `booking`), whole, each time it changes.
    pub fn state(&self) -> Value {
        json!({
            "id": self.id, "booking_no": self.booking_no, "service_id": self.service_id,
            "package_id": self.package_id, "resource_id": self.resource_id,
            "start": self.start_ms, "end": self.end_ms, "status": self.status.as_str(),
            "hold_until": self.hold_until_ms, "source": if self.shop { "shop" } else { "desk" },
            "customer_name": self.customer_name, "customer_phone": self.customer_phone,
            "customer_email": self.customer_email, "price": self.price, "dp_amount": self.dp_amount,
            "dp_paid": self.dp_paid, "refund_due": self.refund_due, "proof": self.proof,
            "proof_at": self.proof_ms, "rejected_at": self.rejected_ms, "reason": self.reason,
            "note": self.note, "sequence": self.sequence, "version": self.version, "created_at": self.created_ms,
        })
    }
}

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
                customer_email, device_id, booked_by, price, dp_amount, reason, note)
             VALUES ($1, $2, 'BK-' || lpad(nextval('booking_numbers')::text, 6, '0'), $3, $4, $5, $6, $7, $8,
                tstzrange($9, $10, '[)'), $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)",
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

pub async fn get(db: &impl Db, store: Uuid, id: &str) -> Result<Option<Booking>, ApiError> {
    Ok(
        query_opt(db, &format!("{SELECT} WHERE store_id = $1 AND id = $2"), &[&store, &id])
            .await?
            .as_ref()
            .map(row),
    )
}

/// The same, locked for a change of status.
pub async fn get_for_update(db: &impl Db, store: Uuid, id: &str) -> Result<Option<Booking>, ApiError> {
    Ok(query_opt(
        db,
        &format!("{SELECT} WHERE store_id = $1 AND id = $2 FOR UPDATE"),
        &[&store, &id],
    )
    .await?
    .as_ref()
    .map(row))
}

pub async fn by_number(db: &impl Db, store: Uuid, number: &str) -> Result<Option<Booking>, ApiError> {
    Ok(query_opt(
        db,
        &format!("{SELECT} WHERE store_id = $1 AND booking_no = $2"),
        &[&store, &number],
    )
    .await?
    .as_ref()
    .map(row))
}

/// A shop customer's bookings, newest first.
pub async fn of_customer(db: &impl Db, store: Uuid, customer: Uuid) -> Result<Vec<Booking>, ApiError> {
    Ok(query(
        db,
        &format!("{SELECT} WHERE store_id = $1 AND customer_id = $2 ORDER BY starts_at DESC LIMIT 200"),
        &[&store, &customer],
    )
    .await?
    .iter()
    .map(row)
    .collect())
}

/// What holds these resources over `[from, to)` now (a hold that ran out holds nothing).
pub async fn busy(
    db: &impl Db,
    store: Uuid,
    resources: &[String],
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<Busy>, ApiError> {
    busy_except(db, store, resources, from_ms, to_ms, "").await
}

/// The same, but for the booking `except` (one being moved).
pub async fn busy_except(
    db: &impl Db,
    store: Uuid,
    resources: &[String],
    from_ms: i64,
    to_ms: i64,
    except: &str,
) -> Result<Vec<Busy>, ApiError> {
    let rows = query(
        db,
        &format!(
            "SELECT resource_id, (extract(epoch FROM lower(held)) * 1000)::bigint,
                    (extract(epoch FROM upper(held)) * 1000)::bigint
             FROM bookings
             WHERE store_id = $1 AND resource_id = ANY($2) AND held && tstzrange($3, $4, '[)')
               AND status IN {HOLDING} AND (hold_until IS NULL OR hold_until > now()) AND id <> $5"
        ),
        &[&store, &resources, &at(from_ms), &at(to_ms), &except],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| Busy {
            resource: r.get(0),
            from_ms: r.get(1),
            to_ms: r.get(2),
        })
        .collect())
}

/// Holds that ran out (unpaid, or a rejected proof not replaced in time) become `expired`: of one
/// resource over a span (before a new booking there), or all of the store's (`resource` None).
/// The bookings changed, for the change log.
pub async fn expire(db: &impl Db, store: Uuid, resource: Option<(&str, i64, i64)>) -> Result<Vec<Booking>, ApiError> {
    let (rid, from, to) = resource.map_or((None, at(0), at(0)), |(r, f, t)| (Some(r), at(f), at(t)));
    let rows = query(
        db,
        "UPDATE bookings SET status = 'expired', hold_until = NULL, version = version + 1, updated_at = now()
         WHERE store_id = $1 AND status IN ('waiting_dp', 'rejected') AND hold_until <= now()
           AND ($2::text IS NULL OR (resource_id = $2 AND held && tstzrange($3, $4, '[)')))
         RETURNING id",
        &[&store, &rid, &from, &to],
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.get(0);
        out.extend(get(db, store, &id).await?);
    }
    Ok(out)
}

/// Stores whose holds have run out (for the sweeper).
pub async fn stores_with_expired_holds(db: &impl Db) -> Result<Vec<Uuid>, ApiError> {
    Ok(query(
        db,
        "SELECT DISTINCT store_id FROM bookings WHERE status IN ('waiting_dp', 'rejected') AND hold_until <= now()",
        &[],
    )
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

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

/// Accepted bookings whose day has passed become `done` (their down payment becomes revenue).
pub async fn finish_past(db: &impl Db, store: Uuid) -> Result<Vec<String>, ApiError> {
    Ok(query(
        db,
        "UPDATE bookings SET status = 'done', version = version + 1, updated_at = now()
         WHERE store_id = $1 AND status = 'accepted' AND ends_at < now() RETURNING id",
        &[&store],
    )
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

/// Counts for tests and the owner: bookings of a resource in a status.
pub async fn count(db: &impl Db, store: Uuid, status: BookingStatus) -> Result<i64, ApiError> {
    Ok(query_opt(
        db,
        "SELECT count(*) FROM bookings WHERE store_id = $1 AND status = $2",
        &[&store, &status.as_str()],
    )
    .await?
    .map_or(0, |r| r.get(0)))
}

/// A shop customer's bookings still waiting for their down payment.
pub async fn unpaid_of_customer(db: &impl Db, store: Uuid, customer: Uuid) -> Result<i64, ApiError> {
    Ok(query_opt(
        db,
        "SELECT count(*) FROM bookings WHERE store_id = $1 AND customer_id = $2 AND status = 'waiting_dp'
           AND hold_until > now()",
        &[&store, &customer],
    )
    .await?
    .map_or(0, |r| r.get(0)))
}

/// Bookings whose latest change the customer has not been mailed, oldest first: (store, booking).
pub async fn unmailed(db: &impl Db, limit: i64) -> Result<Vec<(Uuid, Booking)>, ApiError> {
    let sql = format!(
        "{} WHERE version > mailed_version ORDER BY updated_at LIMIT $1",
        SELECT.replace("FROM bookings", ", store_id FROM bookings")
    );
    Ok(query(db, &sql, &[&limit])
        .await?
        .iter()
        .map(|r| (r.get::<_, Uuid>(27), row(r)))
        .collect())
}

/// The customer was mailed `version` of the booking (a later change is mailed again).
pub async fn mailed(db: &impl Db, store: Uuid, id: &str, version: i64) -> Result<(), ApiError> {
    query(
        db,
        "UPDATE bookings SET mailed_version = greatest(mailed_version, $3) WHERE store_id = $1 AND id = $2
         RETURNING 1",
        &[&store, &id, &version],
    )
    .await?;
    Ok(())
}

/// Stores with accepted bookings whose time has passed (for the sweeper).
pub async fn stores_with_past_accepted(db: &impl Db) -> Result<Vec<Uuid>, ApiError> {
    Ok(query(
        db,
        "SELECT DISTINCT store_id FROM bookings WHERE status = 'accepted' AND ends_at < now()",
        &[],
    )
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}
