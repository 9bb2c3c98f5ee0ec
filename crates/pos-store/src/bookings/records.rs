//! `bookings` at the desk: what the server decided (sent whole with each change, written over
//! this desk's copy when newer) and what this desk pencilled in and has not heard back about.

use crate::synced::{State, int, opt, text};
use pos_domain::bookings::BookingStatus;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Booking {
    pub id: String,
    pub booking_no: Option<String>,
    pub service_id: String,
    pub package_id: String,
    pub resource_id: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub status: BookingStatus,
    pub hold_until: Option<i64>,
    /// Made on the shop (else at a desk).
    pub online: bool,
    pub customer_name: String,
    pub customer_phone: String,
    pub customer_email: String,
    pub price: i64,
    pub dp_amount: i64,
    pub dp_paid: i64,
    pub refund_due: i64,
    /// The transfer proof's picture (a blob hash), if one was uploaded.
    pub proof: Option<String>,
    /// Why it was refused or rejected.
    pub reason: String,
    pub note: String,
    pub version: i64,
    pub created_at: i64,
    /// A repair's ticket, once the instrument is dropped off.
    pub repair: Option<pos_domain::bookings::repair::RepairTicket>,
}

const SELECT: &str = "SELECT id, booking_no, service_id, package_id, resource_id, start_ms, end_ms, status, hold_until,
    source, customer_name, customer_phone, customer_email, price, dp_amount, dp_paid, refund_due, proof, reason, note,
    version, created_at, repair FROM bookings";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Booking> {
    let status: String = r.get(7)?;
    let source: String = r.get(9)?;
    Ok(Booking {
        id: r.get(0)?,
        booking_no: r.get(1)?,
        service_id: r.get(2)?,
        package_id: r.get(3)?,
        resource_id: r.get(4)?,
        start_ms: r.get(5)?,
        end_ms: r.get(6)?,
        status: BookingStatus::parse(&status).unwrap_or(BookingStatus::Pencilled),
        hold_until: r.get(8)?,
        online: source == "shop",
        customer_name: r.get(10)?,
        customer_phone: r.get(11)?,
        customer_email: r.get(12)?,
        price: r.get(13)?,
        dp_amount: r.get(14)?,
        dp_paid: r.get(15)?,
        refund_due: r.get(16)?,
        proof: r.get(17)?,
        reason: r.get(18)?,
        note: r.get(19)?,
        version: r.get(20)?,
        created_at: r.get(21)?,
        repair: r
            .get::<_, Option<String>>(22)?
            .and_then(|j| serde_json::from_str(&j).ok()),
    })
}

/// Bookings that overlap `[from, to)`, by start.
pub fn between(conn: &Connection, from: i64, to: i64) -> crate::Result<Vec<Booking>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE start_ms < ?2 AND end_ms > ?1 ORDER BY start_ms, resource_id LIMIT 5000"
    ))?;
    Ok(stmt
        .query_map(params![from, to], row)?
        .collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> crate::Result<Option<Booking>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// Proofs waiting for a decision, oldest first.
pub fn awaiting_approval(conn: &Connection) -> crate::Result<Vec<Booking>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE status = 'waiting_approval' ORDER BY updated_at LIMIT 500"
    ))?;
    Ok(stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?)
}

/// A booking this desk pencils in (the server has not seen it yet).
#[derive(Debug, Clone)]
pub struct Pencil<'a> {
    pub id: &'a str,
    pub service_id: &'a str,
    pub package_id: &'a str,
    pub resource_id: &'a str,
    pub start_ms: i64,
    pub end_ms: i64,
    pub customer_name: &'a str,
    pub customer_phone: &'a str,
    pub customer_email: &'a str,
    pub price: i64,
    pub dp_amount: i64,
    pub dp_paid: i64,
    pub note: &'a str,
    pub by: &'a str,
}

pub fn pencil(conn: &Connection, p: &Pencil<'_>, now: i64) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO bookings (id, service_id, package_id, resource_id, start_ms, end_ms, status, source,
            customer_name, customer_phone, customer_email, price, dp_amount, dp_paid, note, created_by,
            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pencilled', 'desk', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
        params![
            p.id,
            p.service_id,
            p.package_id,
            p.resource_id,
            p.start_ms,
            p.end_ms,
            p.customer_name,
            p.customer_phone,
            p.customer_email,
            p.price,
            p.dp_amount,
            p.dp_paid,
            p.note,
            p.by,
            now
        ],
    )?;
    Ok(())
}

/// A status this desk set ahead of the server's answer (which overwrites it when it comes).
pub fn set_status(conn: &Connection, id: &str, status: BookingStatus, now: i64) -> crate::Result<()> {
    conn.execute(
        "UPDATE bookings SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, status.as_str(), now],
    )?;
    Ok(())
}

/// The server's booking written over this desk's copy, unless the copy is already as new.
/// False when nothing changed.
pub fn apply_synced(conn: &Connection, s: &State, now: i64) -> crate::Result<bool> {
    let id = text(s, "id");
    let version = int(s, "version");
    let status = text(s, "status");
    if BookingStatus::parse(&status).is_none() {
        return Err(crate::StoreError::Sqlite(rusqlite::Error::InvalidParameterName(
            format!("unknown booking status {status:?}"),
        )));
    }
    let n = conn.execute(
        "INSERT INTO bookings (id, booking_no, service_id, package_id, resource_id, start_ms, end_ms, status,
            hold_until, source, customer_name, customer_phone, customer_email, price, dp_amount, dp_paid,
            refund_due, proof, reason, note, sequence, version, created_at, updated_at, repair)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
            ?22, ?23, ?24, ?25)
         ON CONFLICT (id) DO UPDATE SET booking_no = excluded.booking_no, service_id = excluded.service_id,
            package_id = excluded.package_id, resource_id = excluded.resource_id, start_ms = excluded.start_ms,
            end_ms = excluded.end_ms, status = excluded.status, hold_until = excluded.hold_until,
            customer_name = excluded.customer_name, customer_phone = excluded.customer_phone,
            customer_email = excluded.customer_email, price = excluded.price, dp_amount = excluded.dp_amount,
            dp_paid = excluded.dp_paid, refund_due = excluded.refund_due, proof = excluded.proof,
            reason = excluded.reason, note = excluded.note, sequence = excluded.sequence,
            version = excluded.version, updated_at = excluded.updated_at, repair = excluded.repair
         WHERE excluded.version > bookings.version",
        params![
            id,
            opt(s, "booking_no"),
            text(s, "service_id"),
            text(s, "package_id"),
            text(s, "resource_id"),
            int(s, "start"),
            int(s, "end"),
            status,
            s.get("hold_until").and_then(serde_json::Value::as_i64),
            if text(s, "source") == "shop" { "shop" } else { "desk" },
            text(s, "customer_name"),
            text(s, "customer_phone"),
            text(s, "customer_email"),
            int(s, "price"),
            int(s, "dp_amount"),
            int(s, "dp_paid"),
            int(s, "refund_due"),
            opt(s, "proof"),
            text(s, "reason"),
            text(s, "note"),
            int(s, "sequence"),
            version,
            int(s, "created_at"),
            now,
            s.get("repair").filter(|v| !v.is_null()).map(|v| v.to_string())
        ],
    )?;
    Ok(n > 0)
}

/// A repair's ticket this desk set ahead of the server's answer.
pub fn set_repair(
    conn: &Connection,
    id: &str,
    ticket: &pos_domain::bookings::repair::RepairTicket,
    now: i64,
) -> crate::Result<()> {
    conn.execute(
        "UPDATE bookings SET repair = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, serde_json::to_string(ticket).unwrap_or_default(), now],
    )?;
    Ok(())
}
