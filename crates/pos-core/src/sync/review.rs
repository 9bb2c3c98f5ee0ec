//! The owner's review list: oversold products, records set aside, conflicts; resolving them.

use super::*;

impl Core {
    /// Oversold products and sync issues for the owner to review, newest first.
    pub fn sync_review(&self, token: Option<&str>, req: ReviewRequest) -> Result<Vec<ReviewItem>> {
        self.authorize(token, Permission::ReviewSync)?;
        self.read(|c| Ok(pos_store::review::list(c, req.include_resolved)?))
    }

    /// Marks an item of the review list as dealt with (on this terminal).
    pub fn resolve_review(&self, token: Option<&str>, req: ResolveRequest) -> Result<crate::Empty> {
        let s = self.authorize(token, Permission::ReviewSync)?;
        let now = self.now();
        self.write(|tx| {
            if !pos_store::review::resolve(tx, req.issue == "oversold", &req.id, &s.user.id, now)? {
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
