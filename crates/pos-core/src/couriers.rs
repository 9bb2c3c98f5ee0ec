//! Live courier rates and tracking from an aggregator, behind one port: RajaOngkir (Komerce) or
//! Biteship, as ../shared/reference/indonesia.md describes them. Optional: without a key in the
//! environment (never in the database or the repo) the store's own rate table answers, and a
//! tracking number is followed on the courier's page. Blocking HTTP with short timeouts, like the
//! payment gateway; loopback fakes in the tests.

use crate::permissions::Permission;
use crate::{Core, CoreError, ErrorCode, Result, lock};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

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

fn client(cell: &std::sync::OnceLock<reqwest::blocking::Client>) -> &reqwest::blocking::Client {
    // Made on first use: a blocking client may not be built inside an async runtime.
    cell.get_or_init(|| {
        reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(4))
            .build()
            .unwrap_or_else(|_| reqwest::blocking::Client::new())
    })
}

/// Sends a request and reads a JSON answer; HTTP errors carry the provider's own message.
fn call(req: reqwest::blocking::RequestBuilder) -> std::result::Result<serde_json::Value, CourierError> {
    let res = req
        .header("Accept", "application/json")
        .send()
        .map_err(|e| CourierError::Unreachable(e.without_url().to_string()))?;
    let status = res.status().as_u16();
    let body: serde_json::Value = res
        .json()
        .map_err(|e| CourierError::Refused(format!("unreadable answer: {e}")))?;
    if status >= 400 || body["success"] == serde_json::json!(false) {
        let msg = body["meta"]["message"]
            .as_str()
            .or_else(|| body["error"].as_str())
            .or_else(|| body["message"].as_str())
            .map(str::to_string)
            .unwrap_or_else(|| format!("HTTP {status}"));
        return Err(CourierError::Refused(msg));
    }
    Ok(body)
}

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A provider's list of tracking events, newest first.
fn events_of(
    list: &serde_json::Value,
    description: &str,
    at: impl Fn(&serde_json::Value) -> String,
) -> Vec<TrackEvent> {
    let mut events: Vec<TrackEvent> = list
        .as_array()
        .map(|l| {
            l.iter()
                .map(|e| TrackEvent {
                    at: at(e),
                    description: text(&e[description]),
                })
                .collect()
        })
        .unwrap_or_default();
    events.sort_by(|a, b| b.at.cmp(&a.at));
    events
}

fn malformed(what: &str) -> CourierError {
    CourierError::Refused(format!("the answer has no {what}"))
}

/// RajaOngkir by Komerce: destinations are searched to an id first, costs are a form post.
pub struct RajaOngkir {
    base_url: String,
    key: String,
    /// The store's destination id at RajaOngkir (searched once when set up).
    origin: String,
    http: std::sync::OnceLock<reqwest::blocking::Client>,
}

/// Biteship: postal codes in, JSON both ways.
pub struct Biteship {
    base_url: String,
    key: String,
    origin_postal: String,
    http: std::sync::OnceLock<reqwest::blocking::Client>,
}

// The keys are secrets: never in logs or debug output.
impl std::fmt::Debug for RajaOngkir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RajaOngkir")
            .field("base_url", &self.base_url)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Biteship {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Biteship")
            .field("base_url", &self.base_url)
            .field("origin_postal", &self.origin_postal)
            .finish_non_exhaustive()
    }
}

impl RajaOngkir {
    pub fn new(base_url: &str, key: &str, origin: &str) -> RajaOngkir {
        RajaOngkir {
            base_url: base_url.trim_end_matches('/').to_string(),
            key: key.to_string(),
            origin: origin.to_string(),
            http: std::sync::OnceLock::new(),
        }
    }

    fn destination(&self, postal: &str) -> std::result::Result<String, CourierError> {
        let body = call(
            client(&self.http)
                .get(format!("{}/destination/domestic-destination", self.base_url))
                .query(&[("search", postal)])
                .header("key", &self.key),
        )?;
        let places = body["data"].as_array().ok_or_else(|| malformed("destinations"))?;
        // Prefer the place whose postal code is the one asked for.
        let place = places
            .iter()
            .find(|p| text(&p["zip_code"]) == postal)
            .or_else(|| places.first())
            .ok_or_else(|| CourierError::Refused(format!("no destination for postal code {postal}")))?;
        Ok(text(&place["id"]))
    }
}

impl CourierApi for RajaOngkir {
    fn provider(&self) -> &'static str {
        "RajaOngkir"
    }

    fn rates(&self, q: &RateQuery) -> std::result::Result<Vec<LiveRate>, CourierError> {
        let destination = self.destination(&q.destination_postal)?;
        let weight = q.weight_g.to_string();
        let couriers = q.couriers.join(":");
        let body = call(
            client(&self.http)
                .post(format!("{}/calculate/domestic-cost", self.base_url))
                .header("key", &self.key)
                .form(&[
                    ("origin", self.origin.as_str()),
                    ("destination", destination.as_str()),
                    ("weight", weight.as_str()),
                    ("courier", couriers.as_str()),
                    ("price", "lowest"),
                ]),
        )?;
        let rows = body["data"].as_array().ok_or_else(|| malformed("costs"))?;
        rows.iter()
            .map(|r| {
                Ok(LiveRate {
                    courier: text(&r["code"]).to_lowercase(),
                    courier_name: text(&r["name"]),
                    service: text(&r["service"]),
                    cost: r["cost"].as_i64().ok_or_else(|| malformed("cost"))?,
                    etd: text(&r["etd"]),
                })
            })
            .collect()
    }

    fn track(&self, courier: &str, waybill: &str) -> std::result::Result<Tracking, CourierError> {
        let body = call(
            client(&self.http)
                .post(format!("{}/track/waybill", self.base_url))
                .query(&[("awb", waybill), ("courier", courier)])
                .header("key", &self.key),
        )?;
        let data = &body["data"];
        let status = text(&data["summary"]["status"]);
        let events = events_of(&data["manifest"], "manifest_description", |e| {
            format!("{} {}", text(&e["manifest_date"]), text(&e["manifest_time"]))
                .trim()
                .to_string()
        });
        Ok(Tracking {
            courier: courier.to_string(),
            waybill: waybill.to_string(),
            delivered: data["delivered"]
                .as_bool()
                .unwrap_or(status.eq_ignore_ascii_case("delivered")),
            status,
            events,
        })
    }
}

impl Biteship {
    pub fn new(base_url: &str, key: &str, origin_postal: &str) -> Biteship {
        Biteship {
            base_url: base_url.trim_end_matches('/').to_string(),
            key: key.to_string(),
            origin_postal: origin_postal.to_string(),
            http: std::sync::OnceLock::new(),
        }
    }
}

impl CourierApi for Biteship {
    fn provider(&self) -> &'static str {
        "Biteship"
    }

    fn rates(&self, q: &RateQuery) -> std::result::Result<Vec<LiveRate>, CourierError> {
        let num = |s: &str| s.parse::<i64>().ok();
        let body = serde_json::json!({
            "origin_postal_code": num(&self.origin_postal),
            "destination_postal_code": num(&q.destination_postal),
            "couriers": q.couriers.join(","),
            "items": [{ "name": "Paket", "value": q.value, "weight": q.weight_g, "quantity": 1 }],
        });
        let out = call(
            client(&self.http)
                .post(format!("{}/v1/rates/couriers", self.base_url))
                .header("authorization", &self.key)
                .json(&body),
        )?;
        let rows = out["pricing"].as_array().ok_or_else(|| malformed("pricing"))?;
        rows.iter()
            .map(|r| {
                Ok(LiveRate {
                    courier: text(&r["courier_code"]).to_lowercase(),
                    courier_name: text(&r["courier_name"]),
                    service: text(&r["courier_service_code"]).to_uppercase(),
                    cost: r["price"].as_i64().ok_or_else(|| malformed("price"))?,
                    etd: text(&r["duration"]),
                })
            })
            .collect()
    }

    fn track(&self, courier: &str, waybill: &str) -> std::result::Result<Tracking, CourierError> {
        let out = call(
            client(&self.http)
                .get(format!("{}/v1/trackings/{waybill}/couriers/{courier}", self.base_url))
                .header("authorization", &self.key),
        )?;
        let status = text(&out["status"]);
        let events = events_of(&out["history"], "note", |e| text(&e["updated_at"]));
        Ok(Tracking {
            courier: courier.to_string(),
            waybill: waybill.to_string(),
            delivered: status.eq_ignore_ascii_case("delivered"),
            status,
            events,
        })
    }
}

/// The aggregator configured in the environment, if any: HURTROCK_BITESHIP_KEY with
/// HURTROCK_BITESHIP_ORIGIN_POSTAL, or HURTROCK_RAJAONGKIR_KEY with HURTROCK_RAJAONGKIR_ORIGIN (the
/// store's destination id); each with an optional …_URL.
pub fn from_env() -> Option<Arc<dyn CourierApi>> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    if let (Some(key), Some(origin)) = (var("HURTROCK_BITESHIP_KEY"), var("HURTROCK_BITESHIP_ORIGIN_POSTAL")) {
        let url = var("HURTROCK_BITESHIP_URL").unwrap_or_else(|| "https://api.biteship.com".into());
        return Some(Arc::new(Biteship::new(&url, &key, &origin)));
    }
    if let (Some(key), Some(origin)) = (var("HURTROCK_RAJAONGKIR_KEY"), var("HURTROCK_RAJAONGKIR_ORIGIN")) {
        let url = var("HURTROCK_RAJAONGKIR_URL").unwrap_or_else(|| "https://rajaongkir.komerce.id/api/v1".into());
        return Some(Arc::new(RajaOngkir::new(&url, &key, &origin)));
    }
    None
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

    #[test]
    fn keys_stay_out_of_debug_output() {
        let b = format!("{:?}", Biteship::new("https://x", "biteship_live.SECRET", "40151"));
        let r = format!("{:?}", RajaOngkir::new("https://x", "RO-SECRET", "31555"));
        assert!(!b.contains("SECRET") && !r.contains("SECRET"), "{b} {r}");
    }
}
