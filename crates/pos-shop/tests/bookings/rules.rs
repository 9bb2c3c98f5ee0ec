//! The rules around a booking: never for today (on both sides of WIB midnight the server counts
//! WIB days), an unpaid hold that runs out frees its slot for the next customer, a move onto a
//! taken time changes nothing, a desk that pencilled a booking offline loses to the shop
//! customer who booked first and is told why, and a class room with two seats takes two.

use super::*;
use pos_domain::bookings::BookingStatus;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn today_is_never_bookable_and_an_unpaid_hold_frees_its_slot() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let (service, package) = set_up(&desk, "studio-b", ServiceKind::Studio, 120_000, 60, 5_000);
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let rina = customer(&shop, "Rina", "rina@example.com").await;
    let budi = customer(&shop, "Budi", "budi@example.com").await;

    // Today (WIB) is refused on the shop and at the desk, whatever the hour.
    let today = book_online(&rina, "studio-b", &package, wib_at(0, 21)).await;
    assert_eq!(today.status, StatusCode::BAD_REQUEST);
    assert!(today.has("Booking untuk hari ini tidak diterima"), "{}", today.body);
    let at_desk = desk.core.book_at_desk(
        desk.t(),
        pos_core::bookings::desk::DeskBooking {
            service_id: service.clone(),
            package_id: package.clone(),
            start_ms: wib_at(0, 21),
            customer_name: "Walk-in".into(),
            ..Default::default()
        },
    );
    assert!(at_desk.unwrap_err().to_string().contains("today"));
    // A time off the hour, or after closing, is refused too.
    assert!(
        book_online(&rina, "studio-b", &package, wib_at(1, 14) + 30 * MINUTE_MS)
            .await
            .has("di luar jam kerja")
    );
    assert!(
        book_online(&rina, "studio-b", &package, wib_at(1, 22))
            .await
            .has("di luar jam kerja")
    );

    // Rina books tomorrow 14:00 and does not pay; Budi is told it is taken.
    let start = wib_at(1, 14);
    let made = book_online(&rina, "studio-b", &package, start).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = rina.get(made.location.as_deref().unwrap()).await;
    assert!(page.has("Menunggu DP") && page.has("Rp 60.000"), "{}", page.body);
    assert!(
        book_online(&budi, "studio-b", &package, start)
            .await
            .has("sudah tidak tersedia")
    );

    // Her hold runs out (30 minutes, moved back here): the slot is Budi's, hers expired.
    shop.exec("UPDATE bookings SET hold_until = now() - interval '1 second'")
        .await;
    let second = book_online(&budi, "studio-b", &package, start).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    assert_eq!(
        shop.count("SELECT count(*) FROM bookings WHERE status = 'expired'")
            .await,
        1
    );
    assert_eq!(
        shop.count("SELECT count(*) FROM bookings WHERE status = 'waiting_dp'")
            .await,
        1
    );
    let page = rina.get(made.location.as_deref().unwrap()).await;
    assert!(
        page.has("Kedaluwarsa belum dibayar") && !page.has("Unggah"),
        "{}",
        page.body
    );
    // And the sweeper frees holds nobody asked about.
    shop.exec("UPDATE bookings SET hold_until = now() - interval '1 second' WHERE status = 'waiting_dp'")
        .await;
    assert_eq!(pos_server::bookings::sweep::run_once(&shop.state.app).await.unwrap(), 1);

    // The desk hears of all of it.
    desk.sync_until_quiet().await;
    let list = desk
        .core
        .bookings_between(
            desk.t(),
            pos_core::bookings::calendar::BookingRange {
                from_ms: start - HOUR,
                to_ms: start + HOUR,
            },
        )
        .unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|b| b.status == BookingStatus::Expired && b.online));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_desk_loses_the_race_and_a_move_onto_a_taken_time_changes_nothing() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let (service, package) = set_up(&desk, "les-gitar", ServiceKind::Lesson, 200_000, 60, 10_000);
    let till = desk.link_and_join(&shop.url).await;
    till.sync_until_quiet().await;
    let start = wib_at(3, 16);

    // The till is offline (nothing synced) when it pencils 16:00 in for a walk-in.
    // The walk-in leaves Rp 100 000 of the DP in cash.
    let pencilled = till
        .core
        .book_at_desk(
            till.t(),
            pos_core::bookings::desk::DeskBooking {
                service_id: service.clone(),
                package_id: package.clone(),
                start_ms: start,
                customer_name: "Walk-in".into(),
                dp_paid: 100_000,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(pencilled.status, BookingStatus::Pencilled);
    assert!(pencilled.booking_no.is_none());
    // Meanwhile a customer books it on the shop.
    let dewi = customer(&shop, "Dewi", "dewi@example.com").await;
    assert_eq!(
        book_online(&dewi, "les-gitar", &package, start).await.status,
        StatusCode::SEE_OTHER
    );
    // Back online: the till's booking is refused with the reason, and it sees Dewi's.
    till.sync_until_quiet().await;
    let lost = local(&till, &pencilled.id);
    assert_eq!(lost.status, BookingStatus::Refused);
    assert_eq!(
        (lost.dp_paid, lost.refund_due),
        (100_000, 100_000),
        "the cash taken is owed back"
    );
    assert!(
        lost.reason.contains("no longer free") && lost.reason.contains("sudah tidak tersedia"),
        "{lost:?}"
    );

    // The desk books 18:00 for a walk-in paying the full DP in cash: accepted at once.
    desk.sync_until_quiet().await;
    let walk_in = desk
        .core
        .book_at_desk(
            desk.t(),
            pos_core::bookings::desk::DeskBooking {
                service_id: service.clone(),
                package_id: package.clone(),
                start_ms: start + 2 * HOUR,
                customer_name: "Agus".into(),
                dp_paid: 200_000,
                ..Default::default()
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    assert_eq!(local(&desk, &walk_in.id).status, BookingStatus::Accepted);

    // Moving Agus onto Dewi's 16:00 is refused by the server; nothing moves.
    desk.core
        .move_booking(
            desk.t(),
            pos_core::bookings::moves::BookingMove {
                booking_id: walk_in.id.clone(),
                action: pos_core::bookings::moves::BookingAction::Reschedule,
                amount: 0,
                start_ms: Some(start),
                resource_id: None,
                reason: String::new(),
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    let agus = local(&desk, &walk_in.id);
    assert_eq!(
        (agus.start_ms, agus.status),
        (start + 2 * HOUR, BookingStatus::Accepted)
    );
    assert_eq!(
        shop.count("SELECT count(*) FROM bookings WHERE status IN ('accepted', 'waiting_dp')")
            .await,
        2
    );
    // Onto 20:00 it moves.
    desk.core
        .move_booking(
            desk.t(),
            pos_core::bookings::moves::BookingMove {
                booking_id: walk_in.id.clone(),
                action: pos_core::bookings::moves::BookingAction::Reschedule,
                amount: 0,
                start_ms: Some(start + 4 * HOUR),
                resource_id: None,
                reason: String::new(),
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    assert_eq!(local(&desk, &walk_in.id).start_ms, start + 4 * HOUR);
    // The customer's invitation was raised once, by the move that happened (not the refused one).
    assert_eq!(
        shop.count(&format!(
            "SELECT sequence::bigint FROM bookings WHERE id = '{}'",
            walk_in.id
        ))
        .await,
        1
    );
}

/// A group class in a room of two seats: two customers at once get a seat, the third is told it
/// is full, and the seats are counted under the store's lock whatever order they come in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_of_two_seats_takes_two_bookings_of_one_hour() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let (_, package) = set_up_seats(&desk, "kelas-vokal", ServiceKind::Lesson, 100_000, 60, 5_000, 2);
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let start = wib_at(2, 15);
    let mut pages = Vec::new();
    let mut tasks = Vec::new();
    for i in 0..5 {
        let b = customer(&shop, &format!("Penyanyi {i}"), &format!("vokal{i}@example.com")).await;
        let package = package.clone();
        tasks.push(tokio::spawn(async move {
            book_online(&b, "kelas-vokal", &package, start).await
        }));
    }
    for t in tasks {
        pages.push(t.await.unwrap());
    }
    let made = pages.iter().filter(|p| p.status == StatusCode::SEE_OTHER).count();
    let full = pages.iter().filter(|p| p.has("sudah tidak tersedia")).count();
    assert_eq!((made, full), (2, 3));
    assert_eq!(
        shop.count("SELECT count(*) FROM bookings WHERE status = 'waiting_dp' AND NOT one_at_a_time")
            .await,
        2
    );
    // The hour after (its 15 minutes' buffer aside) still has both seats.
    let next = customer(&shop, "Penyanyi 9", "vokal9@example.com").await;
    assert_eq!(
        book_online(&next, "kelas-vokal", &package, start + 2 * HOUR)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}
