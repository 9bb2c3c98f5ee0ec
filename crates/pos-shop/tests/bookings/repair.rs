//! A repair at the bench: the guitar is booked in at the desk, dropped off with its ticket (a
//! label with the booking's number, read back with pdftotext), estimated, approved, worked on
//! with a part taken from stock (a ledger movement the server keeps), made ready and collected;
//! a step out of order, an estimate without its amount and a part before approval are refused;
//! the customer's mail says where the repair stands.

use super::*;
use common::{P, category, product};
use pos_core::bookings::repairs::{BookingRef, RepairPart, RepairStep};
use pos_domain::bookings::BookingStatus;
use pos_domain::bookings::repair::{RepairStage, RepairTicket};

fn step(desk: &Terminal, id: &str, ticket: &RepairTicket) -> Result<(), String> {
    desk.core
        .repair_step(
            desk.t(),
            RepairStep {
                booking_id: id.into(),
                ticket: ticket.clone(),
            },
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn part(desk: &Terminal, id: &str, product: &str) -> Result<(), String> {
    desk.core
        .use_repair_part(
            desk.t(),
            RepairPart {
                booking_id: id.into(),
                product_id: product.into(),
                quantity: 1,
            },
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guitar_goes_through_the_bench_and_its_part_leaves_the_stock() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let (service, package) = set_up(&desk, "servis-gitar", ServiceKind::Repair, 350_000, 60, 0);
    let cat = category(&desk, "Senar", None);
    let strings = product(
        &desk,
        P {
            category: &cat,
            sku: "EB-2221",
            name: "Ernie Ball Regular Slinky 10-46",
            price: 95_000,
            stock: 5,
            ..P::default()
        },
    );
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let b = book_at_desk(&desk, &service, &package, wib_at(1, 10), "Agus");
    desk.sync_until_quiet().await;
    assert_eq!(
        local(&desk, &b.id).status,
        BookingStatus::Accepted,
        "no DP: accepted at once"
    );
    let no = local(&desk, &b.id).booking_no.unwrap();

    let mut ticket = RepairTicket {
        stage: RepairStage::DroppedOff,
        instrument: "Gibson SG Standard".into(),
        serial: "SG-0042".into(),
        problem: "Fret buzz di senar 3\nGanti senar".into(),
        ..Default::default()
    };
    // Not ready before it is in.
    let mut ready = ticket.clone();
    ready.stage = RepairStage::Ready;
    assert!(step(&desk, &b.id, &ready).is_err());
    step(&desk, &b.id, &ticket).unwrap();
    desk.sync_until_quiet().await;
    let on_server = |sql: &str| format!("SELECT {sql} FROM bookings WHERE booking_no = '{no}'");
    assert_eq!(shop.text(&on_server("repair ->> 'stage'")).await, "dropped_off");

    // The ticket for the instrument: its number, the instrument and the problem, read back.
    let pdf = desk
        .core
        .repair_ticket_pdf(
            desk.t(),
            BookingRef {
                booking_id: b.id.clone(),
            },
        )
        .unwrap();
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &pdf.base64).unwrap();
    let text = common::pdf_text(&bytes);
    assert!(
        text.contains(&no) && text.contains("Gibson SG Standard") && text.contains("Fret buzz"),
        "{text}"
    );

    // An estimate needs its amount; parts wait for the customer's approval.
    ticket.stage = RepairStage::Estimated;
    assert!(step(&desk, &b.id, &ticket).is_err());
    ticket.estimate = 350_000;
    ticket.estimate_note = "Setup penuh + senar baru".into();
    step(&desk, &b.id, &ticket).unwrap();
    assert!(part(&desk, &b.id, &strings).is_err(), "not before approval");
    for stage in [RepairStage::Approved, RepairStage::InProgress] {
        ticket.stage = stage;
        step(&desk, &b.id, &ticket).unwrap();
    }
    part(&desk, &b.id, &strings).unwrap();
    for stage in [RepairStage::Ready, RepairStage::Collected] {
        ticket.stage = stage;
        step(&desk, &b.id, &ticket).unwrap();
    }
    desk.sync_until_quiet().await;

    // The server followed every step in order, and its ledger has the part.
    assert_eq!(shop.text(&on_server("repair ->> 'stage'")).await, "collected");
    assert_eq!(shop.count(&on_server("(repair ->> 'estimate')::bigint")).await, 350_000);
    assert_eq!(
        shop.count("SELECT count(*) FROM stock_ledger WHERE reason = 'repair' AND quantity = -1")
            .await,
        1
    );
    assert_eq!(
        shop.count(&format!(
            "SELECT on_hand FROM stock_balances WHERE product_id = '{strings}'"
        ))
        .await,
        4
    );
    let mine = local(&desk, &b.id);
    assert_eq!(mine.repair.unwrap().stage, RepairStage::Collected);
    // The customer's mail says where the repair stands, in both languages.
    shop.exec(&format!(
        "UPDATE bookings SET customer_email = 'agus@example.com' WHERE booking_no = '{no}'"
    ))
    .await;
    pos_shop::bookings::notify::run_once(&shop.state).await.unwrap();
    let mail = shop.smtp.nth_to("agus@example.com", 0).await;
    assert!(
        mail.body.contains("Gibson SG Standard: Sudah diambil · Rp 350.000")
            && mail.body.contains("Gibson SG Standard: Collected"),
        "{}",
        mail.body
    );
    // Nothing follows collected.
    ticket.stage = RepairStage::InProgress;
    assert!(step(&desk, &b.id, &ticket).is_err());
}
