//! The customer-facing display: the till publishes what the customer should see (the lines, the
//! total, the QRIS code while paying, the change after), and the display window, usually on a
//! second monitor, reads it. Kept in memory: it is a view, not a fact.

use crate::error::Result;
use crate::permissions::Permission;
use crate::{Core, Empty, lock};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DisplayLine {
    pub name: String,
    pub quantity: i64,
    pub net: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DisplayState {
    pub lines: Vec<DisplayLine>,
    pub total: i64,
    /// The QRIS code to scan, as an image data URL, while a QRIS payment is open.
    pub qr: Option<String>,
    pub qr_expires_at: Option<i64>,
    /// A short message: "Terima kasih", the change due, ...
    pub message: String,
    /// Set by the core: when the till last published.
    pub updated_at: i64,
}

const MAX_DISPLAY_LINES: usize = 200;

/// What the display window holds instead of the till's session: it reads the display and nothing
/// else, so a window on the customer's side of the counter never carries a cashier's powers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DisplayPass {
    pub pass: String,
}

impl Core {
    pub fn publish_display(&self, token: Option<&str>, mut req: DisplayState) -> Result<Empty> {
        self.authorize(token, Permission::Sell)?;
        req.lines.truncate(MAX_DISPLAY_LINES);
        for l in &mut req.lines {
            l.name = l.name.chars().take(200).collect();
        }
        req.message = req.message.chars().take(200).collect();
        if req
            .qr
            .as_ref()
            .is_some_and(|q| !q.starts_with("data:image/svg+xml;base64,") || q.len() > 200_000)
        {
            req.qr = None;
        }
        req.updated_at = self.now();
        *lock(&self.display) = req;
        Ok(Empty {})
    }

    /// The pass the display window reads with (the same one until the app restarts).
    pub fn display_pass(&self, token: Option<&str>) -> Result<DisplayPass> {
        self.authorize(token, Permission::Sell)?;
        let mut pass = lock(&self.display_pass);
        if pass.is_none() {
            *pass = Some(crate::secret::token()?);
        }
        Ok(DisplayPass {
            pass: pass.clone().unwrap_or_default(),
        })
    }

    /// What the customer sees, for the display window's pass (never a session token).
    pub fn display_state(&self, pass: Option<&str>) -> Result<DisplayState> {
        let current = lock(&self.display_pass).clone();
        match (pass, current) {
            (Some(p), Some(c)) if crate::secret::same(p, &c) => Ok(lock(&self.display).clone()),
            _ => Err(crate::CoreError::unauthenticated()),
        }
    }
}
