//! A supervisor's approval, given on the spot with their PIN at the cashier's till, for a
//! discount above the cashier's limit or a return. It is good for one use by that cashier within
//! five minutes; the sale or return that uses it records who approved what and why.

use crate::error::{CoreError, ErrorCode, Result};
use crate::permissions::{self, Permission};
use crate::{Core, Session, lock, secret};
use pos_store::users;
use serde::{Deserialize, Serialize};

pub const APPROVAL_MINUTES: i64 = 5;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ApprovalRequest {
    pub supervisor_id: String,
    pub pin: String,
    /// Why, in the cashier's words: printed in the audit log.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Approval {
    pub id: String,
    pub supervisor_id: String,
    pub supervisor_name: String,
    pub reason: String,
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) for_user: String,
    pub expires_at: i64,
}

pub(crate) fn needs_approval(what_en: &str, what_id: &str) -> CoreError {
    CoreError::new(
        ErrorCode::NeedsApproval,
        format!("{what_en} needs a supervisor's PIN."),
        format!("{what_id} perlu PIN supervisor."),
    )
}

impl Core {
    /// Checks a supervisor's PIN at this till and issues a one-use approval for the signed-in
    /// cashier.
    pub fn approve(&self, token: Option<&str>, req: ApprovalRequest) -> Result<Approval> {
        let s = self.authorize(token, Permission::Sell)?;
        let reason = crate::error::text("reason", ("Reason", "Alasan"), &req.reason, 200, true)?;
        let creds = self
            .read(|c| Ok(users::by_id(c, &req.supervisor_id)?))?
            .filter(|c| c.user.active && permissions::allows(c.user.role, Permission::Supervise))
            .ok_or_else(|| {
                CoreError::invalid(
                    "supervisor_id",
                    "Choose a supervisor (owner or admin)",
                    "Pilih supervisor (pemilik atau admin)",
                )
            })?;
        let Some(pin_hash) = creds.pin_hash.clone() else {
            return Err(CoreError::invalid(
                "pin",
                "This supervisor has no PIN",
                "Supervisor ini belum punya PIN",
            ));
        };
        if req.pin.len() > 6 {
            return Err(CoreError::new(ErrorCode::BadCredentials, "Wrong PIN.", "PIN salah."));
        }
        self.check_secret(&creds, "approval", || secret::verify(&req.pin, &pin_hash))?;
        let a = Approval {
            id: pos_domain::new_id(),
            supervisor_id: creds.user.id.clone(),
            supervisor_name: creds.user.name.clone(),
            reason,
            for_user: s.user.id.clone(),
            expires_at: self.now() + APPROVAL_MINUTES * 60_000,
        };
        let now = self.now();
        let mut all = lock(&self.approvals);
        all.retain(|_, a| a.expires_at > now);
        all.insert(a.id.clone(), a.clone());
        Ok(a)
    }

    /// Takes the approval `id` for the session's user, if it is still good. Used once.
    pub(crate) fn take_approval(&self, s: &Session, id: Option<&str>) -> Option<Approval> {
        let id = id?;
        let now = self.now();
        let mut all = lock(&self.approvals);
        match all.get(id) {
            Some(a) if a.for_user == s.user.id && a.expires_at > now => all.remove(id),
            _ => None,
        }
    }

    /// Puts an approval back when the sale that took it did not go through.
    pub(crate) fn return_approval(&self, a: Approval) {
        lock(&self.approvals).insert(a.id.clone(), a);
    }

    /// Whether this session's role approves its own discounts and returns.
    pub(crate) fn is_supervisor(s: &Session) -> bool {
        permissions::allows(s.user.role, Permission::Supervise)
    }
}
