//! Drafting, sending, cancelling and reading purchase orders. A draft may be edited; a sent order
//! is what the supplier holds and is changed only by receipts or a cancellation.

use super::*;
use pos_store::purchasing::orders;
use pos_store::settings::Series;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PoLineInput {
    /// Kept when editing a draft's line.
    #[serde(default)]
    pub id: Option<String>,
    pub product_id: String,
    pub ordered: i64,
    pub unit_cost: i64,
    #[serde(default)]
    pub discount_bp: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PoDraft {
    /// None for a new order.
    #[serde(default)]
    pub id: Option<String>,
    /// The version the editor loaded (a draft edited elsewhere meanwhile is refused).
    #[serde(default)]
    pub expected_version: Option<i64>,
    pub supplier_id: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub expected_at: Option<i64>,
    /// PPN input tax in basis points; None takes the store's rate.
    #[serde(default)]
    pub ppn_bp: Option<i64>,
    pub lines: Vec<PoLineInput>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PoListRequest {
    #[serde(default)]
    pub limit: Option<i64>,
}

/// Most lines on one order.
pub const MAX_LINES: usize = 500;

fn check_lines(conn: &Connection, lines: &[PoLineInput], branch: &str) -> Result<Vec<PoLine>> {
    if lines.is_empty() || lines.len() > MAX_LINES {
        return Err(CoreError::invalid(
            "lines",
            format!("An order has 1 to {MAX_LINES} lines"),
            format!("Pesanan berisi 1 sampai {MAX_LINES} baris"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let row = i + 1;
        let p = pos_store::products::get(conn, &l.product_id, branch)?.ok_or_else(|| {
            CoreError::invalid(
                "lines",
                format!("Line {row}: the product is not in the catalogue"),
                format!("Baris {row}: produk tidak ada di katalog"),
            )
        })?;
        if !seen.insert(p.id.clone()) {
            return Err(CoreError::invalid(
                "lines",
                format!("{} is on the order twice; change the one line's quantity", p.name),
                format!("{} ada dua kali di pesanan; ubah jumlah di satu baris", p.name),
            ));
        }
        let label = |en: &str, id: &str| (format!("Line {row}: {en}"), format!("Baris {row}: {id}"));
        let (qe, qi) = label("quantity", "jumlah");
        let (ce, ci) = label("unit cost", "harga beli");
        let (de, di) = label("discount (basis points)", "diskon (basis poin)");
        out.push(PoLine {
            id: l
                .id
                .clone()
                .filter(|id| !id.is_empty() && id.len() <= 64)
                .unwrap_or_else(pos_domain::new_id),
            product_id: p.id,
            ordered: crate::error::bounded("lines", (&qe, &qi), l.ordered, 1, MAX_UNITS)?,
            unit_cost: crate::error::bounded("lines", (&ce, &ci), l.unit_cost, 0, MAX_UNIT_COST)?,
            discount_bp: crate::error::bounded("lines", (&de, &di), l.discount_bp, 0, 10_000)?,
        });
    }
    Ok(out)
}

fn not_a_draft(po: &PoView) -> CoreError {
    CoreError::invalid(
        "po_id",
        format!(
            "{} was sent already; cancel it and make a new order to change it",
            po.po_no
        ),
        format!(
            "{} sudah dikirim; batalkan dan buat pesanan baru untuk mengubahnya",
            po.po_no
        ),
    )
}

impl Core {
    /// Creates a draft, or rewrites one.
    pub fn save_purchase_order(&self, token: Option<&str>, req: PoDraft) -> Result<PoView> {
        let s = self.authorize(token, Permission::Purchase)?;
        let note = crate::error::text("note", ("Note", "Catatan"), &req.note, 500, false)?;
        let out = self.write(|tx| {
            let branch = Core::branch(tx)?;
            let supplier = pos_store::suppliers::get(tx, &req.supplier_id)?
                .filter(|s| s.active)
                .ok_or_else(|| CoreError::not_found("supplier_id", "Supplier", "Pemasok"))?;
            let lines = check_lines(tx, &req.lines, &branch)?;
            let ppn_bp = match req.ppn_bp {
                Some(bp) => crate::error::bounded("ppn_bp", ("PPN", "PPN"), bp, 0, 10_000)?,
                None => pos_store::profile::get(tx)?.map_or(1_100, |p| p.ppn_rate_bp),
            };
            let now = self.now();
            let (before, po) = match &req.id {
                Some(id) => {
                    let view = own_po(tx, id)?;
                    if view.status != PoStatus::Draft {
                        return Err(not_a_draft(&view));
                    }
                    if req.expected_version.is_some_and(|v| v != view.version) {
                        return Err(CoreError::stale());
                    }
                    let before = orders::get(tx, id)?.ok_or_else(po_404)?;
                    let po = PurchaseOrder {
                        supplier_id: supplier.id.clone(),
                        note: note.clone(),
                        expected_at: req.expected_at,
                        ppn_bp,
                        lines,
                        ..before.clone()
                    };
                    (Some(before), po)
                }
                None => {
                    let terminal = crate::counter::settings::terminal(tx)?;
                    let po_no = pos_store::settings::next_free_number(tx, &branch, &terminal, Series::Purchase)?;
                    let po = PurchaseOrder {
                        id: pos_domain::new_id(),
                        po_no,
                        branch,
                        supplier_id: supplier.id.clone(),
                        status: PoStatus::Draft,
                        note: note.clone(),
                        expected_at: req.expected_at,
                        ppn_bp,
                        created_by: s.user.id.clone(),
                        created_at: now,
                        sent_at: None,
                        cancelled_at: None,
                        lines,
                    };
                    (None, po)
                }
            };
            orders::save(tx, &po, now, None)?;
            self.outbox_edit(tx, &s.user.id, "purchase_order", &po.id, json(&before).as_ref(), &po)?;
            let action = if before.is_some() { "po.edited" } else { "po.drafted" };
            self.audit(
                tx,
                Some(&s.user.id),
                action,
                ("purchase_order", Some(&po.id)),
                before.as_ref().and_then(json),
                json(&po),
            )?;
            own_po(tx, &po.id)
        })?;
        self.nudge_sync();
        Ok(out)
    }

    /// The order goes to the supplier: from now on only receipts and a cancellation change it.
    pub fn send_purchase_order(&self, token: Option<&str>, req: PoRef) -> Result<PoView> {
        self.decide(token, &req.po_id, PoStatus::Sent)
    }

    /// Nothing more is expected: a draft is dropped, a sent order's outstanding units are
    /// cancelled (what was received stays received).
    pub fn cancel_purchase_order(&self, token: Option<&str>, req: PoRef) -> Result<PoView> {
        self.decide(token, &req.po_id, PoStatus::Cancelled)
    }

    fn decide(&self, token: Option<&str>, po_id: &str, to: PoStatus) -> Result<PoView> {
        let s = self.authorize(token, Permission::Purchase)?;
        let out = self.write(|tx| {
            let view = own_po(tx, po_id)?;
            let allowed = match to {
                PoStatus::Sent => view.status == PoStatus::Draft,
                _ => matches!(view.status, PoStatus::Draft | PoStatus::Sent | PoStatus::PartlyReceived),
            };
            if !allowed {
                let (en, id) = match view.status {
                    PoStatus::Cancelled => ("was cancelled", "sudah dibatalkan"),
                    PoStatus::Received => ("is received in full", "sudah diterima lengkap"),
                    _ => ("was sent already", "sudah dikirim"),
                };
                return Err(CoreError::invalid(
                    "po_id",
                    format!("{} {en}", view.po_no),
                    format!("{} {id}", view.po_no),
                ));
            }
            let before = orders::get(tx, po_id)?.ok_or_else(po_404)?;
            let now = self.now();
            let mut after = before.clone();
            after.status = to;
            match to {
                PoStatus::Sent => after.sent_at = Some(now),
                _ => after.cancelled_at = Some(now),
            }
            orders::save(tx, &after, now, None)?;
            self.outbox_edit(tx, &s.user.id, "purchase_order", po_id, json(&before).as_ref(), &after)?;
            let action = if to == PoStatus::Sent { "po.sent" } else { "po.cancelled" };
            self.audit(
                tx,
                Some(&s.user.id),
                action,
                ("purchase_order", Some(po_id)),
                None,
                Some(serde_json::json!({ "po_no": view.po_no, "outstanding": view.lines.iter().map(|l| l.outstanding).sum::<i64>() })),
            )?;
            own_po(tx, po_id)
        })?;
        self.nudge_sync();
        Ok(out)
    }

    /// This branch's orders, newest first.
    pub fn purchase_orders(&self, token: Option<&str>, req: PoListRequest) -> Result<Vec<PoSummary>> {
        self.authorize(token, Permission::Receive)?;
        let limit = req.limit.unwrap_or(200).clamp(1, 1_000);
        self.read(|c| Ok(orders::list(c, &Core::branch(c)?, limit)?))
    }

    pub fn purchase_order(&self, token: Option<&str>, req: PoRef) -> Result<PoView> {
        self.authorize(token, Permission::Receive)?;
        self.read(|c| own_po(c, &req.po_id))
    }
}
