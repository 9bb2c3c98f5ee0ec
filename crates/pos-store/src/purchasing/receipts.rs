//! `goods_receipts` and their lines: what arrived from a supplier, with or without an order. A
//! line's id is its stock movement's id, so a receipt pulled twice, or posted on two terminals,
//! lands once.

use pos_domain::purchasing::LandedSplit;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct GoodsReceiptLine {
    pub id: String,
    #[serde(default)]
    pub po_line_id: Option<String>,
    pub product_id: String,
    pub quantity: i64,
    /// The supplier's unit cost after the line discount.
    pub unit_cost: i64,
    /// The unit cost with its share of freight and duties: what the moving average took.
    pub landed_unit: i64,
    pub cost_before: i64,
    pub cost_after: i64,
}

/// A receipt as synced (a fact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct GoodsReceipt {
    pub id: String,
    #[serde(default)]
    pub po_id: Option<String>,
    pub branch: String,
    pub terminal: String,
    pub supplier_id: String,
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub landed: i64,
    #[serde(default)]
    pub landed_by: LandedSplit,
    #[serde(default)]
    pub note: String,
    pub at: i64,
    pub user_id: String,
    pub lines: Vec<GoodsReceiptLine>,
}

fn split_str(s: LandedSplit) -> &'static str {
    match s {
        LandedSplit::Value => "value",
        LandedSplit::Weight => "weight",
    }
}

/// Stores a receipt; false when it is here already.
pub fn insert(conn: &Connection, g: &GoodsReceipt) -> crate::Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO goods_receipts (id, po_id, branch, terminal, supplier_id, reference, landed, landed_by,
                note, at, user_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            g.id,
            g.po_id,
            g.branch,
            g.terminal,
            g.supplier_id,
            g.reference,
            g.landed,
            split_str(g.landed_by),
            g.note,
            g.at,
            g.user_id
        ])?;
    if n == 0 {
        return Ok(false);
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO goods_receipt_lines (id, receipt_id, po_line_id, product_id, quantity, unit_cost, landed_unit,
            cost_before, cost_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for l in &g.lines {
        stmt.execute(params![
            l.id,
            g.id,
            l.po_line_id,
            l.product_id,
            l.quantity,
            l.unit_cost,
            l.landed_unit,
            l.cost_before,
            l.cost_after
        ])?;
    }
    Ok(true)
}

/// One receipt of an order, for its history.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReceiptSummary {
    pub id: String,
    pub terminal: String,
    pub reference: String,
    pub at: i64,
    pub user_name: String,
    pub units: i64,
    pub landed: i64,
}

/// An order's receipts, oldest first.
pub fn of_order(conn: &Connection, po_id: &str) -> crate::Result<Vec<ReceiptSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.terminal, g.reference, g.at, ifnull(u.name, g.user_id),
            (SELECT ifnull(sum(quantity), 0) FROM goods_receipt_lines WHERE receipt_id = g.id), g.landed
         FROM goods_receipts g LEFT JOIN users u ON u.id = g.user_id
         WHERE g.po_id = ?1 ORDER BY g.at, g.id",
    )?;
    let rows = stmt.query_map([po_id], |r| {
        Ok(ReceiptSummary {
            id: r.get(0)?,
            terminal: r.get(1)?,
            reference: r.get(2)?,
            at: r.get(3)?,
            user_name: r.get(4)?,
            units: r.get(5)?,
            landed: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A receipt as stored (the supplier return names one).
pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT branch, supplier_id FROM goods_receipts WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
