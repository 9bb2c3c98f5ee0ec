//! The variance report: each counted product's expected quantity (the ledger when the session
//! started), what was counted, the difference and its value at cost; and the products in scope
//! nobody counted. Read by the approver before posting, and by posting itself.

use super::*;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct VarianceLine {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub expected: i64,
    pub counted: i64,
    /// Counted − expected: what posting adds to the live balance.
    pub difference: i64,
    pub unit_cost: i64,
    /// Difference × cost.
    pub value: i64,
    /// On hand now (sales and receipts since the session started included).
    pub on_hand: i64,
    /// Nobody counted it (only with `zero_uncounted`): counted is taken as zero.
    pub uncounted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Variance {
    pub count: StockCount,
    /// Lines with a difference first (largest value first), then the rest.
    pub lines: Vec<VarianceLine>,
    pub counted_products: i64,
    /// Products in scope with stock that nobody counted.
    pub uncounted_products: i64,
    /// Sum of the differences' values at cost (negative: stock missing).
    pub value: i64,
    pub units_missing: i64,
    pub units_found: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct VarianceRequest {
    pub count_id: String,
    /// Take products in scope that nobody counted as zero (a store or category count).
    #[serde(default)]
    pub zero_uncounted: bool,
}

pub(super) fn variance(conn: &Connection, c: &StockCount, zero_uncounted: bool) -> Result<Variance> {
    let counted = pos_store::counts::counted(conn, &c.id)?;
    let uncounted: Vec<String> = pos_store::counts::in_scope(conn, c)?
        .into_iter()
        .filter(|p| !counted.contains_key(p))
        .collect();
    let mut ids: Vec<&str> = counted.keys().map(String::as_str).collect();
    if zero_uncounted {
        ids.extend(uncounted.iter().map(String::as_str));
    }
    let mut expected = pos_store::counts::expected(conn, c)?;
    if zero_uncounted {
        let more: Vec<&str> = uncounted.iter().map(String::as_str).collect();
        expected.extend(pos_store::counts::balances_at(conn, &c.branch, c.started_at, &more)?);
    }
    let products: HashMap<String, pos_store::products::Product> = pos_store::products::get_many(conn, &ids, &c.branch)?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    let mut lines = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(p) = products.get(id) else { continue };
        let was = expected.get(id).copied().unwrap_or(0);
        let now = counted.get(id).copied().unwrap_or(0);
        let difference = now - was;
        lines.push(VarianceLine {
            product_id: p.id.clone(),
            sku: p.sku.clone(),
            name: p.name.clone(),
            expected: was,
            counted: now,
            difference,
            unit_cost: p.cost.rupiah(),
            value: difference.saturating_mul(p.cost.rupiah()),
            on_hand: p.on_hand,
            uncounted: !counted.contains_key(id),
        });
    }
    lines.sort_by(|a, b| {
        (a.difference == 0)
            .cmp(&(b.difference == 0))
            .then(a.value.abs().cmp(&b.value.abs()).reverse())
            .then(a.sku.cmp(&b.sku))
    });
    Ok(Variance {
        count: c.clone(),
        counted_products: counted.len() as i64,
        uncounted_products: uncounted.len() as i64,
        value: lines.iter().map(|l| l.value).sum(),
        units_missing: lines.iter().filter(|l| l.difference < 0).map(|l| -l.difference).sum(),
        units_found: lines.iter().filter(|l| l.difference > 0).map(|l| l.difference).sum(),
        lines,
    })
}

impl Core {
    /// The report the approver reads before posting (owner or admin).
    pub fn count_variance(&self, token: Option<&str>, req: VarianceRequest) -> Result<Variance> {
        self.authorize(token, Permission::ApproveCount)?;
        self.read(|conn| {
            let c = pos_store::counts::get(conn, &req.count_id)?.ok_or_else(count_404)?;
            variance(conn, &c, req.zero_uncounted)
        })
    }
}
