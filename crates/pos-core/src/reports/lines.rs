//! Reading `report_lines` the cheap way for the range asked, and walking every product in id order.
//!
//! A short range (up to two months) is a run of adjacent rows in day order: read once and summed
//! per product here, it costs a month's rows. A long range is read through the covering product
//! index instead, already in product order (a year is most of the index anyway, and the index
//! needs no grouping sort). `products_report` (V9) gives every product's category, activity and
//! cost in id order from an index alone, so joins with it are merges, not a lookup per product.

use super::*;
use pos_store::rusqlite::types::ValueRef;

/// Up to this many days a range is read in day order.
const SHORT_RANGE_DAYS: i64 = 62;

pub(super) fn is_short(sc: &Scope) -> bool {
    (sc.to - sc.from).num_days() < SHORT_RANGE_DAYS
}

fn int(v: ValueRef<'_>) -> i64 {
    v.as_i64().unwrap_or(0)
}

/// Every line of a short range (in the branch, if one), handed to `each` with its product id.
fn each_line(c: &Connection, sc: &Scope, mut each: impl FnMut(&str, &Figures, bool)) -> Result<()> {
    let (from, to) = sc.keys();
    let mut stmt = c.prepare_cached(
        "SELECT product_id, kind, first, quantity, gross, discount, revenue, tax, cost FROM report_lines
         WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3)",
    )?;
    let mut rows = stmt.query(params![from, to, sc.branch])?;
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().map_err(CoreError::internal)?;
        let is_return = r.get_ref(1)?.as_bytes().map_err(CoreError::internal)? == b"return";
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

/// A short range's figures per product, in product id order.
pub(super) fn by_product_short(c: &Connection, sc: &Scope) -> Result<Vec<(String, Figures)>> {
    let mut sums: HashMap<String, Figures> = HashMap::new();
    each_line(c, sc, |id, f, _| {
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

/// Units sold per product in the range (returns not counted).
pub(super) fn sold_by_product(c: &Connection, sc: &Scope) -> Result<HashMap<String, i64>> {
    if is_short(sc) {
        let mut sold: HashMap<String, i64> = HashMap::new();
        each_line(c, sc, |id, f, is_return| {
            if is_return {
                return;
            }
            if let Some(n) = sold.get_mut(id) {
                *n += f.quantity;
            } else {
                sold.insert(id.to_string(), f.quantity);
            }
        })?;
        return Ok(sold);
    }
    let (from, to) = sc.keys();
    let mut stmt = c.prepare_cached(
        "SELECT product_id, sum(quantity) FROM report_lines INDEXED BY report_lines_product
         WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND kind <> 'return'
         GROUP BY product_id",
    )?;
    let rows = stmt.query_map(params![from, to, sc.branch], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<pos_store::rusqlite::Result<_>>()?)
}

/// One product as the reports see it, from `products_report`.
pub(super) struct ProductRef<'a> {
    pub(super) id: &'a str,
    pub(super) category_id: Option<&'a str>,
    pub(super) active: bool,
    pub(super) cost: i64,
}

/// Every product in id order, handed to `each`; stops early when `each` says so.
pub(super) fn each_product(c: &Connection, mut each: impl FnMut(&ProductRef<'_>) -> bool) -> Result<()> {
    let mut stmt =
        c.prepare_cached("SELECT id, category_id, active, cost FROM products INDEXED BY products_report ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let p = ProductRef {
            id: r.get_ref(0)?.as_str().map_err(CoreError::internal)?,
            category_id: r.get_ref(1)?.as_str_or_null().map_err(CoreError::internal)?,
            active: int(r.get_ref(2)?) == 1,
            cost: int(r.get_ref(3)?),
        };
        if !each(&p) {
            break;
        }
    }
    Ok(())
}
