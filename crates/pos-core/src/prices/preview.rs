//! The preview: what each product's price becomes, and which would then sell below cost.

use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PricePreviewLine {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub cost: i64,
    pub old_price: i64,
    pub new_price: i64,
    pub below_cost: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PricePreview {
    /// Active products in scope.
    pub in_scope: i64,
    /// Those whose price changes (the lines).
    pub changed: i64,
    pub below_cost: i64,
    pub lines: Vec<PricePreviewLine>,
    /// Applying needs this back: the change applies only to exactly what was previewed.
    pub fingerprint: String,
}

impl Core {
    pub fn preview_price_change(&self, token: Option<&str>, req: PriceChangeRequest) -> Result<PricePreview> {
        self.authorize(token, Permission::EditCatalogue)?;
        self.read(|c| {
            let Plan {
                changes,
                in_scope,
                fingerprint,
            } = plan(c, &req)?;
            let lines: Vec<PricePreviewLine> = changes
                .into_iter()
                .map(|(p, new)| PricePreviewLine {
                    below_cost: new < p.cost.rupiah(),
                    product_id: p.id,
                    sku: p.sku,
                    name: p.name,
                    cost: p.cost.rupiah(),
                    old_price: p.price.rupiah(),
                    new_price: new,
                })
                .collect();
            Ok(PricePreview {
                in_scope,
                changed: lines.len() as i64,
                below_cost: lines.iter().filter(|l| l.below_cost).count() as i64,
                lines,
                fingerprint,
            })
        })
    }
}
