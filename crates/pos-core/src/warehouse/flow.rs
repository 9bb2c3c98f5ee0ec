//! Rules every warehouse command shares: an order read or refused, a transition checked and recorded, the courier's service and tariff.

use super::*;

pub(super) fn order_404() -> CoreError {
    CoreError::not_found("id", "Order", "Pesanan")
}

pub(super) fn invalid_transition(from: OrderStatus, to: OrderStatus) -> CoreError {
    CoreError::invalid(
        "to",
        format!("An order that is {} cannot become {}", from.as_str(), to.as_str()),
        format!(
            "Pesanan berstatus {} tidak dapat menjadi {}",
            from.as_str(),
            to.as_str()
        ),
    )
}

pub(crate) fn label_printer(conn: &Connection) -> Result<LabelPrinter> {
    Ok(pos_store::settings::device(conn, "label_printer")?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

pub(super) fn service(conn: &Connection, id: &str) -> Result<CourierService> {
    orders::courier_services(conn)?
        .into_iter()
        .find(|c| c.id == id && c.active)
        .ok_or_else(|| CoreError::not_found("courier_service", "Courier service", "Layanan kurir"))
}

pub(super) fn tariff(c: &CourierService) -> Tariff {
    Tariff {
        base: c.base_price,
        per_kg: c.price_per_kg,
        per_km: c.price_per_km,
        volume_factor: c.volume_factor,
    }
}

impl Core {
    pub(super) fn load_order(&self, conn: &Connection, id: &str) -> Result<Order> {
        orders::get(conn, id)?.ok_or_else(order_404)
    }

    /// Records a status change: the event, the audit line and the sync record.
    pub(super) fn record_transition(
        &self,
        tx: &Connection,
        s: Option<&Session>,
        o: &Order,
        to: OrderStatus,
        note: &str,
    ) -> Result<()> {
        let now = self.now();
        let user = s.map(|s| s.user.id.as_str());
        orders::add_event(tx, &o.id, Some(o.status), to, user, note, now)?;
        let after = serde_json::json!({ "order_no": o.order_no, "from": o.status, "to": to, "note": note });
        self.audit(
            tx,
            user,
            "order.status",
            ("order", Some(&o.id)),
            None,
            Some(after.clone()),
        )?;
        let current = orders::tracking_and_weight(tx, &o.id)?;
        let ev = serde_json::json!({
            "id": pos_domain::new_id(), "order_id": o.id, "order_no": o.order_no, "from": o.status.as_str(),
            "to": to.as_str(), "note": note, "at": now, "tracking_no": current.0, "packed_weight_g": current.1,
        });
        pos_store::outbox::append(tx, "order_event", ev["id"].as_str().unwrap_or(""), &ev, now, user)?;
        Ok(())
    }
}
