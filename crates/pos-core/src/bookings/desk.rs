//! `book_at_desk`: a booking for a customer at the counter or on the phone. It is checked here as
//! the server will check it (never the same WIB day, inside the working hours, on the service's
//! step, the resource free as far as this desk knows), pencilled in, and queued: the server
//! decides it under its constraint when the desk syncs (at once when online), and its answer
//! (confirmed with a number, or refused with the reason) replaces the pencilled booking.

use super::*;
use pos_domain::bookings::{BookingStatus, Refusal, seat_free};
use pos_store::bookings::records::{self, Booking, Pencil};
use pos_store::bookings::setup;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DeskBooking {
    pub service_id: String,
    pub package_id: String,
    pub start_ms: i64,
    /// The resource chosen, or None for the first free one.
    pub resource_id: Option<String>,
    pub customer_name: String,
    pub customer_phone: String,
    pub customer_email: String,
    pub note: String,
    /// Down payment taken now (cash, card); the full DP makes it accepted.
    pub dp_paid: i64,
}

pub(crate) fn refusal(field: &str, r: &Refusal) -> CoreError {
    CoreError::invalid(field, r.to_string(), r.indonesian())
}

/// What holds each resource over a span as this desk knows it (pencilled bookings included), each
/// booking with its service's buffers.
pub(crate) fn known_busy(
    c: &pos_store::rusqlite::Connection,
    from: i64,
    to: i64,
    now: i64,
    except: &str,
) -> Result<Vec<pos_domain::bookings::Busy>> {
    let buffers: std::collections::HashMap<String, (i64, i64)> = setup::services(c)?
        .into_iter()
        .map(|v| {
            let m = pos_domain::bookings::MINUTE_MS;
            (
                v.service.id,
                (v.service.buffer_before_min * m, v.service.buffer_after_min * m),
            )
        })
        .collect();
    let day = 86_400_000;
    Ok(records::between(c, from - day, to + day)?
        .into_iter()
        .filter(|b| b.id != except)
        .filter(|b| {
            b.status == BookingStatus::Pencilled
                || (b.status.holds_slot() && !(b.status.expires() && b.hold_until.is_some_and(|h| h <= now)))
        })
        .map(|b| {
            let (before, after) = buffers.get(&b.service_id).copied().unwrap_or_default();
            pos_domain::bookings::Busy {
                resource: b.resource_id,
                from_ms: b.start_ms - before,
                to_ms: b.end_ms + after,
            }
        })
        .collect())
}

impl Core {
    pub fn book_at_desk(&self, token: Option<&str>, req: DeskBooking) -> Result<Booking> {
        let s = self.authorize(token, Permission::TakeBookings)?;
        let name = crate::error::text(
            "customer_name",
            ("Customer", "Pelanggan"),
            &req.customer_name,
            120,
            true,
        )?;
        let phone = crate::error::text("customer_phone", ("Phone", "Telepon"), &req.customer_phone, 40, false)?;
        let email = crate::error::text("customer_email", ("Email", "Email"), &req.customer_email, 254, false)?;
        let note = crate::error::text("note", ("Note", "Catatan"), &req.note, 2_000, false)?;
        let now = self.now();
        let id = pos_domain::new_id();
        self.write(|tx| {
            let service = setup::service(tx, &req.service_id)?
                .map(|v| v.service)
                .filter(|s| s.active)
                .ok_or_else(|| CoreError::not_found("service_id", "Service", "Layanan"))?;
            let package = service
                .package(&req.package_id)
                .ok_or_else(|| CoreError::not_found("package_id", "Package", "Paket"))?
                .clone();
            service
                .window
                .check(now, req.start_ms)
                .map_err(|r| refusal("start_ms", &r))?;
            let dp_paid = crate::error::bounded("dp_paid", ("Down payment", "DP"), req.dp_paid, 0, package.price)?;
            let shape = service.shape(&package);
            let held = shape.held(req.start_ms);
            let candidates: Vec<String> = match &req.resource_id {
                Some(r) if service.resource_ids.contains(r) => vec![r.clone()],
                Some(_) => return Err(CoreError::not_found("resource_id", "Resource", "Sumber daya")),
                None => service.resource_ids.clone(),
            };
            let busy = known_busy(tx, held.0, held.1, now, "")?;
            let mut fits_any = false;
            let mut chosen = None;
            for rid in &candidates {
                let Some(r) = setup::resource(tx, rid)?.map(|v| v.resource).filter(|r| r.active) else {
                    continue;
                };
                if !r.resource().fits(&shape, req.start_ms) {
                    continue;
                }
                fits_any = true;
                let spans = busy
                    .iter()
                    .filter(|b| &b.resource == rid)
                    .map(|b| (b.from_ms, b.to_ms))
                    .collect();
                if seat_free(r.capacity, spans, held.0, held.1) {
                    chosen = Some(rid.clone());
                    break;
                }
            }
            let Some(resource) = chosen else {
                let r = if fits_any {
                    Refusal::Taken
                } else {
                    Refusal::OutsideHours
                };
                return Err(refusal("start_ms", &r));
            };
            let p = Pencil {
                id: &id,
                service_id: &service.id,
                package_id: &package.id,
                resource_id: &resource,
                start_ms: req.start_ms,
                end_ms: shape.end(req.start_ms),
                customer_name: &name,
                customer_phone: &phone,
                customer_email: &email,
                price: package.price,
                dp_amount: service.deposit.on(package.price),
                dp_paid,
                note: &note,
                by: &s.user.id,
            };
            records::pencil(tx, &p, now)?;
            let payload = serde_json::json!({
                "id": id, "service_id": service.id, "package_id": package.id, "start": req.start_ms,
                "resource_id": resource, "customer_name": name, "customer_phone": phone,
                "customer_email": email, "note": note, "dp_paid": dp_paid, "by": s.user.id, "at": now,
            });
            pos_store::outbox::append(tx, "booking_request", &id, &payload, now, Some(&s.user.id))?;
            self.audit(
                tx,
                Some(&s.user.id),
                "booking.pencilled",
                ("booking", Some(&id)),
                None,
                Some(payload),
            )?;
            records::get(tx, &id)?.ok_or_else(CoreError::stale)
        })
    }
}
