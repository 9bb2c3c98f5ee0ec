//! The counter: terminal settings, shifts, supervisor approvals, checkout, returns, receipts and
//! parked carts. Completing a sale or a return is one SQLite transaction, on the disk before it returns;
//! printing happens after the commit, so a printed receipt always matches a stored sale and a
//! printer fault never loses one.

pub mod approval;
pub mod cart;
pub mod checkout;
pub mod display;
pub mod qris;
pub mod receipts;
pub mod returns;
pub mod settings;
pub mod shift;

use crate::Core;
use crate::error::{CoreError, ErrorCode, Result};
use pos_store::rusqlite::{Connection, Transaction};

impl Core {
    /// The path of sales and returns, whose receipts must survive a power cut. Every write is
    /// (`synchronous=FULL` on the connection, see `pos_store::open`); the name says so where it
    /// matters most, and a test checks the pragma.
    pub(crate) fn write_durable<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.write(f)
    }
}

pub(crate) fn no_shift() -> CoreError {
    CoreError::new(
        ErrorCode::NoShift,
        "Open a shift on this terminal before selling.",
        "Buka shift di terminal ini sebelum berjualan.",
    )
}

/// The open shift of this terminal, or the error that tells the cashier to open one.
pub(crate) fn open_shift(conn: &Connection) -> Result<pos_store::shifts::Shift> {
    let terminal = settings::terminal(conn)?;
    pos_store::shifts::open_for(conn, &Core::branch(conn)?, &terminal)?.ok_or_else(no_shift)
}

impl Core {
    /// [`open_shift`] with the terminal code from the cached context (the sale path).
    pub(crate) fn open_shift_here(&self, conn: &Connection) -> Result<pos_store::shifts::Shift> {
        let ctx = self.counter_context(conn)?;
        pos_store::shifts::open_for(conn, &ctx.profile.branch_code, &ctx.settings.terminal)?.ok_or_else(no_shift)
    }
}
