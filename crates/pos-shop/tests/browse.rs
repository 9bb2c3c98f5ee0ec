//! Customers browse what the back office synced: the home page, nested categories, search with
//! prefixes, typos and Indonesian word forms, filters and sorts, product pages with availability
//! in words, autocomplete, the sitemap; in both languages, with the security headers, and with
//! nothing a product's name says ever read as HTML.

mod common;

use common::{P, Terminal, category, product};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customers_find_what_the_back_office_synced() {
    let shop = common::start().await;
    let mut desk = Terminal::set_up();
    let gitar = category(&desk, "Gitar", None);
    let listrik = category(&desk, "Gitar Listrik", Some(&gitar));
    let ampli = category(&desk, "Ampli", None);
    let strat = product(
        &desk,
        P {
            category: &listrik,
            sku: "FEN-STRAT",
            name: "Fender Player Stratocaster HSS",
            brand: "Fender",
            model: "Player",
            price: 15_999_000,
            stock: 3,
            featured: true,
        },
    );
    let yamaha = product(
        &desk,
        P {
            category: &gitar,
            sku: "YAM-F310",
            name: "Gitar Akustik Yamaha F310",
            brand: "Yamaha",
            model: "F310",
            price: 1_750_000,
            stock: 12,
            ..P::default()
        },
    );
    let marshall = product(
        &desk,
        P {
            category: &ampli,
            sku: "MAR-DSL40",
            name: "Marshall DSL40CR Combo",
            brand: "Marshall",
            price: 12_500_000,
            stock: 0,
            ..P::default()
        },
    );
    let pick = product(
        &desk,
        P {
            category: &gitar,
            sku: "PICK-1",
            name: "<script>alert(1)</script> Pick",
            brand: "Dunlop",
            price: 5_000,
            stock: 100,
            ..P::default()
        },
    );
    desk.link(&shop.url).await;
    desk.sync_until_quiet().await;
    let b = shop.browser();

    // The home page: the store's name, its featured product, its categories; a visitor cookie;
    // the security headers.
    let home = b.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.has("Hurtrock Music Store") && home.has("Fender Player Stratocaster HSS") && home.has("Ampli"),
        "{}",
        home.body
    );
    assert!(home.has("Pilihan kami"), "Indonesian by default");
    let csp = home.headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(home.headers.get("x-content-type-options").unwrap(), "nosniff");
    let cookie = home.headers.get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("hr_v=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    // Search: a word prefix, a typo, an Indonesian word form.
    let found = |q: &str| {
        let b = &b;
        let q = q.to_string();
        async move { b.get(&format!("/search?q={}", q)).await }
    };
    for (q, want) in [
        ("strat", "Fender Player"),
        ("stratocastr", "Fender Player"),
        ("gitarnya", "Yamaha F310"),
        ("F310", "Yamaha F310"),
    ] {
        let page = found(q).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has(want), "searching {q:?} finds {want:?}: {}", page.body);
        assert!(!page.has("Marshall DSL40CR"), "searching {q:?} does not find the amp");
    }
    assert!(
        found("stratocastr").await.has("Menampilkan hasil untuk “stratocaster”"),
        "the typo is named"
    );
    let nothing = found("zzzqqq").await;
    assert!(nothing.has("Tidak ada yang cocok"));
    assert_eq!(
        found("%27%3B%20DROP%20TABLE%20shop_products%3B--").await.status,
        StatusCode::OK
    );
    assert_eq!(shop.count("SELECT count(*) FROM shop_products").await, 4);

    // A category lists what is under it; its address is its name; a wrong one is sent to it.
    let cat = b.get(&format!("/c/{gitar}/gitar")).await;
    assert_eq!(cat.status, StatusCode::OK);
    assert!(
        cat.has("Fender Player") && cat.has("Yamaha F310") && !cat.has("Marshall"),
        "{}",
        cat.body
    );
    assert!(cat.has("Gitar Listrik"), "its sub-category");
    let moved = b.get(&format!("/c/{gitar}/old-name?sort=name")).await;
    assert_eq!(moved.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        moved.location.as_deref(),
        Some(format!("/c/{gitar}/gitar?sort=name").as_str())
    );

    // Filters and sorts.
    let yamaha_only = b.get(&format!("/c/{gitar}/gitar?brand=Yamaha")).await;
    assert!(yamaha_only.has("Yamaha F310") && !yamaha_only.has("Fender Player"));
    let cheap = b.get(&format!("/c/{gitar}/gitar?max=2.000.000")).await;
    assert!(
        cheap.has("Yamaha F310") && !cheap.has("Fender Player"),
        "{}",
        cheap.body
    );
    let by_price = b.get(&format!("/c/{gitar}/gitar?sort=price_asc")).await.body;
    let at = |s: &str| by_price.find(s).unwrap_or_else(|| panic!("{s} on the page"));
    assert!(
        at("Pick") < at("Yamaha F310") && at("Yamaha F310") < at("Fender Player"),
        "cheapest first"
    );
    let in_stock = b.get("/search?q=marshall&stock=1").await;
    assert!(!in_stock.has("Marshall DSL40CR"), "sold out is filtered away");
    let all = b.get("/search?q=marshall").await;
    assert!(
        all.has("Marshall DSL40CR") && all.has("Tanya kami"),
        "sold out says ask us"
    );

    // The product page: price, availability in words, the add-to-cart form; in English too.
    let page = b.get(&format!("/p/{strat}/fender-player-stratocaster-hss")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("Rp 15.999.000") && page.has("Sisa 3") && page.has("action=\"/cart/add\""),
        "{}",
        page.body
    );
    assert!(page.has("<link rel=\"canonical\" href=\"/p/"), "a canonical address");
    assert_eq!(
        b.get(&format!("/p/{strat}/strat")).await.status,
        StatusCode::MOVED_PERMANENTLY
    );
    let english = reqwest::Client::new()
        .get(format!("{}/p/{yamaha}/gitar-akustik-yamaha-f310", shop.url))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        english.contains("In stock") && english.contains("Add to cart"),
        "{english}"
    );
    let switched = b.get("/lang/en?back=/search%3Fq%3Dstrat").await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert!(b.get("/search?q=strat").await.has("Last 3"), "the cookie keeps English");
    b.get("/lang/id?back=/").await;
    let sold_out = b.get(&format!("/p/{marshall}/marshall-dsl40cr-combo")).await;
    assert!(
        sold_out.has("Tanya kami") && !sold_out.has("action=\"/cart/add\""),
        "nothing to add when none can be sold"
    );

    // What a name says is text, never markup.
    let escaped = b.get(&format!("/p/{pick}/script-alert-1-script-pick")).await;
    assert_eq!(escaped.status, StatusCode::OK);
    assert!(
        escaped.has("&lt;script&gt;alert(1)&lt;/script&gt; Pick") && !escaped.has("<script>alert(1)"),
        "{}",
        escaped.body
    );

    // Autocomplete and the sitemap.
    let s: serde_json::Value = reqwest::get(format!("{}/suggest?q=strat", shop.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s[0]["name"], "Fender Player Stratocaster HSS");
    assert_eq!(s[0]["url"], format!("/p/{strat}/fender-player-stratocaster-hss"));
    assert_eq!(s[0]["price"], "Rp 15.999.000");
    let map = b.get("/sitemap.xml").await;
    assert!(
        map.has(&format!("/p/{yamaha}/gitar-akustik-yamaha-f310</loc>"))
            && map.has(&format!("/c/{listrik}/gitar-listrik</loc>"))
    );
    assert!(b.get("/robots.txt").await.has("Sitemap: "));

    // Unknown addresses: a page for people, JSON for the API's clients.
    let missing = b.get("/p/nope/nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.has("Halaman ini tidak ada"));
    let api = b.get("/v1/nope").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.body.contains("\"code\""), "{}", api.body);

    // The back office changes a price and withdraws a product: the shop follows after sync.
    let p = desk
        .core
        .get_product(desk.t(), pos_core::products::ProductId { id: yamaha.clone() })
        .unwrap();
    let mut fields = product_input(&p);
    fields.price = 1_690_000;
    desk.core
        .update_product(
            desk.t(),
            pos_core::products::ProductUpdate {
                id: yamaha.clone(),
                fields,
                expected_version: p.version,
            },
        )
        .unwrap();
    let p = desk
        .core
        .get_product(desk.t(), pos_core::products::ProductId { id: marshall.clone() })
        .unwrap();
    let mut fields = product_input(&p);
    fields.active = false;
    desk.core
        .update_product(
            desk.t(),
            pos_core::products::ProductUpdate {
                id: marshall.clone(),
                fields,
                expected_version: p.version,
            },
        )
        .unwrap();
    // The pick is taken off the online shop; the counter still sells it.
    let pk = desk
        .core
        .get_product(desk.t(), pos_core::products::ProductId { id: pick.clone() })
        .unwrap();
    assert!(pk.online, "a product is online unless taken off");
    let mut off = product_input(&pk);
    off.online = false;
    desk.core
        .update_product(
            desk.t(),
            pos_core::products::ProductUpdate {
                id: pick.clone(),
                fields: off,
                expected_version: pk.version,
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    assert!(
        b.get(&format!("/p/{yamaha}/gitar-akustik-yamaha-f310"))
            .await
            .has("Rp 1.690.000")
    );
    assert_eq!(
        b.get(&format!("/p/{marshall}/marshall-dsl40cr-combo")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.get(&format!("/p/{pick}/script-alert-1-script-pick")).await.status,
        StatusCode::NOT_FOUND,
        "taken off the shop"
    );
    assert!(!b.get(&format!("/c/{gitar}/gitar")).await.has("Pick"), "nor listed");
    assert!(
        desk.core
            .get_product(desk.t(), pos_core::products::ProductId { id: pick.clone() })
            .unwrap()
            .active,
        "still sold at the counter"
    );

    // The owner's shop settings at the back office reach the shop: a safety stock kept for the
    // counter, the colour and the tagline.
    desk.core
        .update_shop_settings(
            desk.t(),
            pos_core::online_shop::settings::ShopSettings {
                branch: "BDG1".into(),
                safety_stock: 2,
                hold_minutes: 20,
                accent: "#1d4ed8".into(),
                tagline: "Distorsi sejak 2009".into(),
                logo: String::new(),
            },
        )
        .unwrap();
    // The logo: any picture becomes a PNG that keeps its transparency, uploaded by sync.
    let mut png = Vec::new();
    image::RgbaImage::from_fn(900, 300, |x, _| image::Rgba([200, 0, 0, if x < 450 { 0 } else { 255 }]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(&png);
    let set = desk
        .core
        .set_shop_logo(desk.t(), pos_core::online_shop::logo::ShopLogo { data: encoded })
        .unwrap();
    assert_eq!(set.tagline, "Distorsi sejak 2009", "the other settings are kept");
    // An update cannot point the logo at some other blob, only keep or clear it.
    let mut forged = set.clone();
    forged.logo = "0".repeat(64);
    assert!(desk.core.update_shop_settings(desk.t(), forged).is_err());
    let not_a_picture = pos_core::online_shop::logo::ShopLogo {
        data: base64::engine::general_purpose::STANDARD.encode(b"<svg onload=alert(1)>"),
    };
    let refused = desk.core.set_shop_logo(desk.t(), not_a_picture).unwrap_err();
    assert!(refused.to_string().contains("JPEG, PNG or WebP"), "{refused}");
    desk.sync_until_quiet().await;
    let page = b.get(&format!("/p/{strat}/fender-player-stratocaster-hss")).await;
    assert!(
        page.has("Sisa 1") && page.has("Distorsi sejak 2009"),
        "3 on the shelf, 2 kept back: {}",
        page.body
    );
    assert!(b.get("/assets/theme.css").await.has("--accent:#1d4ed8"));
    let logo_src = format!("src=\"/photos/{}\"", set.logo);
    assert!(page.has(&logo_src), "the header shows the logo: {}", page.body);
    let served = b
        .http
        .get(format!("{}/photos/{}", b.base, set.logo))
        .send()
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    let back = image::load_from_memory(&served.bytes().await.unwrap())
        .unwrap()
        .into_rgba8();
    assert_eq!(back.dimensions(), (512, 171), "at most 512 px");
    assert_eq!((back.get_pixel(10, 10)[3], back.get_pixel(500, 10)[3]), (0, 255));
    // Removed: the shop shows the name alone again.
    let cleared = desk
        .core
        .set_shop_logo(desk.t(), pos_core::online_shop::logo::ShopLogo::default())
        .unwrap();
    assert!(cleared.logo.is_empty());
    desk.sync_until_quiet().await;
    assert!(!b.get("/").await.has("class=\"logo\""));

    // A product added now is found by a typo of its new word at once (its words joined the
    // vocabulary with the push).
    product(
        &desk,
        P {
            category: &gitar,
            sku: "SCH-C1",
            name: "Schecter C-1 Hellraiser",
            brand: "Schecter",
            price: 14_500_000,
            stock: 2,
            ..P::default()
        },
    );
    desk.sync_until_quiet().await;
    let typo = b.get("/search?q=shecter").await;
    assert!(
        typo.has("Schecter C-1 Hellraiser") && typo.has("“schecter”"),
        "{}",
        typo.body
    );
}

fn product_input(p: &pos_core::store_types::Product) -> pos_core::products::ProductInput {
    pos_core::products::ProductInput::from(p)
}
