//! Stock takes: a count session for the whole store, a category or a shelf, counted by scanning
//! on several terminals at once (each scan adds one, a typed count replaces), a variance report
//! with quantities and value at cost, and posting approved by an owner or admin. A product's
//! adjustment is what was counted minus the ledger's balance when the session started, added to
//! the live balance: sales made during the count are not wiped out. Sessions and entries sync like
//! sales; a session is posted once (the movements' ids are made from the session and product, so
//! two terminals posting the same session write one adjustment).

mod post;
mod scan;
mod session;
mod variance;

pub use post::*;
pub use scan::*;
pub use session::*;
pub use variance::*;

use crate::error::{CoreError, Result};
use crate::permissions::Permission;
use crate::{Core, json};
pub use pos_store::counts::{CountEntry, CountScope, CountStatus, EntryMode, StockCount};
use pos_store::rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// The most units one entry may add or set (a carton of strings is 12; a pallet of picks 10 000).
pub const MAX_ENTRY: i64 = 100_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CountId {
    pub count_id: String,
}

fn count_404() -> CoreError {
    CoreError::not_found("count_id", "Stock count", "Stok opname")
}

/// The session, which must be this branch's and open.
fn open_count(conn: &Connection, id: &str) -> Result<StockCount> {
    let c = pos_store::counts::get(conn, id)?.ok_or_else(count_404)?;
    if c.branch != Core::branch(conn)? {
        return Err(CoreError::invalid(
            "count_id",
            format!("This count is {}'s; count it there", c.branch),
            format!("Stok opname ini milik {}; hitung di sana", c.branch),
        ));
    }
    if c.status != CountStatus::Open {
        return Err(CoreError::invalid(
            "count_id",
            format!("This count was {} already", c.status.as_str()),
            format!(
                "Stok opname ini sudah {}",
                if c.status == CountStatus::Posted {
                    "diposting"
                } else {
                    "dibatalkan"
                }
            ),
        ));
    }
    Ok(c)
}
