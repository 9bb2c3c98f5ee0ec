//! Orders to deliver, their lines and status history, courier services and stock reservations.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

pub use pos_domain::orders::OrderStatus;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CourierService {
    pub id: String,
    pub courier: String,
    pub service: String,
    pub base_price: i64,
    pub price_per_kg: i64,
    pub price_per_km: i64,
    pub volume_factor: i64,
    pub min_days: i64,
    pub max_days: i64,
    pub tracking_url: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderLine {
    pub id: String,
    pub line_no: i64,
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub packed: i64,
    /// The product's barcode (packing scans it).
    pub barcode: Option<String>,
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderEvent {
    pub from_status: Option<String>,
    pub to_status: String,
    pub user_name: Option<String>,
    pub note: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Order {
    pub id: String,
    pub order_no: String,
    pub source: String,
    pub status: OrderStatus,
    pub branch: String,
    pub customer_name: String,
    pub customer_phone: String,
    pub customer_email: String,
    pub ship_name: String,
    pub ship_phone: String,
    pub ship_address: String,
    pub ship_city: String,
    pub ship_postal: String,
    pub courier_service: String,
    pub shipping_cost: i64,
    pub subtotal: i64,
    pub total: i64,
    pub payment_status: String,
    pub packed_weight_g: Option<i64>,
    pub tracking_no: Option<String>,
    pub parent_id: Option<String>,
    /// The counter sale this order delivers: its stock already left with the sale.
    #[serde(default)]
    pub sale_id: Option<String>,
    pub note: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
    pub lines: Vec<OrderLine>,
    pub events: Vec<OrderEvent>,
}

const SELECT: &str = "SELECT id, order_no, source, status, branch, customer_name, customer_phone, customer_email,
    ship_name, ship_phone, ship_address, ship_city, ship_postal, courier_service, shipping_cost, subtotal, total,
    payment_status, packed_weight_g, tracking_no, parent_id, note, created_at, updated_at, version, sale_id FROM orders";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Order> {
    let status: String = r.get(3)?;
    Ok(Order {
        id: r.get(0)?,
        order_no: r.get(1)?,
        source: r.get(2)?,
        status: OrderStatus::parse(&status)
            .ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, status.into()))?,
        branch: r.get(4)?,
        customer_name: r.get(5)?,
        customer_phone: r.get(6)?,
        customer_email: r.get(7)?,
        ship_name: r.get(8)?,
        ship_phone: r.get(9)?,
        ship_address: r.get(10)?,
        ship_city: r.get(11)?,
        ship_postal: r.get(12)?,
        courier_service: r.get(13)?,
        shipping_cost: r.get(14)?,
        subtotal: r.get(15)?,
        total: r.get(16)?,
        payment_status: r.get(17)?,
        packed_weight_g: r.get(18)?,
        tracking_no: r.get(19)?,
        parent_id: r.get(20)?,
        note: r.get(21)?,
        created_at: r.get(22)?,
        updated_at: r.get(23)?,
        version: r.get(24)?,
        sale_id: r.get(25)?,
        lines: Vec::new(),
        events: Vec::new(),
    })
}

pub fn insert(conn: &Connection, o: &Order) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO orders (id, order_no, source, status, branch, customer_name, customer_phone, customer_email,
            ship_name, ship_phone, ship_address, ship_city, ship_postal, courier_service, shipping_cost, subtotal,
            total, payment_status, parent_id, note, created_at, updated_at, sale_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21, ?22)",
        params![
            o.id,
            o.order_no,
            o.source,
            o.status.as_str(),
            o.branch,
            o.customer_name,
            o.customer_phone,
            o.customer_email,
            o.ship_name,
            o.ship_phone,
            o.ship_address,
            o.ship_city,
            o.ship_postal,
            o.courier_service,
            o.shipping_cost,
            o.subtotal,
            o.total,
            o.payment_status,
            o.parent_id,
            o.note,
            o.created_at,
            o.sale_id
        ],
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO order_lines (id, order_id, line_no, product_id, sku, name, quantity, unit_price, packed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for l in &o.lines {
        stmt.execute(params![
            l.id,
            o.id,
            l.line_no,
            l.product_id,
            l.sku,
            l.name,
            l.quantity,
            l.unit_price,
            l.packed
        ])?;
    }
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<Order>> {
    let Some(mut o) = conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?
    else {
        return Ok(None);
    };
    o.lines = lines(conn, id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT e.from_status, e.to_status, u.name, e.note, e.at FROM order_events e LEFT JOIN users u ON u.id = e.user_id
         WHERE e.order_id = ?1 ORDER BY e.at, e.id",
    )?;
    o.events = stmt
        .query_map([id], |r| {
            Ok(OrderEvent {
                from_status: r.get(0)?,
                to_status: r.get(1)?,
                user_name: r.get(2)?,
                note: r.get(3)?,
                at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(o))
}

pub fn by_no(conn: &Connection, order_no: &str) -> crate::Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM orders WHERE order_no = ?1")?
        .query_row([order_no], |r| r.get(0))
        .optional()?)
}

pub fn lines(conn: &Connection, order_id: &str) -> crate::Result<Vec<OrderLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.line_no, l.product_id, l.sku, l.name, l.quantity, l.unit_price, l.packed, p.barcode,
                ifnull(c.name, '')
         FROM order_lines l JOIN products p ON p.id = l.product_id LEFT JOIN categories c ON c.id = p.category_id
         WHERE l.order_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = stmt.query_map([order_id], |r| {
        Ok(OrderLine {
            id: r.get(0)?,
            line_no: r.get(1)?,
            product_id: r.get(2)?,
            sku: r.get(3)?,
            name: r.get(4)?,
            quantity: r.get(5)?,
            unit_price: r.get(6)?,
            packed: r.get(7)?,
            barcode: r.get(8)?,
            category: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Orders in the given states (all when empty), oldest first, without lines or events.
pub fn list(conn: &Connection, statuses: &[OrderStatus], limit: i64) -> crate::Result<Vec<Order>> {
    let wanted: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let filter = serde_json::to_string(&wanted).unwrap_or_else(|_| "[]".into());
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE ?1 = '[]' OR status IN (SELECT value FROM json_each(?1)) ORDER BY created_at, id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![filter, limit], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn set_status(conn: &Connection, id: &str, status: OrderStatus, payment: &str, now: i64) -> crate::Result<()> {
    conn.execute(
        "UPDATE orders SET status = ?2, payment_status = ?3, updated_at = ?4, version = version + 1 WHERE id = ?1",
        params![id, status.as_str(), payment, now],
    )?;
    Ok(())
}

/// A packing step changed the order: its version moves so an open screen sees it is stale.
pub fn touch(conn: &Connection, id: &str, now: i64) -> crate::Result<()> {
    conn.prepare_cached("UPDATE orders SET version = version + 1, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

pub fn count_packed(conn: &Connection, line_id: &str) -> crate::Result<()> {
    conn.prepare_cached("UPDATE order_lines SET packed = packed + 1 WHERE id = ?1")?
        .execute([line_id])?;
    Ok(())
}

pub fn set_packed_weight(conn: &Connection, id: &str, grams: i64, now: i64) -> crate::Result<()> {
    conn.prepare_cached("UPDATE orders SET packed_weight_g = ?2 WHERE id = ?1")?
        .execute(params![id, grams])?;
    touch(conn, id, now)
}

pub fn set_tracking(conn: &Connection, id: &str, tracking: &str, now: i64) -> crate::Result<()> {
    conn.prepare_cached("UPDATE orders SET tracking_no = ?2 WHERE id = ?1")?
        .execute(params![id, tracking])?;
    touch(conn, id, now)
}

pub fn add_event(
    conn: &Connection,
    order_id: &str,
    from: Option<OrderStatus>,
    to: OrderStatus,
    user_id: Option<&str>,
    note: &str,
    at: i64,
) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO order_events (id, order_id, from_status, to_status, user_id, note, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![pos_domain::new_id(), order_id, from.map(|f| f.as_str()), to.as_str(), user_id, note, at])?;
    Ok(())
}

pub fn courier_services(conn: &Connection) -> crate::Result<Vec<CourierService>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, courier, service, base_price, price_per_kg, price_per_km, volume_factor, min_days, max_days,
                tracking_url, active FROM courier_services ORDER BY courier, service",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(CourierService {
            id: r.get(0)?,
            courier: r.get(1)?,
            service: r.get(2)?,
            base_price: r.get(3)?,
            price_per_kg: r.get(4)?,
            price_per_km: r.get(5)?,
            volume_factor: r.get(6)?,
            min_days: r.get(7)?,
            max_days: r.get(8)?,
            tracking_url: r.get(9)?,
            active: crate::bool_of(r.get(10)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Units of a product reserved at a branch by orders still holding stock.
pub fn reserved(conn: &Connection, product_id: &str, branch: &str) -> crate::Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT ifnull(sum(quantity), 0) FROM stock_reservations
             WHERE product_id = ?1 AND branch = ?2 AND released_at IS NULL",
        )?
        .query_row(params![product_id, branch], |r| r.get(0))?)
}

/// Units already taken off the shelf in spirit: held by orders being picked or packed.
pub fn committed(conn: &Connection, product_id: &str, branch: &str) -> crate::Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT ifnull(sum(r.quantity), 0) FROM stock_reservations r
             JOIN order_lines l ON l.id = r.order_line_id JOIN orders o ON o.id = l.order_id
             WHERE r.product_id = ?1 AND r.branch = ?2 AND r.released_at IS NULL AND o.status IN ('picking', 'packed')",
        )?
        .query_row(params![product_id, branch], |r| r.get(0))?)
}

pub fn reserve(conn: &Connection, line: &OrderLine, branch: &str, now: i64) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO stock_reservations (order_line_id, product_id, branch, quantity, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (order_line_id) DO UPDATE SET quantity = excluded.quantity, released_at = NULL",
    )?
    .execute(params![line.id, line.product_id, branch, line.quantity, now])?;
    Ok(())
}

pub fn release(conn: &Connection, order_id: &str, now: i64) -> crate::Result<()> {
    conn.prepare_cached(
        "UPDATE stock_reservations SET released_at = ?2
         WHERE released_at IS NULL AND order_line_id IN (SELECT id FROM order_lines WHERE order_id = ?1)",
    )?
    .execute(params![order_id, now])?;
    Ok(())
}

/// The order's tracking number and packed weight as stored now.
pub fn tracking_and_weight(conn: &Connection, id: &str) -> crate::Result<(Option<String>, Option<i64>)> {
    Ok(conn.query_row(
        "SELECT tracking_no, packed_weight_g FROM orders WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The number of another order (not `except`) that carries this tracking number.
pub fn tracking_used_by(conn: &Connection, tracking: &str, except: &str) -> crate::Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT order_no FROM orders WHERE tracking_no = ?1 AND id <> ?2",
            params![tracking, except],
            |r| r.get(0),
        )
        .optional()?)
}
