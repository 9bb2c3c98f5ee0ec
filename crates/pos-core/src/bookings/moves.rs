//! `move_booking`: accept or reject a transfer proof, take a down payment, cancel, move to a new
//! time, mark done. The move is queued for the server, which applies it if the booking's status
//! still allows it and sends the booking back; until then this desk shows the expected status.

use super::*;
use pos_domain::bookings::BookingStatus;
use pos_store::bookings::records::{self, Booking};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BookingAction {
    #[default]
    Accept,
    Reject,
    DpReceived,
    Cancel,
    Reschedule,
    Done,
}

impl BookingAction {
    fn permission(self) -> Permission {
        match self {
            BookingAction::Accept | BookingAction::Reject | BookingAction::Cancel => Permission::ApproveBookings,
            _ => Permission::TakeBookings,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            BookingAction::Accept => "accept",
            BookingAction::Reject => "reject",
            BookingAction::DpReceived => "dp_received",
            BookingAction::Cancel => "cancel",
            BookingAction::Reschedule => "reschedule",
            BookingAction::Done => "done",
        }
    }

    /// The status this desk shows until the server answers.
    fn expected(self) -> Option<BookingStatus> {
        match self {
            BookingAction::Accept => Some(BookingStatus::Accepted),
            BookingAction::Reject => Some(BookingStatus::Rejected),
            BookingAction::Cancel => Some(BookingStatus::Cancelled),
            BookingAction::Done => Some(BookingStatus::Done),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BookingMove {
    pub booking_id: String,
    pub action: BookingAction,
    /// The down payment taken (DpReceived).
    pub amount: i64,
    /// The new start (Reschedule).
    pub start_ms: Option<i64>,
    pub resource_id: Option<String>,
    /// Why (Reject, Cancel): the customer is told.
    pub reason: String,
}

impl Core {
    pub fn move_booking(&self, token: Option<&str>, req: BookingMove) -> Result<Booking> {
        let s = self.authorize(token, req.action.permission())?;
        let reason = crate::error::text(
            "reason",
            ("Reason", "Alasan"),
            &req.reason,
            500,
            req.action == BookingAction::Reject,
        )?;
        let now = self.now();
        self.write(|tx| {
            let b = records::get(tx, &req.booking_id)?
                .ok_or_else(|| CoreError::not_found("booking_id", "Booking", "Booking"))?;
            if let Some(next) = req.action.expected()
                && !b.status.may_become(next)
            {
                let (en, id) = b.status.words();
                return Err(CoreError::invalid(
                    "action",
                    format!("Not possible for a booking that is: {en}."),
                    format!("Tidak bisa untuk booking yang: {id}."),
                ));
            }
            match req.action {
                BookingAction::DpReceived => {
                    crate::error::bounded(
                        "amount",
                        ("Amount", "Jumlah"),
                        req.amount,
                        1,
                        pos_domain::money::MAX_AMOUNT,
                    )?;
                }
                BookingAction::Reschedule => {
                    let start = req
                        .start_ms
                        .ok_or_else(|| CoreError::invalid("start_ms", "Choose the new time.", "Pilih waktu baru."))?;
                    let service = pos_store::bookings::setup::service(tx, &b.service_id)?
                        .ok_or_else(|| CoreError::not_found("service_id", "Service", "Layanan"))?
                        .service;
                    service
                        .window
                        .check(now, start)
                        .map_err(|r| super::desk::refusal("start_ms", &r))?;
                }
                _ => {}
            }
            let id = pos_domain::new_id();
            let payload = serde_json::json!({
                "id": id, "booking_id": b.id, "action": req.action.as_str(), "amount": req.amount,
                "start": req.start_ms, "resource_id": req.resource_id, "reason": reason, "by": s.user.id, "at": now,
            });
            pos_store::outbox::append(tx, "booking_event", &id, &payload, now, Some(&s.user.id))?;
            if let Some(next) = req.action.expected() {
                records::set_status(tx, &b.id, next, now)?;
            }
            let action = match req.action {
                BookingAction::Accept => "booking.accepted",
                BookingAction::Reject => "booking.rejected",
                BookingAction::Cancel => "booking.cancelled",
                _ => "booking.moved",
            };
            self.audit(
                tx,
                Some(&s.user.id),
                action,
                ("booking", Some(&b.id)),
                None,
                Some(payload),
            )?;
            records::get(tx, &b.id)?.ok_or_else(CoreError::stale)
        })
    }
}
