//! Sales with their lines and tenders, and returns against them. Append-only: the schema refuses
//! updates and deletes; a return is a new fact that points at its sale.

use pos_domain::Money;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TenderKind {
    Cash,
    /// Card through the bank's EDC machine; the approval code is the reference.
    Card,
    Transfer,
    Qris,
}

impl TenderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TenderKind::Cash => "cash",
            TenderKind::Card => "card",
            TenderKind::Transfer => "transfer",
            TenderKind::Qris => "qris",
        }
    }

    pub fn parse(s: &str) -> Option<TenderKind> {
        [
            TenderKind::Cash,
            TenderKind::Card,
            TenderKind::Transfer,
            TenderKind::Qris,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Tender {
    pub kind: TenderKind,
    /// The part of the total this tender paid (cash net of change).
    pub amount: Money,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SaleLine {
    pub id: String,
    pub line_no: i64,
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub list_price: Money,
    pub unit_price: Money,
    pub line_discount: Money,
    pub sale_discount: Money,
    pub net: Money,
    pub unit_cost: Money,
    /// Units already returned.
    pub returned: i64,
    /// Amount already refunded for this line.
    pub refunded: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Sale {
    pub id: String,
    pub receipt_no: String,
    pub client_ref: String,
    pub branch: String,
    pub terminal: String,
    pub shift_id: String,
    pub cashier_id: String,
    pub cashier_name: String,
    pub customer_id: Option<String>,
    pub at: i64,
    pub business_date: String,
    pub gross: Money,
    pub discount_total: Money,
    pub dpp: Money,
    pub ppn: Money,
    pub total: Money,
    pub tax_mode: String,
    pub ppn_rate_bp: i64,
    pub paid: Money,
    pub change_due: Money,
    /// The supervisor who approved a discount above the cashier's limit (the sync server checks
    /// that such a sale carries one who may).
    #[serde(default)]
    pub discount_approved_by: Option<String>,
    pub lines: Vec<SaleLine>,
    pub tenders: Vec<Tender>,
}

fn m(v: i64) -> Money {
    Money::new(v).unwrap_or_default()
}

pub(crate) fn insert(conn: &Connection, s: &Sale) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sales (id, receipt_no, client_ref, branch, terminal, shift_id, cashier_id, customer_id, at,
            business_date, gross, discount_total, dpp, ppn, total, tax_mode, ppn_rate_bp, paid, change_due)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?
    .execute(params![
        s.id,
        s.receipt_no,
        s.client_ref,
        s.branch,
        s.terminal,
        s.shift_id,
        s.cashier_id,
        s.customer_id,
        s.at,
        s.business_date,
        s.gross.rupiah(),
        s.discount_total.rupiah(),
        s.dpp.rupiah(),
        s.ppn.rupiah(),
        s.total.rupiah(),
        s.tax_mode,
        s.ppn_rate_bp,
        s.paid.rupiah(),
        s.change_due.rupiah()
    ])?;
    let mut line = conn.prepare_cached(
        "INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity, list_price, unit_price,
            line_discount, sale_discount, net, unit_cost)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for l in &s.lines {
        line.execute(params![
            l.id,
            s.id,
            l.line_no,
            l.product_id,
            l.sku,
            l.name,
            l.quantity,
            l.list_price.rupiah(),
            l.unit_price.rupiah(),
            l.line_discount.rupiah(),
            l.sale_discount.rupiah(),
            l.net.rupiah(),
            l.unit_cost.rupiah()
        ])?;
    }
    insert_tenders(conn, Some(&s.id), None, &s.tenders)
}

pub fn insert_tenders(
    conn: &Connection,
    sale_id: Option<&str>,
    return_id: Option<&str>,
    tenders: &[Tender],
) -> crate::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO tenders (id, sale_id, return_id, kind, amount, reference) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for t in tenders {
        stmt.execute(params![
            pos_domain::new_id(),
            sale_id,
            return_id,
            t.kind.as_str(),
            t.amount.rupiah(),
            t.reference
        ])?;
    }
    Ok(())
}

pub fn insert_approval(
    conn: &Connection,
    sale_id: &str,
    line_no: Option<i64>,
    kind: &str,
    by: &str,
    reason: &str,
) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO sale_approvals (id, sale_id, line_no, kind, approved_by, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![pos_domain::new_id(), sale_id, line_no, kind, by, reason],
    )?;
    Ok(())
}

fn load(conn: &Connection, where_: &str, key: &str) -> crate::Result<Option<Sale>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.id, s.receipt_no, s.client_ref, s.branch, s.terminal, s.shift_id, s.cashier_id, u.name, s.customer_id,
                s.at, s.business_date, s.gross, s.discount_total, s.dpp, s.ppn, s.total, s.tax_mode, s.ppn_rate_bp,
                s.paid, s.change_due,
                (SELECT approved_by FROM sale_approvals a WHERE a.sale_id = s.id AND a.kind = 'discount' LIMIT 1)
         FROM sales s JOIN users u ON u.id = s.cashier_id WHERE {where_}"
    ))?;
    let sale = stmt
        .query_row([key], |r| {
            Ok(Sale {
                id: r.get(0)?,
                receipt_no: r.get(1)?,
                client_ref: r.get(2)?,
                branch: r.get(3)?,
                terminal: r.get(4)?,
                shift_id: r.get(5)?,
                cashier_id: r.get(6)?,
                cashier_name: r.get(7)?,
                customer_id: r.get(8)?,
                at: r.get(9)?,
                business_date: r.get(10)?,
                gross: m(r.get(11)?),
                discount_total: m(r.get(12)?),
                dpp: m(r.get(13)?),
                ppn: m(r.get(14)?),
                total: m(r.get(15)?),
                tax_mode: r.get(16)?,
                ppn_rate_bp: r.get(17)?,
                paid: m(r.get(18)?),
                change_due: m(r.get(19)?),
                discount_approved_by: r.get(20)?,
                lines: Vec::new(),
                tenders: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut sale) = sale else { return Ok(None) };
    let mut lines = conn.prepare_cached(
        "SELECT l.id, l.line_no, l.product_id, l.sku, l.name, l.quantity, l.list_price, l.unit_price, l.line_discount,
                l.sale_discount, l.net, l.unit_cost,
                ifnull((SELECT sum(quantity) FROM return_lines WHERE sale_line_id = l.id), 0),
                ifnull((SELECT sum(amount) FROM return_lines WHERE sale_line_id = l.id), 0)
         FROM sale_lines l WHERE l.sale_id = ?1 ORDER BY l.line_no",
    )?;
    sale.lines = lines
        .query_map([&sale.id], |r| {
            Ok(SaleLine {
                id: r.get(0)?,
                line_no: r.get(1)?,
                product_id: r.get(2)?,
                sku: r.get(3)?,
                name: r.get(4)?,
                quantity: r.get(5)?,
                list_price: m(r.get(6)?),
                unit_price: m(r.get(7)?),
                line_discount: m(r.get(8)?),
                sale_discount: m(r.get(9)?),
                net: m(r.get(10)?),
                unit_cost: m(r.get(11)?),
                returned: r.get(12)?,
                refunded: m(r.get(13)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    sale.tenders = tenders_of(conn, "sale_id", &sale.id)?;
    Ok(Some(sale))
}

pub fn tenders_of(conn: &Connection, column: &str, id: &str) -> crate::Result<Vec<Tender>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT kind, amount, reference FROM tenders WHERE {column} = ?1 ORDER BY rowid"
    ))?;
    let rows = stmt.query_map([id], |r| {
        let kind: String = r.get(0)?;
        Ok(Tender {
            kind: TenderKind::parse(&kind).unwrap_or(TenderKind::Cash),
            amount: m(r.get(1)?),
            reference: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<Sale>> {
    load(conn, "s.id = ?1", id)
}

pub fn by_receipt(conn: &Connection, receipt_no: &str) -> crate::Result<Option<Sale>> {
    load(conn, "s.receipt_no = ?1", receipt_no)
}

pub fn by_client_ref(conn: &Connection, client_ref: &str) -> crate::Result<Option<Sale>> {
    load(conn, "s.client_ref = ?1", client_ref)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReturnLine {
    /// Also the id of the stock movement it puts back, on every terminal.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub product_id: String,
    pub sale_line_id: String,
    pub quantity: i64,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Return {
    pub id: String,
    pub return_no: String,
    pub sale_id: String,
    pub branch: String,
    pub terminal: String,
    pub shift_id: String,
    pub cashier_id: String,
    pub approved_by: Option<String>,
    pub at: i64,
    pub business_date: String,
    pub reason: String,
    pub dpp: Money,
    pub ppn: Money,
    pub total: Money,
    pub lines: Vec<ReturnLine>,
    pub tenders: Vec<Tender>,
}

pub(crate) fn insert_return(conn: &Connection, r: &Return) -> crate::Result<()> {
    // Every line gets its id here (older tills sent none), so the report rows can name it.
    let mut owned;
    let r = if r.lines.iter().any(|l| l.id.is_empty()) {
        owned = r.clone();
        for l in owned.lines.iter_mut().filter(|l| l.id.is_empty()) {
            l.id = pos_domain::new_id();
        }
        &owned
    } else {
        r
    };
    conn.execute(
        "INSERT INTO returns (id, return_no, sale_id, branch, terminal, shift_id, cashier_id, approved_by, at,
            business_date, reason, dpp, ppn, total)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            r.id,
            r.return_no,
            r.sale_id,
            r.branch,
            r.terminal,
            r.shift_id,
            r.cashier_id,
            r.approved_by,
            r.at,
            r.business_date,
            r.reason,
            r.dpp.rupiah(),
            r.ppn.rupiah(),
            r.total.rupiah()
        ],
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO return_lines (id, return_id, sale_line_id, quantity, amount) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for l in &r.lines {
        stmt.execute(params![l.id, r.id, l.sale_line_id, l.quantity, l.amount.rupiah()])?;
    }
    insert_tenders(conn, None, Some(&r.id), &r.tenders)
}

/// Flags a product sold below zero. The id is the sale line's, so the server's flag for the same
/// line (made when every terminal's ledger meets) is the same row.
pub fn flag_oversold(
    conn: &Connection,
    id: &str,
    product_id: &str,
    branch: &str,
    sale_id: &str,
    on_hand: i64,
    at: i64,
) -> crate::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO oversold (id, product_id, branch, sale_id, on_hand, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, product_id, branch, sale_id, on_hand, at],
    )?;
    Ok(())
}

pub fn oversold_count(conn: &Connection) -> crate::Result<i64> {
    Ok(
        conn.query_row("SELECT count(*) FROM oversold WHERE resolved_at IS NULL", [], |r| {
            r.get(0)
        })?,
    )
}
