//! Suggested reorders for a supplier: each product's need from its minimum stock, what is on
//! order and the last 30/90 days' sales (`pos_domain::purchasing::reorder_quantity`), at the
//! product's current cost. The screen drafts an order from the ones kept.

use super::*;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SupplierRef {
    pub supplier_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ReorderLine {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub on_hand: i64,
    pub on_order: i64,
    pub min_stock: i64,
    pub sold_30: i64,
    pub sold_90: i64,
    pub suggested: i64,
    pub unit_cost: i64,
}

const DAY_MS: i64 = 86_400_000;

impl Core {
    /// The supplier's products that need ordering, most needed first.
    pub fn reorder_suggestions(&self, token: Option<&str>, req: SupplierRef) -> Result<Vec<ReorderLine>> {
        self.authorize(token, Permission::Purchase)?;
        let now = self.now();
        self.read(|c| {
            if pos_store::suppliers::get(c, &req.supplier_id)?.is_none() {
                return Err(CoreError::not_found("supplier_id", "Supplier", "Pemasok"));
            }
            let branch = Core::branch(c)?;
            let rows = pos_store::purchasing::reorder::candidates(
                c,
                &branch,
                &req.supplier_id,
                now - 30 * DAY_MS,
                now - 90 * DAY_MS,
            )?;
            let mut out: Vec<ReorderLine> = rows
                .into_iter()
                .map(|r| ReorderLine {
                    suggested: pos_domain::purchasing::reorder_quantity(
                        r.on_hand,
                        r.on_order,
                        r.min_stock,
                        r.sold_30,
                        r.sold_90,
                    ),
                    product_id: r.product_id,
                    sku: r.sku,
                    name: r.name,
                    on_hand: r.on_hand,
                    on_order: r.on_order,
                    min_stock: r.min_stock,
                    sold_30: r.sold_30,
                    sold_90: r.sold_90,
                    unit_cost: r.cost,
                })
                .filter(|r| r.suggested > 0)
                .collect();
            out.sort_by(|a, b| b.suggested.cmp(&a.suggested).then_with(|| a.name.cmp(&b.name)));
            Ok(out)
        })
    }
}
