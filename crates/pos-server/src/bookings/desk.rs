//! Bookings pushed by desks: a request (pencilled at the desk, maybe offline) is booked now as any
//! other, or recorded refused with its reason; a move (accept, reject, DP taken, cancel, move,
//! done) is applied if the booking's status allows it. Either way the booking as it now stands is
//! sent back whole, so the desk's own copy ends as the server's.

use super::book::{Ask, book};
use super::moves::{Move, apply};
use crate::ApiError;
use crate::store::Db;
use crate::store::bookings::Source;
use serde::Deserialize;
use uuid::Uuid;

/// A desk's request, as pushed (kind `booking_request`; its id is the booking's).
#[derive(Debug, Clone, Deserialize)]
pub struct Request {
    pub id: String,
    pub service_id: String,
    pub package_id: String,
    pub start: i64,
    #[serde(default)]
    pub resource_id: Option<String>,
    pub customer_name: String,
    #[serde(default)]
    pub customer_phone: String,
    #[serde(default)]
    pub customer_email: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub dp_paid: i64,
    pub by: String,
    pub at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Accept,
    Reject,
    DpReceived,
    Cancel,
    Reschedule,
    Done,
    /// A repair's next stage, with its ticket.
    Repair,
}

/// A desk's move (kind `booking_event`).
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub id: String,
    pub booking_id: String,
    pub action: Action,
    #[serde(default)]
    pub amount: i64,
    #[serde(default)]
    pub start: Option<i64>,
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub reason: String,
    /// The repair's ticket (`Repair`).
    #[serde(default)]
    pub repair: Option<pos_domain::bookings::repair::RepairTicket>,
    pub by: String,
    pub at: i64,
}

/// Applies the push's booking requests and moves in its transaction, in the order pushed.
pub async fn apply_all(
    db: &impl Db,
    store: Uuid,
    device: Uuid,
    requests: &[Request],
    events: &[Event],
    now_ms: i64,
) -> Result<(), ApiError> {
    for r in requests {
        let ask = Ask {
            id: &r.id,
            service_id: &r.service_id,
            package_id: &r.package_id,
            start_ms: r.start,
            resource: r.resource_id.as_deref(),
            source: Source::Desk {
                device,
                staff: r.by.clone(),
            },
            customer_name: &r.customer_name,
            customer_phone: &r.customer_phone,
            customer_email: &r.customer_email,
            note: &r.note,
            dp_paid: r.dp_paid,
            now_ms,
        };
        match book(db, store, &ask).await {
            Ok(_) => {}
            // A service or package deleted meanwhile: the desk's booking is left pencilled, and
            // the request stays on record for the owner.
            Err(e) if e.status == axum::http::StatusCode::BAD_REQUEST => {
                tracing::warn!(booking = %r.id, reason = %e.body.message, "a desk's booking request was not possible");
            }
            Err(e) => return Err(e),
        }
    }
    for e in events {
        let mv = match e.action {
            Action::Accept => Move::Accept,
            Action::Reject => Move::Reject { reason: &e.reason },
            Action::DpReceived => Move::Paid { amount: e.amount },
            Action::Cancel => Move::Cancel { reason: &e.reason },
            Action::Done => Move::Done,
            Action::Repair => match &e.repair {
                Some(ticket) => Move::Repair { ticket },
                None => continue,
            },
            Action::Reschedule => match e.start {
                Some(start_ms) => Move::Reschedule {
                    start_ms,
                    resource: e.resource_id.as_deref(),
                },
                None => continue,
            },
        };
        match apply(db, store, &e.booking_id, &mv, now_ms).await {
            Ok(_) => {}
            Err(err) if err.status == axum::http::StatusCode::BAD_REQUEST => {
                tracing::warn!(booking = %e.booking_id, reason = %err.body.message, "a desk's booking move was not possible");
            }
            Err(err) => return Err(err),
        }
    }
    Ok(())
}
