//! The demo store: the Hurtrock profile, its categories, suppliers and about sixty real-looking
//! products with valid EAN-13s and opening stock. Seeds only a database with no products, and
//! creates no account: the setup screen still asks for the owner's own password.
//! [`bulk_catalogue`] makes large generated catalogues for benchmarks and tests.

use crate::error::Result;
use crate::profile::ProfileInput;
use pos_domain::{Barcode, Money};
use pos_store::categories::Category;
use pos_store::products::{self, Product};
use pos_store::rusqlite::{Connection, TransactionBehavior};
use pos_store::suppliers::Supplier;
use pos_store::{categories, profile, stock, suppliers};

struct Item(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i64,
    i64,
);

// (category, brand, model, name, price, cost, weight grams, opening stock)
#[rustfmt::skip]
const ITEMS: &[Item] = &[
    Item("electric", "Fender", "Player II Stratocaster", "Fender Player II Stratocaster HSS Black", 14_500_000, 11_200_000, 3600, 3),
    Item("electric", "Fender", "Player II Telecaster", "Fender Player II Telecaster Butterscotch", 14_200_000, 10_900_000, 3500, 2),
    Item("electric", "Gibson", "Les Paul Standard 60s", "Gibson Les Paul Standard '60s Bourbon Burst", 47_900_000, 39_000_000, 4300, 1),
    Item("electric", "Gibson", "SG Standard", "Gibson SG Standard Heritage Cherry", 29_900_000, 24_100_000, 3200, 1),
    Item("electric", "ESP LTD", "EC-1000", "ESP LTD EC-1000 Black Satin", 17_800_000, 13_900_000, 4000, 2),
    Item("electric", "Ibanez", "RG550", "Ibanez Genesis RG550 Desert Sun Yellow", 16_500_000, 12_800_000, 3400, 2),
    Item("electric", "Jackson", "Soloist SL2", "Jackson Pro Soloist SL2 Metallic Black", 21_900_000, 17_200_000, 3600, 1),
    Item("electric", "Schecter", "Hellraiser C-1", "Schecter Hellraiser C-1 Black Cherry", 18_900_000, 14_700_000, 3900, 2),
    Item("electric", "Epiphone", "Les Paul Custom", "Epiphone Les Paul Custom Ebony", 11_400_000, 8_800_000, 4200, 3),
    Item("seven", "Ibanez", "RG7421", "Ibanez RG7421 7-String Walnut Flat", 8_900_000, 6_700_000, 3500, 2),
    Item("seven", "Schecter", "C-7 Apocalypse", "Schecter C-7 Apocalypse Red Reign", 22_500_000, 17_600_000, 3700, 1),
    Item("acoustic", "Yamaha", "FG800", "Yamaha FG800 Natural", 2_650_000, 1_900_000, 2100, 6),
    Item("acoustic", "Taylor", "114ce", "Taylor 114ce Grand Auditorium", 17_900_000, 14_000_000, 2200, 1),
    Item("acoustic", "Cort", "AD810", "Cort AD810 Open Pore", 1_650_000, 1_150_000, 2000, 5),
    Item("bass", "Fender", "Player Precision Bass", "Fender Player Precision Bass 3-Tone Sunburst", 15_900_000, 12_400_000, 4100, 2),
    Item("bass", "Ibanez", "SR300E", "Ibanez SR300E Iron Pewter", 5_900_000, 4_400_000, 3600, 3),
    Item("bass", "Spector", "NS Ethos 4", "Spector NS Ethos HP 4 Black Stain", 24_900_000, 19_500_000, 4000, 1),
    Item("bass", "Squier", "Classic Vibe Jazz Bass", "Squier Classic Vibe '60s Jazz Bass", 7_400_000, 5_600_000, 4100, 2),
    Item("kits", "Pearl", "Export EXX", "Pearl Export EXX 5-piece Jet Black", 16_900_000, 13_200_000, 32000, 1),
    Item("kits", "Tama", "Imperialstar", "Tama Imperialstar 5-piece Hairline Black", 14_900_000, 11_600_000, 30000, 1),
    Item("kits", "Roland", "TD-07KV", "Roland TD-07KV V-Drums", 16_500_000, 13_100_000, 25000, 1),
    Item("cymbals", "Zildjian", "A Custom Crash 18", "Zildjian A Custom Crash 18\"", 5_600_000, 4_300_000, 1300, 2),
    Item("cymbals", "Sabian", "AAX Stage Ride 21", "Sabian AAX Stage Ride 21\"", 6_900_000, 5_300_000, 2700, 1),
    Item("cymbals", "Meinl", "Byzance China 18", "Meinl Byzance Traditional China 18\"", 5_200_000, 4_000_000, 1200, 1),
    Item("sticks", "Vic Firth", "5B American Classic", "Vic Firth American Classic 5B", 215_000, 140_000, 100, 24),
    Item("sticks", "Promark", "Rebound 5A", "Promark Rebound 5A Hickory", 195_000, 125_000, 100, 18),
    Item("sticks", "Vater", "Power 5B", "Vater Power 5B Wood Tip", 225_000, 150_000, 100, 2),
    Item("amps", "Marshall", "DSL40CR", "Marshall DSL40CR 40W Combo", 13_900_000, 10_800_000, 22000, 2),
    Item("amps", "Mesa/Boogie", "Mark VII", "Mesa/Boogie Mark VII Head", 59_900_000, 49_000_000, 15000, 1),
    Item("amps", "Peavey", "6505 II Head", "Peavey 6505 II 120W Head", 21_500_000, 16_900_000, 23000, 1),
    Item("amps", "Boss", "Katana-50 MkII", "Boss Katana-50 MkII", 4_350_000, 3_300_000, 11600, 4),
    Item("amps", "Orange", "Crush 20RT", "Orange Crush 20RT", 2_850_000, 2_100_000, 7500, 3),
    Item("amps", "Ampeg", "Rocket Bass RB-108", "Ampeg Rocket Bass RB-108", 3_250_000, 2_450_000, 11000, 2),
    Item("effects", "Boss", "DS-1", "Boss DS-1 Distortion", 1_150_000, 820_000, 400, 6),
    Item("effects", "Boss", "MT-2", "Boss MT-2 Metal Zone", 1_450_000, 1_050_000, 400, 5),
    Item("effects", "Ibanez", "TS9", "Ibanez TS9 Tube Screamer", 1_650_000, 1_200_000, 500, 4),
    Item("effects", "MXR", "M108S", "MXR M108S Ten Band EQ", 2_250_000, 1_650_000, 500, 2),
    Item("effects", "Electro-Harmonix", "Big Muff Pi", "Electro-Harmonix Big Muff Pi", 1_550_000, 1_100_000, 600, 3),
    Item("effects", "Boss", "NS-2", "Boss NS-2 Noise Suppressor", 1_750_000, 1_250_000, 400, 1),
    Item("effects", "Line 6", "HX Stomp", "Line 6 HX Stomp", 10_900_000, 8_600_000, 1700, 1),
    Item("effects", "Fractal Audio", "FM3", "Fractal Audio FM3", 19_900_000, 15_900_000, 2400, 1),
    Item("strings", "Ernie Ball", "2221 Regular Slinky", "Ernie Ball Regular Slinky 10-46", 95_000, 58_000, 60, 40),
    Item("strings", "Ernie Ball", "2215 Skinny Top Heavy Bottom", "Ernie Ball Skinny Top Heavy Bottom 10-52", 95_000, 58_000, 60, 30),
    Item("strings", "D'Addario", "EXL110", "D'Addario EXL110 10-46", 110_000, 68_000, 60, 35),
    Item("strings", "D'Addario", "EXL165", "D'Addario EXL165 Bass 45-105", 385_000, 260_000, 200, 8),
    Item("strings", "Elixir", "Nanoweb 12-53", "Elixir Nanoweb Acoustic 12-53", 265_000, 180_000, 60, 12),
    Item("strings", "Dunlop", "Heavy Core 10-48", "Dunlop Heavy Core 10-48", 120_000, 75_000, 60, 3),
    Item("picks", "Dunlop", "Jazz III Black", "Dunlop Jazz III Black Stiffo (6-pack)", 65_000, 38_000, 20, 50),
    Item("picks", "Dunlop", "Tortex 0.88", "Dunlop Tortex Standard 0.88 mm (12-pack)", 85_000, 50_000, 30, 30),
    Item("picks", "Hurtrock", "Skull Pick Tin", "Hurtrock Skull Pick Tin (10 picks)", 45_000, 18_000, 40, 60),
    Item("cables", "Planet Waves", "PW-AMSG-20", "D'Addario American Stage Cable 20 ft", 495_000, 340_000, 500, 8),
    Item("cables", "Fender", "Professional 10ft", "Fender Professional Instrument Cable 10 ft", 235_000, 150_000, 350, 12),
    Item("cables", "Ernie Ball", "Patch 6in 3-pack", "Ernie Ball Patch Cables 6\" (3-pack)", 145_000, 90_000, 100, 2),
    Item("straps", "Levy's", "M26", "Levy's M26 Leather Strap Black", 325_000, 210_000, 250, 10),
    Item("straps", "Hurtrock", "Studded Strap", "Hurtrock Studded Metal Strap", 275_000, 120_000, 400, 15),
    Item("straps", "Ernie Ball", "Strap Locks", "Ernie Ball Strap Locks (pair)", 125_000, 80_000, 50, 20),
    Item("accessories", "Boss", "TU-3", "Boss TU-3 Chromatic Tuner", 1_450_000, 1_050_000, 400, 4),
    Item("accessories", "Snark", "SN-5", "Snark SN-5 Clip-On Tuner", 185_000, 110_000, 50, 15),
    Item("accessories", "Hercules", "GS415B", "Hercules GS415B Guitar Stand", 365_000, 240_000, 1800, 6),
    Item("accessories", "Gator", "GWE-ELEC", "Gator GWE-ELEC Electric Guitar Case", 1_250_000, 880_000, 4500, 3),
    Item("accessories", "Hurtrock", "Band Tee Black L", "Hurtrock Music Store T-shirt Black (L)", 150_000, 65_000, 200, 25),
];

// (key, name, parent key)
const CATEGORIES: &[(&str, &str, Option<&str>)] = &[
    ("guitars", "Guitars", None),
    ("electric", "Electric guitars", Some("guitars")),
    ("seven", "7-string guitars", Some("electric")),
    ("acoustic", "Acoustic guitars", Some("guitars")),
    ("bass", "Basses", None),
    ("drums", "Drums", None),
    ("kits", "Drum kits", Some("drums")),
    ("cymbals", "Cymbals", Some("drums")),
    ("sticks", "Sticks", Some("drums")),
    ("amps", "Amplifiers", None),
    ("effects", "Effects", None),
    ("accessories", "Accessories", None),
    ("strings", "Strings", Some("accessories")),
    ("picks", "Picks", Some("accessories")),
    ("cables", "Cables", Some("accessories")),
    ("straps", "Straps", Some("accessories")),
];

/// A product with the fields the generators share; each overrides what it knows.
fn stocked(sku: String, code: &Barcode, name: String, brand: &str, category_id: String) -> Product {
    Product {
        id: pos_domain::new_id(),
        sku,
        barcode: Some(code.as_str().to_string()),
        barcode_kind: Some(code.kind()),
        name,
        brand: brand.into(),
        model: String::new(),
        category_id,
        category_name: String::new(),
        supplier_id: None,
        price: Money::ZERO,
        cost: Money::ZERO,
        weight_g: 0,
        length_mm: 0,
        width_mm: 0,
        height_mm: 0,
        min_stock: 0,
        low_stock_threshold: 0,
        featured: false,
        active: true,
        online: true,
        version: 1,
        on_hand: 0,
        thumb: None,
    }
}

/// Seeds the demo store into `conn` unless it already has products. Returns true when seeded.
pub fn seed(conn: &mut Connection, now: i64) -> Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if products::count(&tx)? > 0 {
        return Ok(false);
    }
    if profile::get(&tx)?.is_none() {
        profile::save(&tx, &ProfileInput::hurtrock().validate(1)?, None, now)?;
    }
    let branch = crate::Core::branch(&tx)?;
    let mut ids = std::collections::HashMap::new();
    for (key, name, parent) in CATEGORIES {
        let id = pos_domain::new_id();
        let parent_id = parent.and_then(|p| ids.get(p).cloned());
        let c = Category {
            id: id.clone(),
            parent_id,
            name: (*name).into(),
            active: true,
            version: 1,
            product_count: 0,
        };
        categories::insert(&tx, &c, now)?;
        ids.insert(*key, id);
    }
    let supplier = |name: &str, contact: &str, phone: &str, email: &str, address: &str| Supplier {
        id: pos_domain::new_id(),
        name: name.into(),
        contact_name: contact.into(),
        phone: phone.into(),
        email: email.into(),
        address: address.into(),
        notes: String::new(),
        active: true,
        version: 1,
    };
    let sups = [
        supplier(
            "PT Citra Intirama",
            "Budi Santoso",
            "021-6231-0101",
            "sales@citra.example.id",
            "Jl Gunung Sahari, Jakarta",
        ),
        supplier(
            "PT Yamaha Musik Indonesia Distributor",
            "Rina Wulandari",
            "021-2555-0192",
            "order@ymid.example.id",
            "Jl Gatot Subroto, Jakarta",
        ),
        supplier(
            "CV Bandung Strings & Parts",
            "Dedi Kurnia",
            "022-4203-117",
            "dedi@bdgstrings.example.id",
            "Jl Braga 45, Bandung",
        ),
    ];
    for s in &sups {
        suppliers::insert(&tx, s, now)?;
    }
    for (n, it) in ITEMS.iter().enumerate() {
        let Item(cat, brand, model, name, price, cost, weight, opening) = *it;
        let code =
            Barcode::ean13_from_body(&format!("8991234{:05}", 100 + n)).map_err(crate::products::barcode_error)?;
        let sup = match brand {
            "Yamaha" | "Taylor" | "Cort" => &sups[1],
            _ if matches!(cat, "strings" | "picks" | "cables" | "straps" | "sticks") => &sups[2],
            _ => &sups[0],
        };
        let threshold = if opening >= 10 { 5 } else { 1 };
        let sku = format!(
            "HR-{}-{:03}",
            cat.to_uppercase().chars().take(3).collect::<String>(),
            n + 1
        );
        let p = Product {
            model: model.into(),
            supplier_id: Some(sup.id.clone()),
            price: Money::new(price)
                .map_err(|_| crate::CoreError::invalid("price", "bad demo price", "harga demo salah"))?,
            cost: Money::new(cost)
                .map_err(|_| crate::CoreError::invalid("cost", "bad demo cost", "modal demo salah"))?,
            weight_g: weight,
            min_stock: threshold.min(2),
            low_stock_threshold: threshold,
            featured: n % 9 == 0,
            ..stocked(sku, &code, name.into(), brand, ids[cat].clone())
        };
        products::insert(&tx, &p, now)?;
        let m = stock::NewMovement {
            product_id: &p.id,
            branch: &branch,
            quantity: opening,
            reason: "opening",
            note: "demo",
            user_id: None,
            at: now,
            ref_id: None,
        };
        stock::insert(&tx, &m)?;
    }
    tx.commit()?;
    Ok(true)
}

/// Asks for ninety days of trading history in the demo store, written when the owner completes
/// setup (sales need a cashier, and the demo creates no account): the shell's request, marked in
/// the file and handed to the core as work for setup's transaction. Only for a file with no users.
pub fn request_history(core: &crate::Core) -> Result<bool> {
    let asked = core.with_db(|conn| -> Result<bool> {
        if pos_store::users::count(conn)? > 0 {
            return Ok(false);
        }
        pos_store::settings::set_device(conn, "demo_history", "pending")?;
        Ok(true)
    })?;
    if asked {
        core.set_after_setup(Some(std::sync::Arc::new(history_if_pending)));
    }
    Ok(asked)
}

/// The demo's history, if it was asked for: the owner and two demo cashiers (who cannot sign in)
/// selling at this terminal for the ninety days before today, queued for sync like the till's own
/// sales (linking the demo store sends them).
pub fn history_if_pending(conn: &Connection, owner_id: &str, now: i64) -> Result<()> {
    if pos_store::settings::device(conn, "demo_history")?.as_deref() != Some("pending") {
        return Ok(());
    }
    let mut cashiers = vec![owner_id.to_string()];
    for (email, name) in [
        ("rina.demo@hurtrock.invalid", "Rina (demo)"),
        ("agus.demo@hurtrock.invalid", "Agus (demo)"),
    ] {
        let id = pos_domain::new_id();
        // "!" is no argon2 hash: nobody can sign in as a demo cashier.
        pos_store::users::insert_placeholder(conn, &id, email, name, pos_domain::roles::Role::Cashier, now)?;
        cashiers.push(id);
    }
    let today = pos_domain::wib_date(chrono::DateTime::from_timestamp_millis(now).unwrap_or_default());
    let spec = crate::history::Spec {
        last_day: today - chrono::Duration::days(1),
        days: 90,
        lines: 6_000,
        branches: vec![crate::Core::branch(conn)?],
        // This terminal only: another terminal's sales are that terminal's to send.
        terminals: vec![crate::counter::settings::terminal(conn)?],
        cashiers,
        restock: true,
        uniform_pct: 5,
        seed: now as u64,
        queue: true,
    };
    crate::history::generate(conn, &spec)?;
    pos_store::settings::set_device(conn, "demo_history", "done")?;
    Ok(())
}

/// Adds `n` generated products (with barcodes and opening stock) in one transaction; for
/// benchmarks and scale tests. Needs a store profile and at least one category.
pub fn bulk_catalogue(conn: &mut Connection, n: usize, now: i64) -> Result<Vec<Product>> {
    const BRANDS: &[&str] = &[
        "Fender", "Gibson", "Ibanez", "ESP", "Jackson", "Schecter", "Yamaha", "Boss", "MXR", "Marshall", "Orange",
        "Pearl", "Tama", "Zildjian", "Dunlop",
    ];
    const KINDS: &[&str] = &[
        "Stratocaster",
        "Les Paul",
        "Explorer",
        "Flying V",
        "Warlock",
        "Kelly",
        "Soloist",
        "Overdrive",
        "Delay",
        "Chorus",
        "Combo",
        "Head",
        "Crash",
        "Ride",
        "Snare",
        "Strings",
        "Strap",
        "Cable",
    ];
    const COLOURS: &[&str] = &["Black", "White", "Sunburst", "Red", "Blue", "Natural", "Satin", "Gold"];
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let branch = crate::Core::branch(&tx)?;
    let cats = categories::list(&tx)?;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let brand = BRANDS[i % BRANDS.len()];
        let kind = KINDS[(i / BRANDS.len()) % KINDS.len()];
        let colour = COLOURS[(i / 7) % COLOURS.len()];
        let code = Barcode::ean13_from_body(&format!("20{:010}", i)).map_err(crate::products::barcode_error)?;
        let name = format!("{brand} {kind} {colour} {i}");
        let category = cats[i % cats.len()].id.clone();
        let p = Product {
            model: format!("{kind} {}", i % 1000),
            price: Money::new(100_000 + (i as i64 % 500) * 25_000).unwrap_or_default(),
            cost: Money::new(70_000 + (i as i64 % 500) * 17_000).unwrap_or_default(),
            weight_g: 500,
            min_stock: 1,
            low_stock_threshold: 2,
            ..stocked(format!("GEN-{i:07}"), &code, name, brand, category)
        };
        products::insert(&tx, &p, now)?;
        let m = stock::NewMovement {
            product_id: &p.id,
            branch: &branch,
            quantity: 1 + (i as i64 % 10),
            reason: "opening",
            note: "",
            user_id: None,
            at: now,
            ref_id: None,
        };
        stock::insert(&tx, &m)?;
        out.push(p);
    }
    tx.commit()?;
    Ok(out)
}
