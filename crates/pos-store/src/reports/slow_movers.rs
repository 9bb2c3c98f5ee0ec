//! What slow movers read besides sales: stock on hand per product, and a product's last sale.

use rusqlite::{Connection, params};

/// Stock on hand per product (summed over branches unless one is given), in product id order.
pub fn on_hand_by_product(c: &Connection, branch: Option<&str>) -> crate::Result<Vec<(String, i64)>> {
    let mut stmt = c.prepare_cached(
        "SELECT product_id, sum(on_hand) FROM stock_levels WHERE ?1 IS NULL OR branch = ?1 GROUP BY product_id",
    )?;
    let rows = stmt.query_map(params![branch], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The day key of the product's last sale (returns aside), if it ever sold.
pub fn last_sold(c: &Connection, product_id: &str, branch: Option<&str>) -> crate::Result<Option<i64>> {
    let mut stmt = c.prepare_cached(
        "SELECT max(day) FROM report_lines WHERE product_id = ?1 AND kind <> 'return' AND (?2 IS NULL OR branch = ?2)",
    )?;
    Ok(stmt.query_row(params![product_id, branch], |r| r.get(0))?)
}
