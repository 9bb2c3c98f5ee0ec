//! What the dashboard reads: hourly sums, best sellers, stock alerts, waiting orders, cash
//! variances at shift close, and the branches this file has trading for.

use super::{Figures, HOUR_SUMS, Range, figures_row};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct TopProduct {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub revenue: i64,
    pub margin: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct StockAlert {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub branch: String,
    pub on_hand: i64,
    pub threshold: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ShiftVariance {
    pub shift_id: String,
    pub branch: String,
    pub terminal: String,
    pub cashier: String,
    pub closed_at: i64,
    pub expected: i64,
    pub counted: i64,
    /// Counted − expected: negative is cash missing.
    pub variance: i64,
}

/// Every (day, hour) of the range with its figures, in stored (day, hour) order.
pub fn each_hour(c: &Connection, range: &Range<'_>, mut each: impl FnMut(i64, i64, &Figures)) -> crate::Result<()> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT day, hour, {HOUR_SUMS} FROM report_hours
         WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) GROUP BY day, hour"
    ))?;
    let mut rows = stmt.query(params![range.from, range.to, range.branch])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?, &figures_row(r, 2)?);
    }
    Ok(())
}

/// The range's ten best sellers by net sales.
pub fn best_sellers(c: &Connection, range: &Range<'_>) -> crate::Result<Vec<TopProduct>> {
    let mut stmt = c.prepare_cached(
        "SELECT t.product_id, ifnull(p.sku, ''), ifnull(p.name, ''), t.q, t.rev, t.rev - t.cost FROM
            (SELECT product_id, sum(quantity) AS q, sum(revenue) AS rev, sum(cost) AS cost
             FROM report_lines NOT INDEXED
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) GROUP BY product_id
             ORDER BY rev DESC LIMIT 10) t
         LEFT JOIN products p ON p.id = t.product_id ORDER BY t.rev DESC",
    )?;
    let rows = stmt.query_map(params![range.from, range.to, range.branch], |r| {
        Ok(TopProduct {
            product_id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            quantity: r.get(3)?,
            revenue: r.get(4)?,
            margin: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which stock rows an alert lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// At or under the product's alert level in a branch that stocks it.
    Low,
    /// Below zero.
    Oversold,
}

/// The ten most urgent alerts of a kind, and how many there are. Both read partial indexes
/// (migration V5), and the count rides along.
pub fn stock_alerts(c: &Connection, kind: Alert, branch: Option<&str>) -> crate::Result<(Vec<StockAlert>, i64)> {
    let (cond, index) = match kind {
        Alert::Low => (
            "alert_at > 0 AND on_hand >= 0 AND on_hand <= alert_at",
            "stock_levels_low",
        ),
        Alert::Oversold => ("on_hand < 0", "stock_levels_negative"),
    };
    let mut stmt = c.prepare_cached(&format!(
        "SELECT p.id, p.sku, p.name, l.branch, l.on_hand, l.alert_at, l.n FROM
            (SELECT product_id, branch, on_hand, alert_at, count(*) OVER () AS n
             FROM stock_levels INDEXED BY {index} WHERE {cond} AND (?1 IS NULL OR branch = ?1)
             ORDER BY on_hand - alert_at, product_id LIMIT 10) l
         JOIN products p ON p.id = l.product_id ORDER BY l.on_hand - l.alert_at, p.name_key"
    ))?;
    let mut count = 0;
    let alerts = stmt
        .query_map(params![branch], |r| {
            count = r.get(6)?;
            Ok(StockAlert {
                product_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                branch: r.get(3)?,
                on_hand: r.get(4)?,
                threshold: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((alerts, count))
}

/// Orders waiting for the warehouse, counted by status.
pub fn orders_waiting(c: &Connection, branch: Option<&str>) -> crate::Result<HashMap<String, i64>> {
    let mut stmt = c.prepare_cached(
        "SELECT status, count(*) FROM orders
         WHERE status IN ('awaiting_payment', 'paid', 'picking', 'packed', 'backordered') AND (?1 IS NULL OR branch = ?1)
         GROUP BY status",
    )?;
    let rows = stmt.query_map(params![branch], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The last ten shifts closed with a count that differed from the expected cash.
pub fn shift_variances(c: &Connection, branch: Option<&str>) -> crate::Result<Vec<ShiftVariance>> {
    let mut stmt = c.prepare_cached(
        "SELECT s.id, s.branch, s.terminal, ifnull(u.name, ''), s.closed_at, s.expected_cash, s.counted_cash
         FROM shifts s LEFT JOIN users u ON u.id = s.closed_by
         WHERE s.closed_at IS NOT NULL AND s.counted_cash <> s.expected_cash AND (?1 IS NULL OR s.branch = ?1)
         ORDER BY s.closed_at DESC LIMIT 10",
    )?;
    let rows = stmt.query_map(params![branch], |r| {
        let (expected, counted): (i64, i64) = (r.get(5)?, r.get(6)?);
        Ok(ShiftVariance {
            shift_id: r.get(0)?,
            branch: r.get(1)?,
            terminal: r.get(2)?,
            cashier: r.get(3)?,
            closed_at: r.get(4)?,
            expected,
            counted,
            variance: counted - expected,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every branch with stock or shifts in this file. Each next branch is one step down the branch
/// index (a skip scan), never a read of every product's stock row; shifts are few.
pub fn branches(c: &Connection) -> crate::Result<Vec<String>> {
    let mut stmt = c.prepare_cached(
        "WITH RECURSIVE b(branch) AS (
             SELECT min(branch) FROM stock_levels
             UNION ALL
             SELECT (SELECT min(branch) FROM stock_levels WHERE branch > b.branch) FROM b WHERE b.branch IS NOT NULL)
         SELECT branch FROM b WHERE branch IS NOT NULL
         UNION SELECT DISTINCT branch FROM shifts",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
