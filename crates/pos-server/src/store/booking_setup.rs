//! The owner's booking set-up as terminals synced it (`entities` of kinds `booking_service` and
//! `booking_resource`), read into the documents `pos_domain::bookings::setup` checks. A document
//! that no longer reads (it never should: the push checks it) is left out.

use super::{Db, query, query_opt};
use crate::ApiError;
use pos_domain::bookings::{BookingResource, BookingService};
use serde_json::Value;
use uuid::Uuid;

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> Option<T> {
    serde_json::from_value(v).ok()
}

pub async fn service(db: &impl Db, store: Uuid, id: &str) -> Result<Option<BookingService>, ApiError> {
    Ok(query_opt(
        db,
        "SELECT state FROM entities WHERE store_id = $1 AND kind = 'booking_service' AND id = $2",
        &[&store, &id],
    )
    .await?
    .and_then(|r| parse(r.get(0))))
}

/// Every service, active or not, by name.
pub async fn services(db: &impl Db, store: Uuid) -> Result<Vec<BookingService>, ApiError> {
    let mut all: Vec<BookingService> = query(
        db,
        "SELECT state FROM entities WHERE store_id = $1 AND kind = 'booking_service'",
        &[&store],
    )
    .await?
    .into_iter()
    .filter_map(|r| parse(r.get(0)))
    .collect();
    all.sort_by_key(|a| a.name.to_lowercase());
    Ok(all)
}

/// The active services the shop offers.
pub async fn online(db: &impl Db, store: Uuid) -> Result<Vec<BookingService>, ApiError> {
    Ok(services(db, store)
        .await?
        .into_iter()
        .filter(|s| s.active && s.online)
        .collect())
}

pub async fn by_slug(db: &impl Db, store: Uuid, slug: &str) -> Result<Option<BookingService>, ApiError> {
    Ok(query_opt(
        db,
        "SELECT state FROM entities WHERE store_id = $1 AND kind = 'booking_service' AND state ->> 'slug' = $2",
        &[&store, &slug],
    )
    .await?
    .and_then(|r| parse(r.get(0))))
}

/// These resources, active ones only, in the order asked.
pub async fn resources(db: &impl Db, store: Uuid, ids: &[String]) -> Result<Vec<BookingResource>, ApiError> {
    let found: Vec<BookingResource> = query(
        db,
        "SELECT state FROM entities WHERE store_id = $1 AND kind = 'booking_resource' AND id = ANY($2)",
        &[&store, &ids],
    )
    .await?
    .into_iter()
    .filter_map(|r| parse::<BookingResource>(r.get(0)))
    .filter(|r| r.active)
    .collect();
    Ok(ids
        .iter()
        .filter_map(|id| found.iter().find(|r| &r.id == id).cloned())
        .collect())
}
