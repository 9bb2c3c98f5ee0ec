//! Courier aggregators behind the core's `CourierApi`: RajaOngkir by Komerce and Biteship, as
//! ../shared/reference/indonesia.md describes them. Blocking HTTP with short timeouts; each
//! answer read into the vendor's own typed shape.

pub mod biteship;
pub mod rajaongkir;

pub use biteship::Biteship;
pub use rajaongkir::RajaOngkir;

use pos_core::couriers::{CourierError, TrackEvent};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// What both aggregators put in an error answer (RajaOngkir in `meta`, Biteship at the top).
#[derive(Debug, Default, Deserialize)]
struct Refusal {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    meta: Option<Meta>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Meta {
    #[serde(default)]
    message: Option<String>,
}

/// A field one vendor sends as a number and another as a string (ids, postal codes).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Flex {
    Text(String),
    Number(i64),
}

impl std::fmt::Display for Flex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Flex::Text(s) => f.write_str(s),
            Flex::Number(n) => write!(f, "{n}"),
        }
    }
}

/// Sends a request and reads the typed answer; an HTTP error or `success: false` carries the
/// provider's own message.
fn call<T: DeserializeOwned>(req: reqwest::blocking::RequestBuilder) -> Result<T, CourierError> {
    let res = req
        .header("Accept", "application/json")
        .send()
        .map_err(|e| CourierError::Unreachable(e.without_url().to_string()))?;
    let status = res.status().as_u16();
    let bytes = res
        .bytes()
        .map_err(|e| CourierError::Unreachable(e.without_url().to_string()))?;
    let refusal: Refusal = serde_json::from_slice(&bytes).unwrap_or_default();
    if status >= 400 || refusal.success == Some(false) {
        let msg = refusal
            .meta
            .and_then(|m| m.message)
            .or(refusal.error)
            .or(refusal.message)
            .unwrap_or_else(|| format!("HTTP {status}"));
        return Err(CourierError::Refused(msg));
    }
    serde_json::from_slice(&bytes).map_err(|e| CourierError::Refused(format!("unreadable answer: {e}")))
}

/// Tracking events newest first.
fn newest_first(mut events: Vec<TrackEvent>) -> Vec<TrackEvent> {
    events.sort_by(|a, b| b.at.cmp(&a.at));
    events
}
