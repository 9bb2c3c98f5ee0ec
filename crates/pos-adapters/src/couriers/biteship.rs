//! Biteship: postal codes in, JSON both ways, the key as the `authorization` header.

use super::{call, newest_first};
use crate::http;
use pos_core::couriers::{CourierApi, CourierError, LiveRate, RateQuery, TrackEvent, Tracking};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use std::time::Duration;

pub const DEFAULT_URL: &str = "https://api.biteship.com";

pub struct Biteship {
    base_url: String,
    key: String,
    origin_postal: String,
    http: OnceLock<reqwest::blocking::Client>,
}

impl std::fmt::Debug for Biteship {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is a secret: never in logs or debug output.
        f.debug_struct("Biteship")
            .field("base_url", &self.base_url)
            .field("origin_postal", &self.origin_postal)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct RatesRequest<'a> {
    origin_postal_code: Option<i64>,
    destination_postal_code: Option<i64>,
    couriers: String,
    items: [Item<'a>; 1],
}

#[derive(Serialize)]
struct Item<'a> {
    name: &'a str,
    value: i64,
    weight: i64,
    quantity: i64,
}

#[derive(Deserialize)]
struct Rates {
    pricing: Vec<Pricing>,
}

#[derive(Deserialize)]
struct Pricing {
    courier_name: String,
    courier_code: String,
    courier_service_code: String,
    #[serde(default)]
    duration: String,
    price: i64,
}

#[derive(Deserialize)]
struct Trail {
    #[serde(default)]
    status: String,
    #[serde(default)]
    history: Vec<Step>,
}

#[derive(Deserialize)]
struct Step {
    #[serde(default)]
    note: String,
    #[serde(default)]
    updated_at: String,
}

impl Biteship {
    pub fn new(base_url: &str, key: &str, origin_postal: &str) -> Biteship {
        Biteship {
            base_url: base_url.trim_end_matches('/').to_string(),
            key: key.to_string(),
            origin_postal: origin_postal.to_string(),
            http: OnceLock::new(),
        }
    }

    fn client(&self) -> &reqwest::blocking::Client {
        http::blocking(&self.http, Duration::from_secs(10))
    }
}

impl CourierApi for Biteship {
    fn provider(&self) -> &'static str {
        "Biteship"
    }

    fn rates(&self, q: &RateQuery) -> Result<Vec<LiveRate>, CourierError> {
        let body = RatesRequest {
            origin_postal_code: self.origin_postal.parse().ok(),
            destination_postal_code: q.destination_postal.parse().ok(),
            couriers: q.couriers.join(","),
            items: [Item {
                name: "Paket",
                value: q.value,
                weight: q.weight_g,
                quantity: 1,
            }],
        };
        let out: Rates = call(
            self.client()
                .post(format!("{}/v1/rates/couriers", self.base_url))
                .header("authorization", &self.key)
                .json(&body),
        )?;
        Ok(out
            .pricing
            .into_iter()
            .map(|r| LiveRate {
                courier: r.courier_code.to_lowercase(),
                courier_name: r.courier_name,
                service: r.courier_service_code.to_uppercase(),
                cost: r.price,
                etd: r.duration,
            })
            .collect())
    }

    fn track(&self, courier: &str, waybill: &str) -> Result<Tracking, CourierError> {
        let out: Trail = call(
            self.client()
                .get(format!("{}/v1/trackings/{waybill}/couriers/{courier}", self.base_url))
                .header("authorization", &self.key),
        )?;
        let events = out
            .history
            .into_iter()
            .map(|s| TrackEvent {
                at: s.updated_at,
                description: s.note,
            })
            .collect();
        Ok(Tracking {
            courier: courier.to_string(),
            waybill: waybill.to_string(),
            delivered: out.status.eq_ignore_ascii_case("delivered"),
            status: out.status,
            events: newest_first(events),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::couriers::RajaOngkir;

    #[test]
    fn keys_stay_out_of_debug_output() {
        let b = format!("{:?}", Biteship::new("https://x", "biteship_live.SECRET", "40151"));
        let r = format!("{:?}", RajaOngkir::new("https://x", "RO-SECRET", "31555"));
        assert!(!b.contains("SECRET") && !r.contains("SECRET"), "{b} {r}");
    }
}
