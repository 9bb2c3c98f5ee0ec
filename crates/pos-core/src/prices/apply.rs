//! Applying a previewed change: all products or none, each audited like an edit and queued for a
//! new shelf label, refused when anything changed since the preview.

use super::*;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ApplyPriceChange {
    pub change: PriceChangeRequest,
    /// The preview's fingerprint.
    pub fingerprint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PricesChanged {
    pub changed: i64,
    /// Shelf labels waiting to be printed, this change's and earlier ones.
    pub labels_queued: i64,
}

/// Most products one change may touch (a whole store of 100 000 is done category by category).
pub const MAX_CHANGE: usize = 20_000;

impl Core {
    pub fn apply_price_change(&self, token: Option<&str>, req: ApplyPriceChange) -> Result<PricesChanged> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let out = self.write(|tx| {
            let Plan {
                changes: plan,
                fingerprint,
                ..
            } = plan(tx, &req.change)?;
            if fingerprint != req.fingerprint {
                return Err(CoreError::stale());
            }
            if plan.len() > MAX_CHANGE {
                return Err(CoreError::invalid(
                    "scope",
                    format!(
                        "{} products at once is too many: change at most {MAX_CHANGE}",
                        plan.len()
                    ),
                    format!("{} produk sekaligus terlalu banyak: maksimal {MAX_CHANGE}", plan.len()),
                ));
            }
            let now = self.now();
            let branch = Core::branch(tx)?;
            for (before, new) in &plan {
                let mut after = before.clone();
                after.price = pos_domain::Money::new(*new).map_err(|e| CoreError::internal(e.to_string()))?;
                if !pos_store::products::update(tx, &after, before.version, now)? {
                    return Err(CoreError::stale());
                }
                let after = pos_store::products::get(tx, &before.id, &branch)?.ok_or_else(CoreError::stale)?;
                self.product_changed(tx, &s.user.id, before, &after, "bulk")?;
            }
            Ok(PricesChanged {
                changed: plan.len() as i64,
                labels_queued: pos_store::shelf_labels::count(tx)?,
            })
        })?;
        self.nudge_sync();
        Ok(out)
    }
}
