//! A booking's life as the old booking app had it, without its defects: a studio hour whose down
//! payment is paid online (accepted with no approval; the invitation and the invoice follow), and
//! a photo session paid by transfer: the proof rejected at the desk, uploaded again at 59 minutes
//! and accepted; on another booking, a proof at 61 minutes is refused and the slot frees.

use super::*;
use pos_domain::bookings::BookingStatus;
use reqwest::StatusCode;

/// Posts the proof as a browser's form does (multipart, no JavaScript).
async fn upload(b: &Browser, page: &str, file: &[u8]) -> common::Page {
    let csrf = b.csrf().await;
    let boundary = "----hurtrock-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n").as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"proof\"; filename=\"transfer.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = b
        .http
        .post(format!("{}{page}/proof", b.base))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("origin", b.base.clone())
        .body(body)
        .send()
        .await
        .unwrap();
    common::Page {
        status: r.status(),
        location: r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        headers: r.headers().clone(),
        body: r.text().await.unwrap(),
    }
}

async fn status_of(shop: &Shop, no: &str) -> String {
    shop.text(&format!("SELECT status FROM bookings WHERE booking_no = '{no}'"))
        .await
}

fn move_it(desk: &Terminal, id: &str, action: pos_core::bookings::moves::BookingAction, reason: &str) {
    desk.core
        .move_booking(
            desk.t(),
            pos_core::bookings::moves::BookingMove {
                booking_id: id.into(),
                action,
                amount: 0,
                start_ms: None,
                resource_id: None,
                reason: reason.into(),
            },
        )
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_studio_hour_paid_online_is_confirmed_with_its_invitation_and_invoice() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let (_, package) = set_up(&desk, "studio-a", ServiceKind::Studio, 150_000, 60, 5_000);
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let b = customer(&shop, "Rina Sari", "rina@example.com").await;

    // The service's page: package, price, DP, free times; a visitor is asked to sign in.
    let visitor = shop.browser().get("/book/studio-a").await;
    assert!(
        visitor.has("Rp 150.000") && visitor.has("Rp 75.000") && visitor.has("Masuk untuk booking"),
        "{}",
        visitor.body
    );
    assert!(shop.browser().get("/book").await.has("/book/studio-a"));

    let start = wib_at(2, 19);
    let made = book_online(&b, "studio-a", &package, start).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page_url = made.location.clone().unwrap();
    let no = page_url.rsplit('/').next().unwrap().to_string();
    // Another account cannot read it.
    let other = customer(&shop, "Budi", "budi@example.com").await;
    assert_eq!(other.get(&page_url).await.status, StatusCode::NOT_FOUND);

    // Pay the DP by Midtrans: exactly the DP is asked, once however often the button is pressed.
    let csrf = b.csrf().await;
    let pay = b
        .post(&format!("{page_url}/pay"), &[("csrf", &csrf), ("gateway", "midtrans")])
        .await;
    assert_eq!(pay.status, StatusCode::SEE_OTHER, "{}", pay.body);
    assert!(
        pay.location
            .as_deref()
            .unwrap()
            .starts_with("https://app.sandbox.midtrans.com/")
    );
    let again = b
        .post(&format!("{page_url}/pay"), &[("csrf", &csrf), ("gateway", "midtrans")])
        .await;
    assert_eq!(again.location, pay.location);
    assert_eq!(shop.midtrans.tx(&no).unwrap().gross_amount, 75_000);
    assert_eq!(shop.midtrans.snap_calls(), 1);
    // A forged notification changes nothing; the real one confirms it, with no approval.
    let forged = shop.midtrans.notification(&no, "not-the-key", "75000.00");
    assert_eq!(shop.midtrans.post(&forged).await, StatusCode::FORBIDDEN);
    assert_eq!(status_of(&shop, &no).await, "waiting_dp");
    assert_eq!(
        shop.midtrans.set_status_and_notify(&no, "settlement").await,
        StatusCode::OK
    );
    assert_eq!(
        shop.midtrans.set_status_and_notify(&no, "settlement").await,
        StatusCode::OK
    );
    assert_eq!(status_of(&shop, &no).await, "accepted");
    assert_eq!(
        shop.count(&format!("SELECT dp_paid FROM bookings WHERE booking_no = '{no}'"))
            .await,
        75_000
    );
    let page = b.get(&page_url).await;
    assert!(page.has("Dikonfirmasi") && page.has("booking.ics"), "{}", page.body);
    // The account lists it with its status; another account does not.
    let account = b.get("/account").await;
    assert!(
        account.has("Booking Anda") && account.has(&page_url) && account.has("Dikonfirmasi"),
        "{}",
        account.body
    );
    assert!(!other.get("/account").await.has(&no));

    // The invitation, read by an independent parser: a stable UID, METHOD:REQUEST, the time.
    let ics = b.get(&format!("{page_url}/booking.ics")).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(
        ics.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let cal = ical::IcalParser::new(std::io::BufReader::new(ics.body.as_bytes()))
        .next()
        .unwrap()
        .unwrap();
    let prop = |props: &[ical::property::Property], n: &str| {
        props
            .iter()
            .find(|p| p.name == n)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(prop(&cal.properties, "METHOD"), "REQUEST");
    let ev = &cal.events[0].properties;
    let id = shop
        .text(&format!("SELECT id FROM bookings WHERE booking_no = '{no}'"))
        .await;
    assert!(prop(ev, "UID").starts_with(&id));
    assert_eq!(prop(ev, "SEQUENCE"), "1", "raised when it was confirmed");
    let utc = chrono::DateTime::from_timestamp_millis(start)
        .unwrap()
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    assert_eq!(prop(ev, "DTSTART"), utc);

    // The invoice, read back with pdftotext.
    let pdf = b
        .http
        .get(format!("{}{page_url}/invoice.pdf", shop.url))
        .send()
        .await
        .unwrap();
    let text = common::pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains(&no) && text.contains("150.000") && text.contains("75.000"),
        "{text}"
    );

    // The desk's calendar has it, confirmed and paid.
    desk.sync_until_quiet().await;
    let local = local(&desk, &id);
    assert_eq!(
        (local.status, local.dp_paid, local.online),
        (BookingStatus::Accepted, 75_000, true)
    );
    // The owner's report: the DP is a deposit held until the service is given.
    let row = &report(&desk)[&no];
    assert_eq!(
        (row["dp_received"], row["deposit_held"], row["service_revenue"]),
        (75_000, 75_000, 0)
    );

    // The customer is mailed each change: made (waiting for the DP), then confirmed with the
    // invitation attached; once each, however often the mailer runs.
    pos_shop::bookings::notify::run_once(&shop.state).await.unwrap();
    assert_eq!(
        pos_shop::bookings::notify::run_once(&shop.state).await.unwrap(),
        0,
        "mailed once"
    );
    let mail = shop.smtp.nth_to("rina@example.com", 0).await;
    assert!(
        mail.body.contains(&no) && mail.body.contains("Dikonfirmasi"),
        "{}",
        mail.body
    );
    assert!(
        mail.body.contains("BEGIN:VCALENDAR") && mail.body.contains("METHOD:REQUEST") && mail.body.contains(&id),
        "the invitation is attached: {}",
        mail.body
    );

    // Cancelled two days ahead: the whole DP is due back, and the invitation becomes a CANCEL.
    let csrf = b.csrf().await;
    assert_eq!(
        b.post(&format!("{page_url}/cancel"), &[("csrf", &csrf)]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        shop.count(&format!("SELECT refund_due FROM bookings WHERE booking_no = '{no}'"))
            .await,
        75_000
    );
    let ics = b.get(&format!("{page_url}/booking.ics")).await;
    assert!(
        ics.body.contains("METHOD:CANCEL") && ics.body.contains("SEQUENCE:2"),
        "{}",
        ics.body
    );
    assert_eq!(pos_shop::bookings::notify::run_once(&shop.state).await.unwrap(), 1);
    desk.sync_until_quiet().await;
    let row = &report(&desk)[&no];
    assert_eq!(
        (row["deposit_held"], row["refund_due"]),
        (0, 75_000),
        "cancelled: owed back"
    );
    let mail = shop.smtp.nth_to("rina@example.com", 1).await;
    assert!(
        mail.body.contains("Dibatalkan") && mail.body.contains("METHOD:CANCEL") && mail.body.contains("Rp 75.000"),
        "{}",
        mail.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_proof_is_rejected_uploaded_again_within_the_hour_and_accepted() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let (_, package) = set_up(&desk, "foto-prewedding", ServiceKind::Photo, 3_500_000, 180, 3_000);
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let b = customer(&shop, "Sari", "sari@example.com").await;
    let made = book_online(&b, "foto-prewedding", &package, wib_at(5, 10)).await;
    let page_url = made.location.clone().unwrap();
    let no = page_url.rsplit('/').next().unwrap().to_string();
    let id = shop
        .text(&format!("SELECT id FROM bookings WHERE booking_no = '{no}'"))
        .await;

    // Not a picture: refused, nothing changes.
    let junk = upload(&b, &page_url, b"%PDF-1.4 not a picture").await;
    assert_eq!(junk.status, StatusCode::BAD_REQUEST);
    assert_eq!(status_of(&shop, &no).await, "waiting_dp");
    // A picture: waiting for approval, stored re-encoded as JPEG.
    let up = upload(&b, &page_url, &png()).await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.body);
    assert_eq!(status_of(&shop, &no).await, "waiting_approval");
    let proof = shop
        .text(&format!("SELECT proof_blob FROM bookings WHERE booking_no = '{no}'"))
        .await;
    assert_eq!(
        shop.count(&format!("SELECT count(*) FROM blobs WHERE hash = '{proof}'"))
            .await,
        1
    );

    // The desk sees it waiting and rejects it with the reason.
    desk.sync_until_quiet().await;
    assert_eq!(local(&desk, &id).status, BookingStatus::WaitingApproval);
    assert_eq!(local(&desk, &id).proof.as_deref(), Some(proof.as_str()));
    move_it(
        &desk,
        &id,
        pos_core::bookings::moves::BookingAction::Reject,
        "Nominal transfer kurang",
    );
    desk.sync_until_quiet().await;
    assert_eq!(status_of(&shop, &no).await, "rejected");
    let page = b.get(&page_url).await;
    assert!(
        page.has("Nominal transfer kurang") && page.has("Unggah"),
        "{}",
        page.body
    );

    // 59 minutes later a new proof is taken; the desk accepts it.
    shop.exec(&format!(
        "UPDATE bookings SET rejected_at = now() - interval '59 minutes', hold_until = now() + interval '1 minute' WHERE id = '{id}'"
    ))
    .await;
    assert_eq!(upload(&b, &page_url, &png()).await.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&shop, &no).await, "waiting_approval");
    desk.sync_until_quiet().await;
    move_it(&desk, &id, pos_core::bookings::moves::BookingAction::Accept, "");
    desk.sync_until_quiet().await;
    assert_eq!(status_of(&shop, &no).await, "accepted");
    assert_eq!(
        shop.count(&format!("SELECT dp_paid FROM bookings WHERE id = '{id}'"))
            .await,
        1_050_000
    );
    // The session takes place (its time moved into the past here): the sweeper marks it done and
    // the DP becomes service revenue in the owner's report.
    shop.exec(&format!(
        "UPDATE bookings SET starts_at = now() - interval '4 hours', ends_at = now() - interval '1 hour',
            held = tstzrange(now() - interval '4 hours', now() - interval '45 minutes') WHERE id = '{id}'"
    ))
    .await;
    assert!(pos_server::bookings::sweep::run_once(&shop.state.app).await.unwrap() >= 1);
    assert_eq!(status_of(&shop, &no).await, "done");
    desk.sync_until_quiet().await;
    let row = &report(&desk)[&no];
    assert_eq!((row["deposit_held"], row["service_revenue"]), (0, 1_050_000));

    // Another booking: rejected, and the proof comes 61 minutes later: refused, the slot frees.
    let start = wib_at(6, 10);
    let late = book_online(&b, "foto-prewedding", &package, start)
        .await
        .location
        .unwrap();
    assert_eq!(upload(&b, &late, &png()).await.status, StatusCode::SEE_OTHER);
    let late_no = late.rsplit('/').next().unwrap().to_string();
    let late_id = shop
        .text(&format!("SELECT id FROM bookings WHERE booking_no = '{late_no}'"))
        .await;
    desk.sync_until_quiet().await;
    move_it(
        &desk,
        &late_id,
        pos_core::bookings::moves::BookingAction::Reject,
        "Buram",
    );
    desk.sync_until_quiet().await;
    shop.exec(&format!(
        "UPDATE bookings SET rejected_at = now() - interval '61 minutes', hold_until = now() - interval '1 minute' WHERE id = '{late_id}'"
    ))
    .await;
    let refused = upload(&b, &late, &png()).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.has("tidak menerima bukti bayar lagi"), "{}", refused.body);
    assert_eq!(status_of(&shop, &late_no).await, "expired");
    let other = customer(&shop, "Maya", "maya@example.com").await;
    assert_eq!(
        book_online(&other, "foto-prewedding", &package, start).await.status,
        StatusCode::SEE_OTHER
    );
}
