//! Posting a receipt: what this terminal scanned becomes one receipt (lines spread over the
//! order's lines, landed costs split, costs averaged), one stock movement per line with the line's
//! id, the changed costs queued as product edits. Items not on the order and extra units are asked
//! about first; nothing is written while asking.

use super::receiving::{receivable, receiving};
use super::*;
use pos_domain::purchasing::{landed_unit_cost, line_amount, moving_average, ppn_input, split_landed};
use pos_store::purchasing::receipts::{GoodsReceipt, GoodsReceiptLine};
use pos_store::purchasing::{drafts, receipts};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PostReceipt {
    pub po_id: String,
    /// The supplier's delivery note (surat jalan) number.
    #[serde(default)]
    pub reference: String,
    /// Freight, duties and other landed costs of this delivery, in rupiah.
    #[serde(default)]
    pub landed: i64,
    #[serde(default)]
    pub landed_by: LandedSplit,
    #[serde(default)]
    pub note: String,
    /// Yes, receive the items that are not on the order.
    #[serde(default)]
    pub accept_unlisted: bool,
    /// Yes, receive more than was outstanding.
    #[serde(default)]
    pub accept_over: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ReceiptPosted {
    pub receipt: GoodsReceipt,
    pub order: Receiving,
}

impl Core {
    /// Posts what was scanned as one receipt.
    pub fn post_receipt(&self, token: Option<&str>, req: PostReceipt) -> Result<ReceiptPosted> {
        let s = self.authorize(token, Permission::Receive)?;
        let reference = crate::error::text("reference", ("Delivery note", "Surat jalan"), &req.reference, 60, false)?;
        let note = crate::error::text("note", ("Note", "Catatan"), &req.note, 500, false)?;
        let landed = crate::error::bounded(
            "landed",
            ("Landed costs", "Biaya angkut"),
            req.landed,
            0,
            1_000_000_000_000,
        )?;
        let out = self.write(|tx| {
            let po = own_po(tx, &req.po_id)?;
            receivable(&po)?;
            let before = receiving(tx, &po, None)?;
            if before.scanned == 0 {
                return Err(CoreError::invalid(
                    "po_id",
                    "Nothing was scanned for this order yet",
                    "Belum ada yang dipindai untuk pesanan ini",
                ));
            }
            if before.unlisted > 0 && !req.accept_unlisted {
                let names: Vec<&str> = before
                    .lines
                    .iter()
                    .filter(|l| !l.on_order)
                    .map(|l| l.name.as_str())
                    .collect();
                return Err(CoreError::invalid(
                    "accept_unlisted",
                    format!("Not on {}: {}. Receive them anyway?", po.po_no, names.join(", ")),
                    format!("Tidak ada di {}: {}. Tetap terima?", po.po_no, names.join(", ")),
                ));
            }
            if before.over > 0 && !req.accept_over {
                let names: Vec<String> = before
                    .lines
                    .iter()
                    .filter(|l| l.over > 0)
                    .map(|l| format!("{} +{}", l.name, l.over))
                    .collect();
                return Err(CoreError::invalid(
                    "accept_over",
                    format!("More than was ordered: {}. Receive the extra units?", names.join(", ")),
                    format!("Melebihi pesanan: {}. Terima kelebihannya?", names.join(", ")),
                ));
            }
            let receipt = self.write_receipt(tx, &s.user.id, &po, &reference, &note, landed, req.landed_by)?;
            drafts::clear(tx, &po.id)?;
            let after = own_po(tx, &po.id)?;
            Ok(ReceiptPosted {
                order: receiving(tx, &after, None)?,
                receipt,
            })
        })?;
        self.nudge_sync();
        Ok(out)
    }

    /// The receipt of this terminal's scans: lines spread over the order's lines of each product
    /// (outstanding first, the rest on the last), landed costs split, costs averaged, movements
    /// written and queued, the changed costs queued as product edits.
    #[allow(clippy::too_many_arguments)]
    fn write_receipt(
        &self,
        tx: &Connection,
        user_id: &str,
        po: &PoView,
        reference: &str,
        note: &str,
        landed: i64,
        landed_by: LandedSplit,
    ) -> Result<GoodsReceipt> {
        let vat_registered = pos_store::profile::get(tx)?.is_some_and(|p| p.vat_registered);
        // (po line, product, quantity, unit cost, discount)
        let mut parts: Vec<(Option<String>, String, i64, i64, i64)> = Vec::new();
        for (pid, mut q) in drafts::of_order(tx, &po.id)? {
            let mine: Vec<&PoLineView> = po.lines.iter().filter(|l| l.product_id == pid).collect();
            if mine.is_empty() {
                let cost = pos_store::products::get(tx, &pid, &po.branch)?.map_or(0, |p| p.cost.rupiah());
                parts.push((None, pid, q, cost, 0));
                continue;
            }
            for (i, l) in mine.iter().enumerate() {
                let take = if i + 1 == mine.len() { q } else { q.min(l.outstanding) };
                if take > 0 {
                    parts.push((Some(l.id.clone()), pid.clone(), take, l.unit_cost, l.discount_bp));
                    q -= take;
                }
            }
        }
        // Each part's amount: net of its discount, with PPN input when the store cannot credit it.
        let mut amounts = Vec::with_capacity(parts.len());
        let mut weights = Vec::with_capacity(parts.len());
        for (_, pid, q, cost, disc) in &parts {
            let mut amount = line_amount(*q, *cost, *disc);
            if !vat_registered {
                amount += ppn_input(amount, po.ppn_bp);
            }
            let weight = pos_store::products::get(tx, pid, &po.branch)?.map_or(0, |p| p.weight_g);
            amounts.push(amount);
            weights.push((amount, weight * q));
        }
        let shares = split_landed(landed, landed_by, &weights);
        let now = self.now();
        let id = pos_domain::new_id();
        let mut lines = Vec::with_capacity(parts.len());
        for (((po_line, pid, q, _, _), amount), share) in parts.into_iter().zip(amounts).zip(shares) {
            let before = pos_store::products::get(tx, &pid, &po.branch)?
                .ok_or_else(|| CoreError::not_found("code", "A product of this receipt", "Produk penerimaan ini"))?;
            let landed_unit = landed_unit_cost(amount, share, q);
            let cost_after = moving_average(before.on_hand, before.cost.rupiah(), q, landed_unit);
            let line = GoodsReceiptLine {
                id: pos_domain::new_id(),
                po_line_id: po_line,
                product_id: pid.clone(),
                quantity: q,
                unit_cost: landed_unit_cost(amount, 0, q),
                landed_unit,
                cost_before: before.cost.rupiah(),
                cost_after,
            };
            let m = pos_store::stock::NewMovement {
                product_id: &pid,
                branch: &po.branch,
                quantity: q,
                reason: "receipt",
                note: &po.po_no,
                user_id: Some(user_id),
                at: now,
                ref_id: Some(&id),
            };
            pos_store::stock::insert_with_id(tx, &line.id, &m)?;
            self.outbox_movement(tx, &line.id, &m)?;
            if cost_after != before.cost.rupiah() {
                let mut after = before.clone();
                after.cost = pos_domain::Money::new(cost_after).map_err(|e| CoreError::internal(e.to_string()))?;
                if !pos_store::products::update(tx, &after, before.version, now)? {
                    return Err(CoreError::stale());
                }
                let after = pos_store::products::get(tx, &pid, &po.branch)?.ok_or_else(CoreError::stale)?;
                self.product_changed(tx, user_id, &before, &after, "receipt")?;
            }
            lines.push(line);
        }
        let receipt = GoodsReceipt {
            id,
            po_id: Some(po.id.clone()),
            branch: po.branch.clone(),
            terminal: crate::counter::settings::terminal(tx)?,
            supplier_id: po.supplier_id.clone(),
            reference: reference.to_string(),
            landed,
            landed_by,
            note: note.to_string(),
            at: now,
            user_id: user_id.to_string(),
            lines,
        };
        receipts::insert(tx, &receipt)?;
        pos_store::outbox::append(tx, "goods_receipt", &receipt.id, &receipt, now, Some(user_id))?;
        let costs: Vec<serde_json::Value> = receipt
            .lines
            .iter()
            .filter(|l| l.cost_before != l.cost_after)
            .map(|l| serde_json::json!({ "product_id": l.product_id, "cost_before": l.cost_before, "cost_after": l.cost_after }))
            .collect();
        self.audit(
            tx,
            Some(user_id),
            "receipt.posted",
            ("goods_receipt", Some(&receipt.id)),
            None,
            Some(serde_json::json!({
                "po_no": po.po_no, "reference": reference, "landed": landed,
                "units": receipt.lines.iter().map(|l| l.quantity).sum::<i64>(), "costs": costs,
            })),
        )?;
        Ok(receipt)
    }
}
