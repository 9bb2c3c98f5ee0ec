//! Repairs at the bench: `repair_step` moves a repair booking along its own path (dropped off with
//! its ticket, estimated, approved by the customer, in progress, ready, collected), queued for the
//! server, which keeps the path in order; `use_repair_part` takes a part from this branch's stock
//! (a ledger movement of reason `repair`, naming the booking); `repair_ticket_pdf` is the ticket's
//! label for the instrument, with the booking's number as a barcode and a QR code.

use super::*;
use pos_domain::bookings::ServiceKind;
use pos_domain::bookings::repair::{RepairStage, RepairTicket};
use pos_store::bookings::records::{self, Booking};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct RepairStep {
    pub booking_id: String,
    pub ticket: RepairTicket,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct RepairPart {
    pub booking_id: String,
    pub product_id: String,
    pub quantity: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BookingRef {
    pub booking_id: String,
}

/// The booking, which must be of a repair service.
fn repair_booking(c: &pos_store::rusqlite::Connection, id: &str) -> Result<Booking> {
    let b = records::get(c, id)?.ok_or_else(|| CoreError::not_found("booking_id", "Booking", "Booking"))?;
    let kind = pos_store::bookings::setup::service(c, &b.service_id)?.map(|s| s.service.kind);
    if kind != Some(ServiceKind::Repair) {
        return Err(CoreError::invalid(
            "booking_id",
            "Only a repair booking has a repair ticket.",
            "Hanya booking servis yang punya tiket servis.",
        ));
    }
    Ok(b)
}

impl Core {
    pub fn repair_step(&self, token: Option<&str>, req: RepairStep) -> Result<Booking> {
        let s = self.authorize(token, Permission::TakeBookings)?;
        let mut ticket = req.ticket;
        ticket.instrument = ticket.instrument.trim().to_string();
        ticket
            .check()
            .map_err(|(en, id)| CoreError::invalid("ticket", en, id))?;
        let now = self.now();
        self.write(|tx| {
            let b = repair_booking(tx, &req.booking_id)?;
            if !RepairStage::may_follow(b.repair.as_ref().map(|t| t.stage), ticket.stage) {
                let (en, id) = ticket.stage.words();
                return Err(CoreError::invalid(
                    "ticket",
                    format!("“{en}” does not follow the repair's last step."),
                    format!("“{id}” tidak mengikuti langkah servis sebelumnya."),
                ));
            }
            let id = pos_domain::new_id();
            let payload = serde_json::json!({
                "id": id, "booking_id": b.id, "action": "repair", "repair": ticket, "by": s.user.id, "at": now,
            });
            pos_store::outbox::append(tx, "booking_event", &id, &payload, now, Some(&s.user.id))?;
            records::set_repair(tx, &b.id, &ticket, now)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "booking.repair",
                ("booking", Some(&b.id)),
                None,
                Some(payload),
            )?;
            records::get(tx, &b.id)?.ok_or_else(CoreError::stale)
        })
    }

    pub fn use_repair_part(&self, token: Option<&str>, req: RepairPart) -> Result<Booking> {
        let s = self.authorize(token, Permission::TakeBookings)?;
        let quantity = crate::error::bounded("quantity", ("Quantity", "Jumlah"), req.quantity, 1, 1_000)?;
        self.write(|tx| {
            let b = repair_booking(tx, &req.booking_id)?;
            if !b
                .repair
                .as_ref()
                .is_some_and(|t| matches!(t.stage, RepairStage::Approved | RepairStage::InProgress))
            {
                return Err(CoreError::invalid(
                    "booking_id",
                    "Parts are used once the customer approved the estimate.",
                    "Suku cadang dipakai setelah pelanggan menyetujui estimasi.",
                ));
            }
            let branch = Core::branch(tx)?;
            let product = pos_store::products::get(tx, &req.product_id, &branch)?
                .ok_or_else(|| CoreError::not_found("product_id", "Product", "Produk"))?;
            let note = format!("{} {}", b.booking_no.as_deref().unwrap_or(""), b.customer_name)
                .trim()
                .to_string();
            let m = pos_store::stock::NewMovement {
                product_id: &product.id,
                branch: &branch,
                quantity: -quantity,
                reason: "repair",
                note: &note,
                user_id: Some(&s.user.id),
                at: self.now(),
                ref_id: Some(&b.id),
            };
            let movement = pos_store::stock::insert(tx, &m)?;
            self.outbox_movement(tx, &movement, &m)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "booking.repair_part",
                ("booking", Some(&b.id)),
                None,
                Some(serde_json::json!({ "product_id": product.id, "quantity": quantity })),
            )?;
            Ok(b)
        })
    }

    pub fn repair_ticket_pdf(
        &self,
        token: Option<&str>,
        req: BookingRef,
    ) -> Result<crate::counter::receipts::ReceiptPdf> {
        self.authorize(token, Permission::TakeBookings)?;
        let (b, p) = self.read(|c| {
            let b = repair_booking(c, &req.booking_id)?;
            let p = pos_store::profile::get(c)?
                .ok_or_else(|| CoreError::not_found("profile", "Store profile", "Profil toko"))?;
            Ok((b, p))
        })?;
        let ticket = b.repair.clone().unwrap_or_default();
        let number = b.booking_no.clone().unwrap_or_else(|| b.id.clone());
        let label = pos_print::label::ShippingLabel {
            sender: pos_print::label::Party {
                name: p.name,
                phone: p.phone,
                address: p.address,
            },
            recipient: pos_print::label::Party {
                name: b.customer_name.clone(),
                phone: b.customer_phone.clone(),
                address: ticket.instrument.clone(),
            },
            order_no: number.clone(),
            courier: "SERVIS".into(),
            service: ticket.serial.clone(),
            weight_g: 0,
            items: ticket
                .problem
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(5)
                .map(|l| l.chars().take(60).collect())
                .collect(),
            tracking_no: number.clone(),
            qr: format!("HURTROCK-REPAIR:{number}"),
            date: pos_domain::wib_date(self.clock.now()).format("%d/%m/%Y").to_string(),
        };
        let stock = pos_print::label::LabelStock {
            language: pos_print::label::LabelLanguage::Pdf,
            ..pos_print::label::LabelStock::SHIPPING_203
        };
        use base64::Engine;
        let pdf = pos_print::label::shipping(&label, &stock);
        Ok(crate::counter::receipts::ReceiptPdf {
            file_name: format!("servis-{number}.pdf"),
            saved_to: None,
            base64: base64::engine::general_purpose::STANDARD.encode(pdf),
        })
    }
}
