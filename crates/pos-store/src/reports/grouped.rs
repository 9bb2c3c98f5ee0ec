//! Sales figures grouped by one key. Without a category the hourly sums answer (a year is tens of
//! thousands of rows); by product, a short range is read in day order and summed here, a long one
//! (or one category) through the covering product index (a category's products are seeked one by
//! one; every product is one pass in product order, with no sort). By product, the groups come
//! in product id order.

use super::lines::each_line;
use super::{Figures, HOUR_SUMS, Range, SUMS, figures_row};
use crate::reporting::key_day;
use rusqlite::types::Value;
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// Up to this many days a range is read in day order.
pub const SHORT_RANGE_DAYS: i64 = 62;

/// What sales are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The day key (20261122) as text.
    Day,
    Product,
    /// The cashier's user id ("" for orders shipped without a sale at the till).
    Cashier,
    Branch,
    /// "branch/terminal".
    Terminal,
}

impl Group {
    fn column(self) -> &'static str {
        match self {
            Group::Day => "day",
            Group::Product => "product_id",
            Group::Cashier => "cashier_id",
            Group::Branch => "branch",
            Group::Terminal => "branch || '/' || terminal",
        }
    }
}

/// Whether the range is read in day order (see [`SHORT_RANGE_DAYS`]).
pub fn is_short(range: &Range<'_>) -> bool {
    match (key_day(range.from), key_day(range.to)) {
        (Some(f), Some(t)) => (t - f).num_days() < SHORT_RANGE_DAYS,
        _ => false,
    }
}

/// The range's figures per product from its lines in day order, in product id order.
fn by_product_short(c: &Connection, range: &Range<'_>) -> crate::Result<Vec<(String, Figures)>> {
    let mut sums: HashMap<String, Figures> = HashMap::new();
    each_line(c, range, |id, f, _| {
        if let Some(acc) = sums.get_mut(id) {
            acc.add(f);
        } else {
            let mut acc = *f;
            acc.finish();
            sums.insert(id.to_string(), acc);
        }
    })?;
    let mut out: Vec<(String, Figures)> = sums.into_iter().collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Figures per group in the range (of one category's products, when given).
pub fn grouped(
    c: &Connection,
    range: &Range<'_>,
    by: Group,
    category: Option<&str>,
) -> crate::Result<Vec<(String, Figures)>> {
    if by == Group::Product && category.is_none() && is_short(range) {
        return by_product_short(c, range);
    }
    let key = by.column();
    let sql = match category {
        Some(_) => format!(
            "SELECT {key}, {SUMS} FROM report_lines INDEXED BY report_lines_product
             WHERE product_id IN (SELECT id FROM products WHERE category_id = ?4)
               AND day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3)
             GROUP BY 1"
        ),
        None if by == Group::Product => format!(
            "SELECT product_id, {SUMS} FROM report_lines INDEXED BY report_lines_product
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND ?4 IS NULL
             GROUP BY 1"
        ),
        None => format!(
            "SELECT {key}, {HOUR_SUMS} FROM report_hours
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND ?4 IS NULL
             GROUP BY 1"
        ),
    };
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![range.from, range.to, range.branch, category], |r| {
        let key = match r.get::<_, Value>(0)? {
            Value::Text(t) => t,
            Value::Integer(n) => n.to_string(),
            _ => String::new(),
        };
        Ok((key, figures_row(r, 1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Units sold per product in the range (returns not counted): from the lines in day order for a
/// short range, through the product index for a long one.
pub fn sold_by_product(c: &Connection, range: &Range<'_>) -> crate::Result<HashMap<String, i64>> {
    if !is_short(range) {
        return super::lines::sold_by_product(c, range);
    }
    let mut sold: HashMap<String, i64> = HashMap::new();
    each_line(c, range, |id, f, is_return| {
        if is_return {
            return;
        }
        if let Some(n) = sold.get_mut(id) {
            *n += f.quantity;
        } else {
            sold.insert(id.to_string(), f.quantity);
        }
    })?;
    Ok(sold)
}
