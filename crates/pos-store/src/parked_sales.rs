//! `parked_sales`: carts put aside at a till (a customer fetching a second pick), kept per terminal
//! until resumed. The cart is stored as the till sent it (JSON); the core reads it back.

use rusqlite::{Connection, OptionalExtension, params};

/// A parked cart with the name of who parked it; `cart` is its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parked {
    pub id: String,
    pub label: String,
    pub user_name: String,
    pub created_at: i64,
    pub cart: String,
}

const SELECT: &str =
    "SELECT p.id, p.label, u.name, p.created_at, p.cart FROM parked_sales p JOIN users u ON u.id = p.user_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Parked> {
    Ok(Parked {
        id: r.get(0)?,
        label: r.get(1)?,
        user_name: r.get(2)?,
        created_at: r.get(3)?,
        cart: r.get(4)?,
    })
}

pub struct NewParked<'a> {
    pub id: &'a str,
    pub terminal: &'a str,
    pub user_id: &'a str,
    pub label: &'a str,
    pub cart: &'a str,
    pub at: i64,
}

pub fn insert(conn: &Connection, p: &NewParked<'_>) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO parked_sales (id, terminal, user_id, label, cart, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![p.id, p.terminal, p.user_id, p.label, p.cart, p.at],
    )?;
    Ok(())
}

/// The terminal's parked carts, oldest first.
pub fn on_terminal(conn: &Connection, terminal: &str) -> crate::Result<Vec<Parked>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE p.terminal = ?1 ORDER BY p.created_at"))?;
    let rows = stmt.query_map([terminal], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<Parked>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE p.id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

pub fn delete(conn: &Connection, id: &str) -> crate::Result<()> {
    conn.execute("DELETE FROM parked_sales WHERE id = ?1", [id])?;
    Ok(())
}
