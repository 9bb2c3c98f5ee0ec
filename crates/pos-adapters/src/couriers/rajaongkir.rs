//! RajaOngkir by Komerce: a destination is searched to an id first, costs are a form post,
//! tracking a post with the waybill in the query; the key in a `key` header.

use super::{Flex, call, newest_first};
use crate::http;
use pos_core::couriers::{CourierApi, CourierError, LiveRate, RateQuery, TrackEvent, Tracking};
use serde::Deserialize;
use std::sync::OnceLock;
use std::time::Duration;

pub const DEFAULT_URL: &str = "https://rajaongkir.komerce.id/api/v1";

pub struct RajaOngkir {
    base_url: String,
    key: String,
    /// The store's destination id at RajaOngkir (searched once when set up).
    origin: String,
    http: OnceLock<reqwest::blocking::Client>,
}

impl std::fmt::Debug for RajaOngkir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is a secret: never in logs or debug output.
        f.debug_struct("RajaOngkir")
            .field("base_url", &self.base_url)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// `{"meta": {...}, "data": ...}` around every answer.
#[derive(Deserialize)]
struct Envelope<T> {
    data: Option<T>,
}

#[derive(Deserialize)]
struct Destination {
    id: Flex,
    #[serde(default)]
    zip_code: Option<Flex>,
}

#[derive(Deserialize)]
struct Cost {
    name: String,
    code: String,
    service: String,
    cost: i64,
    #[serde(default)]
    etd: String,
}

#[derive(Deserialize)]
struct Waybill {
    #[serde(default)]
    delivered: Option<bool>,
    summary: Summary,
    #[serde(default)]
    manifest: Vec<Manifest>,
}

#[derive(Deserialize)]
struct Summary {
    #[serde(default)]
    status: String,
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    manifest_description: String,
    #[serde(default)]
    manifest_date: String,
    #[serde(default)]
    manifest_time: String,
}

fn missing(what: &str) -> CourierError {
    CourierError::Refused(format!("the answer has no {what}"))
}

impl RajaOngkir {
    pub fn new(base_url: &str, key: &str, origin: &str) -> RajaOngkir {
        RajaOngkir {
            base_url: base_url.trim_end_matches('/').to_string(),
            key: key.to_string(),
            origin: origin.to_string(),
            http: OnceLock::new(),
        }
    }

    fn client(&self) -> &reqwest::blocking::Client {
        http::blocking(&self.http, Duration::from_secs(10))
    }

    fn destination(&self, postal: &str) -> Result<String, CourierError> {
        let answer: Envelope<Vec<Destination>> = call(
            self.client()
                .get(format!("{}/destination/domestic-destination", self.base_url))
                .query(&[("search", postal)])
                .header("key", &self.key),
        )?;
        let places = answer.data.ok_or_else(|| missing("destinations"))?;
        // Prefer the place whose postal code is the one asked for.
        let place = places
            .iter()
            .find(|p| p.zip_code.as_ref().is_some_and(|z| z.to_string() == postal))
            .or_else(|| places.first())
            .ok_or_else(|| CourierError::Refused(format!("no destination for postal code {postal}")))?;
        Ok(place.id.to_string())
    }
}

impl CourierApi for RajaOngkir {
    fn provider(&self) -> &'static str {
        "RajaOngkir"
    }

    fn rates(&self, q: &RateQuery) -> Result<Vec<LiveRate>, CourierError> {
        let destination = self.destination(&q.destination_postal)?;
        let weight = q.weight_g.to_string();
        let couriers = q.couriers.join(":");
        let answer: Envelope<Vec<Cost>> = call(
            self.client()
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
        let rows = answer.data.ok_or_else(|| missing("costs"))?;
        Ok(rows
            .into_iter()
            .map(|r| LiveRate {
                courier: r.code.to_lowercase(),
                courier_name: r.name,
                service: r.service,
                cost: r.cost,
                etd: r.etd,
            })
            .collect())
    }

    fn track(&self, courier: &str, waybill: &str) -> Result<Tracking, CourierError> {
        let answer: Envelope<Waybill> = call(
            self.client()
                .post(format!("{}/track/waybill", self.base_url))
                .query(&[("awb", waybill), ("courier", courier)])
                .header("key", &self.key),
        )?;
        let data = answer.data.ok_or_else(|| missing("waybill"))?;
        let status = data.summary.status;
        let events = data
            .manifest
            .into_iter()
            .map(|m| TrackEvent {
                at: format!("{} {}", m.manifest_date, m.manifest_time).trim().to_string(),
                description: m.manifest_description,
            })
            .collect();
        Ok(Tracking {
            courier: courier.to_string(),
            waybill: waybill.to_string(),
            delivered: data.delivered.unwrap_or(status.eq_ignore_ascii_case("delivered")),
            status,
            events: newest_first(events),
        })
    }
}
