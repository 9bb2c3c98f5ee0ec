//! PPN per day: DPP and output tax of sales, and what returns gave back.

use super::Range;
use rusqlite::{Connection, params};

/// A day key with `[sales DPP, sales PPN, returns' DPP, returns' PPN]`.
pub fn by_day(c: &Connection, range: &Range<'_>) -> crate::Result<Vec<(i64, [i64; 4])>> {
    let mut stmt = c.prepare_cached(
        "SELECT day, sum(CASE WHEN kind <> 'return' THEN revenue ELSE 0 END),
                sum(CASE WHEN kind <> 'return' THEN tax ELSE 0 END),
                sum(CASE WHEN kind = 'return' THEN -revenue ELSE 0 END),
                sum(CASE WHEN kind = 'return' THEN -tax ELSE 0 END)
         FROM report_lines WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) GROUP BY day",
    )?;
    let rows = stmt.query_map(params![range.from, range.to, range.branch], |r| {
        Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
