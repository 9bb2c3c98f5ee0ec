//! Opening a session, listing the branch's sessions, cancelling one.

use super::*;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OpenCount {
    #[serde(default)]
    pub scope: CountScope,
    /// For a category count.
    #[serde(default)]
    pub category_id: Option<String>,
    #[serde(default)]
    pub label: String,
    /// Counters do not see the expected quantity.
    #[serde(default)]
    pub blind: bool,
}

impl Core {
    pub fn open_stock_count(&self, token: Option<&str>, req: OpenCount) -> Result<StockCount> {
        let s = self.authorize(token, Permission::AdjustStock)?;
        let label = crate::error::text("label", ("Name", "Nama"), &req.label, 80, false)?;
        let category_id = req.category_id.filter(|c| !c.trim().is_empty());
        if req.scope == CountScope::Category && category_id.is_none() {
            return Err(CoreError::invalid(
                "category_id",
                "Choose the category to count",
                "Pilih kategori yang dihitung",
            ));
        }
        if req.scope == CountScope::Shelf && label.is_empty() {
            return Err(CoreError::invalid(
                "label",
                "Name the shelf (e.g. Rak A3)",
                "Beri nama raknya (mis. Rak A3)",
            ));
        }
        self.write(|tx| {
            if let Some(cat) = &category_id
                && pos_store::categories::get(tx, cat)?.is_none()
            {
                return Err(CoreError::not_found("category_id", "Category", "Kategori"));
            }
            let c = StockCount {
                id: pos_domain::new_id(),
                branch: Core::branch(tx)?,
                scope: req.scope,
                category_id: category_id.clone().filter(|_| req.scope == CountScope::Category),
                label: label.clone(),
                blind: req.blind,
                started_at: self.now(),
                started_by: s.user.id.clone(),
                status: CountStatus::Open,
                closed_at: None,
                closed_by: None,
            };
            pos_store::counts::insert(tx, &c)?;
            pos_store::outbox::append(tx, "count_opened", &c.id, &c, c.started_at, Some(&s.user.id))?;
            self.audit(
                tx,
                Some(&s.user.id),
                "count.opened",
                ("stock_count", Some(&c.id)),
                None,
                json(&c),
            )?;
            Ok(c)
        })
        .inspect(|_| self.nudge_sync())
    }

    /// This branch's sessions, open ones first.
    pub fn stock_counts(&self, token: Option<&str>) -> Result<Vec<StockCount>> {
        self.authorize(token, Permission::CountStock)?;
        self.read(|c| Ok(pos_store::counts::list(c, &Core::branch(c)?)?))
    }

    /// Abandons a session: nothing is adjusted; its entries stay for the record.
    pub fn cancel_stock_count(&self, token: Option<&str>, req: CountId) -> Result<StockCount> {
        let s = self.authorize(token, Permission::AdjustStock)?;
        self.write(|tx| {
            let c = open_count(tx, &req.count_id)?;
            let now = self.now();
            pos_store::counts::close(tx, &c.id, CountStatus::Cancelled, &s.user.id, now)?;
            let closed = CountClosed {
                id: format!("{}-closed", c.id),
                count_id: c.id.clone(),
                status: CountStatus::Cancelled,
                at: now,
                by: s.user.id.clone(),
            };
            pos_store::outbox::append(tx, "count_closed", &closed.id, &closed, now, Some(&s.user.id))?;
            self.audit(
                tx,
                Some(&s.user.id),
                "count.cancelled",
                ("stock_count", Some(&c.id)),
                None,
                None,
            )?;
            pos_store::counts::get(tx, &c.id)?.ok_or_else(count_404)
        })
    }
}

/// A session posted or cancelled, as synced (its id is the session's, so a session closes once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CountClosed {
    pub id: String,
    pub count_id: String,
    pub status: CountStatus,
    pub at: i64,
    pub by: String,
}
