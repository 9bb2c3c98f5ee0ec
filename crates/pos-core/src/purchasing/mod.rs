//! Purchasing and receiving: purchase orders to suppliers (draft → sent → partly received →
//! received, or cancelled), suggested reorders, receiving by scanning with partial receipts,
//! unlisted items and over-receipts asked about, the moving-average cost with landed costs, and
//! returns to suppliers. A receipt is one stock movement per line (the line's id is the
//! movement's), so receiving can never add stock twice, whatever syncs when.

mod documents;
mod orders;
mod receipt;
mod receiving;
mod reorder;
mod supplier_returns;

pub use documents::*;
pub use orders::*;
pub use receipt::*;
pub use receiving::*;
pub use reorder::*;
pub use supplier_returns::*;

use crate::error::{CoreError, Result};
use crate::permissions::Permission;
use crate::{Core, json};
pub use pos_domain::purchasing::{LandedSplit, PoStatus};
use pos_domain::purchasing::{MAX_UNIT_COST, MAX_UNITS};
pub use pos_store::purchasing::orders::{PoLine, PoLineView, PoSummary, PoView, PurchaseOrder};
use pos_store::rusqlite::Connection;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PoRef {
    pub po_id: String,
}

fn po_404() -> CoreError {
    CoreError::not_found("po_id", "Purchase order", "Pesanan pembelian")
}

/// The order, which must be this branch's.
fn own_po(conn: &Connection, id: &str) -> Result<PoView> {
    let po = pos_store::purchasing::orders::view(conn, id)?.ok_or_else(po_404)?;
    if po.branch != Core::branch(conn)? {
        return Err(CoreError::invalid(
            "po_id",
            format!("{} is {}'s order; receive it there", po.po_no, po.branch),
            format!("{} adalah pesanan {}; terima di sana", po.po_no, po.branch),
        ));
    }
    Ok(po)
}

/// A product found by what was scanned or typed: a barcode in any of its scanned forms, or a SKU.
fn product_by_code(conn: &Connection, code: &str, branch: &str) -> Result<pos_store::products::Product> {
    let code = code.trim();
    if code.is_empty() || code.len() > 64 {
        return Err(CoreError::invalid(
            "code",
            "Scan a barcode or type a SKU",
            "Pindai barcode atau ketik SKU",
        ));
    }
    let forms = pos_domain::Barcode::scan_forms(code);
    match pos_store::products::by_barcode(conn, &forms, branch)? {
        Some(p) => Ok(p),
        None => pos_store::products::by_sku(conn, code, branch)?.ok_or_else(|| {
            CoreError::not_found(
                "code",
                "A product with this barcode or SKU",
                "Produk dengan barcode atau SKU ini",
            )
        }),
    }
}
