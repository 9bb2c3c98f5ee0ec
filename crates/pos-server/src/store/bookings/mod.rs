//! `bookings`: every booking the server holds, its slot kept by the `bookings_never_twice`
//! exclusion constraint (migration V11). Times cross this module as UTC milliseconds.
//!
//! - [`insert`]: a new booking, under the constraint;
//! - [`holds`]: what holds a resource, holds that ran out, bookings whose time has passed;
//! - [`change`]: a booking's status and what goes with it;
//! - [`mail`]: what the customer has been mailed.

mod change;
mod holds;
mod insert;
mod mail;

pub use change::*;
pub use holds::*;
pub use insert::*;
pub use mail::*;

use super::{Db, query, query_opt};
use crate::ApiError;
use chrono::{DateTime, Utc};
use pos_domain::bookings::BookingStatus;
use serde_json::{Value, json};
use tokio_postgres::Row;
use uuid::Uuid;

/// The statuses that hold a slot, as the constraint's predicate lists them.
pub(super) const HOLDING: &str = "('waiting_dp', 'waiting_approval', 'accepted', 'rejected')";

pub(super) fn at(ms: i64) -> DateTime<Utc> {
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
    /// Down payment taken when it was made (at a desk).
    pub dp_paid: i64,
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
    /// A repair's ticket (`pos_domain::bookings::repair::RepairTicket`), once dropped off.
    pub repair: Option<Value>,
}

pub(super) const SELECT: &str =
    "SELECT id, booking_no, service_id, package_id, resource_id, starts_at, ends_at, status,
    hold_until, source, customer_id, customer_name, customer_phone, customer_email, price, dp_amount, dp_paid,
    refund_due, proof_blob, proof_at, rejected_at, reason, note, sequence, version, created_at, device_id,
    repair FROM bookings";

pub(super) fn row(r: &Row) -> Booking {
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
        repair: r.get(27),
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
            "repair": self.repair,
        })
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
