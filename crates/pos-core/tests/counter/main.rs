//! The counter through `Core` on a real SQLite file, with the receipt printer as a real file or a
//! TCP listener on loopback whose bytes are decoded.

use chrono::TimeZone;
use pos_core::auth::SignInRequest;
use pos_core::catalogue::CategoryInput;
use pos_core::counter::approval::ApprovalRequest;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counter::returns::{ReceiptLookup, ReturnLineInput, ReturnRequest};
use pos_core::counter::settings::CounterSettings;
use pos_core::counter::shift::{CashMovement, CloseShift, OpenShift};
use pos_core::products::{NewProduct, ProductInput};
use pos_core::setup::{ProfileInput, SetupRequest};
use pos_core::staff::NewUserRequest;
use pos_core::store_types::{Product, TenderKind};
use pos_core::{Core, ErrorCode, Role};
use pos_domain::FixedClock;
use pos_domain::pricing::Discount;
use pos_print::escpos::{Event, decode, text_lines};
use pos_print::{PaperWidth, PrinterConfig, Transport};
use std::path::PathBuf;
use std::sync::Arc;

struct Till {
    core: Core,
    owner: String,
    owner_id: String,
    cashier: String,
    products: Vec<Product>,
    printer_file: PathBuf,
    _dir: tempfile::TempDir,
}

fn till() -> Till {
    let dir = tempfile::tempdir().unwrap();
    // 23:30 UTC on 1 March is 06:30 WIB on 2 March.
    let clock = Arc::new(FixedClock::new(
        chrono::Utc.with_ymd_and_hms(2026, 3, 1, 23, 30, 0).unwrap(),
    ));
    let (core, _) = Core::open(&dir.path().join("pos.db"), clock).unwrap();
    let mut profile = ProfileInput::hurtrock();
    profile.vat_registered = true;
    profile.npwp = "01.234.567.8-901.234".into();
    let s = core
        .complete_setup(SetupRequest {
            owner_name: "Dimas".into(),
            owner_email: "owner@hurtrock.test".into(),
            owner_password: "owner-pass-1".into(),
            owner_pin: Some("258046".into()),
            profile,
        })
        .unwrap();
    let owner = s.token;
    let t = Some(owner.as_str());
    core.create_user(
        t,
        NewUserRequest {
            email: "kasir@hurtrock.test".into(),
            name: "Rina".into(),
            role: Some(Role::Cashier),
            password: "kasir-pass-1".into(),
            pin: Some("135792".into()),
        },
    )
    .unwrap();
    let cat = core
        .create_category(
            t,
            CategoryInput {
                name: "Guitars".into(),
                parent_id: None,
            },
        )
        .unwrap()
        .id;
    let mk = |sku: &str, name: &str, price: i64, stock: i64| {
        let fields = ProductInput {
            sku: sku.into(),
            name: name.into(),
            category_id: cat.clone(),
            price,
            cost: price * 7 / 10,
            active: true,
            ..Default::default()
        };
        core.create_product(
            t,
            NewProduct {
                fields,
                opening_stock: stock,
            },
        )
        .unwrap()
    };
    let products = vec![
        mk("GTR-1", "ESP LTD EC-1000", 17_800_000, 3),
        mk("STR-1", "Ernie Ball Regular Slinky", 95_000, 40),
        mk("PCK-1", "Dunlop Jazz III", 65_000, 1),
    ];
    let printer_file = dir.path().join("receipts.bin");
    let settings = CounterSettings {
        terminal: "T1".into(),
        printer: PrinterConfig {
            transport: Transport::File {
                path: printer_file.to_string_lossy().into(),
            },
            paper: PaperWidth::Mm58,
            drawer: true,
        },
        discount_limit_bp: 1000,
        returns_need_supervisor: true,
        receipt_footer: "Terima kasih!".into(),
    };
    core.update_counter_settings(t, settings).unwrap();
    let cashier = core
        .sign_in(SignInRequest {
            email: "kasir@hurtrock.test".into(),
            password: "kasir-pass-1".into(),
        })
        .unwrap()
        .token;
    Till {
        core,
        owner_id: s.user.id,
        owner,
        cashier,
        products,
        printer_file,
        _dir: dir,
    }
}

fn line(p: &Product, q: i64, d: Option<Discount>) -> CartLine {
    CartLine {
        product_id: p.id.clone(),
        quantity: q,
        unit_price: None,
        discount: d,
    }
}

fn cash(a: i64) -> TenderInput {
    TenderInput {
        kind: Some(TenderKind::Cash),
        amount: a,
        reference: String::new(),
    }
}

fn cart(lines: Vec<CartLine>, tenders: Vec<TenderInput>) -> CheckoutRequest {
    CheckoutRequest {
        client_ref: pos_domain::new_id(),
        lines,
        sale_discount: None,
        customer_id: None,
        tenders,
        approval_id: None,
    }
}

fn on_hand(t: &Till, p: &Product) -> i64 {
    t.core.with_db(|c| pos_store::stock::on_hand(c, &p.id, "BDG1").unwrap())
}

fn count(t: &Till, sql: &str) -> i64 {
    t.core.with_db(|c| c.query_row(sql, [], |r| r.get(0)).unwrap())
}

mod receipts;
mod returns;
mod selling;
