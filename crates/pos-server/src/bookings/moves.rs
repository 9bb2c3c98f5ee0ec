//! A booking's moves after it is made, each checked against its status (`BookingStatus::may_become`)
//! under the store's lock, and published whole:
//!
//! - a customer uploads a transfer proof: waiting for DP, or rejected less than an hour ago →
//!   waiting for approval (a hold that ran out first becomes expired, and the proof is refused);
//! - paid online (the shop's gateways) or the DP taken at the desk → accepted, no approval needed;
//! - staff accept or reject a proof (rejected holds the slot one more hour for a new proof);
//! - cancelled (the refund due follows the service's rules), moved to a new time (checked like a
//!   new booking, under the same constraint), done.

use super::publish::publish;
use crate::ApiError;
use crate::store::bookings::{self, Booking, Change};
use crate::store::{Db, booking_setup, stores};
use pos_domain::bookings::status::REUPLOAD_MS;
use pos_domain::bookings::{BookingStatus, Refusal, seat_free};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move<'a> {
    /// A transfer proof (a blob's hash) from the customer.
    Proof {
        blob: &'a str,
    },
    /// Money in: online through a gateway, or at the desk.
    Paid {
        amount: i64,
    },
    Accept,
    Reject {
        reason: &'a str,
    },
    Cancel {
        reason: &'a str,
    },
    Reschedule {
        start_ms: i64,
        resource: Option<&'a str>,
    },
    Done,
    /// A repair's next stage on its own path.
    Repair {
        ticket: &'a pos_domain::bookings::repair::RepairTicket,
    },
}

#[derive(Debug, Clone)]
pub enum Moved {
    Made(Booking),
    /// Not allowed now, in English and Bahasa Indonesia; the booking as it stands.
    Refused {
        en: String,
        id: String,
        booking: Booking,
    },
}

fn no(b: Booking, en: &str, id: &str) -> Moved {
    Moved::Refused {
        en: en.into(),
        id: id.into(),
        booking: b,
    }
}

/// Applies `mv` to booking `id` in the caller's transaction.
pub async fn apply(db: &impl Db, store: Uuid, id: &str, mv: &Move<'_>, now_ms: i64) -> Result<Option<Moved>, ApiError> {
    stores::lock(db, store).await?;
    for b in bookings::expire(db, store, None).await? {
        publish(db, store, &b).await?;
    }
    let Some(b) = bookings::get_for_update(db, store, id).await? else {
        return Ok(None);
    };
    let status = b.status;
    let to = |s: BookingStatus| status.may_become(s);
    let change = match mv {
        Move::Proof { blob } => {
            let waiting = status == BookingStatus::WaitingDp;
            let again = status == BookingStatus::Rejected && b.rejected_ms.is_some_and(|r| now_ms < r + REUPLOAD_MS);
            if !(waiting || again) {
                return Ok(Some(no(
                    b,
                    "This booking takes no proof now (it expired or is already decided).",
                    "Booking ini tidak menerima bukti bayar lagi (sudah kedaluwarsa atau sudah diputuskan).",
                )));
            }
            Change {
                status: Some(BookingStatus::WaitingApproval),
                hold_until_ms: Some(None),
                proof: Some(blob),
                reissue: false,
                ..Default::default()
            }
        }
        Move::Paid { amount } => {
            if *amount <= 0 {
                return Err(ApiError::bad_request("an amount above 0 is needed"));
            }
            let paid = b.dp_paid + amount;
            if !(status.holds_slot() || status == BookingStatus::Done) {
                // Money for a booking that no longer stands (it expired or was cancelled before
                // the payment landed): it is owed back, and the owner sees it.
                let c = Change {
                    dp_paid: Some(paid),
                    refund_due: Some(b.refund_due + amount),
                    ..Default::default()
                };
                bookings::change(db, store, &b.id, &c).await?;
                let after = bookings::get(db, store, &b.id).await?.unwrap_or(b);
                publish(db, store, &after).await?;
                return Ok(Some(no(
                    after,
                    "This booking no longer stands: the payment is due back to the customer.",
                    "Booking ini sudah tidak berlaku: pembayaran perlu dikembalikan ke pelanggan.",
                )));
            }
            let accept = paid >= b.dp_amount && to(BookingStatus::Accepted);
            Change {
                status: accept.then_some(BookingStatus::Accepted),
                hold_until_ms: accept.then_some(None),
                dp_paid: Some(paid),
                reissue: accept,
                ..Default::default()
            }
        }
        Move::Accept => {
            if !(status == BookingStatus::WaitingApproval) {
                return Ok(Some(no(
                    b,
                    "Only a booking with a proof to check can be accepted.",
                    "Hanya booking dengan bukti bayar yang bisa diterima.",
                )));
            }
            Change {
                status: Some(BookingStatus::Accepted),
                dp_paid: Some(b.dp_paid.max(b.dp_amount)),
                reissue: true,
                ..Default::default()
            }
        }
        Move::Reject { reason } => {
            if status != BookingStatus::WaitingApproval {
                return Ok(Some(no(
                    b,
                    "Only a booking with a proof to check can be rejected.",
                    "Hanya booking dengan bukti bayar yang bisa ditolak.",
                )));
            }
            Change {
                status: Some(BookingStatus::Rejected),
                hold_until_ms: Some(Some(now_ms + REUPLOAD_MS)),
                rejected: true,
                reason: Some(reason),
                ..Default::default()
            }
        }
        Move::Cancel { reason } => {
            if !to(BookingStatus::Cancelled) {
                return Ok(Some(no(
                    b,
                    "This booking cannot be cancelled now.",
                    "Booking ini tidak bisa dibatalkan sekarang.",
                )));
            }
            let service = booking_setup::service(db, store, &b.service_id).await?;
            let refund = service.map_or(b.dp_paid, |s| s.refund_on_cancel(b.dp_paid, now_ms, b.start_ms));
            Change {
                status: Some(BookingStatus::Cancelled),
                hold_until_ms: Some(None),
                refund_due: Some(refund),
                reason: Some(reason),
                reissue: true,
                ..Default::default()
            }
        }
        Move::Done => {
            if !to(BookingStatus::Done) || b.end_ms > now_ms + 24 * 3_600_000 {
                return Ok(Some(no(
                    b,
                    "Only an accepted booking of today or before can be marked done.",
                    "Hanya booking yang diterima untuk hari ini atau sebelumnya yang bisa ditandai selesai.",
                )));
            }
            Change {
                status: Some(BookingStatus::Done),
                ..Default::default()
            }
        }
        Move::Repair { ticket } => {
            let now_stage = b
                .repair
                .as_ref()
                .and_then(|v| serde_json::from_value::<pos_domain::bookings::repair::RepairTicket>(v.clone()).ok())
                .map(|t| t.stage);
            let open = matches!(
                status,
                BookingStatus::WaitingDp
                    | BookingStatus::WaitingApproval
                    | BookingStatus::Accepted
                    | BookingStatus::Done
            );
            if !open
                || ticket.check().is_err()
                || !pos_domain::bookings::repair::RepairStage::may_follow(now_stage, ticket.stage)
            {
                return Ok(Some(no(
                    b,
                    "That step does not follow the repair's last one.",
                    "Langkah itu tidak mengikuti langkah servis sebelumnya.",
                )));
            }
            let v = serde_json::to_value(ticket).map_err(|e| ApiError::internal(&e))?;
            bookings::set_repair(db, store, &b.id, &v).await?;
            let after = bookings::get(db, store, &b.id)
                .await?
                .ok_or_else(|| ApiError::internal(&"gone"))?;
            publish(db, store, &after).await?;
            return Ok(Some(Moved::Made(after)));
        }
        Move::Reschedule { start_ms, resource } => {
            if !status.holds_slot() {
                return Ok(Some(no(
                    b,
                    "Only an open booking can be moved.",
                    "Hanya booking yang masih berjalan yang bisa dipindah.",
                )));
            }
            let Some(service) = booking_setup::service(db, store, &b.service_id).await? else {
                return Err(ApiError::bad_request("the booking's service is gone"));
            };
            let Some(package) = service.package(&b.package_id) else {
                return Err(ApiError::bad_request("the booking's package is gone"));
            };
            if let Err(r) = service.window.check(now_ms, *start_ms) {
                return Ok(Some(refusal(b, &r)));
            }
            let rid = resource.unwrap_or(&b.resource_id).to_string();
            if !service.resource_ids.contains(&rid) {
                return Err(ApiError::bad_request("that resource does not give this service"));
            }
            let shape = service.shape(package);
            let Some(r) = booking_setup::resources(db, store, std::slice::from_ref(&rid))
                .await?
                .pop()
            else {
                return Ok(Some(refusal(b, &Refusal::OutsideHours)));
            };
            if !r.resource().fits(&shape, *start_ms) {
                return Ok(Some(refusal(b, &Refusal::OutsideHours)));
            }
            let held = shape.held(*start_ms);
            for e in bookings::expire(db, store, Some((&rid, held.0, held.1))).await? {
                publish(db, store, &e).await?;
            }
            if r.capacity > 1 {
                let busy = bookings::busy_except(db, store, std::slice::from_ref(&rid), held.0, held.1, &b.id).await?;
                if !seat_free(
                    r.capacity,
                    busy.iter().map(|x| (x.from_ms, x.to_ms)).collect(),
                    held.0,
                    held.1,
                ) {
                    return Ok(Some(refusal(b, &Refusal::Taken)));
                }
            }
            let c = Change {
                moved: Some((*start_ms, shape.end(*start_ms), held)),
                resource: Some((&rid, r.capacity <= 1)),
                reissue: true,
                ..Default::default()
            };
            if !bookings::change(db, store, &b.id, &c).await? {
                // The constraint found the new time taken: nothing moved.
                return Ok(Some(refusal(b, &Refusal::Taken)));
            }
            let after = bookings::get(db, store, &b.id)
                .await?
                .ok_or_else(|| ApiError::internal(&"gone"))?;
            publish(db, store, &after).await?;
            return Ok(Some(Moved::Made(after)));
        }
    };
    bookings::change(db, store, &b.id, &change).await?;
    let after = bookings::get(db, store, &b.id)
        .await?
        .ok_or_else(|| ApiError::internal(&"the booking is gone"))?;
    publish(db, store, &after).await?;
    Ok(Some(Moved::Made(after)))
}

fn refusal(b: Booking, r: &Refusal) -> Moved {
    Moved::Refused {
        en: r.to_string(),
        id: r.indonesian(),
        booking: b,
    }
}
