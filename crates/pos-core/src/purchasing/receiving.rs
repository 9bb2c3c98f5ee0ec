//! Receiving a sent order by scanning: each scan adds one unit (a typed count adds a carton's, or
//! replaces), held on this terminal until posted (`receipt.rs`), kept across a restart.

use super::*;
use pos_store::purchasing::drafts;

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

pub(super) fn receivable(po: &PoView) -> Result<()> {
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
pub(super) fn receiving(conn: &Connection, po: &PoView, last: Option<String>) -> Result<Receiving> {
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
}
