//! The rows reports read (`report_lines`, `report_payments`): derived from sales, returns and
//! shipped online orders in the same transaction that records them, and rebuildable from those
//! facts. Each line carries its share of its receipt's DPP and PPN (rounded once per receipt, so
//! the shares add up to the receipt exactly), the cost frozen on the sale line, and its WIB day
//! and hour.

use crate::sales::{Return, Sale};
use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use pos_domain::money::allocate;
use pos_domain::{TaxMode, TaxRate, wib_date};
use rusqlite::{Connection, OptionalExtension, params};

/// The terminal codes orders are reported under: the online shop's, and delivery orders taken
/// without a sale at the till (a phone order paid by transfer).
pub const ONLINE_TERMINAL: &str = "WEB";
pub const ORDER_TERMINAL: &str = "ORDER";

/// `2026-11-22` → 20261122; the key of every report row.
pub fn day_key(d: NaiveDate) -> i64 {
    d.year() as i64 * 10_000 + d.month() as i64 * 100 + d.day() as i64
}

/// The day key back as a date (None for a key that is no date).
pub fn key_day(k: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt((k / 10_000) as i32, ((k / 100) % 100) as u32, (k % 100) as u32)
}

/// WIB day key and hour of an instant in UTC milliseconds.
pub fn wib_day_hour(at_ms: i64) -> (i64, i64) {
    let at = DateTime::from_timestamp_millis(at_ms).unwrap_or_default();
    let local = at.with_timezone(&pos_domain::clock::wib());
    (day_key(wib_date(at)), local.hour() as i64)
}

fn business_day(date: &str, at_ms: i64) -> i64 {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(day_key)
        .unwrap_or_else(|_| wib_day_hour(at_ms).0)
}

struct Row<'a> {
    day: i64,
    id: &'a str,
    kind: &'a str,
    doc_id: &'a str,
    hour: i64,
    branch: &'a str,
    terminal: &'a str,
    cashier_id: Option<&'a str>,
    product_id: &'a str,
    first: bool,
    quantity: i64,
    gross: i64,
    discount: i64,
    revenue: i64,
    tax: i64,
    cost: i64,
}

/// A document's figures for `report_hours`, in its column order: quantity, transactions, gross,
/// discount, returns, return count, revenue, tax, cost.
#[derive(Default)]
struct Hour([i64; 9]);

impl Hour {
    fn add(&mut self, r: &Row<'_>) {
        let f = &mut self.0;
        f[0] += r.quantity;
        if r.kind == "return" {
            f[4] -= r.gross;
            f[5] += r.first as i64;
        } else {
            f[1] += r.first as i64;
            f[2] += r.gross;
        }
        f[3] += r.discount;
        f[6] += r.revenue;
        f[7] += r.tax;
        f[8] += r.cost;
    }

    fn save(
        &self,
        conn: &Connection,
        day: i64,
        hour: i64,
        branch: &str,
        terminal: &str,
        cashier: Option<&str>,
    ) -> crate::Result<()> {
        let f = &self.0;
        conn.prepare_cached(
            "INSERT INTO report_hours (day, hour, branch, terminal, cashier_id, quantity, transactions, gross, discount,
                returns, return_count, revenue, tax, cost)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (day, hour, branch, terminal, cashier_id) DO UPDATE SET
                quantity = quantity + excluded.quantity, transactions = transactions + excluded.transactions,
                gross = gross + excluded.gross, discount = discount + excluded.discount,
                returns = returns + excluded.returns, return_count = return_count + excluded.return_count,
                revenue = revenue + excluded.revenue, tax = tax + excluded.tax, cost = cost + excluded.cost",
        )?
        .execute(params![
            day,
            hour,
            branch,
            terminal,
            cashier.unwrap_or(""),
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            f[5],
            f[6],
            f[7],
            f[8]
        ])?;
        Ok(())
    }
}

fn insert(conn: &Connection, r: &Row<'_>, hour: &mut Hour) -> crate::Result<()> {
    hour.add(r);
    conn.prepare_cached(
        "INSERT INTO report_lines (day, id, kind, doc_id, hour, branch, terminal, cashier_id, product_id, first,
            quantity, gross, discount, revenue, tax, cost)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        r.day,
        r.id,
        r.kind,
        r.doc_id,
        r.hour,
        r.branch,
        r.terminal,
        r.cashier_id,
        r.product_id,
        r.first,
        r.quantity,
        r.gross,
        r.discount,
        r.revenue,
        r.tax,
        r.cost
    ])?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert_payment(
    conn: &Connection,
    day: i64,
    id: &str,
    doc_id: &str,
    branch: &str,
    terminal: &str,
    cashier_id: &str,
    kind: &str,
    amount: i64,
) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO report_payments (day, id, doc_id, branch, terminal, cashier_id, kind, amount)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![day, id, doc_id, branch, terminal, cashier_id, kind, amount])?;
    Ok(())
}

/// The report rows of a sale just recorded (at the counter or pulled from another terminal).
pub fn index_sale(conn: &Connection, s: &Sale) -> crate::Result<()> {
    let day = business_day(&s.business_date, s.at);
    let hour = wib_day_hour(s.at).1;
    let nets: Vec<i64> = s.lines.iter().map(|l| l.net.rupiah()).collect();
    let dpp = allocate(s.dpp.rupiah(), &nets);
    let ppn = allocate(s.ppn.rupiah(), &nets);
    let first_no = s.lines.iter().map(|l| l.line_no).min();
    let mut sum = Hour::default();
    let (mut sale_gross, mut sale_discount) = (0, 0);
    for (i, l) in s.lines.iter().enumerate() {
        let gross = l.list_price.rupiah() * l.quantity;
        sale_gross += gross;
        sale_discount += gross - l.net.rupiah();
        insert(
            conn,
            &Row {
                day,
                id: &l.id,
                kind: "sale",
                doc_id: &s.id,
                hour,
                branch: &s.branch,
                terminal: &s.terminal,
                cashier_id: Some(&s.cashier_id),
                product_id: &l.product_id,
                first: Some(l.line_no) == first_no,
                quantity: l.quantity,
                gross,
                discount: gross - l.net.rupiah(),
                revenue: dpp[i],
                tax: ppn[i],
                cost: l.unit_cost.rupiah() * l.quantity,
            },
            &mut sum,
        )?;
    }
    sum.save(conn, day, hour, &s.branch, &s.terminal, Some(&s.cashier_id))?;
    if sale_discount != 0 {
        conn.prepare_cached(
            "INSERT INTO report_discounts (day, doc_id, branch, receipt_no, cashier_id, gross, discount)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            day,
            s.id,
            s.branch,
            s.receipt_no,
            s.cashier_id,
            sale_gross,
            sale_discount
        ])?;
    }
    for (i, t) in s.tenders.iter().enumerate() {
        let id = format!("{}:{i}", s.id);
        insert_payment(
            conn,
            day,
            &id,
            &s.id,
            &s.branch,
            &s.terminal,
            &s.cashier_id,
            t.kind.as_str(),
            t.amount.rupiah(),
        )?;
    }
    Ok(())
}

/// The report rows of a return just recorded: negative quantities and amounts on the day of the
/// return, at the cost the goods were sold at.
pub fn index_return(conn: &Connection, r: &Return) -> crate::Result<()> {
    let day = business_day(&r.business_date, r.at);
    let hour = wib_day_hour(r.at).1;
    let amounts: Vec<i64> = r.lines.iter().map(|l| l.amount.rupiah()).collect();
    let dpp = allocate(r.dpp.rupiah(), &amounts);
    let ppn = allocate(r.ppn.rupiah(), &amounts);
    let mut sold = conn.prepare_cached("SELECT product_id, unit_cost FROM sale_lines WHERE id = ?1")?;
    let mut sum = Hour::default();
    for (i, l) in r.lines.iter().enumerate() {
        let (product_id, unit_cost): (String, i64) =
            sold.query_row([&l.sale_line_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
        let id = if l.id.is_empty() {
            format!("{}:{}", r.id, l.sale_line_id)
        } else {
            l.id.clone()
        };
        insert(
            conn,
            &Row {
                day,
                id: &id,
                kind: "return",
                doc_id: &r.id,
                hour,
                branch: &r.branch,
                terminal: &r.terminal,
                cashier_id: Some(&r.cashier_id),
                product_id: &product_id,
                first: i == 0,
                quantity: -l.quantity,
                gross: -l.amount.rupiah(),
                discount: 0,
                revenue: -dpp[i],
                tax: -ppn[i],
                cost: -unit_cost * l.quantity,
            },
            &mut sum,
        )?;
    }
    sum.save(conn, day, hour, &r.branch, &r.terminal, Some(&r.cashier_id))?;
    for (i, t) in r.tenders.iter().enumerate() {
        let id = format!("{}:{i}", r.id);
        insert_payment(
            conn,
            day,
            &id,
            &r.id,
            &r.branch,
            &r.terminal,
            &r.cashier_id,
            t.kind.as_str(),
            -t.amount.rupiah(),
        )?;
    }
    Ok(())
}

/// The report rows of an order on the day it ships (the day the goods leave): its lines at their
/// ordered price split into DPP and PPN by the store's tax settings; shipping is not revenue. The
/// cost is the product's cost when it ships. An order made from a till's sale is already in that
/// sale, and is not counted again.
pub fn index_shipment(conn: &Connection, order_id: &str, at_ms: i64) -> crate::Result<()> {
    let Some(order) = crate::orders::get(conn, order_id)? else {
        return Ok(());
    };
    if order.sale_id.is_some() {
        return Ok(());
    }
    let terminal = if order.source == "online" {
        ONLINE_TERMINAL
    } else {
        ORDER_TERMINAL
    };
    let (mode, rate) = crate::profile::get(conn)?
        .map(|p| p.tax())
        .unwrap_or((TaxMode::NotRegistered, TaxRate::STANDARD));
    let amounts: Vec<i64> = order.lines.iter().map(|l| l.unit_price * l.quantity).collect();
    let subtotal =
        pos_domain::Money::new(amounts.iter().sum()).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
    let tax =
        pos_domain::tax::breakdown(subtotal, mode, rate).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
    let dpp = allocate(tax.dpp.rupiah(), &amounts);
    let ppn = allocate(tax.ppn.rupiah(), &amounts);
    let (day, hour) = wib_day_hour(at_ms);
    let mut cost_of = conn.prepare_cached("SELECT cost FROM products WHERE id = ?1")?;
    let mut sum = Hour::default();
    for (i, l) in order.lines.iter().enumerate() {
        let cost: i64 = cost_of
            .query_row([&l.product_id], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        insert(
            conn,
            &Row {
                day,
                id: &l.id,
                kind: "order",
                doc_id: &order.id,
                hour,
                branch: &order.branch,
                terminal,
                cashier_id: None,
                product_id: &l.product_id,
                first: i == 0,
                quantity: l.quantity,
                gross: amounts[i],
                discount: 0,
                revenue: dpp[i],
                tax: ppn[i],
                cost: cost * l.quantity,
            },
            &mut sum,
        )?;
    }
    sum.save(conn, day, hour, &order.branch, terminal, None)
}

/// Builds the report rows of every fact already in the file, once (a file from before reports
/// existed); later facts are indexed as they are recorded.
pub fn build_if_needed(conn: &Connection) -> crate::Result<bool> {
    let built: i64 = conn.query_row("SELECT built FROM report_state WHERE id = 1", [], |r| r.get(0))?;
    if built != 0 {
        return Ok(false);
    }
    let tx = conn.unchecked_transaction()?;
    rebuild(&tx)?;
    tx.execute("UPDATE report_state SET built = 1 WHERE id = 1", [])?;
    tx.commit()?;
    Ok(true)
}

/// Throws the report rows away and derives them again from the facts.
pub fn rebuild(conn: &Connection) -> crate::Result<()> {
    conn.execute_batch(
        "DELETE FROM report_lines; DELETE FROM report_payments; DELETE FROM report_hours; DELETE FROM report_discounts;",
    )?;
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM sales ORDER BY at")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        if let Some(s) = crate::sales::get(conn, &id)? {
            index_sale(conn, &s)?;
        }
    }
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM returns ORDER BY at")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        index_return(conn, &load_return(conn, &id)?)?;
    }
    let shipped: Vec<(String, i64)> = conn
        .prepare(
            "SELECT o.id, (SELECT max(e.at) FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'shipped')
             FROM orders o WHERE o.sale_id IS NULL AND o.status IN ('shipped', 'delivered')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(0))))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, at) in shipped {
        index_shipment(conn, &id, at)?;
    }
    Ok(())
}

/// A recorded return with its lines and tenders, as [`index_return`] reads it.
fn load_return(conn: &Connection, id: &str) -> crate::Result<Return> {
    let m = |v: i64| pos_domain::Money::new(v).map_err(|e| crate::StoreError::Corrupt(e.to_string()));
    let mut r = conn.query_row(
        "SELECT id, return_no, sale_id, branch, terminal, shift_id, cashier_id, approved_by, at, business_date,
            reason, dpp, ppn, total FROM returns WHERE id = ?1",
        [id],
        |r| {
            Ok((
                Return {
                    id: r.get(0)?,
                    return_no: r.get(1)?,
                    sale_id: r.get(2)?,
                    branch: r.get(3)?,
                    terminal: r.get(4)?,
                    shift_id: r.get(5)?,
                    cashier_id: r.get(6)?,
                    approved_by: r.get(7)?,
                    at: r.get(8)?,
                    business_date: r.get(9)?,
                    reason: r.get(10)?,
                    dpp: Default::default(),
                    ppn: Default::default(),
                    total: Default::default(),
                    lines: Vec::new(),
                    tenders: Vec::new(),
                },
                r.get::<_, i64>(11)?,
                r.get::<_, i64>(12)?,
                r.get::<_, i64>(13)?,
            ))
        },
    )?;
    let (ret, dpp, ppn, total) = &mut r;
    ret.dpp = m(*dpp)?;
    ret.ppn = m(*ppn)?;
    ret.total = m(*total)?;
    let lines: Vec<(String, String, i64, i64)> = conn
        .prepare_cached(
            "SELECT id, sale_line_id, quantity, amount FROM return_lines WHERE return_id = ?1 ORDER BY rowid",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (line_id, sale_line_id, quantity, amount) in lines {
        ret.lines.push(crate::sales::ReturnLine {
            id: line_id,
            product_id: String::new(),
            sale_line_id,
            quantity,
            amount: m(amount)?,
        });
    }
    ret.tenders = crate::sales::tenders_of(conn, "return_id", id)?;
    Ok(r.0)
}
