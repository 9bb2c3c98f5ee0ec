//! Stock takes: `stock_counts` (a session at a branch: the whole store, one category, or a shelf;
//! open, then posted or cancelled) and `stock_count_entries` (each scan adds, a typed count
//! replaces; entries from every terminal counting the session). What was counted is the entries
//! folded in time order; what was expected is the ledger's balance when the session started.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a session counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CountScope {
    /// Every product of the branch: one not counted may be taken as zero when posting.
    #[default]
    Store,
    /// One category's products.
    Category,
    /// Only what is counted (a shelf, a bin): nothing else changes.
    Shelf,
}

impl CountScope {
    pub fn as_str(self) -> &'static str {
        match self {
            CountScope::Store => "store",
            CountScope::Category => "category",
            CountScope::Shelf => "shelf",
        }
    }

    pub fn parse(s: &str) -> Option<CountScope> {
        [CountScope::Store, CountScope::Category, CountScope::Shelf]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CountStatus {
    Open,
    Posted,
    Cancelled,
}

impl CountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CountStatus::Open => "open",
            CountStatus::Posted => "posted",
            CountStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<CountStatus> {
        [CountStatus::Open, CountStatus::Posted, CountStatus::Cancelled]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// How an entry changes the count of its product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryMode {
    /// A scan (one unit) or a carton's count: added.
    Add,
    /// A typed count: replaces what was counted before it.
    Set,
}

impl EntryMode {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryMode::Add => "add",
            EntryMode::Set => "set",
        }
    }
}

/// A count session as synced between terminals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct StockCount {
    pub id: String,
    pub branch: String,
    pub scope: CountScope,
    pub category_id: Option<String>,
    /// "Rak A3", "Pedals wall": what people call it.
    pub label: String,
    /// Counters do not see the expected quantity.
    pub blind: bool,
    pub started_at: i64,
    pub started_by: String,
    pub status: CountStatus,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
}

/// One entry of a count, as synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CountEntry {
    pub id: String,
    pub count_id: String,
    pub product_id: String,
    pub quantity: i64,
    pub mode: EntryMode,
    pub at: i64,
    pub user_id: String,
    pub terminal: String,
}

const SELECT: &str = "SELECT id, branch, scope, category_id, label, blind, started_at, started_by, status, closed_at,
    closed_by FROM stock_counts";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StockCount> {
    let bad = |i: usize, v: String| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, v.into());
    let scope: String = r.get(2)?;
    let status: String = r.get(8)?;
    Ok(StockCount {
        id: r.get(0)?,
        branch: r.get(1)?,
        scope: CountScope::parse(&scope).ok_or_else(|| bad(2, scope))?,
        category_id: r.get(3)?,
        label: r.get(4)?,
        blind: crate::bool_of(r.get(5)?),
        started_at: r.get(6)?,
        started_by: r.get(7)?,
        status: CountStatus::parse(&status).ok_or_else(|| bad(8, status))?,
        closed_at: r.get(9)?,
        closed_by: r.get(10)?,
    })
}

/// Stores the session; false when it was here already.
pub fn insert(conn: &Connection, c: &StockCount) -> crate::Result<bool> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO stock_counts (id, branch, scope, category_id, label, blind, started_at, started_by, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open')",
        params![
            c.id,
            c.branch,
            c.scope.as_str(),
            c.category_id,
            c.label,
            c.blind,
            c.started_at,
            c.started_by
        ],
    )? > 0)
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<StockCount>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// The branch's sessions: open ones first, then the last fifty closed.
pub fn list(conn: &Connection, branch: &str) -> crate::Result<Vec<StockCount>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE branch = ?1 ORDER BY status <> 'open', started_at DESC LIMIT 60"
    ))?;
    let rows = stmt.query_map([branch], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Closes an open session; false when it was not open (closed already, here or elsewhere).
pub fn close(conn: &Connection, id: &str, status: CountStatus, by: &str, at: i64) -> crate::Result<bool> {
    Ok(conn.execute(
        "UPDATE stock_counts SET status = ?2, closed_by = ?3, closed_at = ?4 WHERE id = ?1 AND status = 'open'",
        params![id, status.as_str(), by, at],
    )? > 0)
}

/// Stores an entry; false when it was here already.
pub fn add_entry(conn: &Connection, e: &CountEntry) -> crate::Result<bool> {
    Ok(conn
        .prepare_cached(
            "INSERT OR IGNORE INTO stock_count_entries (id, count_id, product_id, quantity, mode, at, user_id, terminal)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            e.id,
            e.count_id,
            e.product_id,
            e.quantity,
            e.mode.as_str(),
            e.at,
            e.user_id,
            e.terminal
        ])?
        > 0)
}

/// One entry applied to what was counted: a typed count replaces, a scan or carton adds.
fn fold(counted: i64, quantity: i64, mode: &str) -> i64 {
    if mode == "set" {
        quantity
    } else {
        counted.saturating_add(quantity)
    }
}

/// What was counted of each product: its entries in time order, a typed count replacing what came
/// before it, scans adding.
pub fn counted(conn: &Connection, count_id: &str) -> crate::Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, quantity, mode FROM stock_count_entries WHERE count_id = ?1 ORDER BY product_id, at, id",
    )?;
    let mut rows = stmt.query([count_id])?;
    let mut out: HashMap<String, i64> = HashMap::new();
    while let Some(r) = rows.next()? {
        let (product, q, mode): (String, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let n = out.entry(product).or_insert(0);
        *n = fold(*n, q, &mode);
    }
    Ok(out)
}

/// What was counted of one product (its entries only, through the session's index): what a scan
/// answers, without folding the whole session.
pub fn counted_one(conn: &Connection, count_id: &str, product_id: &str) -> crate::Result<i64> {
    let mut stmt = conn.prepare_cached(
        "SELECT quantity, mode FROM stock_count_entries WHERE count_id = ?1 AND product_id = ?2 ORDER BY at, id",
    )?;
    let mut rows = stmt.query(params![count_id, product_id])?;
    let mut n: i64 = 0;
    while let Some(r) = rows.next()? {
        let (q, mode): (i64, String) = (r.get(0)?, r.get(1)?);
        n = fold(n, q, &mode);
    }
    Ok(n)
}

/// Each product's balance in the ledger at `at` (movements up to and including it) at `branch`:
/// the quantity expected when the session started.
pub fn balances_at(conn: &Connection, branch: &str, at: i64, products: &[&str]) -> crate::Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ifnull(sum(quantity), 0) FROM stock_movements WHERE product_id = ?1 AND branch = ?2 AND at <= ?3",
    )?;
    let mut out = HashMap::with_capacity(products.len());
    for p in products {
        let n: i64 = stmt.query_row(params![p, branch, at], |r| r.get(0))?;
        out.insert(p.to_string(), n);
    }
    Ok(out)
}

/// The balance at the session's start of every product counted in it, in one pass over their
/// ledger rows (the index on product, branch and time).
pub fn expected(conn: &Connection, c: &StockCount) -> crate::Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.product_id, sum(m.quantity) FROM stock_movements m
         WHERE m.branch = ?2 AND m.at <= ?3
           AND m.product_id IN (SELECT DISTINCT product_id FROM stock_count_entries WHERE count_id = ?1)
         GROUP BY m.product_id",
    )?;
    let rows = stmt.query_map(params![c.id, c.branch, c.started_at], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Products in the session's scope that have stock (or are oversold) at the branch and were not
/// counted: listed, and zeroed when the approver says so.
pub fn in_scope(conn: &Connection, c: &StockCount) -> crate::Result<Vec<String>> {
    if c.scope == CountScope::Shelf {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT p.id FROM products p JOIN stock_levels s ON s.product_id = p.id AND s.branch = ?1
         WHERE s.on_hand <> 0 AND (?2 IS NULL OR p.category_id = ?2)",
    )?;
    let category = if c.scope == CountScope::Category {
        c.category_id.as_deref()
    } else {
        None
    };
    let rows = stmt.query_map(params![c.branch, category], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
