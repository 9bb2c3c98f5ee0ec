//! Returning goods to a supplier (damaged in transit, wrong model): one stock movement out per
//! line at the product's current cost, which the moving average leaves as it is. Nothing leaves
//! that is not on hand.

use super::*;
pub use pos_store::purchasing::returns::SupplierReturn;
pub use pos_store::purchasing::returns::SupplierReturnSummary;
use pos_store::purchasing::returns::{self, SupplierReturnLine};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SupplierReturnLineInput {
    pub product_id: String,
    pub quantity: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SupplierReturnInput {
    pub supplier_id: String,
    /// The receipt the goods came in with, when known.
    #[serde(default)]
    pub receipt_id: Option<String>,
    pub reason: String,
    pub lines: Vec<SupplierReturnLineInput>,
}

impl Core {
    pub fn return_to_supplier(&self, token: Option<&str>, req: SupplierReturnInput) -> Result<SupplierReturn> {
        let s = self.authorize(token, Permission::Purchase)?;
        let reason = crate::error::text("reason", ("Reason", "Alasan"), &req.reason, 200, true)?;
        if req.lines.is_empty() || req.lines.len() > 500 {
            return Err(CoreError::invalid(
                "lines",
                "A return has 1 to 500 lines",
                "Retur berisi 1 sampai 500 baris",
            ));
        }
        let out = self.write(|tx| {
            let branch = Core::branch(tx)?;
            let supplier = pos_store::suppliers::get(tx, &req.supplier_id)?
                .ok_or_else(|| CoreError::not_found("supplier_id", "Supplier", "Pemasok"))?;
            if let Some(rid) = &req.receipt_id {
                match pos_store::purchasing::receipts::get(tx, rid)? {
                    Some((b, sup)) if b == branch && sup == supplier.id => {}
                    _ => {
                        return Err(CoreError::not_found(
                            "receipt_id",
                            "Receipt from this supplier",
                            "Penerimaan dari pemasok ini",
                        ));
                    }
                }
            }
            let now = self.now();
            let id = pos_domain::new_id();
            let mut lines = Vec::with_capacity(req.lines.len());
            for (i, l) in req.lines.iter().enumerate() {
                let row = i + 1;
                let p = pos_store::products::get(tx, &l.product_id, &branch)?.ok_or_else(|| {
                    CoreError::invalid(
                        "lines",
                        format!("Line {row}: the product is not in the catalogue"),
                        format!("Baris {row}: produk tidak ada di katalog"),
                    )
                })?;
                let q = crate::error::bounded(
                    "lines",
                    (&format!("Line {row}: quantity"), &format!("Baris {row}: jumlah")),
                    l.quantity,
                    1,
                    MAX_UNITS,
                )?;
                if q > p.on_hand {
                    return Err(CoreError::invalid(
                        "lines",
                        format!(
                            "Only {} of {} on hand: a return cannot send more",
                            p.on_hand.max(0),
                            p.name
                        ),
                        format!("Stok {} hanya {}: retur tidak bisa lebih", p.name, p.on_hand.max(0)),
                    ));
                }
                let line = SupplierReturnLine {
                    id: pos_domain::new_id(),
                    product_id: p.id.clone(),
                    quantity: q,
                    unit_cost: p.cost.rupiah(),
                };
                let m = pos_store::stock::NewMovement {
                    product_id: &p.id,
                    branch: &branch,
                    quantity: -q,
                    reason: "supplier_return",
                    note: &reason,
                    user_id: Some(&s.user.id),
                    at: now,
                    ref_id: Some(&id),
                };
                pos_store::stock::insert_with_id(tx, &line.id, &m)?;
                self.outbox_movement(tx, &line.id, &m)?;
                lines.push(line);
            }
            let r = SupplierReturn {
                id,
                branch,
                supplier_id: supplier.id,
                receipt_id: req.receipt_id.clone(),
                reason: reason.clone(),
                at: now,
                user_id: s.user.id.clone(),
                lines,
            };
            returns::insert(tx, &r)?;
            pos_store::outbox::append(tx, "supplier_return", &r.id, &r, now, Some(&s.user.id))?;
            self.audit(
                tx,
                Some(&s.user.id),
                "supplier_return.made",
                ("supplier_return", Some(&r.id)),
                None,
                json(&r),
            )?;
            Ok(r)
        })?;
        self.nudge_sync();
        Ok(out)
    }

    pub fn supplier_returns(&self, token: Option<&str>) -> Result<Vec<SupplierReturnSummary>> {
        self.authorize(token, Permission::Receive)?;
        self.read(|c| Ok(returns::list(c, &Core::branch(c)?, 200)?))
    }
}
