//! What each courier service costs for this parcel: the aggregator's live rate where the store
//! has a key (Biteship's `POST /v1/rates/couriers`, by postal codes), else, and whenever the
//! aggregator cannot answer, the store's own rate table. The form shows these prices and carries
//! them back; an order is placed only at the price the customer was shown.

use super::{CheckoutForm, couriers, parcel_kg};
use crate::ShopState;
use crate::cart::Line;
use serde::Deserialize;
use serde_json::json;

/// The price of every service the shop offers for one parcel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prices {
    pub by_service: Vec<(&'static str, i64)>,
    /// From the courier aggregator (else the rate table).
    pub live: bool,
}

impl Prices {
    pub fn of(&self, service: &str) -> Option<i64> {
        self.by_service.iter().find(|(s, _)| *s == service).map(|(_, p)| *p)
    }

    /// `jne-reg:20000,jne-yes:33000,…`: what the form showed, carried back by it.
    pub fn shown(&self) -> String {
        self.by_service
            .iter()
            .map(|(s, p)| format!("{s}:{p}"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The price the form said for `service`, as it carried it back.
    pub fn said(shown: &str, service: &str) -> Option<i64> {
        shown
            .split(',')
            .filter_map(|kv| kv.split_once(':'))
            .find(|(s, _)| *s == service)
            .and_then(|(_, p)| p.parse().ok())
    }
}

/// The rate table's prices.
pub fn table(lines: &[Line]) -> Prices {
    let kg = parcel_kg(lines);
    Prices {
        by_service: couriers::SERVICES.iter().map(|s| (s.id, s.price(kg))).collect(),
        live: false,
    }
}

#[derive(Deserialize)]
struct Rates {
    pricing: Vec<Pricing>,
}

#[derive(Deserialize)]
struct Pricing {
    courier_code: String,
    courier_service_code: String,
    price: i64,
}

/// The prices for this form's destination: live when the store has a key and the aggregator
/// prices every service we offer, else the table.
pub async fn for_form(state: &ShopState, f: &CheckoutForm, lines: &[Line], goods: i64) -> Prices {
    let table = table(lines);
    let (Some(cfg), Some(postal)) = (&state.config.rates, f.postal.as_deref().map(str::trim)) else {
        return table;
    };
    if postal.len() != 5 || !postal.bytes().all(|b| b.is_ascii_digit()) {
        return table;
    }
    let grams = parcel_kg(lines) * 1000;
    let body = json!({
        "origin_postal_code": cfg.origin_postal.parse::<i64>().ok(),
        "destination_postal_code": postal.parse::<i64>().ok(),
        "couriers": "jne,jnt,sicepat",
        "items": [{"name": "Paket", "value": goods, "weight": grams, "quantity": 1}],
    });
    let answer = state
        .http
        .post(format!("{}/v1/rates/couriers", cfg.url))
        .header("authorization", cfg.key.expose())
        .timeout(std::time::Duration::from_secs(5))
        .json(&body)
        .send()
        .await;
    let rates = match answer {
        Ok(r) if r.status().is_success() => r.json::<Rates>().await.ok(),
        Ok(r) => {
            tracing::warn!(status = %r.status(), "live courier rates refused; the rate table prices the parcel");
            None
        }
        Err(e) => {
            tracing::warn!(error = %e.without_url(), "live courier rates unreachable; the rate table prices the parcel");
            None
        }
    };
    let Some(rates) = rates else { return table };
    let mut by_service = Vec::new();
    for s in couriers::SERVICES {
        let (code, service) = s.id.split_once('-').unwrap_or((s.id, ""));
        match rates.pricing.iter().find(|p| {
            p.courier_code.eq_ignore_ascii_case(code)
                && p.courier_service_code.eq_ignore_ascii_case(service)
                && p.price > 0
        }) {
            Some(p) => by_service.push((s.id, p.price)),
            // A service the aggregator does not price here: the table's word for it.
            None => by_service.push((s.id, s.price(parcel_kg(lines)))),
        }
    }
    Prices { by_service, live: true }
}
