//! Live courier rates and tracking from an aggregator, behind one port ([`CourierApi`]); the
//! adapters (RajaOngkir by Komerce, Biteship) live in `pos-adapters`. Optional: without a key
//! (read by the shell from the environment, never in the database or the repo) the store's own
//! rate table answers, and a tracking number is followed on the courier's page.

use crate::permissions::Permission;
use crate::{Core, CoreError, ErrorCode, Result, lock};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CourierError {
    #[error("the courier service cannot be reached: {0}")]
    Unreachable(String),
    #[error("the courier service refused: {0}")]
    Refused(String),
}

/// What to price: from the store's postal code (or the aggregator's area id) to the recipient's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateQuery {
    pub destination_postal: String,
    pub weight_g: i64,
    /// The goods' value (insurance, COD limits), whole rupiah.
    pub value: i64,
    /// Courier codes: jne, jnt, sicepat.
    pub couriers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LiveRate {
    /// jne, jnt, sicepat, ...
    pub courier: String,
    pub courier_name: String,
    /// REG, YES, EZ, ...
    pub service: String,
    pub cost: i64,
    /// As the courier says it ("1-2 days", "2-3").
    pub etd: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TrackEvent {
    pub at: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Tracking {
    pub courier: String,
    pub waybill: String,
    /// The aggregator's status word (delivered, on_process, ...).
    pub status: String,
    pub delivered: bool,
    /// Newest first.
    pub events: Vec<TrackEvent>,
}

/// The port: an aggregator that prices a parcel and follows a waybill.
pub trait CourierApi: Send + Sync {
    fn provider(&self) -> &'static str;
    fn rates(&self, q: &RateQuery) -> std::result::Result<Vec<LiveRate>, CourierError>;
    fn track(&self, courier: &str, waybill: &str) -> std::result::Result<Tracking, CourierError>;
}

/// The aggregator's code for one of our couriers (JNE → jne, J&T → jnt, SiCepat → sicepat).
pub fn courier_code(courier: &str) -> Option<&'static str> {
    match courier.to_lowercase().replace(['&', ' ', '-'], "").as_str() {
        "jne" => Some("jne"),
        "jt" | "jnt" | "jtexpress" => Some("jnt"),
        "sicepat" => Some("sicepat"),
        "anteraja" => Some("anteraja"),
        "pos" | "posindonesia" => Some("pos"),
        _ => None,
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct LiveRatesRequest {
    /// The recipient's 5-digit postal code.
    pub destination_postal: String,
    pub weight_g: i64,
    #[serde(default)]
    pub value: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct LiveRates {
    pub provider: String,
    pub rates: Vec<LiveRate>,
}

fn unavailable(detail: &str) -> CoreError {
    CoreError::new(
        ErrorCode::Unavailable,
        format!("Live courier rates are unavailable ({detail}); the store's own rates still apply."),
        format!("Ongkir langsung dari kurir tidak tersedia ({detail}); tarif toko tetap berlaku."),
    )
}

fn courier_error(e: CourierError) -> CoreError {
    tracing::warn!(error = %e, "courier service");
    match e {
        CourierError::Unreachable(_) => unavailable("offline / tidak terhubung"),
        CourierError::Refused(m) => unavailable(&m),
    }
}

impl Core {
    /// The aggregator for live rates and tracking (the shells set it from the environment).
    pub fn set_courier_api(&self, api: Option<Arc<dyn CourierApi>>) {
        *lock(&self.couriers) = api;
    }

    fn courier_api(&self) -> Result<Arc<dyn CourierApi>> {
        lock(&self.couriers)
            .clone()
            .ok_or_else(|| unavailable("not set up / belum diatur"))
    }

    /// Prices a parcel with the couriers the store ships with, cheapest first.
    pub fn live_rates(&self, token: Option<&str>, req: LiveRatesRequest) -> Result<LiveRates> {
        self.authorize(token, Permission::ViewCatalogue)?;
        let postal = req.destination_postal.trim();
        if postal.len() != 5 || !postal.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CoreError::invalid(
                "destination_postal",
                "Enter the 5-digit postal code",
                "Isi kode pos 5 angka",
            ));
        }
        crate::error::bounded("weight_g", ("Weight", "Berat"), req.weight_g, 1, 1_000_000)?;
        crate::error::bounded("value", ("Value", "Nilai"), req.value, 0, pos_domain::money::MAX_AMOUNT)?;
        let mut couriers: Vec<String> = self
            .read(|c| Ok(pos_store::orders::courier_services(c)?))?
            .iter()
            .filter(|s| s.active)
            .filter_map(|s| courier_code(&s.courier))
            .map(str::to_string)
            .collect();
        couriers.sort();
        couriers.dedup();
        if couriers.is_empty() {
            couriers = vec!["jne".into(), "jnt".into(), "sicepat".into()];
        }
        let api = self.courier_api()?;
        let mut rates = api
            .rates(&RateQuery {
                destination_postal: postal.to_string(),
                weight_g: req.weight_g,
                value: req.value,
                couriers,
            })
            .map_err(courier_error)?;
        rates.retain(|r| r.cost >= 0 && r.cost <= pos_domain::money::MAX_AMOUNT);
        rates.sort_by(|a, b| a.cost.cmp(&b.cost).then_with(|| a.courier.cmp(&b.courier)));
        Ok(LiveRates {
            provider: api.provider().into(),
            rates,
        })
    }

    /// Where a shipped order is now, from its courier's tracking through the aggregator.
    pub fn track_order(&self, token: Option<&str>, req: crate::warehouse::OrderId) -> Result<Tracking> {
        self.authorize(token, Permission::Fulfil)?;
        let (waybill, courier) = self.read(|c| {
            let o =
                pos_store::orders::get(c, &req.id)?.ok_or_else(|| CoreError::not_found("id", "Order", "Pesanan"))?;
            let service = pos_store::orders::courier_services(c)?
                .into_iter()
                .find(|s| s.id == o.courier_service);
            Ok((o.tracking_no, service.map(|s| s.courier)))
        })?;
        let waybill = waybill.ok_or_else(|| {
            CoreError::invalid(
                "tracking_no",
                "The order has no tracking number yet",
                "Pesanan belum punya nomor resi",
            )
        })?;
        let code = courier.as_deref().and_then(courier_code).ok_or_else(|| {
            CoreError::invalid(
                "courier_service",
                "The store's own courier has no online tracking",
                "Kurir toko tidak punya pelacakan online",
            )
        })?;
        self.courier_api()?.track(code, &waybill).map_err(courier_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_couriers_have_aggregator_codes() {
        assert_eq!(courier_code("JNE"), Some("jne"));
        assert_eq!(courier_code("J&T"), Some("jnt"));
        assert_eq!(courier_code("SiCepat"), Some("sicepat"));
        assert_eq!(courier_code("Hurtrock"), None);
    }
}
