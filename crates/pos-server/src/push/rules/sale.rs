//! A sale: rung up by a person who may sell, in this terminal's open shift, numbered by this
//! terminal, dated in turn, of products the store has; its lines, discounts, PPN and tenders add
//! up exactly as the till's pricing makes them, with the store's tax settings; a discount above
//! the cashier's limit carries the supervisor who allowed it.

use super::{Effects, Judge, LedgerRow, MAX_QUANTITY, Reason, id_ok, parse, same_id};
use pos_domain::roles::Permission;
use pos_domain::tax::breakdown;
use pos_domain::{Money, TaxMode, TaxRate};
use pos_protocol::Record;
use serde::Deserialize;

#[derive(Deserialize)]
struct Sale {
    id: String,
    receipt_no: String,
    branch: String,
    terminal: String,
    shift_id: String,
    cashier_id: String,
    at: i64,
    business_date: String,
    gross: Money,
    discount_total: Money,
    dpp: Money,
    ppn: Money,
    total: Money,
    tax_mode: String,
    ppn_rate_bp: i64,
    paid: Money,
    change_due: Money,
    #[serde(default)]
    discount_approved_by: Option<String>,
    lines: Vec<Line>,
    tenders: Vec<Tender>,
}

#[derive(Deserialize)]
struct Line {
    id: String,
    product_id: String,
    quantity: i64,
    list_price: Money,
    unit_price: Money,
    line_discount: Money,
    sale_discount: Money,
    net: Money,
}

#[derive(Deserialize)]
struct Tender {
    kind: String,
    amount: Money,
}

/// Receipts are `BRANCH-TERMINAL-000123`; the demo's generated history is `…-H0000001`.
const SERIES: [&str; 2] = ["", "H"];

fn bp(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        ((part as i128 * 10_000 + whole as i128 - 1) / whole as i128) as i64
    }
}

pub fn judge(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    let s: Sale = parse(&r.payload)?;
    same_id(r, &s.id)?;
    j.own(&s.branch, Some(&s.terminal))?;
    let by = j.may(r.by.as_deref(), Permission::Sell)?;
    if by != s.cashier_id {
        return Err(format!("rung up by {} but pushed as {by}", s.cashier_id));
    }
    j.number(&s.receipt_no, &SERIES)?;
    j.when(s.at)?;
    j.shift_open_at(&s.shift_id, s.at)?;
    if s.business_date != pos_domain::clock::wib_date_of_ms(s.at).to_string() {
        return Err("the business date is not the WIB date of the sale's time".into());
    }
    if s.lines.is_empty() || s.lines.len() > 500 || s.tenders.is_empty() || s.tenders.len() > 10 {
        return Err("a sale needs 1 to 500 lines and 1 to 10 tenders".into());
    }
    j.new_ledger_ids(s.lines.iter().map(|l| l.id.as_str()))?;

    // The store's tax, as the till must have applied it.
    let mode = TaxMode::parse(&s.tax_mode);
    let rate = TaxRate::from_basis_points(s.ppn_rate_bp).ok_or("the PPN rate is out of range")?;
    if let Some((want_mode, want_rate)) = j.ctx.tax
        && (mode != want_mode || (mode != TaxMode::NotRegistered && rate != want_rate))
    {
        return Err(format!(
            "charged PPN as {} at {} bp, but the store's settings say {} at {} bp",
            mode.as_str(),
            rate.basis_points(),
            want_mode.as_str(),
            want_rate.basis_points()
        ));
    }

    // Lines: each adds up, and so do their sums.
    let (mut gross, mut discounts, mut net, mut after_lines) = (0i64, 0i64, 0i64, 0i64);
    let mut over_limit = false;
    let limit = j.ctx.discount_limit_bp;
    for l in &s.lines {
        if !(1..=MAX_QUANTITY).contains(&l.quantity) || !id_ok(&l.product_id) {
            return Err("a sale line needs a product and a quantity of 1 or more".into());
        }
        j.product_known(&l.product_id)?;
        let amounts = [l.list_price, l.unit_price, l.line_discount, l.sale_discount, l.net];
        if amounts.iter().any(|m| m.rupiah() < 0) {
            return Err("a sale line's prices and discounts are 0 or more".into());
        }
        let line_gross = l
            .unit_price
            .checked_mul(l.quantity)
            .map_err(|_| "a line is too large")?;
        let after = line_gross
            .checked_sub(l.line_discount)
            .map_err(|_| "a line is too large")?;
        if after.checked_sub(l.sale_discount).ok() != Some(l.net) || l.net.rupiah() < 0 {
            return Err(format!("line {}: quantity × price − discounts is not its net", l.id));
        }
        let line_list = l
            .list_price
            .checked_mul(l.quantity)
            .map_err(|_| "a line is too large")?;
        if bp((line_list.rupiah() - after.rupiah()).max(0), line_list.rupiah()) > limit {
            over_limit = true;
        }
        gross += line_gross.rupiah();
        discounts += l.line_discount.rupiah() + l.sale_discount.rupiah();
        net += l.net.rupiah();
        after_lines += after.rupiah();
    }
    let sale_discount: i64 = s.lines.iter().map(|l| l.sale_discount.rupiah()).sum();
    if bp(sale_discount, after_lines) > limit {
        over_limit = true;
    }
    if s.gross.rupiah() != gross || s.discount_total.rupiah() != discounts {
        return Err("the sale's gross and discounts are not the sums of its lines".into());
    }
    let net = Money::new(net).map_err(|_| "the sale is too large")?;
    let tax = breakdown(net, mode, rate).map_err(|_| "the sale is too large")?;
    if (s.dpp, s.ppn, s.total) != (tax.dpp, tax.ppn, tax.total) {
        return Err(format!(
            "DPP {} + PPN {} = {} does not follow from the lines ({} + {} = {})",
            s.dpp, s.ppn, s.total, tax.dpp, tax.ppn, tax.total
        ));
    }

    // Tenders pay the total exactly (cash is stored net of change).
    let mut paid = 0i64;
    for t in &s.tenders {
        if !["cash", "card", "transfer", "qris"].contains(&t.kind.as_str()) || t.amount.rupiah() < 0 {
            return Err(format!("unknown tender {:?}", t.kind));
        }
        paid += t.amount.rupiah();
    }
    if paid != s.total.rupiah()
        || s.paid.rupiah() - s.change_due.rupiah() != s.total.rupiah()
        || s.change_due.rupiah() < 0
    {
        return Err("the tenders do not pay the total".into());
    }

    // A discount above the limit: the cashier supervises, or a supervisor approved it.
    if over_limit && !j.holds(by, Permission::Supervise) {
        match s.discount_approved_by.as_deref() {
            Some(a) if j.holds(a, Permission::Supervise) => {}
            Some(a) => {
                return Err(format!(
                    "the discount was approved by {a}, who may not approve discounts"
                ));
            }
            None => {
                return Err(format!(
                    "a discount above the cashier's limit ({limit} bp) without a supervisor's approval"
                ));
            }
        }
    }

    // Accepted: the ledger, the sale and its lines for later returns.
    for l in &s.lines {
        fx.ledger.push((
            LedgerRow {
                id: l.id.clone(),
                product_id: l.product_id.clone(),
                branch: s.branch.clone(),
                quantity: -l.quantity,
                reason: "sale".into(),
            },
            s.id.clone(),
            Some(s.id.clone()),
        ));
        j.ctx.ledger_ids.insert(l.id.clone());
        fx.sale_lines.push((
            l.id.clone(),
            s.id.clone(),
            l.product_id.clone(),
            l.quantity,
            l.net.rupiah(),
        ));
        j.ctx.sale_lines.insert(
            l.id.clone(),
            super::super::context::SaleLineRow {
                sale_id: s.id.clone(),
                product_id: l.product_id.clone(),
                quantity: l.quantity,
                net: l.net.rupiah(),
                returned: 0,
            },
        );
    }
    fx.sales.push((
        s.id.clone(),
        s.receipt_no.clone(),
        s.branch.clone(),
        mode.as_str().to_string(),
        rate.basis_points() as i64,
    ));
    j.ctx
        .sales
        .insert(s.id.clone(), super::super::context::SaleRow { tax_mode: mode, rate });
    j.ctx.numbers.insert(s.receipt_no);
    j.reported(s.at);
    Ok(())
}
