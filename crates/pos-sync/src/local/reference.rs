//! A pulled reference record (product, category, user, customer, settings...) written over this terminal's copy.

use super::*;

pub(super) fn store_err(e: pos_store::StoreError) -> rusqlite::Error {
    match e {
        pos_store::StoreError::Sqlite(e) => e,
        other => bad(other.to_string()),
    }
}

/// Writes the server's state of an entity over this terminal's copy (`version` bumps so an open
/// editor sees it changed; `sync_version` is the base of the next local edit).
pub(super) fn apply_reference(
    tx: &Connection,
    k: Kind,
    id: &str,
    s: &Map<String, Value>,
    version: i64,
    now: i64,
) -> Result<()> {
    match k {
        Kind::Product => pos_store::products::apply_synced(tx, id, s, version, now).map_err(store_err)?,
        Kind::Category => pos_store::categories::apply_synced(tx, id, s, version, now).map_err(store_err)?,
        Kind::Supplier => pos_store::suppliers::apply_synced(tx, id, s, version, now).map_err(store_err)?,
        Kind::Customer => pos_store::customers::apply_synced(tx, id, s, version, now).map_err(store_err)?,
        Kind::User => pos_store::users::apply_synced(tx, id, s, version, now).map_err(store_err)?,
        Kind::ProductPhotos => pos_store::photos::apply_synced(tx, id, s, version).map_err(store_err)?,
        Kind::PurchaseOrder => {
            pos_store::purchasing::orders::apply_synced(tx, id, s, version, now).map_err(store_err)?;
            if let Some(no) = s.get("po_no").and_then(Value::as_str) {
                super::facts::number_seen(tx, no)?;
            }
        }
        Kind::StoreProfile => pos_store::profile::apply_synced(tx, s, version, now).map_err(store_err)?,
        Kind::BookingService => {
            pos_store::bookings::setup::apply_synced_service(tx, id, s, version, now).map_err(store_err)?
        }
        Kind::BookingResource => {
            pos_store::bookings::setup::apply_synced_resource(tx, id, s, version, now).map_err(store_err)?
        }
        Kind::StorePolicies => {
            for (k, v) in s {
                let v = match v {
                    Value::String(t) => t.clone(),
                    Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                    other => other.to_string(),
                };
                pos_store::settings::set_policy(tx, k, &v).map_err(store_err)?;
            }
            set_state(tx, "policies_version", &version.to_string())?;
        }
        _ => return Err(bad(format!("{} is not reference data", k.as_str()))),
    }
    Ok(())
}
