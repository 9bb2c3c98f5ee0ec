//! Counting: a scan adds one (or a carton's count), a typed number replaces what was counted.

use super::*;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CountScan {
    pub count_id: String,
    /// A barcode (as scanned) or a SKU.
    pub code: String,
    /// Units to add (1 for a scan; a carton's count). Ignored when `set` is given.
    #[serde(default)]
    pub add: Option<i64>,
    /// A typed count: replaces what was counted of this product so far.
    #[serde(default)]
    pub set: Option<i64>,
}

/// What the counter sees after an entry.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct CountedProduct {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub barcode: Option<String>,
    /// Counted so far, by everyone, as this terminal knows it.
    pub counted: i64,
    /// Expected (the balance when the session started); None in a blind count.
    pub expected: Option<i64>,
}

impl Core {
    pub fn count_scan(&self, token: Option<&str>, req: CountScan) -> Result<CountedProduct> {
        let s = self.authorize(token, Permission::CountStock)?;
        let (quantity, mode) = match (req.set, req.add) {
            (Some(n), _) => (
                crate::error::bounded("set", ("Count", "Jumlah"), n, 0, MAX_ENTRY)?,
                EntryMode::Set,
            ),
            (None, n) => (
                crate::error::bounded("add", ("Count", "Jumlah"), n.unwrap_or(1), 1, MAX_ENTRY)?,
                EntryMode::Add,
            ),
        };
        let code = req.code.trim();
        if code.is_empty() || code.len() > 64 {
            return Err(CoreError::invalid(
                "code",
                "Scan a barcode or type a SKU",
                "Pindai barcode atau ketik SKU",
            ));
        }
        // A blind count hides the expectation from whoever may not read the variance.
        let may_see = crate::permissions::allows(s.user.role, Permission::ApproveCount);
        self.write(|tx| {
            let c = open_count(tx, &req.count_id)?;
            let branch = c.branch.clone();
            let forms = pos_domain::Barcode::scan_forms(code);
            let p = match pos_store::products::by_barcode(tx, &forms, &branch)? {
                Some(p) => p,
                None => pos_store::products::by_sku(tx, code, &branch)?.ok_or_else(|| {
                    CoreError::not_found(
                        "code",
                        "A product with this barcode or SKU",
                        "Produk dengan barcode atau SKU ini",
                    )
                })?,
            };
            if c.scope == CountScope::Category && c.category_id.as_deref() != Some(p.category_id.as_str()) {
                return Err(CoreError::invalid(
                    "code",
                    format!("{} is not in the category being counted; put it aside", p.name),
                    format!("{} bukan kategori yang sedang dihitung; sisihkan", p.name),
                ));
            }
            let e = CountEntry {
                id: pos_domain::new_id(),
                count_id: c.id.clone(),
                product_id: p.id.clone(),
                quantity,
                mode,
                at: self.now(),
                user_id: s.user.id.clone(),
                terminal: crate::counter::settings::terminal(tx)?,
            };
            pos_store::counts::add_entry(tx, &e)?;
            pos_store::outbox::append(tx, "count_entry", &e.id, &e, e.at, Some(&s.user.id))?;
            let counted = pos_store::counts::counted_one(tx, &c.id, &p.id)?;
            let expected = if c.blind && !may_see {
                None
            } else {
                pos_store::counts::balances_at(tx, &branch, c.started_at, &[p.id.as_str()])?
                    .get(&p.id)
                    .copied()
            };
            Ok(CountedProduct {
                product_id: p.id,
                sku: p.sku,
                name: p.name,
                barcode: p.barcode,
                counted,
                expected,
            })
        })
    }
}
