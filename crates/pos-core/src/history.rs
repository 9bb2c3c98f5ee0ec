//! A generated trading history: sales with lines, discounts and tenders, returns a few days
//! later with their reasons, a closed shift per terminal and day (now and then a cash
//! difference), restocks when the shelf runs out. Written through pos-store's own inserts, so
//! the report rows are the ones a till writes. The demo store gets ninety days of it, so its
//! owner has something to read on the dashboard; the report benchmarks get a year with a
//! million lines.

use crate::Result;
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use pos_domain::{Money, TaxMode, TaxRate};
use pos_store::rusqlite::Connection;
use pos_store::sales::{Return, ReturnLine, Sale, SaleLine, Tender, TenderKind};

/// A small, fast, reproducible generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A rank in 0..n: `uniform_pct` of the picks spread evenly, the rest log-uniform over the
    /// ranks (the first ranks, strings and picks, sell every hour). At 50% about a third of the
    /// picks land in the first 1% of a large catalogue.
    pub fn popular(&mut self, n: u64, uniform_pct: u64) -> u64 {
        if self.below(100) < uniform_pct {
            return self.below(n);
        }
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) - 1.0) as u64 % n.max(1)
    }
}

/// What to generate.
pub struct Spec {
    /// The last WIB day of the history (inclusive).
    pub last_day: NaiveDate,
    pub days: i64,
    /// Sale lines in all (about 3 per sale).
    pub lines: usize,
    pub branches: Vec<String>,
    pub terminals: Vec<String>,
    /// Who sells; the first also approves the others' returns (a supervisor: the owner).
    pub cashiers: Vec<String>,
    /// Add stock ("receipt") when a sale would take a product below zero.
    pub restock: bool,
    /// The share of picks spread evenly over the catalogue; the rest favour the cheapest.
    pub uniform_pct: u64,
    pub seed: u64,
    /// Append every shift, sale and return to the sync outbox as the till does, so that linking
    /// the store sends the history too (the demo; a benchmark file does not need it).
    pub queue: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Made {
    pub sales: u64,
    pub lines: u64,
    pub returns: u64,
}

type Item = pos_store::products::PricedItem;

const REASONS: [&str; 4] = ["cacat produksi", "salah ukuran", "berubah pikiran", "tidak cocok"];

/// Writes the history into `conn` (the caller holds the transaction). Products are the active
/// ones already in the file; the cheapest sell most.
pub fn generate(conn: &Connection, spec: &Spec) -> Result<Made> {
    let items: Vec<Item> = pos_store::products::active_by_price(conn)?;
    if items.is_empty() || spec.cashiers.is_empty() || spec.branches.is_empty() || spec.terminals.is_empty() {
        return Ok(Made::default());
    }
    let (mode, rate) = pos_store::profile::get(conn)?
        .map(|p| p.tax())
        .unwrap_or((TaxMode::NotRegistered, TaxRate::STANDARD));
    let tax_mode = mode.as_str();
    let money = |v: i64| Money::new(v).map_err(|e| crate::CoreError::internal(e.to_string()));
    let first_day = spec.last_day - Duration::days(spec.days - 1);
    let midnight = |d: NaiveDate| {
        Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .timestamp_millis()
            - 7 * 3_600_000
    };
    let mut rng = Rng::new(spec.seed);
    let per_day = spec.lines as f64 / spec.days as f64;
    let tenders = [
        TenderKind::Cash,
        TenderKind::Card,
        TenderKind::Qris,
        TenderKind::Transfer,
    ];
    let mut made = Made::default();
    let mut pending_returns: Vec<(i64, Sale)> = Vec::new();
    let mut lines_done = 0usize;
    for d in 0..spec.days {
        let day = first_day + Duration::days(d);
        let start = midnight(day);
        // Weekends sell more.
        let weekend = matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        let target = ((per_day * (d + 1) as f64) as usize).min(spec.lines);
        let mut day_lines = target.saturating_sub(lines_done);
        if weekend {
            day_lines += day_lines / 5;
        }
        let mut shifts = Vec::new();
        for b in &spec.branches {
            for t in &spec.terminals {
                let id = pos_domain::new_id();
                let cashier = &spec.cashiers[rng.below(spec.cashiers.len() as u64) as usize];
                let variance = match rng.below(40) {
                    0 => -((1 + rng.below(10)) as i64 * 5_000),
                    1 => (1 + rng.below(4)) as i64 * 1_000,
                    _ => 0,
                };
                let float = Money::new(500_000).map_err(crate::CoreError::internal)?;
                let closed = pos_store::shifts::Shift {
                    id: id.clone(),
                    terminal: t.clone(),
                    branch: b.clone(),
                    opened_by: cashier.clone(),
                    opened_by_name: String::new(),
                    opened_at: start + 9 * 3_600_000,
                    opening_float: float,
                    closed_at: Some(start + 21 * 3_600_000 + 30 * 60_000),
                    closed_by: Some(cashier.clone()),
                    counted_cash: Money::new(500_000 + variance).ok(),
                    expected_cash: Some(float),
                    note: String::new(),
                };
                pos_store::shifts::insert_closed(conn, &closed)?;
                if spec.queue {
                    let mut opened = pos_store::shifts::get(conn, &id)?
                        .ok_or_else(|| crate::CoreError::internal("a generated shift vanished"))?;
                    (
                        opened.closed_at,
                        opened.closed_by,
                        opened.counted_cash,
                        opened.expected_cash,
                    ) = (None, None, None, None);
                    pos_store::outbox::append(conn, "shift_opened", &id, &opened, opened.opened_at, Some(cashier))?;
                }
                shifts.push((b.clone(), t.clone(), id, cashier.clone()));
            }
        }
        let mut at = start + 10 * 3_600_000;
        let step = (11 * 3_600_000) / (day_lines as i64 / 3 + 1).max(1);
        while day_lines > 0 {
            let n = (1 + rng.below(5) as usize).min(day_lines);
            day_lines -= n;
            at += 1 + rng.below((step.max(2) * 2) as u64) as i64;
            let at_sale = at.min(start + 21 * 3_600_000);
            let (branch, terminal, shift, cashier) = &shifts[rng.below(shifts.len() as u64) as usize];
            let mut lines = Vec::with_capacity(n);
            let (mut gross, mut net_sum) = (0i64, 0i64);
            for k in 0..n {
                let it = &items[rng.popular(items.len() as u64, spec.uniform_pct) as usize];
                let q = 1 + (rng.below(10) / 8) as i64;
                if spec.restock {
                    // The sale's own earlier lines of this product leave with it too.
                    let in_cart: i64 = lines
                        .iter()
                        .filter(|l: &&SaleLine| l.product_id == it.id)
                        .map(|l| l.quantity)
                        .sum();
                    let on_hand = pos_store::stock::on_hand(conn, &it.id, branch)? - in_cart;
                    if on_hand < q {
                        pos_store::stock::insert(
                            conn,
                            &pos_store::stock::NewMovement {
                                product_id: &it.id,
                                branch,
                                quantity: q - on_hand + 5,
                                reason: "receipt",
                                note: "restock",
                                user_id: None,
                                at: at_sale - 3_600_000,
                                ref_id: None,
                            },
                        )?;
                    }
                }
                let disc = if rng.below(10) == 0 { it.price * q / 20 } else { 0 };
                let net = it.price * q - disc;
                gross += it.price * q;
                net_sum += net;
                lines.push(SaleLine {
                    id: pos_domain::new_id(),
                    line_no: k as i64 + 1,
                    product_id: it.id.clone(),
                    sku: it.sku.clone(),
                    name: it.name.clone(),
                    quantity: q,
                    list_price: money(it.price)?,
                    unit_price: money(it.price)?,
                    line_discount: money(disc)?,
                    sale_discount: Money::ZERO,
                    net: money(net)?,
                    unit_cost: money(it.cost)?,
                    returned: 0,
                    refunded: Money::ZERO,
                });
            }
            let tax = pos_domain::tax::breakdown(money(net_sum)?, mode, rate)
                .map_err(|e| crate::CoreError::internal(e.to_string()))?;
            made.sales += 1;
            made.lines += n as u64;
            let sale = Sale {
                id: pos_domain::new_id(),
                receipt_no: format!("{branch}-{terminal}-H{:07}", made.sales),
                client_ref: pos_domain::new_id(),
                branch: branch.clone(),
                terminal: terminal.clone(),
                shift_id: shift.clone(),
                cashier_id: cashier.clone(),
                cashier_name: String::new(),
                customer_id: None,
                at: at_sale,
                business_date: day.to_string(),
                gross: money(gross)?,
                discount_total: money(gross - net_sum)?,
                dpp: tax.dpp,
                ppn: tax.ppn,
                total: tax.total,
                tax_mode: tax_mode.into(),
                ppn_rate_bp: rate.basis_points() as i64,
                paid: tax.total,
                change_due: Money::ZERO,
                discount_approved_by: None,
                lines,
                tenders: vec![Tender {
                    kind: tenders[rng.below(4) as usize],
                    amount: tax.total,
                    reference: String::new(),
                }],
            };
            for m in &sale.lines {
                pos_store::stock::insert_with_id(
                    conn,
                    &m.id,
                    &pos_store::stock::NewMovement {
                        product_id: &m.product_id,
                        branch,
                        quantity: -m.quantity,
                        reason: "sale",
                        note: &sale.receipt_no,
                        user_id: Some(cashier),
                        at: at_sale,
                        ref_id: Some(&sale.id),
                    },
                )?;
            }
            pos_store::trade::record_sale(conn, &sale)?;
            if spec.queue {
                pos_store::outbox::append(conn, "sale", &sale.id, &sale, at_sale, Some(&sale.cashier_id))?;
            }
            if rng.below(100) == 0 {
                pending_returns.push((at_sale + (2 + rng.below(4) as i64) * 86_400_000, sale));
            }
        }
        lines_done = target;
        // Returns whose day has come: the first line, all of it.
        let end = start + 86_400_000;
        let due: Vec<(i64, Sale)> = {
            let (due, later): (Vec<_>, Vec<_>) = pending_returns.drain(..).partition(|(when, _)| *when < end);
            pending_returns = later;
            due
        };
        for (when, s) in due {
            let when = when.max(start + 10 * 3_600_000);
            let l = &s.lines[0];
            let t =
                pos_domain::tax::breakdown(l.net, mode, rate).map_err(|e| crate::CoreError::internal(e.to_string()))?;
            made.returns += 1;
            let r = Return {
                id: pos_domain::new_id(),
                return_no: format!("{}-{}-HR{:06}", s.branch, s.terminal, made.returns),
                sale_id: s.id.clone(),
                branch: s.branch.clone(),
                terminal: s.terminal.clone(),
                shift_id: shifts
                    .iter()
                    .find(|x| x.0 == s.branch && x.1 == s.terminal)
                    .map(|x| x.2.clone())
                    .unwrap_or(s.shift_id.clone()),
                cashier_id: s.cashier_id.clone(),
                // The first of the spec's people (the owner, in the demo) approves the others'.
                approved_by: (s.cashier_id != spec.cashiers[0]).then(|| spec.cashiers[0].clone()),
                at: when,
                business_date: day.to_string(),
                reason: REASONS[rng.below(REASONS.len() as u64) as usize].into(),
                dpp: t.dpp,
                ppn: t.ppn,
                total: t.total,
                lines: vec![ReturnLine {
                    id: pos_domain::new_id(),
                    product_id: l.product_id.clone(),
                    sale_line_id: l.id.clone(),
                    quantity: l.quantity,
                    amount: l.net,
                }],
                tenders: vec![Tender {
                    kind: TenderKind::Cash,
                    amount: t.total,
                    reference: String::new(),
                }],
            };
            pos_store::stock::insert_with_id(
                conn,
                &r.lines[0].id,
                &pos_store::stock::NewMovement {
                    product_id: &l.product_id,
                    branch: &s.branch,
                    quantity: l.quantity,
                    reason: "return",
                    note: &r.return_no,
                    user_id: Some(&s.cashier_id),
                    at: when,
                    ref_id: Some(&r.id),
                },
            )?;
            pos_store::trade::record_return(conn, &r)?;
            if spec.queue {
                pos_store::outbox::append(conn, "return", &r.id, &r, when, Some(&r.cashier_id))?;
            }
        }
        if spec.queue {
            for (_, _, id, _) in &shifts {
                let closed = pos_store::shifts::get(conn, id)?
                    .ok_or_else(|| crate::CoreError::internal("a generated shift vanished"))?;
                let at = closed.closed_at.unwrap_or(end);
                pos_store::outbox::append(conn, "shift_closed", id, &closed, at, closed.closed_by.as_deref())?;
            }
        }
    }
    Ok(made)
}
