//! The store's synced profile (`entities`, kind `store_profile`): how it charges PPN, read the
//! same way by the push rules, the shop-order API and the online shop.

use super::{Db, query_opt};
use crate::ApiError;
use pos_domain::tax::{TaxMode, TaxRate};
use serde_json::Value;
use uuid::Uuid;

/// The tax mode and rate of a profile's state as terminals send it (flags as booleans, 0/1 or
/// text). A store that never said whether its prices include PPN prices as retail does: they do.
pub fn tax_of(state: &Value) -> (TaxMode, TaxRate) {
    let flag = |k: &str, default: bool| match state.get(k) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => s == "1" || s == "true",
        _ => default,
    };
    let rate = match state.get("ppn_rate_bp") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .and_then(TaxRate::from_basis_points)
    .unwrap_or(TaxRate::STANDARD);
    (
        TaxMode::of(flag("vat_registered", false), flag("prices_include_tax", true)),
        rate,
    )
}

/// The store's tax as its profile says now (a store without a profile yet charges none).
pub async fn tax(db: &impl Db, store: Uuid) -> Result<(TaxMode, TaxRate), ApiError> {
    let row = query_opt(
        db,
        "SELECT state FROM entities WHERE store_id = $1 AND kind = 'store_profile'",
        &[&store],
    )
    .await?;
    Ok(row.map_or((TaxMode::NotRegistered, TaxRate::STANDARD), |r| tax_of(&r.get(0))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flags_in_any_form_the_terminals_send() {
        let ex = tax_of(&json!({"vat_registered": 1, "prices_include_tax": "0", "ppn_rate_bp": "1200"}));
        assert_eq!(ex.0, TaxMode::Exclusive);
        assert_eq!(ex.1.basis_points(), 1_200);
        assert_eq!(tax_of(&json!({"vat_registered": true})).0, TaxMode::Inclusive);
        assert_eq!(tax_of(&json!({"prices_include_tax": false})).0, TaxMode::NotRegistered);
        assert_eq!(
            tax_of(&json!({"vat_registered": true, "ppn_rate_bp": -5})).1,
            TaxRate::STANDARD
        );
    }
}
