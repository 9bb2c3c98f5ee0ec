//! `purchase_orders` and `purchase_order_lines`: an order to a supplier as people decided it
//! (draft, sent, cancelled) with what was received against each line summed from the receipts.

use crate::synced::State;
use pos_domain::purchasing::{PoStatus, line_amount, ppn_input};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A line as synced and stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PoLine {
    pub id: String,
    pub product_id: String,
    pub ordered: i64,
    pub unit_cost: i64,
    #[serde(default)]
    pub discount_bp: i64,
}

/// A purchase order as synced between terminals (reference data: the whole record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PurchaseOrder {
    pub id: String,
    pub po_no: String,
    pub branch: String,
    pub supplier_id: String,
    /// Draft, sent or cancelled: what people decided. The receipts say the rest.
    pub status: PoStatus,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub expected_at: Option<i64>,
    /// PPN input tax rate on the order (0 when the supplier is not VAT-registered).
    #[serde(default)]
    pub ppn_bp: i64,
    pub created_by: String,
    pub created_at: i64,
    #[serde(default)]
    pub sent_at: Option<i64>,
    #[serde(default)]
    pub cancelled_at: Option<i64>,
    pub lines: Vec<PoLine>,
}

/// A line as the screens show it: the product, what was received and what is outstanding.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PoLineView {
    pub id: String,
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub barcode: Option<String>,
    pub ordered: i64,
    pub received: i64,
    pub outstanding: i64,
    pub unit_cost: i64,
    pub discount_bp: i64,
    pub amount: i64,
}

/// An order with its lines and totals, for the screens and the documents.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PoView {
    pub id: String,
    pub po_no: String,
    pub branch: String,
    pub supplier_id: String,
    pub supplier_name: String,
    /// Decided and derived: draft, sent, partly received, received, cancelled.
    pub status: PoStatus,
    pub note: String,
    pub expected_at: Option<i64>,
    pub ppn_bp: i64,
    pub created_by: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub version: i64,
    pub lines: Vec<PoLineView>,
    pub subtotal: i64,
    pub ppn: i64,
    pub total: i64,
    /// Units received beyond what was ordered (two terminals receiving one delivery each, or a
    /// supplier sending more): for someone to look at.
    pub over_received: i64,
}

/// One row of the order list.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PoSummary {
    pub id: String,
    pub po_no: String,
    pub supplier_name: String,
    pub status: PoStatus,
    pub created_at: i64,
    pub expected_at: Option<i64>,
    pub ordered: i64,
    pub received: i64,
    pub total: i64,
}

fn decided(s: String) -> rusqlite::Result<PoStatus> {
    PoStatus::parse_decided(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, format!("status {s}").into())
    })
}

/// Writes an order and its lines (lines not in `o` any more are removed: a draft edited).
pub fn save(conn: &Connection, o: &PurchaseOrder, now: i64, sync_version: Option<i64>) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO purchase_orders (id, po_no, branch, supplier_id, status, note, expected_at, ppn_bp,
            created_by, created_at, sent_at, cancelled_at, updated_at, sync_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ifnull(?14, 0))
         ON CONFLICT (id) DO UPDATE SET supplier_id = excluded.supplier_id, status = excluded.status,
            note = excluded.note, expected_at = excluded.expected_at, ppn_bp = excluded.ppn_bp,
            sent_at = excluded.sent_at, cancelled_at = excluded.cancelled_at, updated_at = excluded.updated_at,
            version = version + 1, sync_version = ifnull(?14, sync_version)",
    )?
    .execute(params![
        o.id,
        o.po_no,
        o.branch,
        o.supplier_id,
        o.status.as_str(),
        o.note,
        o.expected_at,
        o.ppn_bp,
        o.created_by,
        o.created_at,
        o.sent_at,
        o.cancelled_at,
        now,
        sync_version
    ])?;
    let keep: Vec<&str> = o.lines.iter().map(|l| l.id.as_str()).collect();
    let keep = serde_json::to_string(&keep).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(
        "DELETE FROM purchase_order_lines WHERE po_id = ?1 AND id NOT IN (SELECT value FROM json_each(?2))",
    )?
    .execute(params![o.id, keep])?;
    let mut line = conn.prepare_cached(
        "INSERT INTO purchase_order_lines (id, po_id, position, product_id, ordered, unit_cost, discount_bp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, product_id = excluded.product_id,
            ordered = excluded.ordered, unit_cost = excluded.unit_cost, discount_bp = excluded.discount_bp",
    )?;
    for (i, l) in o.lines.iter().enumerate() {
        line.execute(params![
            l.id,
            o.id,
            i as i64,
            l.product_id,
            l.ordered,
            l.unit_cost,
            l.discount_bp
        ])?;
    }
    Ok(())
}

/// The order as synced (for an edit's "before").
pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<PurchaseOrder>> {
    let head = conn
        .prepare_cached(
            "SELECT id, po_no, branch, supplier_id, status, note, expected_at, ppn_bp, created_by, created_at,
                sent_at, cancelled_at FROM purchase_orders WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(PurchaseOrder {
                id: r.get(0)?,
                po_no: r.get(1)?,
                branch: r.get(2)?,
                supplier_id: r.get(3)?,
                status: decided(r.get(4)?)?,
                note: r.get(5)?,
                expected_at: r.get(6)?,
                ppn_bp: r.get(7)?,
                created_by: r.get(8)?,
                created_at: r.get(9)?,
                sent_at: r.get(10)?,
                cancelled_at: r.get(11)?,
                lines: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut o) = head else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT id, product_id, ordered, unit_cost, discount_bp FROM purchase_order_lines
         WHERE po_id = ?1 ORDER BY position",
    )?;
    o.lines = stmt
        .query_map([id], |r| {
            Ok(PoLine {
                id: r.get(0)?,
                product_id: r.get(1)?,
                ordered: r.get(2)?,
                unit_cost: r.get(3)?,
                discount_bp: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(o))
}

/// The order with its products, receipts and totals.
pub fn view(conn: &Connection, id: &str) -> crate::Result<Option<PoView>> {
    let Some(o) = get(conn, id)? else { return Ok(None) };
    let (supplier_name, version): (String, i64) = conn
        .prepare_cached(
            "SELECT ifnull(s.name, ''), o.version FROM purchase_orders o
             LEFT JOIN suppliers s ON s.id = o.supplier_id WHERE o.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.product_id, ifnull(p.sku, ''), ifnull(p.name, '(unknown product)'), p.barcode, l.ordered,
            (SELECT ifnull(sum(g.quantity), 0) FROM goods_receipt_lines g WHERE g.po_line_id = l.id),
            l.unit_cost, l.discount_bp
         FROM purchase_order_lines l LEFT JOIN products p ON p.id = l.product_id
         WHERE l.po_id = ?1 ORDER BY l.position",
    )?;
    let lines: Vec<PoLineView> = stmt
        .query_map([id], |r| {
            let ordered: i64 = r.get(5)?;
            let received: i64 = r.get(6)?;
            let (unit_cost, discount_bp): (i64, i64) = (r.get(7)?, r.get(8)?);
            Ok(PoLineView {
                id: r.get(0)?,
                product_id: r.get(1)?,
                sku: r.get(2)?,
                name: r.get(3)?,
                barcode: r.get(4)?,
                ordered,
                received,
                outstanding: (ordered - received).max(0),
                unit_cost,
                discount_bp,
                amount: line_amount(ordered, unit_cost, discount_bp),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let pairs: Vec<(i64, i64)> = lines.iter().map(|l| (l.ordered, l.received)).collect();
    let subtotal: i64 = lines.iter().map(|l| l.amount).sum();
    let ppn = ppn_input(subtotal, o.ppn_bp);
    let over_received = lines.iter().map(|l| (l.received - l.ordered).max(0)).sum();
    Ok(Some(PoView {
        status: PoStatus::shown(o.status, &pairs),
        id: o.id,
        po_no: o.po_no,
        branch: o.branch,
        supplier_id: o.supplier_id,
        supplier_name,
        note: o.note,
        expected_at: o.expected_at,
        ppn_bp: o.ppn_bp,
        created_by: o.created_by,
        created_at: o.created_at,
        sent_at: o.sent_at,
        cancelled_at: o.cancelled_at,
        version,
        lines,
        subtotal,
        ppn,
        total: subtotal + ppn,
        over_received,
    }))
}

/// A branch's orders, newest first, with what was ordered and received.
pub fn list(conn: &Connection, branch: &str, limit: i64) -> crate::Result<Vec<PoSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.po_no, ifnull(s.name, ''), o.status, o.created_at, o.expected_at, o.ppn_bp,
            (SELECT json_group_array(json_array(l.ordered, l.unit_cost, l.discount_bp,
                (SELECT ifnull(sum(g.quantity), 0) FROM goods_receipt_lines g WHERE g.po_line_id = l.id)))
             FROM purchase_order_lines l WHERE l.po_id = o.id)
         FROM purchase_orders o LEFT JOIN suppliers s ON s.id = o.supplier_id
         WHERE o.branch = ?1 ORDER BY o.created_at DESC, o.po_no DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![branch, limit], |r| {
        let lines: String = r.get(7)?;
        let lines: Vec<[i64; 4]> = serde_json::from_str(&lines).unwrap_or_default();
        let pairs: Vec<(i64, i64)> = lines.iter().map(|l| (l[0], l[3])).collect();
        let subtotal: i64 = lines.iter().map(|l| line_amount(l[0], l[1], l[2])).sum();
        let ppn_bp: i64 = r.get(6)?;
        Ok(PoSummary {
            id: r.get(0)?,
            po_no: r.get(1)?,
            supplier_name: r.get(2)?,
            status: PoStatus::shown(decided(r.get(3)?)?, &pairs),
            created_at: r.get(4)?,
            expected_at: r.get(5)?,
            ordered: pairs.iter().map(|p| p.0).sum(),
            received: pairs.iter().map(|p| p.1).sum(),
            total: subtotal + ppn_input(subtotal, ppn_bp),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Units of a product on sent orders at a branch and not received yet.
pub fn on_order(conn: &Connection, branch: &str, product_id: &str) -> crate::Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT ifnull(sum(max(l.ordered - (SELECT ifnull(sum(g.quantity), 0) FROM goods_receipt_lines g
                WHERE g.po_line_id = l.id), 0)), 0)
             FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.po_id
             WHERE o.branch = ?1 AND o.status = 'sent' AND l.product_id = ?2",
        )?
        .query_row(params![branch, product_id], |r| r.get(0))?)
}

/// Writes the server's state of an order over this terminal's copy.
pub fn apply_synced(conn: &Connection, id: &str, s: &State, version: i64, now: i64) -> crate::Result<()> {
    let mut o: PurchaseOrder = serde_json::from_value(serde_json::Value::Object(s.clone()))
        .map_err(|e| crate::StoreError::Corrupt(format!("purchase order {id}: {e}")))?;
    o.id = id.to_string();
    save(conn, &o, now, Some(version))
}
