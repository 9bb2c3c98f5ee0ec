//! Free slots of one service over 60 days with 10 resources and 5 000 bookings already held, as
//! the server computes them for the shop's service page and the desks (run under
//! scripts/with-postgres.sh, release build):
//!
//!   scripts/with-postgres.sh cargo bench -p pos-shop --bench slots
//!
//! The store is made with the owner's sign-up; its ten studio rooms and one service are synced
//! entities as a desk's push leaves them; the bookings are written through the same insert the
//! authority uses (each under the exclusion constraint). `pos_server::bookings::slots::free` is
//! then asked 1 000 times for the whole 60 days (the query of what holds the rooms, and the slot
//! engine). Target: p99 < 30 ms.

#[path = "../tests/common/mod.rs"]
mod common;

use common::server;
use pos_domain::bookings::setup::{
    BookingResource, BookingService, DayHours, Deposit, ResourceKind, ServiceKind, ServicePackage,
};
use pos_domain::bookings::{BookingStatus, BookingWindow, MINUTE_MS};
use std::time::{Duration, Instant};

const RESOURCES: usize = 10;
const BOOKINGS: usize = 5_000;
const DAYS: i64 = 60;
const RUNS: usize = 1_000;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let shop = common::start_with(Duration::from_secs(5)).await;
        let http = reqwest::Client::new();
        server::signup(&http, &shop.url, "owner@slots.bench", "BDG1").await;
        let mut db = shop.pool.get().await.unwrap();
        let store: uuid::Uuid = db.query_one("SELECT id FROM stores", &[]).await.unwrap().get(0);
        let hours = vec![Some(DayHours { open_min: 8 * 60, close_min: 22 * 60 }); 7];
        let mut ids = Vec::new();
        for i in 0..RESOURCES {
            let r = BookingResource {
                id: format!("room-{i}"),
                name: format!("Studio {i}"),
                kind: ResourceKind::Room,
                capacity: 1,
                hours: hours.clone(),
                closed: vec![],
                active: true,
            };
            let state = serde_json::to_value(&r).unwrap();
            db.execute(
                "INSERT INTO entities (store_id, kind, id, version, state, field_versions) VALUES ($1, 'booking_resource', $2, 1, $3, '{}')",
                &[&store, &r.id, &state],
            )
            .await
            .unwrap();
            ids.push(r.id);
        }
        let service = BookingService {
            id: "studio".into(),
            slug: "studio".into(),
            name: "Studio per jam".into(),
            kind: ServiceKind::Studio,
            description: String::new(),
            resource_ids: ids.clone(),
            packages: vec![ServicePackage {
                id: "1h".into(),
                name: "1 jam".into(),
                price: 150_000,
                duration_min: 60,
                included: String::new(),
            }],
            buffer_before_min: 0,
            buffer_after_min: 15,
            step_min: 30,
            deposit: Deposit { percent_bp: 5_000, amount: 0 },
            window: BookingWindow { min_days_ahead: 1, max_days_ahead: 90 },
            hold_minutes: 30,
            free_cancel_days: 2,
            late_refund_bp: 5_000,
            online: true,
            active: true,
            portfolio: vec![],
        };
        db.execute(
            "INSERT INTO entities (store_id, kind, id, version, state, field_versions) VALUES ($1, 'booking_service', 'studio', 1, $2, '{}')",
            &[&store, &serde_json::to_value(&service).unwrap()],
        )
        .await
        .unwrap();
        // 5 000 one-hour bookings (75 minutes held with the buffer) spread over the 60 days and 10
        // rooms: every room-day has 11 places end to end from 08:00; 5 000 of the 6 600 are taken,
        // in a scattered order.
        let now = chrono::Utc::now().timestamp_millis();
        let today = pos_domain::clock::wib_date_of_ms(now);
        let places = DAYS as u64 * RESOURCES as u64 * 11;
        let mut made = 0;
        let mut n: u64 = 0;
        // In one transaction (each insert is a savepoint of it, as the authority's are).
        let tx = db.transaction().await.unwrap();
        while made < BOOKINGS {
            n += 1;
            let place = n * 4_099 % places;
            let day = 1 + (place / (RESOURCES as u64 * 11)) as i64;
            let room = (place / 11 % RESOURCES as u64) as usize;
            let minute = 8 * 60 + (place % 11) as i64 * 75;
            let start = pos_domain::bookings::slots::wib_midnight_ms(today + chrono::Duration::days(day)) + minute * MINUTE_MS;
            let id = format!("b{n}");
            let b = pos_server::store::bookings::NewBooking {
                id: &id,
                store,
                service_id: "studio",
                package_id: "1h",
                resource_id: &ids[room],
                one_at_a_time: true,
                start_ms: start,
                end_ms: start + 60 * MINUTE_MS,
                held: (start, start + 75 * MINUTE_MS),
                status: BookingStatus::Accepted,
                hold_until_ms: None,
                source: pos_server::store::bookings::Source::Desk { device: uuid::Uuid::nil(), staff: "bench".into() },
                customer_name: "Band",
                customer_phone: "",
                customer_email: "",
                price: 150_000,
                dp_amount: 75_000,
                dp_paid: 0,
                reason: "",
                note: "",
            };
            assert!(pos_server::store::bookings::insert(&tx, &b).await.unwrap(), "every place is free once");
            made += 1;
        }
        tx.commit().await.unwrap();
        db.execute("ANALYZE bookings", &[]).await.unwrap();
        let (first, _) = service.window.days(now);
        let last = first + chrono::Duration::days(DAYS - 1);
        let mut times = Vec::with_capacity(RUNS);
        let mut slots = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let s = pos_server::bookings::slots::free(&db, store, &service, "1h", first, last, now)
                .await
                .unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            slots = s.len();
        }
        let p50 = common::percentile(&mut times, 0.5);
        let p99 = common::percentile(&mut times, 0.99);
        println!(
            "free slots, {DAYS} days, {RESOURCES} rooms, {BOOKINGS} bookings: {slots} starts free; p50 {p50:.1} ms, p99 {p99:.1} ms over {RUNS} runs (target p99 < 30 ms)"
        );
    });
}
