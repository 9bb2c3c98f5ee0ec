//! Bookings whose service falls in a range of WIB days, with their service, package, resource and
//! money, for the owner's bookings report (deposits held and service revenue).

use rusqlite::{Connection, params};

pub struct BookingRow {
    /// The WIB day of the service (YYYY-MM-DD).
    pub day: String,
    pub booking_no: String,
    pub service: String,
    pub package: String,
    pub resource: String,
    pub customer: String,
    pub status: String,
    pub online: bool,
    pub price: i64,
    pub dp_paid: i64,
    pub refund_due: i64,
}

/// `from` and `to` are ISO dates, both included.
pub fn rows(c: &Connection, from: &str, to: &str) -> crate::Result<Vec<BookingRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT date(b.start_ms / 1000 + 7 * 3600, 'unixepoch') AS day, ifnull(b.booking_no, ''),
                ifnull(s.name, ''),
                ifnull((SELECT json_extract(p.value, '$.name') FROM json_each(s.doc, '$.packages') p
                        WHERE json_extract(p.value, '$.id') = b.package_id), ''),
                ifnull(r.name, ''), b.customer_name, b.status, b.source = 'shop', b.price, b.dp_paid, b.refund_due
         FROM bookings b
         LEFT JOIN booking_services s ON s.id = b.service_id
         LEFT JOIN booking_resources r ON r.id = b.resource_id
         WHERE date(b.start_ms / 1000 + 7 * 3600, 'unixepoch') BETWEEN ?1 AND ?2
         ORDER BY b.start_ms",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok(BookingRow {
            day: r.get(0)?,
            booking_no: r.get(1)?,
            service: r.get(2)?,
            package: r.get(3)?,
            resource: r.get(4)?,
            customer: r.get(5)?,
            status: r.get(6)?,
            online: r.get(7)?,
            price: r.get(8)?,
            dp_paid: r.get(9)?,
            refund_due: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
