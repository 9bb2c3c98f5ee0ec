//! `booking_setup`, `save_booking_resource`, `save_booking_service`: the owner's resources and
//! services, checked by the same rules the server applies, then queued for every terminal and
//! the shop.

use super::*;
use pos_domain::bookings::{BookingResource, BookingService};
use pos_store::bookings::setup::{self, SavedResource, SavedService};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BookingSetup {
    pub resources: Vec<SavedResource>,
    pub services: Vec<SavedService>,
}

/// A resource to save: new when `expected_version` is None.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SaveBookingResource {
    pub resource: BookingResource,
    pub expected_version: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SaveBookingService {
    pub service: BookingService,
    pub expected_version: Option<i64>,
}

impl Core {
    pub fn booking_setup(&self, token: Option<&str>) -> Result<BookingSetup> {
        self.authorize(token, Permission::TakeBookings)?;
        self.read(|c| {
            Ok(BookingSetup {
                resources: setup::resources(c)?,
                services: setup::services(c)?,
            })
        })
    }

    pub fn save_booking_resource(&self, token: Option<&str>, req: SaveBookingResource) -> Result<SavedResource> {
        let s = self.authorize(token, Permission::SetUpBookings)?;
        let mut r = req.resource;
        r.name = r.name.trim().to_string();
        r.closed.sort();
        r.closed.dedup();
        r.validate().map_err(setup_error)?;
        self.write(|tx| {
            let before = setup::resource(tx, &r.id)?;
            if req.expected_version.is_none() && before.is_some() {
                return Err(CoreError::duplicate("id", "Resource", "Sumber daya"));
            }
            if !setup::save_resource(tx, &r, req.expected_version, self.now())? {
                return Err(CoreError::stale());
            }
            let before = before.and_then(|b| serde_json::to_value(b.resource).ok());
            self.outbox_edit(tx, &s.user.id, "booking_resource", &r.id, before.as_ref(), &r)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "booking_setup.resource_saved",
                ("booking_resource", Some(&r.id)),
                before,
                serde_json::to_value(&r).ok(),
            )?;
            setup::resource(tx, &r.id)?.ok_or_else(CoreError::stale)
        })
    }

    pub fn save_booking_service(&self, token: Option<&str>, req: SaveBookingService) -> Result<SavedService> {
        let s = self.authorize(token, Permission::SetUpBookings)?;
        let mut svc = req.service;
        svc.name = svc.name.trim().to_string();
        svc.slug = svc.slug.trim().to_ascii_lowercase();
        svc.window = svc.window.sane();
        svc.validate().map_err(setup_error)?;
        self.write(|tx| {
            for id in &svc.resource_ids {
                if setup::resource(tx, id)?.is_none() {
                    return Err(CoreError::not_found("resource_ids", "Resource", "Sumber daya"));
                }
            }
            if setup::slug_taken(tx, &svc.slug, &svc.id)? {
                return Err(CoreError::duplicate("slug", "Web address", "Alamat web"));
            }
            let before = setup::service(tx, &svc.id)?;
            if req.expected_version.is_none() && before.is_some() {
                return Err(CoreError::duplicate("id", "Service", "Layanan"));
            }
            if !setup::save_service(tx, &svc, req.expected_version, self.now())? {
                return Err(CoreError::stale());
            }
            let before = before.and_then(|b| serde_json::to_value(b.service).ok());
            self.outbox_edit(tx, &s.user.id, "booking_service", &svc.id, before.as_ref(), &svc)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "booking_setup.service_saved",
                ("booking_service", Some(&svc.id)),
                before,
                serde_json::to_value(&svc).ok(),
            )?;
            setup::service(tx, &svc.id)?.ok_or_else(CoreError::stale)
        })
    }
}
