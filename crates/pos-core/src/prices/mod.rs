//! Bulk price changes: every active product of a category (with its sub-categories), a brand or a
//! supplier, by a percentage or an amount, rounded to Rp 100 / 500 / 1 000; previewed first (old
//! and new price, those that would sell below cost), applied exactly as previewed, each product
//! audited like an edit, and every changed price queued for a new shelf label.

mod apply;
mod preview;
mod shelf_labels;

pub use apply::*;
pub use preview::*;
pub use shelf_labels::*;

use crate::Core;
use crate::error::{CoreError, Result};
use crate::permissions::Permission;
pub use pos_domain::price_change::{PriceAdjust, PriceRounding};
use pos_domain::price_change::{PriceChangeError, changed_price};
pub use pos_store::price_scope::PriceScope;
use pos_store::products::Product;
use pos_store::rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::Digest;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PriceChangeRequest {
    pub scope: PriceScope,
    pub adjust: PriceAdjust,
    #[serde(default)]
    pub rounding: PriceRounding,
}

fn change_error(e: PriceChangeError, name: Option<&str>) -> CoreError {
    let (en, id) = match e {
        PriceChangeError::BadPercent => (
            "A percentage change is between -90% and +1000%".to_string(),
            "Perubahan persen antara -90% dan +1000%".to_string(),
        ),
        PriceChangeError::BadAmount => (
            "The amount is larger than any price".to_string(),
            "Jumlahnya melebihi harga mana pun".to_string(),
        ),
        PriceChangeError::BelowZero => (
            format!("{} would cost less than nothing", name.unwrap_or("A product")),
            format!("Harga {} akan di bawah nol", name.unwrap_or("produk")),
        ),
        PriceChangeError::TooLarge => (
            format!("{}'s new price is too large", name.unwrap_or("A product")),
            format!("Harga baru {} terlalu besar", name.unwrap_or("produk")),
        ),
    };
    CoreError::invalid("adjust", en, id)
}

/// What a change would do.
struct Plan {
    /// The products whose price changes, with the new price.
    changes: Vec<(Product, i64)>,
    /// Active products in scope.
    in_scope: i64,
    /// Of exactly that: products, their versions, their new prices.
    fingerprint: String,
}

/// The products in scope with their new prices (unchanged ones left out).
fn plan(conn: &Connection, req: &PriceChangeRequest) -> Result<Plan> {
    req.adjust.check().map_err(|e| change_error(e, None))?;
    let branch = Core::branch(conn)?;
    match &req.scope {
        PriceScope::Category(id) if pos_store::categories::get(conn, id)?.is_none() => {
            return Err(CoreError::not_found("scope", "Category", "Kategori"));
        }
        PriceScope::Supplier(id) if pos_store::suppliers::get(conn, id)?.is_none() => {
            return Err(CoreError::not_found("scope", "Supplier", "Pemasok"));
        }
        PriceScope::Brand(b) if b.trim().is_empty() || b.chars().count() > 100 => {
            return Err(CoreError::invalid("scope", "Name the brand", "Sebutkan mereknya"));
        }
        _ => {}
    }
    let products = pos_store::price_scope::products(conn, &req.scope, &branch)?;
    let in_scope = products.len() as i64;
    let mut hash = sha2::Sha256::new();
    let mut out = Vec::new();
    for p in products {
        let new =
            changed_price(p.price.rupiah(), req.adjust, req.rounding).map_err(|e| change_error(e, Some(&p.name)))?;
        if new == p.price.rupiah() {
            continue;
        }
        hash.update(format!("{}\u{1f}{}\u{1f}{new}\u{1e}", p.id, p.version).as_bytes());
        out.push((p, new));
    }
    let fingerprint = hash.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    Ok(Plan {
        changes: out,
        in_scope,
        fingerprint,
    })
}
