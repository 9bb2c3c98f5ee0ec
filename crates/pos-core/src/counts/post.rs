//! Posting a count: one movement per product with a difference, in one transaction with the
//! session's closing. The movement's id is made from the session and the product, so posting the
//! same session on two terminals (offline, at the same time) writes one adjustment: the server
//! keeps the first and the other terminal's is a duplicate of it.

use super::*;
use sha2::Digest;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PostCount {
    pub count_id: String,
    #[serde(default)]
    pub zero_uncounted: bool,
    /// The variance's value the approver saw: refused if the count changed since (new entries
    /// synced in), so nobody approves figures they did not read.
    pub expected_value: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct CountPosted {
    pub count: StockCount,
    pub movements: i64,
    pub value: i64,
}

/// The movement id of a session's product: the same on every terminal.
pub fn movement_id(count_id: &str, product_id: &str) -> String {
    let h = sha2::Sha256::digest(format!("{count_id}\u{1f}{product_id}").as_bytes());
    let hex: String = h.iter().take(20).map(|b| format!("{b:02x}")).collect();
    format!("count-{hex}")
}

impl Core {
    pub fn post_stock_count(&self, token: Option<&str>, req: PostCount) -> Result<CountPosted> {
        let s = self.authorize(token, Permission::ApproveCount)?;
        let out = self.write(|tx| {
            let c = open_count(tx, &req.count_id)?;
            let v = variance(tx, &c, req.zero_uncounted)?;
            if v.value != req.expected_value {
                return Err(CoreError::stale());
            }
            let now = self.now();
            let note = if c.label.is_empty() {
                format!("stock count {}", &c.id)
            } else {
                c.label.clone()
            };
            let mut movements = 0;
            for l in v.lines.iter().filter(|l| l.difference != 0) {
                let m = pos_store::stock::NewMovement {
                    product_id: &l.product_id,
                    branch: &c.branch,
                    quantity: l.difference,
                    reason: "count",
                    note: &note,
                    user_id: Some(&s.user.id),
                    at: now,
                    ref_id: Some(&c.id),
                };
                let id = movement_id(&c.id, &l.product_id);
                pos_store::stock::insert_with_id(tx, &id, &m)?;
                self.outbox_movement(tx, &id, &m)?;
                movements += 1;
            }
            pos_store::counts::close(tx, &c.id, CountStatus::Posted, &s.user.id, now)?;
            let closed = CountClosed {
                id: format!("{}-closed", c.id),
                count_id: c.id.clone(),
                status: CountStatus::Posted,
                at: now,
                by: s.user.id.clone(),
            };
            pos_store::outbox::append(tx, "count_closed", &closed.id, &closed, now, Some(&s.user.id))?;
            let summary = serde_json::json!({
                "movements": movements, "value": v.value, "missing": v.units_missing, "found": v.units_found,
                "zero_uncounted": req.zero_uncounted,
            });
            self.audit(
                tx,
                Some(&s.user.id),
                "count.posted",
                ("stock_count", Some(&c.id)),
                None,
                Some(summary),
            )?;
            Ok(CountPosted {
                count: pos_store::counts::get(tx, &c.id)?.ok_or_else(count_404)?,
                movements,
                value: v.value,
            })
        })?;
        self.nudge_sync();
        Ok(out)
    }
}
