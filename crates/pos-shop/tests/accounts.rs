//! Customer accounts on the real server with mail caught by a loopback SMTP server: register,
//! verify by the mailed link, sign in (a guest cart joins the account), check out with the
//! details filled in, see the order in the account, sign out; a forgotten password reset by its
//! link once; and nothing tells whether an email has an account.

mod common;

use common::smtp::Smtp;
use common::{P, Terminal, category, product};
use reqwest::StatusCode;

async fn register(b: &common::Browser, email: &str, password: &str) -> common::Page {
    let csrf = b.csrf().await;
    b.post(
        "/account/register",
        &[
            ("csrf", &csrf),
            ("name", "Rina Sari"),
            ("email", email),
            ("phone", "0813-1234-5678"),
            ("password", password),
        ],
    )
    .await
}

async fn sign_in(b: &common::Browser, email: &str, password: &str) -> common::Page {
    let csrf = b.csrf().await;
    b.post(
        "/account/signin",
        &[
            ("csrf", &csrf),
            ("email", email),
            ("password", password),
            ("next", "/account"),
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_registers_verifies_signs_in_and_finds_their_orders() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let cat = category(&desk, "Senar", None);
    let strings = product(
        &desk,
        P {
            category: &cat,
            sku: "EB-2221",
            name: "Ernie Ball Regular Slinky",
            price: 95_000,
            stock: 20,
            ..P::default()
        },
    );
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;

    // Registering: the form checks what it can; the answer is "check your email".
    let b = shop.browser();
    let weak = register(&b, "rina@example.com", "short").await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert!(weak.has("10 sampai 200 karakter"));
    let done = register(&b, "Rina@Example.com", "metal-mania-77").await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.has("Periksa email Anda"), "{}", done.body);
    let verify = shop.smtp.nth_to("rina@example.com", 0).await;
    assert!(verify.subject.contains("Verifikasi"), "{}", verify.subject);
    let link = Smtp::link(&verify, &format!("{}/account/verify/", shop.url));
    assert!(!verify.body.contains("metal-mania-77"), "no password in mail");

    // Registering the same email again says the same words; its owner is told by mail.
    let other = shop.browser();
    let again = register(&other, "rina@example.com", "another-pass-99").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        again.body.replace(&other.csrf().await, ""),
        done.body.replace(&b.csrf().await, ""),
        "the same page either way"
    );
    let told = shop.smtp.nth_to("rina@example.com", 1).await;
    assert!(told.body.contains("sudah punya akun"), "{}", told.body);
    assert_eq!(shop.count("SELECT count(*) FROM shop_customers").await, 1);

    // Before verifying, signing in sends a new link and opens nothing.
    let early = sign_in(&b, "rina@example.com", "metal-mania-77").await;
    assert!(early.has("Verifikasi email Anda dulu"), "{}", early.body);
    assert_eq!(shop.count("SELECT count(*) FROM shop_sessions").await, 0);

    // The link verifies, once.
    assert!(b.get(&link).await.has("sudah terverifikasi"));
    assert!(b.get(&link).await.has("tidak bisa dipakai"), "a link works once");

    // A wrong password and an unknown email get the same words.
    let wrong = sign_in(&b, "rina@example.com", "not-the-password").await;
    let unknown = sign_in(&b, "nobody@example.com", "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.has("Email atau kata sandi salah") && unknown.has("Email atau kata sandi salah"));

    // A guest chat, then signing in: the conversation joins the account, and the customer finds
    // it from another browser once signed in there.
    let origin = format!("http://{}", shop.url.trim_start_matches("http://"));
    let socket = |b: &common::Browser| {
        let (url, cookies, origin) = (shop.url.clone(), b.cookies(), origin.clone());
        async move {
            common::sockets::open(&url, "/chat/socket", &[("cookie", cookies), ("origin", origin)])
                .await
                .unwrap()
        }
    };
    let mut guest = socket(&b).await;
    guest.hello(0).await;
    guest
        .say(serde_json::json!({"type": "start", "name": "Rina", "contact": "rina@example.com"}))
        .await;
    guest.expect("welcome").await;
    guest
        .say(serde_json::json!({"type": "send", "id": "g1", "body": "Senarnya ready?"}))
        .await;
    guest.expect("message").await;
    drop(guest);

    // A guest cart joins the account when signing in; the header names the customer.
    b.add(&strings, 2).await;
    let signed = sign_in(&b, "rina@example.com", "metal-mania-77").await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let cookie = signed
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("hr_s="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // The same account on a phone: the guest conversation is there.
    let phone = shop.browser();
    assert_eq!(
        sign_in(&phone, "rina@example.com", "metal-mania-77").await.status,
        StatusCode::SEE_OTHER
    );
    let mut on_phone = socket(&phone).await;
    assert_eq!(on_phone.hello(0).await["started"], true);
    assert_eq!(on_phone.expect("message").await["body"], "Senarnya ready?");
    // A stranger's browser still gets nothing of it.
    let stranger = shop.browser();
    stranger.get("/").await;
    let mut theirs = socket(&stranger).await;
    assert_eq!(theirs.hello(0).await["started"], false);
    assert!(theirs.quiet("message", std::time::Duration::from_millis(300)).await);

    let account = b.get("/account").await;
    assert!(
        account.has("Akun Anda") && account.has("rina@example.com") && account.has("Belum ada pesanan"),
        "{}",
        account.body
    );
    // Another browser of hers: its cart joins the same account's cart.
    let phone = shop.browser();
    phone.add(&strings, 1).await;
    sign_in(&phone, "rina@example.com", "metal-mania-77").await;
    assert!(
        phone.get("/cart").await.has("value=\"3\""),
        "2 from the first browser, 1 from this one"
    );

    // Checkout fills in the account's details; the order is the account's.
    let form = phone.get("/checkout").await;
    assert!(
        form.has("value=\"Rina Sari\"") && form.has("value=\"rina@example.com\""),
        "{}",
        form.body
    );
    let placed = phone.checkout("midtrans").await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER);
    let order_no = shop.text("SELECT order_no FROM shop_checkouts").await;
    let listed = phone.get("/account").await;
    assert!(
        listed.has(&order_no) && listed.has("Jl. Dago No. 12"),
        "{}",
        listed.body
    );
    assert!(
        phone
            .get(&format!("/account/orders/{order_no}"))
            .await
            .has("Menunggu pembayaran")
    );
    assert_eq!(
        phone
            .get(&format!("/account/orders/{order_no}/invoice.pdf"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "unpaid: no invoice yet"
    );
    // Another customer cannot read it through the account's address.
    let stranger = shop.browser();
    register(&stranger, "budi@example.com", "budi-password-1").await;
    let link = Smtp::link(
        &shop.smtp.nth_to("budi@example.com", 0).await,
        &format!("{}/account/verify/", shop.url),
    );
    stranger.get(&link).await;
    sign_in(&stranger, "budi@example.com", "budi-password-1").await;
    assert_eq!(
        stranger.get(&format!("/account/orders/{order_no}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        stranger
            .get(&format!("/account/orders/{order_no}/invoice.pdf"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        shop.browser().get("/account").await.status,
        StatusCode::SEE_OTHER,
        "signed out: to the sign-in page"
    );

    // Signing out ends the session on the server.
    let csrf = phone.csrf().await;
    phone.post("/account/signout", &[("csrf", &csrf)]).await;
    assert_eq!(phone.get("/account").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_reset_once_and_guessing_is_bounded() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let b = shop.browser();
    register(&b, "dewi@example.com", "first-password-1").await;
    let link = Smtp::link(
        &shop.smtp.nth_to("dewi@example.com", 0).await,
        &format!("{}/account/verify/", shop.url),
    );
    b.get(&link).await;
    sign_in(&b, "dewi@example.com", "first-password-1").await;
    assert_eq!(b.get("/account").await.status, StatusCode::OK);

    // "Forgot": the same words for an email with and without an account; a mail only for one.
    let csrf = b.csrf().await;
    let known = b
        .post("/account/forgot", &[("csrf", &csrf), ("email", "dewi@example.com")])
        .await;
    let unknown = b
        .post("/account/forgot", &[("csrf", &csrf), ("email", "nobody@example.com")])
        .await;
    assert!(known.has("Jika dewi@example.com punya akun") && unknown.has("Jika nobody@example.com punya akun"));
    let reset = shop.smtp.nth_to("dewi@example.com", 1).await;
    let path = Smtp::link(&reset, &format!("{}/account/reset/", shop.url));
    assert!(
        shop.smtp
            .all()
            .iter()
            .all(|m| !m.to.iter().any(|t| t == "nobody@example.com"))
    );

    // A new password by the link: every session ends, the link works once, the old password no more.
    assert!(b.get(&path).await.has("Buat kata sandi baru"));
    let csrf = b.csrf().await;
    let short = b
        .post(&path.replace(&shop.url, ""), &[("csrf", &csrf), ("password", "short")])
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    let changed = b
        .post(
            &path.replace(&shop.url, ""),
            &[("csrf", &csrf), ("password", "second-password-2")],
        )
        .await;
    assert!(changed.has("Kata sandi Anda sudah diganti"), "{}", changed.body);
    assert_eq!(
        b.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "signed out everywhere"
    );
    let twice = b
        .post(
            &path.replace(&shop.url, ""),
            &[("csrf", &csrf), ("password", "third-password-3")],
        )
        .await;
    assert!(twice.has("sudah dipakai atau kedaluwarsa"));
    assert!(
        sign_in(&b, "dewi@example.com", "first-password-1")
            .await
            .has("Email atau kata sandi salah")
    );
    assert_eq!(
        sign_in(&b, "dewi@example.com", "second-password-2").await.status,
        StatusCode::SEE_OTHER
    );

    // Guessing: ten wrong passwords at once get no more than five tries; then the email is locked
    // from here (the right password too), while the form without its token is refused outright.
    let guesses: Vec<_> = (0..10)
        .map(|i| {
            let b = shop.browser();
            async move {
                let csrf = b.csrf().await;
                b.post(
                    "/account/signin",
                    &[
                        ("csrf", &csrf),
                        ("email", "dewi@example.com"),
                        ("password", &format!("guess-{i}-xxxxx")),
                    ],
                )
                .await
            }
        })
        .collect();
    let pages = futures_join(guesses).await;
    assert!(pages.iter().all(|p| p.status == StatusCode::BAD_REQUEST));
    let locked = sign_in(&shop.browser(), "dewi@example.com", "second-password-2").await;
    assert!(locked.has("Tunggu 15 menit"), "{}", locked.body);
    let forged = shop
        .browser()
        .post(
            "/account/signin",
            &[
                ("csrf", "x"),
                ("email", "dewi@example.com"),
                ("password", "second-password-2"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

async fn futures_join<F: std::future::Future<Output = common::Page> + Send + 'static>(fs: Vec<F>) -> Vec<common::Page> {
    let handles: Vec<_> = fs.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
