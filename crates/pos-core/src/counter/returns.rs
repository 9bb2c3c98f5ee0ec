//! Returns: scan the receipt's barcode, choose lines and quantities (never more than sold minus
//! earlier returns), refund by a tender, print a return receipt; the stock comes back. Each line's
//! refund is its share of what was actually paid, so discounts are never refunded twice.

use super::approval::needs_approval;
use crate::Core;
use crate::error::{CoreError, Result, bounded, text};
use crate::permissions::Permission;
use pos_domain::pricing::refund_share;
use pos_domain::tax::breakdown;
use pos_domain::{Money, wib_date};
use pos_store::sales::{self, Return, ReturnLine, Sale, Tender, TenderKind};
use pos_store::settings::Series;
use pos_store::stock;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ReceiptLookup {
    /// The receipt number, as scanned from its barcode or typed.
    pub receipt_no: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ReturnLineInput {
    pub sale_line_id: String,
    pub quantity: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ReturnRequest {
    pub sale_id: String,
    pub lines: Vec<ReturnLineInput>,
    pub refund: Option<TenderKind>,
    /// Card refunds and transfers: the reference.
    pub reference: String,
    pub reason: String,
    pub approval_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ReturnResult {
    #[serde(rename = "return")]
    #[ts(rename = "return")]
    pub ret: Return,
    pub printed: bool,
    pub print_error: Option<String>,
}

impl Core {
    /// A sale by its receipt number, with what each line has had returned so far.
    pub fn sale_by_receipt(&self, token: Option<&str>, req: ReceiptLookup) -> Result<Sale> {
        self.authorize(token, Permission::Sell)?;
        let no = text(
            "receipt_no",
            ("Receipt number", "Nomor struk"),
            &req.receipt_no,
            40,
            true,
        )?
        .to_uppercase();
        self.read(|c| sales::by_receipt(c, &no)?.ok_or_else(|| CoreError::not_found("receipt_no", "Receipt", "Struk")))
    }

    pub fn create_return(&self, token: Option<&str>, req: ReturnRequest) -> Result<ReturnResult> {
        let s = self.authorize(token, Permission::Sell)?;
        let reason = text("reason", ("Reason", "Alasan"), &req.reason, 200, true)?;
        let refund = req
            .refund
            .ok_or_else(|| CoreError::invalid("refund", "Choose how to refund", "Pilih cara pengembalian dana"))?;
        if refund == TenderKind::Qris {
            return Err(CoreError::invalid(
                "refund",
                "QRIS refunds are not available yet; refund in cash or by transfer",
                "Refund QRIS belum tersedia; kembalikan tunai atau transfer",
            ));
        }
        let reference = text("reference", ("Reference", "Referensi"), &req.reference, 60, false)?;
        if req.lines.is_empty() || req.lines.len() > super::checkout::MAX_LINES {
            return Err(CoreError::invalid(
                "lines",
                "Choose what comes back",
                "Pilih barang yang dikembalikan",
            ));
        }
        let approval = self.take_approval(&s, req.approval_id.as_deref());
        let result = self.write_durable(|tx| {
            let need = !Core::is_supervisor(&s) && super::settings::returns_need_supervisor(tx)?;
            let approver = match (need, &approval) {
                (false, _) => None,
                (true, Some(a)) => Some(a.clone()),
                (true, None) => return Err(needs_approval("A return", "Retur")),
            };
            let shift = super::open_shift(tx)?;
            let sale =
                sales::get(tx, &req.sale_id)?.ok_or_else(|| CoreError::not_found("sale_id", "Sale", "Transaksi"))?;
            let mut lines = Vec::new();
            for rl in &req.lines {
                let line = sale
                    .lines
                    .iter()
                    .find(|l| l.id == rl.sale_line_id)
                    .ok_or_else(|| CoreError::not_found("lines", "Line of this sale", "Baris transaksi ini"))?;
                let already = line.returned
                    + lines
                        .iter()
                        .filter(|(id, _): &&(String, i64)| *id == line.id)
                        .map(|(_, q)| q)
                        .sum::<i64>();
                let left = line.quantity - already;
                if left == 0 {
                    return Err(CoreError::invalid(
                        "lines",
                        format!("{} was already returned in full", line.name),
                        format!("{} sudah dikembalikan semua", line.name),
                    ));
                }
                bounded("quantity", ("Quantity", "Jumlah"), rl.quantity, 1, left).map_err(|_| {
                    CoreError::invalid(
                        "quantity",
                        format!("At most {left} of {} can come back", line.name),
                        format!("Maksimal {left} {} bisa dikembalikan", line.name),
                    )
                })?;
                lines.push((line.id.clone(), rl.quantity));
            }
            let mut out_lines = Vec::new();
            let mut returned_so_far: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
            for (id, q) in &lines {
                let line = sale
                    .lines
                    .iter()
                    .find(|l| &l.id == id)
                    .ok_or_else(|| CoreError::not_found("lines", "Line", "Baris"))?;
                let before = line.returned + returned_so_far.get(id.as_str()).copied().unwrap_or(0);
                out_lines.push(ReturnLine {
                    id: pos_domain::new_id(),
                    product_id: line.product_id.clone(),
                    sale_line_id: id.clone(),
                    quantity: *q,
                    amount: refund_share(line.net, line.quantity, before, *q),
                });
                *returned_so_far.entry(id.as_str()).or_default() += q;
            }
            let lines_total = out_lines
                .iter()
                .fold(Money::ZERO, |a, l| a.checked_add(l.amount).unwrap_or(a));
            let rate =
                pos_domain::TaxRate::from_basis_points(sale.ppn_rate_bp).unwrap_or(pos_domain::TaxRate::STANDARD);
            let tax = breakdown(lines_total, pos_domain::TaxMode::parse(&sale.tax_mode), rate)
                .map_err(|_| CoreError::invalid("lines", "Amount out of range", "Jumlah di luar batas"))?;
            // Numbered by the branch and terminal taking it back (the sale may be another branch's).
            let return_no = pos_store::settings::next_free_number(tx, &shift.branch, &shift.terminal, Series::Return)?;
            let now = self.now();
            let ret = Return {
                id: pos_domain::new_id(),
                return_no,
                sale_id: sale.id.clone(),
                branch: shift.branch.clone(),
                terminal: shift.terminal.clone(),
                shift_id: shift.id.clone(),
                cashier_id: s.user.id.clone(),
                approved_by: approver.as_ref().map(|a| a.supervisor_id.clone()),
                at: now,
                business_date: wib_date(self.clock.now()).to_string(),
                reason: reason.clone(),
                dpp: tax.dpp,
                ppn: tax.ppn,
                total: tax.total,
                lines: out_lines,
                tenders: vec![Tender {
                    kind: refund,
                    amount: tax.total,
                    reference: reference.clone(),
                }],
            };
            if refund == TenderKind::Cash {
                let cash = pos_store::shifts::totals(tx, &shift)?.expected_cash;
                if cash < ret.total {
                    return Err(CoreError::invalid(
                        "refund",
                        "The drawer does not hold enough cash for this refund",
                        "Kas di laci tidak cukup untuk refund ini",
                    ));
                }
            }
            pos_store::trade::record_return(tx, &ret)?;
            for rl in &ret.lines {
                let line = sale
                    .lines
                    .iter()
                    .find(|l| l.id == rl.sale_line_id)
                    .ok_or_else(|| CoreError::not_found("lines", "Line", "Baris"))?;
                let m = stock::NewMovement {
                    product_id: &line.product_id,
                    branch: &ret.branch,
                    quantity: rl.quantity,
                    reason: "return",
                    note: &ret.return_no,
                    user_id: Some(&s.user.id),
                    at: now,
                    ref_id: Some(&ret.id),
                };
                stock::insert_with_id(tx, &rl.id, &m)?;
            }
            let after = serde_json::json!({
                "return_no": ret.return_no, "receipt_no": sale.receipt_no, "total": ret.total, "reason": reason,
                "approved_by": approver.as_ref().map(|a| a.supervisor_name.clone()),
            });
            self.audit(
                tx,
                Some(&s.user.id),
                "sale.returned",
                ("sale", Some(&sale.id)),
                None,
                Some(after),
            )?;
            pos_store::outbox::append(tx, "return", &ret.id, &ret, now, Some(&s.user.id))?;
            Ok((ret, sale, approver.is_some()))
        });
        let (ret, sale, used) = match result {
            Ok(v) => v,
            Err(e) => {
                if let Some(a) = approval {
                    self.return_approval(a);
                }
                return Err(e);
            }
        };
        if !used && let Some(a) = approval {
            self.return_approval(a);
        }
        let (printed, print_error) = self.send_to_printer(
            |w, drawer| {
                let r = self.read(|c| super::receipts::return_receipt(c, &ret, &sale, &s.user.name))?;
                Ok(pos_print::escpos::render(&r, w, drawer))
            },
            refund == TenderKind::Cash,
        );
        Ok(ReturnResult {
            ret,
            printed,
            print_error,
        })
    }
}
