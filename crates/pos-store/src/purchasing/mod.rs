//! Buying from suppliers: `purchase_orders` with their lines (reference data, synced whole),
//! `goods_receipts` and `supplier_returns` (facts whose lines are stock movements of the same
//! id), this terminal's unposted receiving scans and the reorder candidates.

pub mod drafts;
pub mod orders;
pub mod receipts;
pub mod reorder;
pub mod returns;
