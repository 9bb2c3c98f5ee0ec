//! `bookings_between` (the desk's calendar: day and week per resource) and `desk_slots` (the free
//! starts of a service on a day as this desk knows it, for booking at the counter).

use super::*;
use chrono::NaiveDate;
use pos_domain::bookings::{Slot, free_slots};
use pos_store::bookings::records::{self, Booking};
use pos_store::bookings::setup;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BookingRange {
    pub from_ms: i64,
    pub to_ms: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SlotQuery {
    pub service_id: String,
    pub package_id: String,
    /// `YYYY-MM-DD`, a WIB day.
    pub day: String,
}

impl Core {
    pub fn bookings_between(&self, token: Option<&str>, req: BookingRange) -> Result<Vec<Booking>> {
        self.authorize(token, Permission::TakeBookings)?;
        if req.to_ms <= req.from_ms || req.to_ms - req.from_ms > 42 * 86_400_000 {
            return Err(CoreError::invalid(
                "to_ms",
                "A range of up to six weeks.",
                "Rentang paling lama enam minggu.",
            ));
        }
        self.read(|c| Ok(records::between(c, req.from_ms, req.to_ms)?))
    }

    pub fn desk_slots(&self, token: Option<&str>, req: SlotQuery) -> Result<Vec<Slot>> {
        self.authorize(token, Permission::TakeBookings)?;
        let day = NaiveDate::parse_from_str(&req.day, "%Y-%m-%d")
            .map_err(|_| CoreError::invalid("day", "A date (YYYY-MM-DD).", "Tanggal (YYYY-MM-DD)."))?;
        let now = self.now();
        self.read(|c| {
            let service = setup::service(c, &req.service_id)?
                .ok_or_else(|| CoreError::not_found("service_id", "Service", "Layanan"))?
                .service;
            let package = service
                .package(&req.package_id)
                .ok_or_else(|| CoreError::not_found("package_id", "Package", "Paket"))?;
            let (first, last) = service.window.days(now);
            if day < first || day > last {
                return Ok(Vec::new());
            }
            let mut resources = Vec::new();
            for id in &service.resource_ids {
                if let Some(r) = setup::resource(c, id)?.map(|v| v.resource).filter(|r| r.active) {
                    resources.push(r.resource());
                }
            }
            let midnight = pos_domain::bookings::slots::wib_midnight_ms(day);
            let busy = super::desk::known_busy(c, midnight - 86_400_000, midnight + 2 * 86_400_000, now, "")?;
            Ok(free_slots(&service.shape(package), &resources, &busy, day, day))
        })
    }
}
