//! The owner's review list: oversold products, records set aside, conflicts; resolving them.

use super::*;

impl Core {
    /// Oversold products and sync issues for the owner to review, newest first.
    pub fn sync_review(&self, token: Option<&str>, req: ReviewRequest) -> Result<Vec<ReviewItem>> {
        self.authorize(token, Permission::ReviewSync)?;
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT o.id, 'oversold', 'product', o.product_id, ifnull(p.name, o.product_id),
                        'on hand ' || o.on_hand || ' at ' || o.branch || ifnull(' after ' || s.receipt_no, ''),
                        o.branch, o.at, o.resolved_at
                 FROM oversold o LEFT JOIN products p ON p.id = o.product_id LEFT JOIN sales s ON s.id = o.sale_id
                 WHERE ?1 OR o.resolved_at IS NULL
                 UNION ALL
                 SELECT id, issue, kind, record_id, kind || ' ' || record_id, reason, origin, at, resolved_at
                 FROM sync_issues WHERE ?1 OR resolved_at IS NULL
                 ORDER BY 8 DESC LIMIT 500",
            )?;
            let rows = stmt.query_map([req.include_resolved], |r| {
                Ok(ReviewItem {
                    id: r.get(0)?,
                    issue: r.get(1)?,
                    kind: r.get(2)?,
                    record_id: r.get(3)?,
                    title: r.get(4)?,
                    reason: r.get(5)?,
                    origin: r.get(6)?,
                    at: r.get(7)?,
                    resolved_at: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<pos_store::rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Marks an item of the review list as dealt with (on this terminal).
    pub fn resolve_review(&self, token: Option<&str>, req: ResolveRequest) -> Result<crate::Empty> {
        let s = self.authorize(token, Permission::ReviewSync)?;
        let now = self.now();
        self.write(|tx| {
            let n = if req.issue == "oversold" {
                tx.execute(
                    "UPDATE oversold SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1 AND resolved_at IS NULL",
                    params![req.id, now, s.user.id],
                )?
            } else {
                tx.execute(
                    "UPDATE sync_issues SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1 AND resolved_at IS NULL",
                    params![req.id, now, s.user.id],
                )?
            };
            if n == 0 {
                return Err(CoreError::not_found("id", "Review item", "Butir tinjauan"));
            }
            self.audit(
                tx,
                Some(&s.user.id),
                "sync.review_resolved",
                ("review", Some(&req.id)),
                None,
                Some(json!({ "issue": req.issue })),
            )
        })?;
        Ok(crate::Empty {})
    }
}
