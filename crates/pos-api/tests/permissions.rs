//! Walks every command in the list with every kind of caller (nobody, each role, a locked
//! session) and proves the core refuses exactly what the role matrix says, writing nothing when it
//! refuses. A command added to the list without an expectation here fails the test.

use pos_api::{COMMANDS, dispatch, sample_request};
use pos_core::setup::{ProfileInput, SetupRequest};
use pos_core::{Core, ErrorCode};
use pos_domain::FixedClock;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Who {
    Public,
    /// Any session, even a locked one.
    Session,
    /// Only the customer display's pass: every session is refused as no session.
    DisplayPass,
    Roles(&'static [&'static str]),
}

const ALL: &[&str] = &["owner", "admin", "cashier", "warehouse"];
const MANAGERS: &[&str] = &["owner", "admin"];
const STOCK: &[&str] = &["owner", "admin", "warehouse"];
const SELLERS: &[&str] = &["owner", "admin", "cashier"];

fn expectations() -> HashMap<&'static str, Who> {
    use Who::*;
    HashMap::from([
        ("app_status", Public),
        ("complete_setup", Public),
        ("sign_in", Public),
        ("whoami", Session),
        ("sign_out", Session),
        ("lock_screen", Session),
        ("unlock", Session),
        ("switch_candidates", Session),
        ("switch_user", Session),
        ("change_own_password", Roles(ALL)),
        ("set_own_pin", Roles(ALL)),
        ("store_profile", Roles(ALL)),
        ("update_store_profile", Roles(&["owner"])),
        ("list_users", Roles(MANAGERS)),
        ("create_user", Roles(MANAGERS)),
        ("update_user", Roles(MANAGERS)),
        ("reset_password", Roles(MANAGERS)),
        ("reset_pin", Roles(MANAGERS)),
        ("list_categories", Roles(ALL)),
        ("create_category", Roles(MANAGERS)),
        ("update_category", Roles(MANAGERS)),
        ("list_suppliers", Roles(STOCK)),
        ("create_supplier", Roles(MANAGERS)),
        ("update_supplier", Roles(MANAGERS)),
        ("search_products", Roles(ALL)),
        ("get_product", Roles(ALL)),
        ("product_by_barcode", Roles(ALL)),
        ("create_product", Roles(MANAGERS)),
        ("update_product", Roles(MANAGERS)),
        ("adjust_stock", Roles(STOCK)),
        ("stock_movements", Roles(ALL)),
        ("low_stock", Roles(ALL)),
        ("audit_log", Roles(MANAGERS)),
        ("counter_settings", Roles(SELLERS)),
        ("update_counter_settings", Roles(MANAGERS)),
        ("shop_settings", Roles(MANAGERS)),
        ("update_shop_settings", Roles(MANAGERS)),
        ("shop_logo", Roles(MANAGERS)),
        ("set_shop_logo", Roles(MANAGERS)),
        ("current_shift", Roles(SELLERS)),
        ("open_shift", Roles(SELLERS)),
        ("cash_movement", Roles(SELLERS)),
        ("x_report", Roles(SELLERS)),
        ("close_shift", Roles(SELLERS)),
        ("approve", Roles(SELLERS)),
        ("quote", Roles(SELLERS)),
        ("qris_start", Roles(SELLERS)),
        ("qris_status", Roles(SELLERS)),
        ("qris_cancel", Roles(SELLERS)),
        ("publish_display", Roles(SELLERS)),
        ("display_pass", Roles(SELLERS)),
        ("touch", Roles(ALL)),
        ("backup_settings", Roles(MANAGERS)),
        ("set_backup_settings", Roles(MANAGERS)),
        ("backup_progress", Roles(MANAGERS)),
        ("backup_now", Roles(MANAGERS)),
        ("list_backups", Roles(MANAGERS)),
        ("restore_plan", Roles(MANAGERS)),
        ("restore_backup", Roles(MANAGERS)),
        ("export_all", Roles(MANAGERS)),
        ("display_state", DisplayPass),
        ("checkout", Roles(SELLERS)),
        ("reprint_receipt", Roles(SELLERS)),
        ("receipt_pdf", Roles(SELLERS)),
        ("test_print", Roles(MANAGERS)),
        ("sale_by_receipt", Roles(SELLERS)),
        ("create_return", Roles(SELLERS)),
        ("create_customer", Roles(SELLERS)),
        ("search_customers", Roles(SELLERS)),
        ("park_sale", Roles(SELLERS)),
        ("parked_sales", Roles(SELLERS)),
        ("resume_sale", Roles(SELLERS)),
        ("void_sale", Roles(SELLERS)),
        ("sync_info", Roles(ALL)),
        ("sync_now", Roles(ALL)),
        ("link_store", Roles(&["owner"])),
        ("join_store", Public),
        ("create_enrolment_code", Roles(&["owner"])),
        ("list_devices", Roles(&["owner"])),
        ("revoke_device", Roles(&["owner"])),
        ("trust_device", Roles(&["owner"])),
        ("sync_review", Roles(MANAGERS)),
        ("resolve_review", Roles(MANAGERS)),
        ("send_chat_message", Roles(SELLERS)),
        ("chat_inbox", Roles(SELLERS)),
        ("chat_search", Roles(SELLERS)),
        ("chat_unread", Roles(SELLERS)),
        ("resolve_chat", Roles(SELLERS)),
        ("assign_chat", Roles(SELLERS)),
        ("chat_staff", Roles(SELLERS)),
        ("chat_typing", Roles(SELLERS)),
        ("chat_presence", Roles(SELLERS)),
        ("chat_quick_replies", Roles(SELLERS)),
        ("update_chat_quick_replies", Roles(MANAGERS)),
        ("booking_setup", Roles(SELLERS)),
        ("save_booking_resource", Roles(MANAGERS)),
        ("save_booking_service", Roles(MANAGERS)),
        ("bookings_between", Roles(SELLERS)),
        ("desk_slots", Roles(SELLERS)),
        ("book_at_desk", Roles(SELLERS)),
        // The default move accepts a proof: the owner's or an admin's.
        ("move_booking", Roles(MANAGERS)),
        ("add_portfolio_item", Roles(MANAGERS)),
        ("remove_portfolio_item", Roles(MANAGERS)),
        ("repair_step", Roles(SELLERS)),
        ("use_repair_part", Roles(SELLERS)),
        ("repair_ticket_pdf", Roles(SELLERS)),
        ("chat_messages", Roles(SELLERS)),
        ("courier_services", Roles(ALL)),
        ("shipping_quote", Roles(ALL)),
        ("list_orders", Roles(STOCK)),
        ("get_order", Roles(STOCK)),
        ("create_delivery_order", Roles(SELLERS)),
        ("delivery_quote", Roles(SELLERS)),
        ("import_products_preview", Roles(MANAGERS)),
        ("import_products_apply", Roles(MANAGERS)),
        ("import_progress", Roles(MANAGERS)),
        ("export_catalogue", Roles(MANAGERS)),
        ("open_stock_count", Roles(STOCK)),
        ("stock_counts", Roles(ALL)),
        ("count_scan", Roles(ALL)),
        ("count_variance", Roles(MANAGERS)),
        ("post_stock_count", Roles(MANAGERS)),
        ("cancel_stock_count", Roles(STOCK)),
        ("save_purchase_order", Roles(MANAGERS)),
        ("send_purchase_order", Roles(MANAGERS)),
        ("cancel_purchase_order", Roles(MANAGERS)),
        ("purchase_orders", Roles(STOCK)),
        ("purchase_order", Roles(STOCK)),
        ("purchase_order_receipts", Roles(STOCK)),
        ("purchase_order_pdf", Roles(MANAGERS)),
        ("purchase_order_csv", Roles(MANAGERS)),
        ("reorder_suggestions", Roles(MANAGERS)),
        ("receive_scan", Roles(STOCK)),
        ("receiving", Roles(STOCK)),
        ("discard_receiving", Roles(STOCK)),
        ("post_receipt", Roles(STOCK)),
        ("return_to_supplier", Roles(MANAGERS)),
        ("supplier_returns", Roles(STOCK)),
        ("preview_price_change", Roles(MANAGERS)),
        ("apply_price_change", Roles(MANAGERS)),
        ("shelf_label_queue", Roles(ALL)),
        ("shelf_labels_printed", Roles(STOCK)),
        ("add_product_photo", Roles(MANAGERS)),
        ("order_product_photos", Roles(MANAGERS)),
        ("remove_product_photo", Roles(MANAGERS)),
        ("product_photos", Roles(ALL)),
        ("photo_blobs", Roles(ALL)),
        ("product_thumbs", Roles(ALL)),
        ("transition_order", Roles(STOCK)),
        ("split_order", Roles(STOCK)),
        ("pack_scan", Roles(STOCK)),
        ("set_packed_weight", Roles(STOCK)),
        ("set_tracking", Roles(STOCK)),
        ("pick_list", Roles(STOCK)),
        ("label_preview", Roles(STOCK)),
        ("label_printer", Roles(STOCK)),
        ("update_label_printer", Roles(STOCK)),
        ("start_label_job", Roles(STOCK)),
        ("label_job_step", Roles(STOCK)),
        ("labels_pdf", Roles(STOCK)),
        ("invoice_pdf", Roles(STOCK)),
        ("product_labels", Roles(STOCK)),
        ("packing_slip_pdf", Roles(STOCK)),
        ("dashboard", Roles(MANAGERS)),
        ("report", Roles(MANAGERS)),
        ("export_report", Roles(MANAGERS)),
        ("export_progress", Roles(MANAGERS)),
        ("live_rates", Roles(ALL)),
        ("track_order", Roles(STOCK)),
        ("update_status", Roles(MANAGERS)),
        ("update_check", Roles(MANAGERS)),
        ("update_install", Roles(MANAGERS)),
        ("update_restart", Roles(MANAGERS)),
    ])
}

/// Everything a refused command must leave untouched.
fn snapshot(core: &Core) -> Vec<i64> {
    core.with_db(|c| {
        [
            "SELECT count(*) FROM users",
            "SELECT ifnull(sum(version), 0) FROM users",
            "SELECT count(*) FROM products",
            "SELECT ifnull(sum(version), 0) FROM products",
            "SELECT count(*) FROM categories",
            "SELECT count(*) FROM suppliers",
            "SELECT count(*) FROM stock_movements",
            "SELECT count(*) FROM audit_events",
            "SELECT ifnull(sum(version), 0) FROM store_profile",
            "SELECT count(*) FROM shifts",
            "SELECT count(*) FROM cash_movements",
            "SELECT count(*) FROM sales",
            "SELECT count(*) FROM returns",
            "SELECT count(*) FROM customers",
            "SELECT count(*) FROM parked_sales",
            "SELECT count(*) FROM device_settings",
            "SELECT count(*) FROM store_policies",
            "SELECT count(*) FROM outbox",
            "SELECT count(*) FROM chat_messages",
            "SELECT count(*) FROM sync_state",
            "SELECT count(*) FROM orders",
            "SELECT ifnull(sum(version), 0) FROM orders",
            "SELECT count(*) FROM label_jobs",
        ]
        .iter()
        .map(|q| c.query_row(q, [], |r| r.get(0)).unwrap())
        .collect()
    })
}

fn token(v: &serde_json::Value) -> String {
    v["token"].as_str().unwrap().to_string()
}

#[test]
fn every_command_checks_the_role_in_the_core() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(
        chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
    ));
    let (core, _) = Core::open(&dir.path().join("pos.db"), clock).unwrap();
    let owner = core
        .complete_setup(SetupRequest {
            owner_name: "Owner".into(),
            owner_email: "owner@hurtrock.test".into(),
            owner_password: "owner-pass-1".into(),
            owner_pin: None,
            profile: ProfileInput::hurtrock(),
        })
        .unwrap()
        .token;
    for role in ["admin", "cashier", "warehouse"] {
        let req = json!({"email": format!("{role}@hurtrock.test"), "name": role, "role": role, "password": format!("{role}-pass-1"), "pin": "258046"});
        dispatch(&core, Some(&owner), "create_user", req).unwrap();
    }
    let sign_in = |role: &str| {
        let pw = if role == "owner" {
            "owner-pass-1".to_string()
        } else {
            format!("{role}-pass-1")
        };
        token(
            &dispatch(
                &core,
                None,
                "sign_in",
                json!({"email": format!("{role}@hurtrock.test"), "password": pw}),
            )
            .unwrap(),
        )
    };

    let expect = expectations();
    for name in COMMANDS {
        assert!(
            expect.contains_key(name),
            "no permission expectation for command {name}"
        );
    }
    assert_eq!(
        expect.len(),
        COMMANDS.len(),
        "expectations name commands that no longer exist"
    );

    let mut refusals = 0;
    for name in COMMANDS {
        let who = expect[name];
        let sample = sample_request(name).unwrap();

        // Nobody signed in.
        let before = snapshot(&core);
        let r = dispatch(&core, None, name, sample.clone());
        if who != Who::Public {
            assert_eq!(
                r.as_ref().err().map(|e| e.code),
                Some(ErrorCode::Unauthenticated),
                "{name} without a session"
            );
            assert_eq!(snapshot(&core), before, "{name} wrote without a session");
            refusals += 1;
        }

        // Each role.
        for role in ALL {
            let t = sign_in(role);
            let before = snapshot(&core);
            let r = dispatch(&core, Some(&t), name, sample.clone());
            let code = r.as_ref().err().map(|e| e.code);
            match who {
                Who::DisplayPass => assert_eq!(code, Some(ErrorCode::Unauthenticated), "{name} with a session"),
                Who::Roles(allowed) if !allowed.contains(role) => {
                    assert_eq!(code, Some(ErrorCode::Forbidden), "{name} as {role} must be refused");
                    assert_eq!(snapshot(&core), before, "{name} as {role} wrote although refused");
                    refusals += 1;
                }
                _ => assert!(
                    !matches!(
                        code,
                        Some(ErrorCode::Forbidden | ErrorCode::Unauthenticated | ErrorCode::SessionLocked)
                    ),
                    "{name} as {role} must be allowed, got {r:?}"
                ),
            }
        }

        // A locked session may only unlock, switch user, or leave.
        let t = sign_in("cashier");
        dispatch(&core, Some(&t), "lock_screen", json!({})).unwrap();
        let before = snapshot(&core);
        let code = dispatch(&core, Some(&t), name, sample.clone()).err().map(|e| e.code);
        if let Who::Roles(_) = who {
            assert_eq!(code, Some(ErrorCode::SessionLocked), "{name} on a locked screen");
            assert_eq!(snapshot(&core), before, "{name} wrote on a locked screen");
            refusals += 1;
        }
    }
    assert!(refusals > 100, "the walk proved only {refusals} refusals");
}
