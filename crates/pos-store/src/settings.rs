//! Key-value settings: `device_settings` belong to this terminal only (its code, its printer);
//! `store_policies` are the store's rules (cashier discount limit, returns need a supervisor).

use rusqlite::{Connection, OptionalExtension, params};

fn get(conn: &Connection, table: &str, key: &str) -> crate::Result<Option<String>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT value FROM {table} WHERE key = ?1"))?;
    Ok(stmt.query_row([key], |r| r.get(0)).optional()?)
}

fn set(conn: &Connection, table: &str, key: &str, value: &str) -> crate::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO {table} (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        params![key, value],
    )?;
    Ok(())
}

pub fn device(conn: &Connection, key: &str) -> crate::Result<Option<String>> {
    get(conn, "device_settings", key)
}

pub fn set_device(conn: &Connection, key: &str, value: &str) -> crate::Result<()> {
    set(conn, "device_settings", key, value)
}

pub fn clear_device(conn: &Connection, key: &str) -> crate::Result<()> {
    conn.execute("DELETE FROM device_settings WHERE key = ?1", [key])?;
    Ok(())
}

pub fn policy(conn: &Connection, key: &str) -> crate::Result<Option<String>> {
    get(conn, "store_policies", key)
}

pub fn set_policy(conn: &Connection, key: &str, value: &str) -> crate::Result<()> {
    set(conn, "store_policies", key, value)
}

/// The next number of a gap-free series for this terminal, taken inside the caller's transaction:
/// a rolled-back sale gives its number back.
pub fn next_number(conn: &Connection, terminal: &str, series: &str) -> crate::Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO receipt_sequences (terminal, series, last) VALUES (?1, ?2, 1)
         ON CONFLICT (terminal, series) DO UPDATE SET last = last + 1 RETURNING last",
    )?;
    Ok(stmt.query_row(params![terminal, series], |r| r.get(0))?)
}

/// What a terminal numbers: sales (receipts), returns, delivery orders and back-orders. Each is
/// `BRANCH-TERMINAL-` + series letter + sequence (`pos_domain::numbers`), unique without a network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Receipt,
    Return,
    Delivery,
    Backorder,
    /// Purchase orders to suppliers.
    Purchase,
}

impl Series {
    /// The key of its counter in `receipt_sequences` (receipts were "S" before the letter was
    /// printed) and the letter in the number.
    fn keys(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Series::Receipt => ("S", "", "sales", "receipt_no"),
            Series::Return => ("R", "R", "returns", "return_no"),
            Series::Delivery => ("D", "D", "orders", "order_no"),
            Series::Backorder => ("B", "B", "orders", "order_no"),
            Series::Purchase => ("P", "P", "purchase_orders", "po_no"),
        }
    }

    pub fn letter(self) -> &'static str {
        self.keys().1
    }
}

/// The next free number of this terminal's series, inside the caller's transaction. A number that
/// is already in the file (a record this terminal made, lost in a power cut and took back from the
/// server) is skipped, never reused.
pub fn next_free_number(conn: &Connection, branch: &str, terminal: &str, series: Series) -> crate::Result<String> {
    let (key, letter, table, column) = series.keys();
    let taken = format!("SELECT 1 FROM {table} WHERE {column} = ?1");
    loop {
        let n = next_number(conn, terminal, key)?;
        let number = pos_domain::numbers::number(branch, terminal, letter, n);
        if conn
            .prepare_cached(&taken)?
            .query_row([&number], |_| Ok(()))
            .optional()?
            .is_none()
        {
            return Ok(number);
        }
    }
}

/// A record carrying one of this terminal's numbers arrived from elsewhere (taken back from the
/// server after a power cut): the counter moves past it so the next number is new.
pub fn number_seen(conn: &Connection, branch: &str, terminal: &str, number: &str) -> crate::Result<()> {
    for series in [
        Series::Receipt,
        Series::Return,
        Series::Delivery,
        Series::Backorder,
        Series::Purchase,
    ] {
        let (key, letter, _, _) = series.keys();
        if let Some(n) = pos_domain::numbers::number_seq(number, branch, terminal, letter) {
            conn.prepare_cached(
                "INSERT INTO receipt_sequences (terminal, series, last) VALUES (?1, ?2, ?3)
                 ON CONFLICT (terminal, series) DO UPDATE SET last = max(last, excluded.last)",
            )?
            .execute(params![terminal, key, n])?;
        }
    }
    Ok(())
}
