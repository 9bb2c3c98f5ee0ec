//! The one way a sale or a return enters the file: its rows (`sales`) and its report rows
//! (`reporting`), in the caller's transaction, so the owner's desk can never miss one. (The
//! tables and the reports stay apart: `reporting` reads sales, `sales` knows nothing of reports.)

use crate::sales::{Return, Sale};
use rusqlite::Connection;

/// A completed sale: the sale, its lines and tenders, and its report rows.
pub fn record_sale(conn: &Connection, s: &Sale) -> crate::Result<()> {
    crate::sales::insert(conn, s)?;
    crate::reporting::index_sale(conn, s)
}

/// A return: its lines and refund, and its report rows (on the day it happens).
pub fn record_return(conn: &Connection, r: &Return) -> crate::Result<()> {
    crate::sales::insert_return(conn, r)?;
    crate::reporting::index_return(conn, r)
}
