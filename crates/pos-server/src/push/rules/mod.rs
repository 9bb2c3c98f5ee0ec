//! The rules a pushed record must keep to be applied: one module per kind. A rule reads the
//! batch's [`Context`] (what the server knows) and answers the record's effects, or the reason it
//! is set aside for the owner. The server authorises people, not only devices: every record names
//! who did it, and that person's role must allow it (the same table the core asks at the counter);
//! what can be recomputed (a sale's totals, a return against what was sold, an order's next step)
//! is recomputed; numbers, shifts and orders belong to the terminal that made them.

pub mod audit;
pub mod booking;
pub mod cash;
pub mod chat;
pub mod count;
pub mod order;
pub mod purchasing;
pub mod reference;
pub mod returns;
pub mod sale;
pub mod shift;
pub mod stock;

use super::context::{Context, DeviceRow};
use crate::auth::Device;
use pos_domain::roles::{Permission, Role, allows};
use pos_protocol::Record;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why a record is set aside: a sentence for the owner's review list.
pub type Reason = String;

/// How far a terminal's clock may be off, and how far back before its latest sale a record may
/// be dated (a clock corrected by hand): a day. Beyond it a till cannot slip a sale into a tax
/// month it has already reported.
pub const CLOCK_SLACK_MS: i64 = 24 * 3_600_000;

/// Largest quantity on one line or movement: more than any music shop moves at once.
pub const MAX_QUANTITY: i64 = 1_000_000;

/// One row of the stock ledger a fact implies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub id: String,
    pub product_id: String,
    pub branch: String,
    pub quantity: i64,
    pub reason: String,
}

/// What an accepted fact writes besides itself.
#[derive(Debug, Default)]
pub struct Effects {
    /// Ledger rows with their fact id and, for a sale, the sale id (oversold flags point at it).
    pub ledger: Vec<(LedgerRow, String, Option<String>)>,
    pub shifts_opened: Vec<(String, String, String, i64)>,
    pub shifts_closed: Vec<(String, i64)>,
    /// (sale id, receipt no, branch, tax mode, rate bp)
    pub sales: Vec<(String, String, String, String, i64)>,
    /// (line id, sale id, product id, quantity, net)
    pub sale_lines: Vec<(String, String, String, i64, i64)>,
    /// (return id, return no, sale id)
    pub returns: Vec<(String, String, String)>,
    /// (sale line id, quantity returned)
    pub returned: Vec<(String, i64)>,
    /// (order id, order no, branch, status, payment status, made here)
    pub orders: Vec<(String, String, String, String, String, bool)>,
    /// (order id, status, payment status)
    pub order_steps: Vec<(String, String, String)>,
    pub chats: Vec<Chat>,
    /// Desks' booking requests and moves, decided when the batch is written.
    pub booking_requests: Vec<crate::bookings::desk::Request>,
    pub booking_events: Vec<crate::bookings::desk::Event>,
}

/// A staff chat message to append.
#[derive(Debug, Clone)]
pub struct Chat {
    pub id: String,
    pub conversation: String,
    pub author: String,
    pub body: String,
    pub at: i64,
    /// An internal note (never shown to the customer).
    pub note: bool,
    /// A product card.
    pub product_id: Option<String>,
    /// The conversation's new assignee's name ('' for nobody), when this message assigns it.
    pub assign_to: Option<String>,
}

/// Judges the records of one batch, in order.
pub struct Judge<'a> {
    pub ctx: &'a mut Context,
    pub device: &'a Device,
    pub row: &'a mut DeviceRow,
    /// The server's clock (UTC ms).
    pub now: i64,
}

pub fn parse<T: DeserializeOwned>(payload: &Value) -> Result<T, Reason> {
    T::deserialize(payload).map_err(|e| format!("malformed: {e}"))
}

pub fn same_id(record: &Record, id: &str) -> Result<(), Reason> {
    if record.id != id {
        return Err("the payload's id differs from the record's".into());
    }
    Ok(())
}

pub fn id_ok(s: &str) -> bool {
    pos_protocol::id_ok(s)
}

pub fn text_ok(s: &str, max: usize) -> bool {
    s.chars().count() <= max
}

impl Judge<'_> {
    /// The role of the person a record names. While a store has no owner on the server yet, a
    /// terminal the owner trusts with staff accounts (the desk that linked the store with the
    /// owner's server password) speaks as the owner: its first push carries the owner's account.
    pub fn role_of(&self, by: Option<&str>) -> Result<Role, Reason> {
        let Some(by) = by else {
            return Err("the record does not say who did it".into());
        };
        match self.ctx.people.get(by) {
            Some(p) => Ok(p.role),
            None if !self.ctx.has_owner && self.device.manages_staff => Ok(Role::Owner),
            None => Err(format!("{by} is not a member of this store's staff")),
        }
    }

    /// The person a record names, who must hold `p`.
    pub fn may<'b>(&self, by: Option<&'b str>, p: Permission) -> Result<&'b str, Reason> {
        let role = self.role_of(by)?;
        if !allows(role, p) {
            return Err(format!(
                "{} ({}) may not do this: it needs {p:?}",
                by.unwrap_or("-"),
                role.as_str()
            ));
        }
        Ok(by.unwrap_or(""))
    }

    /// Whether the person holds `p` (false for an unknown person).
    pub fn holds(&self, by: &str, p: Permission) -> bool {
        self.role_of(Some(by)).is_ok_and(|r| allows(r, p))
    }

    /// The record must be this terminal's own: its branch and (when it has one) terminal.
    pub fn own(&self, branch: &str, terminal: Option<&str>) -> Result<(), Reason> {
        if branch != self.device.branch || terminal.is_some_and(|t| t != self.device.terminal) {
            return Err(format!(
                "recorded at {branch}/{} but pushed by {}/{}",
                terminal.unwrap_or("-"),
                self.device.branch,
                self.device.terminal
            ));
        }
        Ok(())
    }

    /// A number (receipt, return, order) must be this terminal's, in one of `series`, and new.
    pub fn number(&self, number: &str, series: &[&str]) -> Result<(), Reason> {
        let (b, t) = (&self.device.branch, &self.device.terminal);
        if !series
            .iter()
            .any(|s| pos_domain::numbers::number_seq(number, b, t, s).is_some())
        {
            return Err(format!(
                "number {number:?} is not one of {b}/{t}'s: a terminal numbers only with its own branch and terminal code"
            ));
        }
        if self.ctx.numbers.contains(number) {
            return Err(format!("number {number} is already used in this store"));
        }
        Ok(())
    }

    /// When a money fact (sale, return, shift, cash) says it happened: not in the future, not
    /// before what this terminal already reported, not before it was enrolled (the terminal that
    /// linked the store may send its history from before the link).
    pub fn when(&self, at: i64) -> Result<(), Reason> {
        if at > self.now + CLOCK_SLACK_MS {
            return Err("dated in the future (the terminal's clock is wrong?)".into());
        }
        if let Some(last) = self.row.last_fact_at
            && at < last - CLOCK_SLACK_MS
        {
            return Err("dated more than a day before what this terminal already reported".into());
        }
        if !self.row.links_store && at < self.row.enrolled_at - CLOCK_SLACK_MS {
            return Err("dated before this terminal was enrolled".into());
        }
        Ok(())
    }

    pub fn reported(&mut self, at: i64) {
        self.row.last_fact_at = Some(self.row.last_fact_at.map_or(at, |l| l.max(at)));
    }

    /// Ledger ids (sale lines, return lines, movements) are new in the store and in the fact.
    pub fn new_ledger_ids<'b>(&self, ids: impl IntoIterator<Item = &'b str>) -> Result<(), Reason> {
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            if !id_ok(id) {
                return Err("a line needs an id of 1 to 64 characters".into());
            }
            if !seen.insert(id) || self.ctx.ledger_ids.contains(id) {
                return Err(format!("line id {id} is used twice"));
            }
        }
        Ok(())
    }

    pub fn product_known(&self, id: &str) -> Result<(), Reason> {
        if !self.ctx.products.contains(id) {
            return Err(format!("product {id} is not in this store's catalogue"));
        }
        Ok(())
    }

    /// The shift a sale, return or cash movement belongs to: this terminal's, open at `at`.
    pub fn shift_open_at(&self, shift_id: &str, at: i64) -> Result<(), Reason> {
        let s = self
            .ctx
            .shifts
            .get(shift_id)
            .ok_or_else(|| format!("shift {shift_id} was never opened"))?;
        let mine = match s.device_id {
            Some(d) => d == self.device.id,
            None => s.branch == self.device.branch && s.terminal == self.device.terminal,
        };
        if !mine {
            return Err(format!("shift {shift_id} is another terminal's"));
        }
        if at < s.opened_at || s.closed_at.is_some_and(|c| at > c) {
            return Err(format!("dated outside shift {shift_id}"));
        }
        Ok(())
    }
}
