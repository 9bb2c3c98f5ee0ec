//! Receiving a sent order by scanning: each scan adds one unit (a typed count adds a carton's, or
//! replaces), held on this terminal until posted. Posting writes one receipt: one stock movement
//! per line, each line's share of freight and duties, and the product's moving-average cost.
//! Items not on the order and units beyond what is outstanding are asked about before posting.

use super::*;
use pos_domain::purchasing::{landed_unit_cost, line_amount, moving_average, ppn_input, split_landed};
use pos_store::purchasing::receipts::{GoodsReceipt, GoodsReceiptLine};
use pos_store::purchasing::{drafts, receipts};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ReceiveScan {
    pub po_id: String,
    /// A barcode as scanned, or a SKU.
    pub code: String,
    /// Units to add (1 for a scan; a carton's count). Ignored when `set` is given.
    #[serde(default)]
    pub add: Option<i64>,
    /// Replaces what was scanned of this product (0 takes it off).
    #[serde(default)]
    pub set: Option<i64>,
}

/// A product in the receipt being scanned.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ReceivingLine {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    /// On the order (0 when not on it).
    pub ordered: i64,
    /// Received before this receipt, by every terminal this one has heard from.
    pub received: i64,
    /// Scanned into this receipt.
    pub scanned: i64,
    /// Units scanned beyond what is outstanding.
    pub over: i64,
    pub on_order: bool,
}

/// The receipt being scanned for an order.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Receiving {
    pub po_id: String,
    pub po_no: String,
    pub supplier_name: String,
    pub status: PoStatus,
    /// Every line of the order, then products scanned that are not on it.
    pub lines: Vec<ReceivingLine>,
    /// The product of the last scan.
    pub last: Option<String>,
    pub scanned: i64,
    pub unlisted: i64,
    pub over: i64,
}

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

fn receivable(po: &PoView) -> Result<()> {
    match po.status {
        PoStatus::Draft => Err(CoreError::invalid(
            "po_id",
            format!("{} is still a draft: send it to the supplier first", po.po_no),
            format!("{} masih draf: kirim ke pemasok dulu", po.po_no),
        )),
        PoStatus::Cancelled => Err(CoreError::invalid(
            "po_id",
            format!("{} was cancelled: nothing more is received against it", po.po_no),
            format!("{} sudah dibatalkan: tidak ada lagi yang diterima untuknya", po.po_no),
        )),
        _ => Ok(()),
    }
}

/// The order's lines with this terminal's scans beside them.
fn receiving(conn: &Connection, po: &PoView, last: Option<String>) -> Result<Receiving> {
    let scans = drafts::of_order(conn, &po.id)?;
    let scanned_of = |pid: &str| scans.iter().filter(|(p, _)| p == pid).map(|(_, q)| q).sum::<i64>();
    let mut lines = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for l in &po.lines {
        if !seen.insert(l.product_id.clone()) {
            continue;
        }
        let same: Vec<&PoLineView> = po.lines.iter().filter(|x| x.product_id == l.product_id).collect();
        let ordered: i64 = same.iter().map(|x| x.ordered).sum();
        let received: i64 = same.iter().map(|x| x.received).sum();
        let scanned = scanned_of(&l.product_id);
        lines.push(ReceivingLine {
            product_id: l.product_id.clone(),
            sku: l.sku.clone(),
            name: l.name.clone(),
            ordered,
            received,
            scanned,
            over: (received + scanned - ordered).max(0).min(scanned),
            on_order: true,
        });
    }
    let branch = po.branch.as_str();
    for (pid, q) in &scans {
        if seen.contains(pid) {
            continue;
        }
        let p = pos_store::products::get(conn, pid, branch)?;
        lines.push(ReceivingLine {
            product_id: pid.clone(),
            sku: p.as_ref().map(|p| p.sku.clone()).unwrap_or_default(),
            name: p.map(|p| p.name).unwrap_or_default(),
            ordered: 0,
            received: 0,
            scanned: *q,
            over: 0,
            on_order: false,
        });
    }
    Ok(Receiving {
        po_id: po.id.clone(),
        po_no: po.po_no.clone(),
        supplier_name: po.supplier_name.clone(),
        status: po.status,
        scanned: lines.iter().map(|l| l.scanned).sum(),
        unlisted: lines.iter().filter(|l| !l.on_order).map(|l| l.scanned).sum(),
        over: lines.iter().map(|l| l.over).sum(),
        lines,
        last,
    })
}

impl Core {
    /// One scan (or a carton's count, or a typed correction) into the receipt being scanned.
    pub fn receive_scan(&self, token: Option<&str>, req: ReceiveScan) -> Result<Receiving> {
        self.authorize(token, Permission::Receive)?;
        let max = pos_domain::purchasing::MAX_UNITS;
        let (quantity, replace) = match (req.set, req.add) {
            (Some(n), _) => (crate::error::bounded("set", ("Quantity", "Jumlah"), n, 0, max)?, true),
            (None, n) => (
                crate::error::bounded("add", ("Quantity", "Jumlah"), n.unwrap_or(1), 1, max)?,
                false,
            ),
        };
        self.write(|tx| {
            let po = own_po(tx, &req.po_id)?;
            receivable(&po)?;
            let p = product_by_code(tx, &req.code, &po.branch)?;
            let now = self.now();
            if replace {
                drafts::set(tx, &po.id, &p.id, quantity, now)?;
            } else {
                let total = drafts::add(tx, &po.id, &p.id, quantity, now)?;
                if total > max {
                    return Err(CoreError::invalid(
                        "add",
                        format!("That makes {total} of {}: more than {max} in one receipt", p.name),
                        format!("Itu menjadi {total} {}: lebih dari {max} dalam satu penerimaan", p.name),
                    ));
                }
            }
            receiving(tx, &po, Some(p.id))
        })
    }

    /// The receipt being scanned for an order (after a restart, the scans are still here).
    pub fn receiving(&self, token: Option<&str>, req: PoRef) -> Result<Receiving> {
        self.authorize(token, Permission::Receive)?;
        self.read(|c| receiving(c, &own_po(c, &req.po_id)?, None))
    }

    /// Drops the scans of an order not yet posted.
    pub fn discard_receiving(&self, token: Option<&str>, req: PoRef) -> Result<Receiving> {
        self.authorize(token, Permission::Receive)?;
        self.write(|tx| {
            let po = own_po(tx, &req.po_id)?;
            drafts::clear(tx, &po.id)?;
            receiving(tx, &po, None)
        })
    }

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
                self.outbox_edit(tx, user_id, "product", &pid, json(&before).as_ref(), &after)?;
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
