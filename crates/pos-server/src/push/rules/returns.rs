//! A return: taken back by a person who may sell (with a supervisor's approval when the store's
//! policy asks for one), in this terminal's open shift, numbered by this terminal, against a sale
//! the store has, for no more than was sold less what was already returned (judged under the
//! store's lock, so two tills can never return the same unit twice), refunding exactly each
//! line's share of what the customer paid, with the sale's own PPN.

use super::{Effects, Judge, LedgerRow, MAX_QUANTITY, Reason, parse, same_id};
use pos_domain::Money;
use pos_domain::pricing::refund_share;
use pos_domain::roles::Permission;
use pos_domain::tax::breakdown;
use pos_protocol::Record;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Return {
    id: String,
    return_no: String,
    sale_id: String,
    branch: String,
    terminal: String,
    shift_id: String,
    cashier_id: String,
    approved_by: Option<String>,
    at: i64,
    dpp: Money,
    ppn: Money,
    total: Money,
    lines: Vec<Line>,
    tenders: Vec<Tender>,
}

#[derive(Deserialize)]
struct Line {
    id: String,
    product_id: String,
    sale_line_id: String,
    quantity: i64,
    amount: Money,
}

#[derive(Deserialize)]
struct Tender {
    amount: Money,
}

const SERIES: [&str; 2] = ["R", "HR"];

pub fn judge(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    let ret: Return = parse(&r.payload)?;
    same_id(r, &ret.id)?;
    j.own(&ret.branch, Some(&ret.terminal))?;
    let by = j.may(r.by.as_deref(), Permission::Sell)?;
    if by != ret.cashier_id {
        return Err(format!("taken back by {} but pushed as {by}", ret.cashier_id));
    }
    match ret.approved_by.as_deref() {
        Some(a) if !j.holds(a, Permission::Supervise) => {
            return Err(format!("approved by {a}, who may not approve returns"));
        }
        None if j.ctx.returns_need_supervisor && !j.holds(by, Permission::Supervise) => {
            return Err("the store's policy needs a supervisor's approval for returns".into());
        }
        _ => {}
    }
    j.number(&ret.return_no, &SERIES)?;
    j.when(ret.at)?;
    j.shift_open_at(&ret.shift_id, ret.at)?;
    let sale = j
        .ctx
        .sales
        .get(&ret.sale_id)
        .cloned()
        .ok_or_else(|| format!("sale {} is not on the server", ret.sale_id))?;
    if ret.lines.is_empty() || ret.lines.len() > 500 || ret.tenders.len() != 1 {
        return Err("a return needs 1 to 500 lines and one refund".into());
    }
    j.new_ledger_ids(ret.lines.iter().map(|l| l.id.as_str()))?;
    let mut before: HashMap<&str, i64> = HashMap::new();
    let mut sum = 0i64;
    for l in &ret.lines {
        let line = j
            .ctx
            .sale_lines
            .get(&l.sale_line_id)
            .filter(|sl| sl.sale_id == ret.sale_id)
            .ok_or_else(|| format!("line {} is not a line of sale {}", l.sale_line_id, ret.sale_id))?;
        if line.product_id != l.product_id {
            return Err(format!(
                "line {} sold {}, not {}",
                l.sale_line_id, line.product_id, l.product_id
            ));
        }
        let earlier = line.returned + before.get(l.sale_line_id.as_str()).copied().unwrap_or(0);
        if !(1..=MAX_QUANTITY).contains(&l.quantity) || earlier + l.quantity > line.quantity {
            return Err(format!(
                "returns {} of line {} where {} were sold and {} already returned",
                l.quantity, l.sale_line_id, line.quantity, earlier
            ));
        }
        let share = refund_share(
            Money::new(line.net).unwrap_or_default(),
            line.quantity,
            earlier,
            l.quantity,
        );
        if share != l.amount {
            return Err(format!(
                "refunds {} for line {} where its share of what was paid is {}",
                l.amount, l.sale_line_id, share
            ));
        }
        *before.entry(l.sale_line_id.as_str()).or_default() += l.quantity;
        sum += l.amount.rupiah();
    }
    let tax = breakdown(
        Money::new(sum).map_err(|_| "the return is too large")?,
        sale.tax_mode,
        sale.rate,
    )
    .map_err(|_| "the return is too large")?;
    if (ret.dpp, ret.ppn, ret.total) != (tax.dpp, tax.ppn, tax.total) || ret.tenders[0].amount != ret.total {
        return Err("the return's DPP, PPN, total and refund do not follow from its lines".into());
    }

    for l in &ret.lines {
        fx.ledger.push((
            LedgerRow {
                id: l.id.clone(),
                product_id: l.product_id.clone(),
                branch: ret.branch.clone(),
                quantity: l.quantity,
                reason: "return".into(),
            },
            ret.id.clone(),
            None,
        ));
        j.ctx.ledger_ids.insert(l.id.clone());
        fx.returned.push((l.sale_line_id.clone(), l.quantity));
        if let Some(line) = j.ctx.sale_lines.get_mut(&l.sale_line_id) {
            line.returned += l.quantity;
        }
    }
    fx.returns
        .push((ret.id.clone(), ret.return_no.clone(), ret.sale_id.clone()));
    j.ctx.numbers.insert(ret.return_no);
    j.reported(ret.at);
    Ok(())
}
