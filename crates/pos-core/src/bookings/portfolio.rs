//! `add_portfolio_item` and `remove_portfolio_item`: the owner curates a service's past work (a
//! wedding's photos, a studio session, a repaired guitar) from the desk. The picture is decoded
//! and resized as product photos are, kept as a blob that sync uploads, and named in the
//! service's document, which every desk and the shop receive.

use super::*;
use pos_domain::bookings::setup::{BookingService, MAX_PORTFOLIO, PortfolioItem};
use pos_store::blobs::{self, Origin};
use pos_store::bookings::setup::{self, SavedService};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct AddPortfolioItem {
    pub service_id: String,
    pub expected_version: i64,
    pub title: String,
    pub caption: String,
    /// A recording or video elsewhere (https), or empty.
    pub link: String,
    /// The picture (JPEG, PNG or WebP), base64.
    pub data: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct RemovePortfolioItem {
    pub service_id: String,
    pub expected_version: i64,
    pub item_id: String,
}

impl Core {
    pub fn add_portfolio_item(&self, token: Option<&str>, req: AddPortfolioItem) -> Result<SavedService> {
        let s = self.authorize(token, Permission::SetUpBookings)?;
        let title = crate::error::text("title", ("Title", "Judul"), &req.title, 120, true)?;
        let caption = crate::error::text("caption", ("Caption", "Keterangan"), &req.caption, 1_000, false)?;
        let link = req.link.trim().to_string();
        if !(link.is_empty() || (link.starts_with("https://") && link.len() <= 500)) {
            return Err(CoreError::invalid(
                "link",
                "A link starts with https:// (500 characters at most).",
                "Tautan diawali https:// (paling banyak 500 karakter).",
            ));
        }
        use base64::Engine;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(req.data.trim())
            .map_err(|_| {
                CoreError::invalid("data", "The file did not arrive whole", "Berkasnya tidak terkirim utuh")
            })?;
        // Decoded and resized before the database is touched.
        let p = pos_media::process(&raw).map_err(crate::photos::photo_error)?;
        let store = self.photo_store();
        for e in [&p.photo, &p.thumb] {
            store
                .put(&e.hash, &e.bytes)
                .map_err(|e| CoreError::internal(format!("saving a photo: {e}")))?;
        }
        self.write(|tx| {
            let detail = serde_json::json!({ "photo": p.photo.hash });
            self.edit_portfolio(
                tx,
                &s.user.id,
                (&req.service_id, req.expected_version),
                ("added", detail),
                |svc| {
                    if svc.portfolio.len() >= MAX_PORTFOLIO {
                        return Err(CoreError::invalid(
                            "data",
                            "A service shows at most 60 pieces of work; remove one first.",
                            "Satu layanan menampilkan paling banyak 60 karya; hapus satu dulu.",
                        ));
                    }
                    let now = self.now();
                    for e in [&p.photo, &p.thumb] {
                        blobs::record(tx, &e.hash, e.bytes.len() as i64, Origin::Made, now)?;
                    }
                    svc.portfolio.push(PortfolioItem {
                        id: pos_domain::new_id(),
                        title,
                        caption,
                        photo: p.photo.hash.clone(),
                        thumb: p.thumb.hash.clone(),
                        link,
                    });
                    Ok(())
                },
            )
        })
    }

    pub fn remove_portfolio_item(&self, token: Option<&str>, req: RemovePortfolioItem) -> Result<SavedService> {
        let s = self.authorize(token, Permission::SetUpBookings)?;
        self.write(|tx| {
            let detail = serde_json::json!({ "item": req.item_id });
            self.edit_portfolio(
                tx,
                &s.user.id,
                (&req.service_id, req.expected_version),
                ("removed", detail),
                |svc| {
                    let n = svc.portfolio.len();
                    svc.portfolio.retain(|w| w.id != req.item_id);
                    if svc.portfolio.len() == n {
                        return Err(CoreError::not_found("item_id", "Piece of work", "Karya"));
                    }
                    Ok(())
                },
            )
        })
    }

    /// A service's portfolio changed by `change`, on the version the owner saw (else stale):
    /// checked, saved, queued for sync and audited as `booking_setup.portfolio_{what}`.
    fn edit_portfolio(
        &self,
        tx: &rusqlite::Connection,
        user: &str,
        (service_id, expected): (&str, i64),
        (what, detail): (&str, serde_json::Value),
        change: impl FnOnce(&mut BookingService) -> Result<()>,
    ) -> Result<SavedService> {
        let saved =
            setup::service(tx, service_id)?.ok_or_else(|| CoreError::not_found("service_id", "Service", "Layanan"))?;
        if saved.version != expected {
            return Err(CoreError::stale());
        }
        let before = serde_json::to_value(&saved.service).ok();
        let mut svc = saved.service;
        change(&mut svc)?;
        svc.validate().map_err(setup_error)?;
        if !setup::save_service(tx, &svc, Some(saved.version), self.now())? {
            return Err(CoreError::stale());
        }
        self.outbox_edit(tx, user, "booking_service", &svc.id, before.as_ref(), &svc)?;
        self.audit(
            tx,
            Some(user),
            &format!("booking_setup.portfolio_{what}"),
            ("booking_service", Some(&svc.id)),
            None,
            Some(detail),
        )?;
        setup::service(tx, &svc.id)?.ok_or_else(CoreError::stale)
    }
}
