//! Reading `report_lines` the cheap way for the range asked, and walking every product in id order.
//!
//! A short range is a run of adjacent rows in day order: read once and summed per product by the
//! caller, it costs a month's rows. A long range is read through the covering product index
//! instead, already in product order. `products_report` (V9) gives every product's category,
//! activity and cost in id order from an index alone, so joins with it are merges, not a look-up
//! per product.

use super::{Figures, Range, corrupt};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, params};
use std::collections::HashMap;

fn int(v: ValueRef<'_>) -> i64 {
    v.as_i64().unwrap_or(0)
}

/// Every line of the range (in its branch, if one), handed to `each` with its product id, its
/// figures and whether it is a return, in stored (day) order.
pub fn each_line(c: &Connection, range: &Range<'_>, mut each: impl FnMut(&str, &Figures, bool)) -> crate::Result<()> {
    let mut stmt = c.prepare_cached(
        "SELECT product_id, kind, first, quantity, gross, discount, revenue, tax, cost FROM report_lines
         WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3)",
    )?;
    let mut rows = stmt.query(params![range.from, range.to, range.branch])?;
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().map_err(corrupt)?;
        let is_return = r.get_ref(1)?.as_bytes().map_err(corrupt)? == b"return";
        let first = int(r.get_ref(2)?);
        let gross = int(r.get_ref(4)?);
        let f = Figures {
            quantity: int(r.get_ref(3)?),
            transactions: if is_return { 0 } else { first },
            gross: if is_return { 0 } else { gross },
            discount: int(r.get_ref(5)?),
            returns: if is_return { -gross } else { 0 },
            return_count: if is_return { first } else { 0 },
            revenue: int(r.get_ref(6)?),
            tax: int(r.get_ref(7)?),
            cost: int(r.get_ref(8)?),
            ..Default::default()
        };
        each(id, &f, is_return);
    }
    Ok(())
}

/// Units sold per product in the range (returns not counted), through the product index.
pub fn sold_by_product(c: &Connection, range: &Range<'_>) -> crate::Result<HashMap<String, i64>> {
    let mut stmt = c.prepare_cached(
        "SELECT product_id, sum(quantity) FROM report_lines INDEXED BY report_lines_product
         WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND kind <> 'return'
         GROUP BY product_id",
    )?;
    let rows = stmt.query_map(params![range.from, range.to, range.branch], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One product as the reports see it, from `products_report`.
pub struct ProductRef<'a> {
    pub id: &'a str,
    pub category_id: Option<&'a str>,
    pub active: bool,
    pub cost: i64,
}

/// Every product in id order, handed to `each`; stops early when `each` says so.
pub fn each_product(c: &Connection, mut each: impl FnMut(&ProductRef<'_>) -> bool) -> crate::Result<()> {
    let mut stmt =
        c.prepare_cached("SELECT id, category_id, active, cost FROM products INDEXED BY products_report ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let p = ProductRef {
            id: r.get_ref(0)?.as_str().map_err(corrupt)?,
            category_id: r.get_ref(1)?.as_str_or_null().map_err(corrupt)?,
            active: int(r.get_ref(2)?) == 1,
            cost: int(r.get_ref(3)?),
        };
        if !each(&p) {
            break;
        }
    }
    Ok(())
}
