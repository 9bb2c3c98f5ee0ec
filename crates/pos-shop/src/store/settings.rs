//! `shop_sites` (which store an address serves) and the synced profile and policies the shop's
//! settings are read from.

use super::{Db, query, query_opt};
use crate::site::Settings;
use pos_server::ApiError;
use serde_json::Value;
use uuid::Uuid;

/// The store this host name serves: its own entry, else the only store of the deployment.
pub async fn store_for_host(db: &impl Db, host: &str) -> Result<Option<Uuid>, ApiError> {
    if let Some(r) = query_opt(db, "SELECT store_id FROM shop_sites WHERE host = $1", &[&host]).await? {
        return Ok(Some(r.get(0)));
    }
    let rows = query(db, "SELECT id FROM stores ORDER BY created_at LIMIT 2", &[]).await?;
    Ok(if rows.len() == 1 { Some(rows[0].get(0)) } else { None })
}

pub async fn settings(db: &impl Db, store: Uuid) -> Result<Settings, ApiError> {
    let rows = query(
        db,
        "SELECT kind, state FROM entities WHERE store_id = $1 AND kind IN ('store_profile', 'store_policies')",
        &[&store],
    )
    .await?;
    let (mut profile, mut policies) = (None, None);
    for r in &rows {
        let kind: String = r.get(0);
        let state: Value = r.get(1);
        match kind.as_str() {
            "store_profile" => profile = Some(state),
            _ => policies = Some(state),
        }
    }
    let head = query_opt(
        db,
        "SELECT s.name, (SELECT code FROM branches b WHERE b.store_id = s.id ORDER BY code LIMIT 1)
         FROM stores s WHERE s.id = $1",
        &[&store],
    )
    .await?;
    let (name, branch): (String, Option<String>) = head.map(|r| (r.get(0), r.get(1))).unwrap_or_default();
    Ok(Settings::from_state(
        &name,
        branch.as_deref().unwrap_or(""),
        profile.as_ref().and_then(Value::as_object),
        policies.as_ref().and_then(Value::as_object),
    ))
}
