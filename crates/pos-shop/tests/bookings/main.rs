//! Bookings on the real server and PostgreSQL, from the shop and from desks through sync:
//! - `race`: fifty requests for one slot at once, from shop customers and two desks: one booking;
//! - `rules`: never the same WIB day, unpaid holds that run out, a move onto a taken time, a
//!   desk's pencilled booking that loses the race while offline;
//! - `flow`: a studio hour paid online through the Midtrans fake, and a photo session's transfer
//!   proof rejected, uploaded again within the hour (and too late on another), accepted at the
//!   desk; the invitation and the invoice read back.

#[path = "../common/mod.rs"]
mod common;

mod flow;
mod portfolio;
mod race;
mod repair;
mod rules;

use common::{Browser, Shop, Terminal};
use pos_domain::bookings::setup::{
    BookingResource, BookingService, DayHours, Deposit, ResourceKind, ServiceKind, ServicePackage,
};
use pos_domain::bookings::{BookingWindow, MINUTE_MS};

pub const HOUR: i64 = 60 * MINUTE_MS;

/// A picture as a phone would send it.
pub fn png() -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 90]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// 10:00–22:00 every day.
fn open_daily() -> Vec<Option<DayHours>> {
    vec![
        Some(DayHours {
            open_min: 600,
            close_min: 1_320
        });
        7
    ]
}

/// The desk sets up a resource and a service of one package on it: `(service id, package id)`.
pub fn set_up(
    desk: &Terminal,
    slug: &str,
    kind: ServiceKind,
    price: i64,
    minutes: i64,
    dp_bp: i64,
) -> (String, String) {
    set_up_seats(desk, slug, kind, price, minutes, dp_bp, 1)
}

/// The same on a resource that takes `seats` bookings at once (a class room).
pub fn set_up_seats(
    desk: &Terminal,
    slug: &str,
    kind: ServiceKind,
    price: i64,
    minutes: i64,
    dp_bp: i64,
    seats: i64,
) -> (String, String) {
    let resource = BookingResource {
        id: pos_domain::new_id(),
        name: format!("Ruang {slug}"),
        kind: ResourceKind::Room,
        capacity: seats,
        hours: open_daily(),
        closed: vec![],
        active: true,
    };
    desk.core
        .save_booking_resource(
            desk.t(),
            pos_core::bookings::setup::SaveBookingResource {
                resource: resource.clone(),
                expected_version: None,
            },
        )
        .unwrap();
    let package = ServicePackage {
        id: pos_domain::new_id(),
        name: format!("{} jam", minutes / 60),
        price,
        duration_min: minutes,
        included: "Drum, 2 ampli gitar\nAmpli bass".into(),
    };
    let service = BookingService {
        id: pos_domain::new_id(),
        slug: slug.into(),
        name: format!("Layanan {slug}"),
        kind,
        description: "Ruang kedap suara.".into(),
        resource_ids: vec![resource.id],
        packages: vec![package.clone()],
        buffer_before_min: 0,
        buffer_after_min: 15,
        step_min: 60,
        deposit: Deposit {
            percent_bp: dp_bp,
            amount: 0,
        },
        window: BookingWindow::default(),
        hold_minutes: 30,
        free_cancel_days: 2,
        late_refund_bp: 5_000,
        online: true,
        active: true,
        portfolio: vec![],
    };
    desk.core
        .save_booking_service(
            desk.t(),
            pos_core::bookings::setup::SaveBookingService {
                service: service.clone(),
                expected_version: None,
            },
        )
        .unwrap();
    (service.id, package.id)
}

/// `hour`:00 WIB, `days` days from today (WIB).
pub fn wib_at(days: i64, hour: i64) -> i64 {
    let today = pos_domain::clock::wib_date_of_ms(chrono::Utc::now().timestamp_millis());
    pos_domain::bookings::slots::wib_midnight_ms(today + chrono::Duration::days(days)) + hour * HOUR
}

/// A verified customer, signed in in a new browser (made in the database: the sign-up itself is
/// `accounts.rs`'s).
pub async fn customer(shop: &Shop, name: &str, email: &str) -> Browser {
    let id = uuid::Uuid::now_v7();
    let store: uuid::Uuid = {
        let c = shop.pool.get().await.unwrap();
        c.query_one("SELECT id FROM stores", &[]).await.unwrap().get(0)
    };
    let token: String = {
        use base64::Engine;
        let mut b = [0u8; 32];
        getrandom::getrandom(&mut b).unwrap();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
    };
    let c = shop.pool.get().await.unwrap();
    c.execute(
        "INSERT INTO shop_customers (id, store_id, email, name, phone, password_hash, verified_at)
         VALUES ($1, $2, $3, $4, '0813-0000-0000', '!', now())",
        &[&id, &store, &email, &name],
    )
    .await
    .unwrap();
    c.execute(
        "INSERT INTO shop_sessions (token_hash, customer_id, expires_at) VALUES ($1, $2, now() + interval '1 day')",
        &[&pos_shop::visitor::hash(&token), &id],
    )
    .await
    .unwrap();
    let b = shop.browser();
    b.jar
        .add_cookie_str(&format!("hr_s={token}; Path=/"), &b.base.parse().unwrap());
    b.get("/").await;
    b
}

/// Books `start` on the shop's page of `slug`.
pub async fn book_online(b: &Browser, slug: &str, package: &str, start: i64) -> common::Page {
    let csrf = b.csrf().await;
    let request = uuid::Uuid::now_v7().to_string();
    b.post(
        &format!("/book/{slug}"),
        &[
            ("csrf", csrf.as_str()),
            ("package", package),
            ("start", &start.to_string()),
            ("request", &request),
        ],
    )
    .await
}

/// The desk's copy of a booking.
pub fn local(desk: &Terminal, id: &str) -> pos_store::bookings::records::Booking {
    desk.core
        .with_db(|c| pos_store::bookings::records::get(c, id).unwrap())
        .unwrap_or_else(|| panic!("booking {id} at the desk"))
}

/// A desk books `start` for a walk-in customer (pencilled until it syncs).
pub fn book_at_desk(
    desk: &Terminal,
    service: &str,
    package: &str,
    start: i64,
    name: &str,
) -> pos_store::bookings::records::Booking {
    desk.core
        .book_at_desk(
            desk.t(),
            pos_core::bookings::desk::DeskBooking {
                service_id: service.into(),
                package_id: package.into(),
                start_ms: start,
                customer_name: name.into(),
                customer_phone: "0812-2222-3333".into(),
                ..Default::default()
            },
        )
        .unwrap()
}

/// The desk's bookings report over `days` days around today: its rows by booking number, each with
/// the named money columns.
pub fn report(desk: &Terminal) -> std::collections::HashMap<String, std::collections::HashMap<String, i64>> {
    let today = pos_domain::clock::wib_date_of_ms(chrono::Utc::now().timestamp_millis());
    let r = desk
        .core
        .report(
            desk.t(),
            pos_core::reports::ReportRequest {
                kind: pos_core::reports::ReportKind::Bookings,
                from: (today - chrono::Duration::days(2)).format("%Y-%m-%d").to_string(),
                to: (today + chrono::Duration::days(30)).format("%Y-%m-%d").to_string(),
                page_size: Some(500),
                ..Default::default()
            },
        )
        .unwrap();
    let no = r.columns.iter().position(|c| c.key == "booking_no").unwrap();
    r.rows
        .iter()
        .map(|row| {
            let money = r
                .columns
                .iter()
                .zip(row)
                .filter_map(|(c, cell)| match cell {
                    pos_core::reports::Cell::Num(v) => Some((c.key.clone(), *v)),
                    _ => None,
                })
                .collect();
            (row[no].text().to_string(), money)
        })
        .collect()
}
