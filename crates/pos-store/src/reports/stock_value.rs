//! Stock on hand with each product's cost and price.

use rusqlite::{Connection, params};

pub struct StockRow {
    pub sku: String,
    pub name: String,
    pub category_id: String,
    pub on_hand: i64,
    pub cost: i64,
    pub price: i64,
}

/// Products with stock (or oversold) in the branch (every branch when None), of one category if
/// given.
pub fn rows(c: &Connection, branch: Option<&str>, category: Option<&str>) -> crate::Result<Vec<StockRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT p.sku, p.name, p.category_id, s.on_hand, p.cost, p.price FROM
            (SELECT product_id, sum(on_hand) AS on_hand FROM stock_levels WHERE ?1 IS NULL OR branch = ?1
             GROUP BY product_id) s
         JOIN products p ON p.id = s.product_id
         WHERE s.on_hand <> 0 AND (?2 IS NULL OR p.category_id = ?2)",
    )?;
    let rows = stmt.query_map(params![branch, category], |r| {
        Ok(StockRow {
            sku: r.get(0)?,
            name: r.get(1)?,
            category_id: r.get(2)?,
            on_hand: r.get(3)?,
            cost: r.get(4)?,
            price: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
