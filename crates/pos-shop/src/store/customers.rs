//! `shop_customers`, `shop_sessions`, `shop_links` and `shop_addresses`: customer accounts, their
//! signed-in sessions, the one-time links that verify an email or reset a password (hashes only),
//! and the addresses they shipped to.

use super::{Db, execute, query, query_opt};
use pos_server::ApiError;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Customer {
    pub id: Uuid,
    pub store_id: Uuid,
    pub email: String,
    pub name: String,
    pub phone: String,
    pub password_hash: String,
    pub verified: bool,
}

const COLUMNS: &str = "id, store_id, email, name, phone, password_hash, verified_at IS NOT NULL";

fn customer(r: &tokio_postgres::Row) -> Customer {
    Customer {
        id: r.get(0),
        store_id: r.get(1),
        email: r.get(2),
        name: r.get(3),
        phone: r.get(4),
        password_hash: r.get(5),
        verified: r.get(6),
    }
}

pub async fn by_email(db: &impl Db, store: Uuid, email: &str) -> Result<Option<Customer>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM shop_customers WHERE store_id = $1 AND lower(email) = lower($2)");
    Ok(query_opt(db, &sql, &[&store, &email]).await?.as_ref().map(customer))
}

/// A new account; None when the email has one already (the caller says the same either way).
pub async fn insert(
    db: &impl Db,
    store: Uuid,
    email: &str,
    name: &str,
    phone: &str,
    password_hash: &str,
) -> Result<Option<Uuid>, ApiError> {
    let id = Uuid::now_v7();
    let n = execute(
        db,
        "INSERT INTO shop_customers (id, store_id, email, name, phone, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING",
        &[&id, &store, &email, &name, &phone, &password_hash],
    )
    .await?;
    Ok((n == 1).then_some(id))
}

pub async fn open_session(db: &impl Db, token_hash: &[u8], customer: Uuid, days: i64) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO shop_sessions (token_hash, customer_id, expires_at) VALUES ($1, $2, now() + $3::bigint * interval '1 day')",
        &[&token_hash, &customer, &days],
    )
    .await?;
    Ok(())
}

/// The account a live session belongs to.
pub async fn by_session(db: &impl Db, token_hash: &[u8]) -> Result<Option<Customer>, ApiError> {
    let sql = format!(
        "SELECT {} FROM shop_sessions s JOIN shop_customers c ON c.id = s.customer_id
         WHERE s.token_hash = $1 AND s.expires_at > now()",
        COLUMNS
            .split(", ")
            .map(|c| format!("c.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(query_opt(db, &sql, &[&token_hash]).await?.as_ref().map(customer))
}

pub async fn close_session(db: &impl Db, token_hash: &[u8]) -> Result<(), ApiError> {
    execute(db, "DELETE FROM shop_sessions WHERE token_hash = $1", &[&token_hash]).await?;
    Ok(())
}

/// Every session of the account ends (its password changed).
pub async fn close_all(db: &impl Db, customer: Uuid) -> Result<(), ApiError> {
    execute(db, "DELETE FROM shop_sessions WHERE customer_id = $1", &[&customer]).await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Verify,
    Reset,
}

impl Purpose {
    fn code(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::Reset => "reset",
        }
    }
}

pub async fn new_link(
    db: &impl Db,
    token_hash: &[u8],
    customer: Uuid,
    purpose: Purpose,
    minutes: i64,
) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO shop_links (token_hash, customer_id, purpose, expires_at)
         VALUES ($1, $2, $3, now() + $4::bigint * interval '1 minute')",
        &[&token_hash, &customer, &purpose.code(), &minutes],
    )
    .await?;
    Ok(())
}

/// Uses a link once: the account it was for, when it is that purpose's, unused and in time.
pub async fn use_link(db: &impl Db, token_hash: &[u8], purpose: Purpose) -> Result<Option<Uuid>, ApiError> {
    Ok(query_opt(
        db,
        "UPDATE shop_links SET used_at = now()
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING customer_id",
        &[&token_hash, &purpose.code()],
    )
    .await?
    .map(|r| r.get(0)))
}

/// Whether a link could still be used (the reset form is shown only for one).
pub async fn link_alive(db: &impl Db, token_hash: &[u8], purpose: Purpose) -> Result<bool, ApiError> {
    Ok(query_opt(
        db,
        "SELECT 1 FROM shop_links WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()",
        &[&token_hash, &purpose.code()],
    )
    .await?
    .is_some())
}

pub async fn set_verified(db: &impl Db, customer: Uuid) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE shop_customers SET verified_at = coalesce(verified_at, now()) WHERE id = $1",
        &[&customer],
    )
    .await?;
    Ok(())
}

pub async fn set_password(db: &impl Db, customer: Uuid, password_hash: &str) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE shop_customers SET password_hash = $2, verified_at = coalesce(verified_at, now()) WHERE id = $1",
        &[&customer, &password_hash],
    )
    .await?;
    Ok(())
}

/// An address the customer shipped to (kept once; its last use first).
pub struct Address {
    pub id: Uuid,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub city: String,
    pub postal: String,
}

pub async fn remember_address(db: &impl Db, customer: Uuid, a: &crate::checkout::Contact) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO shop_addresses (id, customer_id, name, phone, address, city, postal) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (customer_id, address, postal) DO UPDATE
             SET name = excluded.name, phone = excluded.phone, city = excluded.city, used_at = now()",
        &[&Uuid::now_v7(), &customer, &a.name, &a.phone, &a.address, &a.city, &a.postal],
    )
    .await?;
    Ok(())
}

pub async fn addresses(db: &impl Db, customer: Uuid) -> Result<Vec<Address>, ApiError> {
    let rows = query(
        db,
        "SELECT id, name, phone, address, city, postal FROM shop_addresses WHERE customer_id = $1 ORDER BY used_at DESC LIMIT 20",
        &[&customer],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| Address {
            id: r.get(0),
            name: r.get(1),
            phone: r.get(2),
            address: r.get(3),
            city: r.get(4),
            postal: r.get(5),
        })
        .collect())
}

pub async fn forget_address(db: &impl Db, customer: Uuid, id: Uuid) -> Result<(), ApiError> {
    execute(
        db,
        "DELETE FROM shop_addresses WHERE customer_id = $1 AND id = $2",
        &[&customer, &id],
    )
    .await?;
    Ok(())
}

/// The account's orders, newest first: (order no, status, payment status, total, placed at).
pub async fn orders(
    db: &impl Db,
    customer: Uuid,
) -> Result<Vec<(String, String, String, i64, chrono::DateTime<chrono::Utc>)>, ApiError> {
    let rows = query(
        db,
        "SELECT c.order_no, o.status, o.payment_status, c.total, c.created_at
         FROM shop_checkouts c JOIN orders o ON o.store_id = c.store_id AND o.id = c.order_id
         WHERE c.customer_id = $1 ORDER BY c.created_at DESC LIMIT 100",
        &[&customer],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect())
}

/// The signed-in customer's cart: this browser's becomes theirs, and a cart they left in another
/// browser joins it (quantities added, at most 99 each); the other is removed.
pub async fn claim_cart(db: &impl Db, store: Uuid, customer: Uuid, visitor_hash: &[u8]) -> Result<(), ApiError> {
    let here = super::carts::get_or_create(db, store, visitor_hash).await?;
    execute(
        db,
        "INSERT INTO shop_cart_lines (cart_id, product_id, quantity, added_at)
         SELECT $1, l.product_id, l.quantity, l.added_at FROM shop_cart_lines l
         JOIN shop_carts c ON c.id = l.cart_id WHERE c.customer_id = $2 AND c.id <> $1
         ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = least(shop_cart_lines.quantity + excluded.quantity, 99)",
        &[&here, &customer],
    )
    .await?;
    execute(
        db,
        "DELETE FROM shop_carts WHERE customer_id = $2 AND id <> $1",
        &[&here, &customer],
    )
    .await?;
    execute(
        db,
        "UPDATE shop_carts SET customer_id = $2 WHERE id = $1",
        &[&here, &customer],
    )
    .await?;
    Ok(())
}

/// Links a checkout to the account that placed it.
pub async fn own_checkout(db: &impl Db, checkout: Uuid, customer: Uuid) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE shop_checkouts SET customer_id = $2 WHERE id = $1",
        &[&checkout, &customer],
    )
    .await?;
    Ok(())
}
