//! Completing a sale. The core prices the cart itself from the catalogue (the UI's figures are
//! never trusted), checks discounts against the cashier's limit and the supervisor's approval,
//! checks the tenders, and writes sale, lines, tenders, stock movements, oversold flags, audit
//! events, the outbox entry and the receipt number in one durable transaction. A retry with the
//! same `client_ref` returns the stored sale instead of selling twice.

use super::approval::needs_approval;
use crate::Core;
use crate::error::{CoreError, Result, bounded, text};
use crate::permissions::Permission;
use pos_domain::money::MAX_AMOUNT;
use pos_domain::pricing::{Discount, LineInput, PricingError, price_sale};
use pos_domain::{Money, TaxMode, TaxRate, wib_date};
use pos_store::sales::{self, Sale, SaleLine, Tender, TenderKind};
use pos_store::settings::Series;
use pos_store::{products, stock};
use serde::{Deserialize, Serialize};

pub const MAX_LINES: usize = 200;
pub const MAX_LINE_QUANTITY: i64 = 10_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CartLine {
    pub product_id: String,
    pub quantity: i64,
    /// A price override per unit; none sells at the catalogue price.
    pub unit_price: Option<i64>,
    pub discount: Option<Discount>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct TenderInput {
    pub kind: Option<TenderKind>,
    /// For cash: what the customer handed over (change is worked out). Otherwise: the amount.
    pub amount: i64,
    /// Card: the EDC approval code; transfer: the bank reference.
    pub reference: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CheckoutRequest {
    /// The till's id for this cart; a retried checkout with the same value sells nothing twice.
    pub client_ref: String,
    pub lines: Vec<CartLine>,
    pub sale_discount: Option<Discount>,
    pub customer_id: Option<String>,
    pub tenders: Vec<TenderInput>,
    /// A supervisor's approval for discounts above the cashier's limit.
    pub approval_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct CheckoutResult {
    pub sale: Sale,
    pub printed: bool,
    pub print_error: Option<String>,
}

fn pricing_error(e: PricingError, field: &str) -> CoreError {
    match e {
        PricingError::BadPercent => CoreError::invalid(
            field,
            "A percentage is between 0 and 100",
            "Persentase antara 0 dan 100",
        ),
        PricingError::NegativeDiscount => {
            CoreError::invalid(field, "A discount cannot be negative", "Diskon tidak boleh negatif")
        }
        PricingError::DiscountTooLarge => CoreError::invalid(
            field,
            "The discount is larger than the amount",
            "Diskon melebihi jumlahnya",
        ),
        PricingError::Money(_) => CoreError::invalid(field, "The amount is too large", "Jumlahnya terlalu besar"),
    }
}

/// Checks the tenders against the total: non-cash never exceeds what is left, cash may (and gives
/// change). Returns the tenders as stored (cash net of change), total paid and change.
pub(crate) fn settle(total: Money, input: &[TenderInput]) -> Result<(Vec<Tender>, Money, Money)> {
    if input.is_empty() || input.len() > 10 {
        return Err(CoreError::invalid(
            "tenders",
            "Choose how the customer pays",
            "Pilih cara pembayaran",
        ));
    }
    // Sums in checked money: payments that add up past the largest amount the till takes are
    // refused in words, never wrapped or taken as zero.
    let too_much = |_| {
        CoreError::invalid(
            "tenders",
            "The payments add up to more than the till can take",
            "Jumlah pembayaran melebihi batas yang dapat diterima kasir",
        )
    };
    let mut tenders = Vec::new();
    let (mut cash, mut other) = (Money::ZERO, Money::ZERO);
    for (i, t) in input.iter().enumerate() {
        let kind = t
            .kind
            .ok_or_else(|| CoreError::invalid("tenders", "Choose how the customer pays", "Pilih cara pembayaran"))?;
        let amount = bounded("tenders", ("Payment", "Pembayaran"), t.amount, 1, MAX_AMOUNT)?;
        let amount = Money::new(amount).map_err(too_much)?;
        let reference = text(
            "tenders",
            ("Reference", "Referensi"),
            &t.reference,
            60,
            matches!(kind, TenderKind::Card | TenderKind::Qris),
        )
        .map_err(|e| {
            if kind == TenderKind::Card && t.reference.trim().is_empty() {
                CoreError::invalid("tenders", "Enter the EDC approval code", "Isi kode approval EDC")
            } else {
                e
            }
        })?;
        match kind {
            TenderKind::Cash => cash = cash.checked_add(amount).map_err(too_much)?,
            _ => other = other.checked_add(amount).map_err(too_much)?,
        }
        tenders.push((i, kind, amount, reference));
    }
    if other > total {
        return Err(CoreError::invalid(
            "tenders",
            "Card and transfer payments cannot exceed the total",
            "Pembayaran kartu dan transfer tidak boleh melebihi total",
        ));
    }
    let paid = cash.checked_add(other).map_err(too_much)?;
    if paid < total {
        let short = total.checked_sub(paid).map_err(too_much)?;
        return Err(CoreError::invalid(
            "tenders",
            format!("{short} still to pay"),
            format!("Masih kurang {short}"),
        ));
    }
    let change = paid.checked_sub(total).map_err(too_much)?;
    let mut change_left = change;
    let mut stored = Vec::with_capacity(tenders.len());
    for (_, kind, amount, reference) in tenders {
        let mut a = amount;
        if kind == TenderKind::Cash && change_left > Money::ZERO {
            let take = change_left.min(a);
            a = a.checked_sub(take).map_err(too_much)?;
            change_left = change_left.checked_sub(take).map_err(too_much)?;
        }
        if a > Money::ZERO || total == Money::ZERO {
            stored.push(Tender {
                kind,
                amount: a,
                reference,
            });
        }
    }
    Ok((stored, paid, change))
}

/// A cart priced by the core from the catalogue: what checkout writes and what the till shows.
pub(crate) struct Cart {
    items: Vec<(pos_store::products::Product, LineInput)>,
    priced: pos_domain::pricing::PricedSale,
    /// Lines (1-based) whose reduction exceeds the cashier's limit; `None` for the sale discount.
    over: Vec<Option<i64>>,
    mode: TaxMode,
    rate: TaxRate,
    branch: String,
}

pub(crate) fn cart(
    conn: &pos_store::rusqlite::Connection,
    ctx: &super::settings::CounterContext,
    lines: &[CartLine],
    sale_discount: Option<Discount>,
) -> Result<Cart> {
    let (mode, rate) = ctx.profile.tax();
    let branch = ctx.profile.branch_code.clone();
    // One query for every product of the cart.
    let ids: Vec<&str> = lines.iter().map(|l| l.product_id.as_str()).collect();
    let found = products::get_many(conn, &ids, &branch)?;
    let mut items = Vec::with_capacity(lines.len());
    for l in lines {
        let p = found
            .iter()
            .find(|p| p.id == l.product_id)
            .cloned()
            .ok_or_else(|| CoreError::not_found("lines", "Product", "Produk"))?;
        if !p.active {
            return Err(CoreError::invalid(
                "lines",
                format!("{} is no longer sold", p.name),
                format!("{} sudah tidak dijual", p.name),
            ));
        }
        let unit = match l.unit_price {
            Some(v) => Money::new(v)
                .map_err(|_| CoreError::invalid("unit_price", "Price out of range", "Harga di luar batas"))?,
            None => p.price,
        };
        items.push((
            p.clone(),
            LineInput {
                quantity: l.quantity,
                list_price: p.price,
                unit_price: unit,
                discount: l.discount,
            },
        ));
    }
    let inputs: Vec<LineInput> = items.iter().map(|(_, li)| *li).collect();
    let priced = price_sale(&inputs, sale_discount, mode, rate).map_err(|e| pricing_error(e, "discount"))?;
    let limit = ctx.settings.discount_limit_bp;
    let over = priced
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.reduction_bp > limit)
        .map(|(i, _)| Some(i as i64 + 1))
        .chain((priced.sale_discount_bp > limit).then_some(None))
        .collect();
    Ok(Cart {
        items,
        priced,
        over,
        mode,
        rate,
        branch,
    })
}

fn check_lines(lines: &[CartLine]) -> Result<()> {
    if lines.len() > MAX_LINES {
        return Err(CoreError::invalid(
            "lines",
            format!("At most {MAX_LINES} lines per sale"),
            format!("Maksimal {MAX_LINES} baris per transaksi"),
        ));
    }
    for l in lines {
        bounded("quantity", ("Quantity", "Jumlah"), l.quantity, 1, MAX_LINE_QUANTITY)?;
        if let Some(p) = l.unit_price {
            bounded("unit_price", ("Price", "Harga"), p, 0, MAX_AMOUNT)?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct QuoteRequest {
    pub lines: Vec<CartLine>,
    pub sale_discount: Option<Discount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct QuoteLine {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub barcode: Option<String>,
    pub quantity: i64,
    pub list_price: Money,
    pub unit_price: Money,
    pub line_discount: Money,
    pub sale_discount: Money,
    pub net: Money,
    pub on_hand: i64,
    /// Below list price by more than the cashier's limit.
    pub over_limit: bool,
}

/// The cart as the till shows it, priced by the core.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct CartQuote {
    pub lines: Vec<QuoteLine>,
    pub gross: Money,
    pub discount_total: Money,
    pub dpp: Money,
    pub ppn: Money,
    pub total: Money,
    pub tax_mode: String,
    pub ppn_rate_bp: i64,
    /// The sale needs a supervisor's approval before payment (unless a supervisor is selling).
    pub needs_approval: bool,
}

impl Core {
    /// Prices a cart without selling it: the figures the till shows while the cashier rings up.
    pub fn quote(&self, token: Option<&str>, req: QuoteRequest) -> Result<CartQuote> {
        let s = self.authorize(token, Permission::Sell)?;
        check_lines(&req.lines)?;
        self.read(|c| {
            let Cart {
                items,
                priced,
                over,
                mode,
                rate,
                ..
            } = cart(c, &*self.counter_context(c)?, &req.lines, req.sale_discount)?;
            Ok(CartQuote {
                lines: items
                    .iter()
                    .zip(&priced.lines)
                    .enumerate()
                    .map(|(i, ((p, li), pl))| QuoteLine {
                        product_id: p.id.clone(),
                        sku: p.sku.clone(),
                        name: p.name.clone(),
                        barcode: p.barcode.clone(),
                        quantity: li.quantity,
                        list_price: p.price,
                        unit_price: li.unit_price,
                        line_discount: pl.line_discount,
                        sale_discount: pl.sale_discount,
                        net: pl.net,
                        on_hand: p.on_hand,
                        over_limit: over.contains(&Some(i as i64 + 1)),
                    })
                    .collect(),
                gross: priced.gross,
                discount_total: priced.discount_total,
                dpp: priced.tax.dpp,
                ppn: priced.tax.ppn,
                total: priced.tax.total,
                tax_mode: mode.as_str().into(),
                ppn_rate_bp: rate.basis_points() as i64,
                needs_approval: !over.is_empty() && !Core::is_supervisor(&s),
            })
        })
    }
}

impl Core {
    pub fn checkout(&self, token: Option<&str>, req: CheckoutRequest) -> Result<CheckoutResult> {
        let s = self.authorize(token, Permission::Sell)?;
        let client_ref = text("client_ref", ("Cart", "Keranjang"), &req.client_ref, 64, true)?;
        if req.lines.is_empty() {
            return Err(CoreError::invalid("lines", "The cart is empty", "Keranjang kosong"));
        }
        check_lines(&req.lines)?;
        // A retry of a checkout that went through returns it as it is; with QRIS this must be
        // known before the payment is claimed (the transaction below checks again for the rest).
        let has_qris = req.tenders.iter().any(|t| t.kind == Some(TenderKind::Qris));
        if has_qris && let Some(existing) = self.read(|c| Ok(sales::by_client_ref(c, &client_ref)?))? {
            return Ok(CheckoutResult {
                sale: existing,
                printed: false,
                print_error: None,
            });
        }
        let mut claimed: Vec<String> = Vec::new();
        for t in req.tenders.iter().filter(|t| t.kind == Some(TenderKind::Qris)) {
            if let Err(e) = self.claim_qris(t.reference.trim(), t.amount) {
                claimed.iter().for_each(|o| self.unclaim_qris(o));
                return Err(e);
            }
            claimed.push(t.reference.trim().to_string());
        }
        let approval = self.take_approval(&s, req.approval_id.as_deref());
        let result = self.write_durable(|tx| {
            if let Some(existing) = sales::by_client_ref(tx, &client_ref)? {
                return Ok((existing, false));
            }
            let shift = self.open_shift_here(tx)?;
            let Cart { items, priced, over, mode, rate, branch } = cart(tx, &*self.counter_context(tx)?, &req.lines, req.sale_discount)?;
            let approver = if over.is_empty() || Core::is_supervisor(&s) {
                None
            } else {
                Some(approval.clone().ok_or_else(|| needs_approval("A discount above your limit", "Diskon di atas batas Anda"))?)
            };
            let (tenders, paid, change) = settle(priced.tax.total, &req.tenders)?;
            let customer_id = req.customer_id.clone().filter(|c| !c.is_empty());
            if let Some(c) = &customer_id
                && pos_store::customers::get(tx, c)?.is_none()
            {
                return Err(CoreError::not_found("customer_id", "Customer", "Pelanggan"));
            }
            let terminal = shift.terminal.clone();
            let receipt_no = pos_store::settings::next_free_number(tx, &branch, &terminal, Series::Receipt)?;
            let now = self.now();
            let id = pos_domain::new_id();
            let sale = Sale {
                id: id.clone(),
                receipt_no,
                client_ref: client_ref.clone(),
                branch: branch.clone(),
                terminal,
                shift_id: shift.id.clone(),
                cashier_id: s.user.id.clone(),
                cashier_name: s.user.name.clone(),
                customer_id,
                at: now,
                business_date: wib_date(self.clock.now()).to_string(),
                gross: priced.gross,
                discount_total: priced.discount_total,
                dpp: priced.tax.dpp,
                ppn: priced.tax.ppn,
                total: priced.tax.total,
                tax_mode: mode.as_str().into(),
                ppn_rate_bp: rate.basis_points() as i64,
                paid,
                change_due: change,
                discount_approved_by: approver.as_ref().map(|a| a.supervisor_id.clone()),
                lines: items
                    .iter()
                    .zip(&priced.lines)
                    .enumerate()
                    .map(|(i, ((p, li), pl))| SaleLine {
                        id: pos_domain::new_id(),
                        line_no: i as i64 + 1,
                        product_id: p.id.clone(),
                        sku: p.sku.clone(),
                        name: p.name.clone(),
                        quantity: li.quantity,
                        list_price: p.price,
                        unit_price: li.unit_price,
                        line_discount: pl.line_discount,
                        sale_discount: pl.sale_discount,
                        net: pl.net,
                        unit_cost: p.cost,
                        returned: 0,
                        refunded: Money::ZERO,
                    })
                    .collect(),
                tenders,
            };
            pos_store::trade::record_sale(tx, &sale)?;
            let mut sold_here: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
            for l in &sale.lines {
                let m = stock::NewMovement {
                    product_id: &l.product_id,
                    branch: &branch,
                    quantity: -l.quantity,
                    reason: "sale",
                    note: &sale.receipt_no,
                    user_id: Some(&s.user.id),
                    at: now,
                    ref_id: Some(&sale.id),
                };
                stock::insert_with_id(tx, &l.id, &m)?;
                // On hand as read in this transaction, less this sale's units of it so far.
                sold_here.entry(l.product_id.as_str()).and_modify(|q| *q += l.quantity).or_insert(l.quantity);
                let before = items.iter().find(|(p, _)| p.id == l.product_id).map_or(0, |(p, _)| p.on_hand);
                let on_hand = before - sold_here[l.product_id.as_str()];
                if on_hand < 0 {
                    // The customer holds it, so it sells; the owner reviews why the count was off.
                    sales::flag_oversold(tx, &l.id, &l.product_id, &branch, &sale.id, on_hand, now)?;
                }
            }
            if let Some(a) = &approver {
                for line_no in &over {
                    sales::insert_approval(tx, &sale.id, *line_no, "discount", &a.supervisor_id, &a.reason)?;
                }
                let after = serde_json::json!({ "supervisor": a.supervisor_name, "reason": a.reason, "lines": over, "receipt_no": sale.receipt_no });
                self.audit(tx, Some(&a.supervisor_id), "sale.discount_approved", ("sale", Some(&sale.id)), None, Some(after))?;
            }
            let summary = serde_json::json!({ "receipt_no": sale.receipt_no, "total": sale.total, "lines": sale.lines.len() });
            self.audit(tx, Some(&s.user.id), "sale.completed", ("sale", Some(&sale.id)), None, Some(summary))?;
            pos_store::outbox::append(tx, "sale", &sale.id, &sale, now, Some(&s.user.id))?;
            Ok((sale, approver.is_some()))
        });
        let (sale, used_approval) = match result {
            Ok(v) => v,
            Err(e) => {
                if let Some(a) = approval {
                    self.return_approval(a);
                }
                claimed.iter().for_each(|o| self.unclaim_qris(o));
                return Err(e);
            }
        };
        if !used_approval && let Some(a) = approval {
            self.return_approval(a);
        }
        let (printed, print_error) = self.print_sale(&sale, false);
        Ok(CheckoutResult {
            sale,
            printed,
            print_error,
        })
    }
}
