//! Manual stock adjustments. Each is a movement in the ledger, with its reason and who made it,
//! and an audit event; the on-hand figure is never written directly.

use crate::Core;
use crate::error::{CoreError, Result, bounded};
use crate::permissions::Permission;
use crate::products::MAX_QUANTITY;
use pos_store::products::{self, Product};
use pos_store::stock::{self, MovementReason, StockMovement};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct StockAdjustment {
    pub product_id: String,
    pub reason: Option<MovementReason>,
    /// opening: units on the shelf (first count only); count: units counted; damage: units
    /// damaged (taken off); correction: signed change.
    pub quantity: i64,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct StockAdjusted {
    pub product: Product,
    /// The change recorded in the ledger (0 when a count matched).
    pub change: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct MovementsRequest {
    pub product_id: String,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct LowStockRequest {
    pub limit: Option<u32>,
}

impl Core {
    /// Queues a stock movement for sync: the server's ledger is the sum of every terminal's.
    pub(crate) fn outbox_movement(
        &self,
        conn: &pos_store::rusqlite::Connection,
        id: &str,
        m: &stock::NewMovement<'_>,
    ) -> Result<()> {
        let payload = serde_json::json!({
            "id": id, "product_id": m.product_id, "branch": m.branch, "quantity": m.quantity, "reason": m.reason,
            "note": m.note, "user_id": m.user_id, "at": m.at, "ref_id": m.ref_id,
        });
        pos_store::outbox::append(conn, "stock_movement", id, &payload, self.now(), m.user_id)?;
        Ok(())
    }

    pub fn adjust_stock(&self, token: Option<&str>, req: StockAdjustment) -> Result<StockAdjusted> {
        let s = self.authorize(token, Permission::AdjustStock)?;
        let reason = req
            .reason
            .ok_or_else(|| CoreError::invalid("reason", "Choose a reason", "Pilih alasan"))?;
        let note = pos_domain::text::note(&req.note, 500).map_err(|_| {
            CoreError::invalid(
                "note",
                "The note is too long (500 characters at most)",
                "Catatan terlalu panjang (maksimal 500 karakter)",
            )
        })?;
        if reason == MovementReason::Correction && note.is_empty() {
            return Err(CoreError::invalid(
                "note",
                "Say why the stock is corrected",
                "Tulis alasan koreksi stok",
            ));
        }
        let qty_label = ("Quantity", "Jumlah");
        self.write(|tx| {
            let branch = Core::branch(tx)?;
            let before = products::get(tx, &req.product_id, &branch)?
                .ok_or_else(|| CoreError::not_found("product_id", "Product", "Produk"))?;
            let change = match reason {
                MovementReason::Opening => {
                    if !stock::movements(tx, &before.id, &branch, 1)?.is_empty() {
                        return Err(CoreError::invalid(
                            "reason",
                            "This product already has stock history; use a count instead",
                            "Produk ini sudah punya riwayat stok; gunakan penghitungan (stock opname)",
                        ));
                    }
                    bounded("quantity", qty_label, req.quantity, 1, MAX_QUANTITY)?
                }
                MovementReason::Count => {
                    bounded("quantity", qty_label, req.quantity, 0, MAX_QUANTITY)? - before.on_hand
                }
                MovementReason::Damage => -bounded("quantity", qty_label, req.quantity, 1, MAX_QUANTITY)?,
                MovementReason::Correction => {
                    let q = bounded("quantity", qty_label, req.quantity, -MAX_QUANTITY, MAX_QUANTITY)?;
                    if q == 0 {
                        return Err(CoreError::invalid(
                            "quantity",
                            "A correction must change the stock",
                            "Koreksi harus mengubah stok",
                        ));
                    }
                    q
                }
            };
            let now = self.now();
            if change != 0 {
                let m = stock::NewMovement {
                    product_id: &before.id,
                    branch: &branch,
                    quantity: change,
                    reason: reason.as_str(),
                    note: &note,
                    user_id: Some(&s.user.id),
                    at: now,
                    ref_id: None,
                };
                let movement_id = stock::insert(tx, &m)?;
                self.outbox_movement(tx, &movement_id, &m)?;
            }
            let after = products::get(tx, &before.id, &branch)?
                .ok_or_else(|| CoreError::not_found("product_id", "Product", "Produk"))?;
            let b = serde_json::json!({ "on_hand": before.on_hand });
            let a = serde_json::json!({ "on_hand": after.on_hand, "change": change, "reason": reason, "note": note });
            self.audit(
                tx,
                Some(&s.user.id),
                "stock.adjusted",
                ("product", Some(&before.id)),
                Some(b),
                Some(a),
            )?;
            Ok(StockAdjusted { product: after, change })
        })
    }

    pub fn stock_movements(&self, token: Option<&str>, req: MovementsRequest) -> Result<Vec<StockMovement>> {
        self.authorize(token, Permission::ViewStock)?;
        let limit = req.limit.unwrap_or(100).clamp(1, 1000) as i64;
        self.read(|c| Ok(stock::movements(c, &req.product_id, &Core::branch(c)?, limit)?))
    }

    pub fn low_stock(&self, token: Option<&str>, req: LowStockRequest) -> Result<Vec<Product>> {
        self.authorize(token, Permission::ViewStock)?;
        let limit = req.limit.unwrap_or(200).clamp(1, 1000) as i64;
        self.read(|c| Ok(products::low_stock(c, &Core::branch(c)?, limit)?))
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct AuditRequest {
    pub action: Option<String>,
    pub entity_id: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

impl Core {
    pub fn audit_log(&self, token: Option<&str>, req: AuditRequest) -> Result<Vec<pos_store::audit::AuditEvent>> {
        self.authorize(token, Permission::ViewAudit)?;
        let f = pos_store::audit::AuditFilter {
            action: req.action.as_deref().filter(|s| !s.is_empty()),
            entity_id: req.entity_id.as_deref().filter(|s| !s.is_empty()),
            limit: req.limit.unwrap_or(100).clamp(1, 1000) as i64,
            offset: req.offset.unwrap_or(0).min(10_000_000) as i64,
        };
        self.read(|c| Ok(pos_store::audit::list(c, &f)?))
    }
}
