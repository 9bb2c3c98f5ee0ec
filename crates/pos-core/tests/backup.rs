//! The owner's own copy, through `Core` on a real SQLite file: copies taken while the till keeps
//! selling, checked and rotated, taken daily once per WIB day, read back, restored with a safety
//! copy first, and every table exported as CSV with a manifest.

use chrono::TimeZone;
use pos_core::backup::{BackupPath, BackupSettings, RestoreRequest, TablesExport};
use pos_core::catalogue::CategoryInput;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counter::shift::OpenShift;
use pos_core::products::{NewProduct, ProductInput};
use pos_core::setup::{ProfileInput, SetupRequest};
use pos_core::store_types::TenderKind;
use pos_core::{Core, ErrorCode};
use pos_domain::FixedClock;
use std::sync::Arc;

struct Shop {
    core: Arc<Core>,
    clock: Arc<FixedClock>,
    owner: String,
    product: String,
    dir: tempfile::TempDir,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(
        chrono::Utc.with_ymd_and_hms(2026, 3, 2, 3, 0, 0).unwrap(),
    ));
    let (core, _) = Core::open(&dir.path().join("pos.db"), clock.clone()).unwrap();
    let owner = core
        .complete_setup(SetupRequest {
            owner_name: "Dimas".into(),
            owner_email: "owner@hurtrock.test".into(),
            owner_password: "owner-pass-1".into(),
            owner_pin: Some("258046".into()),
            profile: ProfileInput::hurtrock(),
        })
        .unwrap()
        .token;
    let t = Some(owner.as_str());
    let cat = core
        .create_category(
            t,
            CategoryInput {
                name: "Strings".into(),
                parent_id: None,
            },
        )
        .unwrap()
        .id;
    let product = core
        .create_product(
            t,
            NewProduct {
                fields: ProductInput {
                    sku: "STR-1".into(),
                    name: "Ernie Ball Slinky".into(),
                    category_id: cat,
                    price: 95_000,
                    cost: 60_000,
                    active: true,
                    ..Default::default()
                },
                opening_stock: 10_000,
            },
        )
        .unwrap()
        .id;
    core.open_shift(t, OpenShift { opening_float: 500_000 }).unwrap();
    Shop {
        core: Arc::new(core),
        clock,
        owner,
        product,
        dir,
    }
}

fn sell(core: &Core, token: &str, product: &str) {
    core.checkout(
        Some(token),
        CheckoutRequest {
            client_ref: pos_domain::new_id(),
            lines: vec![CartLine {
                product_id: product.into(),
                quantity: 1,
                ..Default::default()
            }],
            tenders: vec![TenderInput {
                kind: Some(TenderKind::Cash),
                amount: 100_000,
                reference: String::new(),
            }],
            ..Default::default()
        },
    )
    .unwrap();
}

fn sales(core: &Core) -> i64 {
    core.with_db(|c| c.query_row("SELECT count(*) FROM sales", [], |r| r.get(0)).unwrap())
}

#[test]
fn copies_are_taken_while_the_till_sells_checked_rotated_and_daily() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let folder = s.dir.path().join("usb");
    let none = s.core.backup_now(t).unwrap_err();
    assert_eq!(none.code, ErrorCode::Invalid, "no folder chosen yet");
    let relative = BackupSettings {
        folder: Some("usb".into()),
        daily: true,
        keep: 3,
        ..Default::default()
    };
    assert!(
        s.core.set_backup_settings(t, relative).is_err(),
        "a full path is needed"
    );
    let settings = BackupSettings {
        folder: Some(folder.to_string_lossy().into()),
        daily: true,
        keep: 3,
        ..Default::default()
    };
    s.core.set_backup_settings(t, settings).unwrap();
    for _ in 0..30 {
        sell(&s.core, &s.owner, &s.product);
    }

    // A copy while another thread keeps ringing up sales: both finish, nothing waits for the other.
    let seller = {
        let (core, token, product) = (s.core.clone(), s.owner.clone(), s.product.clone());
        std::thread::spawn(move || {
            for _ in 0..20 {
                sell(&core, &token, &product);
            }
        })
    };
    let taken = s.core.backup_now(t).unwrap();
    seller.join().unwrap();
    assert!(taken.contents.sales >= 30, "{:?}", taken.contents);
    assert_eq!(sales(&s.core), 50);
    let progress = s.core.backup_progress(t).unwrap();
    assert!(!progress.running && progress.done == progress.total && progress.total > 0);
    assert!(taken.copy.file_name.starts_with("hurtrock-BDG1-T1-"));

    // Daily: already done today (WIB); tomorrow it is taken by itself.
    assert!(!s.core.backup_if_due().unwrap());
    s.clock.advance(chrono::Duration::days(1));
    assert!(s.core.backup_if_due().unwrap());
    let owner = s
        .core
        .sign_in(pos_core::auth::SignInRequest {
            email: "owner@hurtrock.test".into(),
            password: "owner-pass-1".into(),
        })
        .unwrap()
        .token;
    let t = Some(owner.as_str());
    for _ in 0..3 {
        s.clock.advance(chrono::Duration::seconds(5));
        s.core.backup_now(t).unwrap();
    }
    let list = s.core.list_backups(t).unwrap();
    assert_eq!(list.len(), 3, "kept in rotation");
    assert!(list.iter().all(|e| e.contents.as_ref().is_some_and(|c| c.sales == 50)));
    assert!(s.core.backup_settings(t).unwrap().last_at.is_some());
    assert_eq!(s.core.backup_settings(t).unwrap().last_error, None);
}

#[test]
fn a_copy_is_restored_with_a_safety_copy_first_and_says_what_it_holds() {
    let s = shop();
    let t = Some(s.owner.as_str());
    let folder = s.dir.path().join("copies");
    s.core
        .set_backup_settings(
            t,
            BackupSettings {
                folder: Some(folder.to_string_lossy().into()),
                daily: false,
                keep: 10,
                ..Default::default()
            },
        )
        .unwrap();
    for _ in 0..3 {
        sell(&s.core, &s.owner, &s.product);
    }
    let copy = s.core.backup_now(t).unwrap().copy;
    for _ in 0..2 {
        sell(&s.core, &s.owner, &s.product);
    }
    let plan = s
        .core
        .restore_plan(
            t,
            BackupPath {
                path: copy.path.clone(),
            },
        )
        .unwrap();
    assert_eq!((plan.copy.sales, plan.now.sales), (3, 5));
    assert!(plan.made_here_since > 0 && !plan.linked);

    // A PIN is not enough, nor is an unconfirmed request, nor a broken file.
    let pin = s
        .core
        .switch_user(
            t,
            pos_core::auth::SwitchUserRequest {
                user_id: s.core.whoami(t).unwrap().user.id,
                pin: "258046".into(),
            },
        )
        .unwrap()
        .token;
    let req = |confirm| RestoreRequest {
        path: copy.path.clone(),
        confirm,
    };
    assert_eq!(
        s.core.restore_backup(Some(&pin), req(true)).unwrap_err().code,
        ErrorCode::PasswordNeeded
    );
    let owner = s
        .core
        .sign_in(pos_core::auth::SignInRequest {
            email: "owner@hurtrock.test".into(),
            password: "owner-pass-1".into(),
        })
        .unwrap()
        .token;
    let t = Some(owner.as_str());
    assert_eq!(
        s.core.restore_backup(t, req(false)).unwrap_err().code,
        ErrorCode::Invalid
    );
    let broken = folder.join("hurtrock-broken.db");
    std::fs::write(&broken, b"not a database at all").unwrap();
    let bad = RestoreRequest {
        path: broken.to_string_lossy().into(),
        confirm: true,
    };
    assert!(s.core.restore_backup(t, bad).is_err());
    assert_eq!(sales(&s.core), 5, "nothing changed");

    let done = s.core.restore_backup(t, req(true)).unwrap();
    assert_eq!(sales(&s.core), 3, "the copy is the database now");
    let safety = done.safety_copy.expect("a copy of the file as it was");
    assert_eq!(
        pos_store::backup::contents(std::path::Path::new(&safety.path))
            .unwrap()
            .sales,
        5,
        "what was there is kept"
    );
    assert_eq!(
        s.core.whoami(t).unwrap_err().code,
        ErrorCode::Unauthenticated,
        "everyone signs in again"
    );
    // The till works on from the copy: its next receipt number is new.
    let owner = s
        .core
        .sign_in(pos_core::auth::SignInRequest {
            email: "owner@hurtrock.test".into(),
            password: "owner-pass-1".into(),
        })
        .unwrap()
        .token;
    sell(&s.core, &owner, &s.product);
    assert_eq!(sales(&s.core), 4);
}

#[test]
fn every_table_is_exported_as_csv_with_a_manifest() {
    let s = shop();
    let t = Some(s.owner.as_str());
    sell(&s.core, &s.owner, &s.product);
    let out = s.dir.path().join("accountant");
    let m = s
        .core
        .export_all(
            t,
            TablesExport {
                folder: out.to_string_lossy().into(),
            },
        )
        .unwrap();
    let sales = m.tables.iter().find(|t| t.table == "sales").unwrap();
    assert_eq!(sales.rows, 1);
    let dir = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    let csv = std::fs::read_to_string(dir.join("sales.csv")).unwrap();
    assert!(csv.contains("BDG1-T1-000001"), "{csv}");
    assert!(dir.join("manifest.json").exists());
    let users = std::fs::read_to_string(dir.join("users.csv")).unwrap();
    assert!(!users.contains("argon2"));
}
