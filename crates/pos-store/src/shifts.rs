//! Shifts: a till's working period from opening float to counted cash, and the cash paid in or
//! out during it. Totals for the X and Z reports are summed here from the facts.

use pos_domain::Money;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Shift {
    pub id: String,
    pub terminal: String,
    pub branch: String,
    pub opened_by: String,
    pub opened_by_name: String,
    pub opened_at: i64,
    pub opening_float: Money,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
    pub counted_cash: Option<Money>,
    pub expected_cash: Option<Money>,
    pub note: String,
}

const SELECT: &str =
    "SELECT s.id, s.terminal, s.branch, s.opened_by, u.name, s.opened_at, s.opening_float, s.closed_at,
    s.closed_by, s.counted_cash, s.expected_cash, s.note FROM shifts s JOIN users u ON u.id = s.opened_by";

fn money(v: Option<i64>) -> Option<Money> {
    v.and_then(|v| Money::new(v).ok())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Shift> {
    Ok(Shift {
        id: r.get(0)?,
        terminal: r.get(1)?,
        branch: r.get(2)?,
        opened_by: r.get(3)?,
        opened_by_name: r.get(4)?,
        opened_at: r.get(5)?,
        opening_float: money(r.get(6)?).unwrap_or_default(),
        closed_at: r.get(7)?,
        closed_by: r.get(8)?,
        counted_cash: money(r.get(9)?),
        expected_cash: money(r.get(10)?),
        note: r.get(11)?,
    })
}

/// The open shift of a terminal of a branch (terminal codes repeat across branches).
pub fn open_for(conn: &Connection, branch: &str, terminal: &str) -> crate::Result<Option<Shift>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE s.branch = ?2 AND s.terminal = ?1 AND s.closed_at IS NULL"
    ))?;
    Ok(stmt.query_row([terminal, branch], row).optional()?)
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<Shift>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE s.id = ?1"))?;
    Ok(stmt.query_row([id], row).optional()?)
}

pub fn insert(conn: &Connection, s: &Shift) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO shifts (id, terminal, branch, opened_by, opened_at, opening_float) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![s.id, s.terminal, s.branch, s.opened_by, s.opened_at, s.opening_float.rupiah()],
    )?;
    Ok(())
}

/// A shift that was opened and closed already (generated history, imports).
pub fn insert_closed(conn: &Connection, s: &Shift) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO shifts (id, terminal, branch, opened_by, opened_at, opening_float, closed_by, closed_at,
            counted_cash, expected_cash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            s.id,
            s.terminal,
            s.branch,
            s.opened_by,
            s.opened_at,
            s.opening_float.rupiah(),
            s.closed_by,
            s.closed_at,
            s.counted_cash.map(Money::rupiah),
            s.expected_cash.map(Money::rupiah)
        ],
    )?;
    Ok(())
}

pub fn close(
    conn: &Connection,
    id: &str,
    by: &str,
    at: i64,
    counted: Money,
    expected: Money,
    note: &str,
) -> crate::Result<bool> {
    let n = conn.execute(
        "UPDATE shifts SET closed_by = ?2, closed_at = ?3, counted_cash = ?4, expected_cash = ?5, note = ?6
         WHERE id = ?1 AND closed_at IS NULL",
        params![id, by, at, counted.rupiah(), expected.rupiah(), note],
    )?;
    Ok(n == 1)
}

pub fn add_cash(
    conn: &Connection,
    id: &str,
    shift_id: &str,
    amount: i64,
    reason: &str,
    user: &str,
    at: i64,
) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO cash_movements (id, shift_id, amount, reason, user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, shift_id, amount, reason, user, at],
    )?;
    Ok(())
}

/// One row of a shift report: an amount per kind (tender, cash in/out, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Amount {
    pub label: String,
    pub count: i64,
    pub amount: Money,
}

/// The facts of a shift, summed: what the X and Z reports print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ShiftTotals {
    pub sales_count: i64,
    pub gross: Money,
    pub discounts: Money,
    pub sales_total: Money,
    pub dpp: Money,
    pub ppn: Money,
    pub returns_count: i64,
    pub returns_total: Money,
    pub returns_ppn: Money,
    /// Tenders taken for sales (cash net of change), by kind.
    pub tenders: Vec<Amount>,
    /// Refunds paid out for returns, by kind.
    pub refunds: Vec<Amount>,
    pub cash_in: Money,
    pub cash_out: Money,
    /// Opening float + cash sales − cash refunds + cash in − cash out.
    pub expected_cash: Money,
}

fn m(v: i64) -> Money {
    Money::new(v).unwrap_or_default()
}

pub fn totals(conn: &Connection, shift: &Shift) -> crate::Result<ShiftTotals> {
    let (sales_count, gross, discounts, sales_total, dpp, ppn): (i64, i64, i64, i64, i64, i64) = conn.query_row(
        "SELECT count(*), ifnull(sum(gross), 0), ifnull(sum(discount_total), 0), ifnull(sum(total), 0),
                ifnull(sum(dpp), 0), ifnull(sum(ppn), 0) FROM sales WHERE shift_id = ?1",
        [&shift.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let (returns_count, returns_total, returns_ppn): (i64, i64, i64) = conn.query_row(
        "SELECT count(*), ifnull(sum(total), 0), ifnull(sum(ppn), 0) FROM returns WHERE shift_id = ?1",
        [&shift.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let by_kind = |sql: &str| -> crate::Result<Vec<Amount>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([&shift.id], |r| {
            Ok(Amount {
                label: r.get(0)?,
                count: r.get(1)?,
                amount: m(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let tenders = by_kind(
        "SELECT t.kind, count(*), sum(t.amount) FROM tenders t JOIN sales s ON s.id = t.sale_id
         WHERE s.shift_id = ?1 GROUP BY t.kind ORDER BY t.kind",
    )?;
    let refunds = by_kind(
        "SELECT t.kind, count(*), sum(t.amount) FROM tenders t JOIN returns r ON r.id = t.return_id
         WHERE r.shift_id = ?1 GROUP BY t.kind ORDER BY t.kind",
    )?;
    let (cash_in, cash_out): (i64, i64) = conn.query_row(
        "SELECT ifnull(sum(CASE WHEN amount > 0 THEN amount END), 0), ifnull(sum(CASE WHEN amount < 0 THEN -amount END), 0)
         FROM cash_movements WHERE shift_id = ?1",
        [&shift.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let cash = |v: &[Amount]| {
        v.iter()
            .filter(|a| a.label == "cash")
            .map(|a| a.amount.rupiah())
            .sum::<i64>()
    };
    let expected = shift.opening_float.rupiah() + cash(&tenders) - cash(&refunds) + cash_in - cash_out;
    Ok(ShiftTotals {
        sales_count,
        gross: m(gross),
        discounts: m(discounts),
        sales_total: m(sales_total),
        dpp: m(dpp),
        ppn: m(ppn),
        returns_count,
        returns_total: m(returns_total),
        returns_ppn: m(returns_ppn),
        tenders,
        refunds,
        cash_in: m(cash_in),
        cash_out: m(cash_out),
        expected_cash: m(expected),
    })
}
