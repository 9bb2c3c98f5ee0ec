//! Reorder candidates: a supplier's active products with what is on hand at the branch, on order,
//! the minimum stock, and what sold in the last 30 and 90 days (sales less returns, from the
//! ledger). The arithmetic is `pos_domain::purchasing::reorder_quantity`.

use rusqlite::{Connection, params};

#[derive(Debug, Clone)]
pub struct Candidate {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub cost: i64,
    pub on_hand: i64,
    pub on_order: i64,
    pub min_stock: i64,
    pub sold_30: i64,
    pub sold_90: i64,
}

/// `since_30` and `since_90` are UTC ms.
pub fn candidates(
    conn: &Connection,
    branch: &str,
    supplier_id: &str,
    since_30: i64,
    since_90: i64,
) -> crate::Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(
        "WITH sold AS (
            SELECT m.product_id,
                -sum(iif(m.at >= ?3, m.quantity, 0)) AS s30, -sum(m.quantity) AS s90
            FROM stock_movements m JOIN products p ON p.id = m.product_id
            WHERE p.supplier_id = ?2 AND m.branch = ?1 AND m.reason IN ('sale', 'return') AND m.at >= ?4
            GROUP BY m.product_id),
         ordered AS (
            SELECT l.product_id, sum(max(l.ordered - (SELECT ifnull(sum(g.quantity), 0) FROM goods_receipt_lines g
                WHERE g.po_line_id = l.id), 0)) AS open
            FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.po_id
            WHERE o.branch = ?1 AND o.status = 'sent' AND o.supplier_id = ?2
            GROUP BY l.product_id)
         SELECT p.id, p.sku, p.name, p.cost, ifnull(s.on_hand, 0), ifnull(o.open, 0), p.min_stock,
            ifnull(d.s30, 0), ifnull(d.s90, 0)
         FROM products p
         LEFT JOIN stock_levels s ON s.product_id = p.id AND s.branch = ?1
         LEFT JOIN ordered o ON o.product_id = p.id
         LEFT JOIN sold d ON d.product_id = p.id
         WHERE p.supplier_id = ?2 AND p.active = 1
         ORDER BY p.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map(params![branch, supplier_id, since_30, since_90], |r| {
        Ok(Candidate {
            product_id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            cost: r.get(3)?,
            on_hand: r.get(4)?,
            on_order: r.get(5)?,
            min_stock: r.get(6)?,
            sold_30: r.get(7)?,
            sold_90: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
