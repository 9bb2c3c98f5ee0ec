//! A till can be wrong, stolen or tampered with: an enrolled terminal running a modified core
//! pushes forged records. Each is set aside with its reason; the honest terminals keep selling,
//! returning, closing shifts and taking delivery orders, and converge as before.

mod support;

use pos_core::auth::SignInRequest;
use pos_core::counter::checkout::{CartLine, CheckoutRequest, TenderInput};
use pos_core::counter::returns::{ReturnLineInput, ReturnRequest};
use pos_core::counter::shift::{CashMovement, CloseShift, OpenShift};
use pos_core::staff::NewUserRequest;
use pos_core::store_types::TenderKind;
use pos_core::warehouse::{NewDeliveryOrder, OrderLineInput};
use pos_domain::pricing::Discount;
use pos_store::users::Role;
use pos_sync::Local;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::Terminal;

fn cash_sale(product: &str, quantity: i64, discount: Option<Discount>) -> CheckoutRequest {
    CheckoutRequest {
        client_ref: pos_domain::new_id(),
        lines: vec![CartLine {
            product_id: product.into(),
            quantity,
            discount,
            ..Default::default()
        }],
        tenders: vec![TenderInput {
            kind: Some(TenderKind::Cash),
            amount: 10_000_000,
            reference: String::new(),
        }],
        ..Default::default()
    }
}

fn delivery(product: &str, quantity: i64, paid: bool) -> NewDeliveryOrder {
    NewDeliveryOrder {
        customer_name: "Sari".into(),
        ship_name: "Sari".into(),
        ship_phone: "0813-2222-3333".into(),
        ship_address: "Jl. Dago 10, Bandung".into(),
        ship_city: "Bandung".into(),
        ship_postal: "40135".into(),
        courier_service: "own".into(),
        lines: vec![OrderLineInput {
            product_id: product.into(),
            quantity,
        }],
        paid,
        sale_id: None,
        ..Default::default()
    }
}

/// Signs `email` in on `t` (a cashier at the till).
fn sign_in(t: &Terminal, email: &str, password: &str) -> String {
    t.core
        .sign_in(SignInRequest {
            email: email.into(),
            password: password.into(),
        })
        .unwrap()
        .token
}

fn outbox(t: &Terminal) -> Vec<pos_sync::Record> {
    t.core.with_db(|c| pos_sync::local::outbox_batch(c, 1000).unwrap())
}

fn one_id(t: &Terminal, sql: &str) -> String {
    t.core.with_db(|c| c.query_row(sql, [], |r| r.get(0)).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_till_is_set_aside_record_by_record_and_honest_tills_go_on() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let p = desk.product("Strings", "STR-1", "Ernie Ball Slinky", 100_000, 50, 40);
    for (email, name) in [("kasir@hurtrock.test", "Ayu"), ("kasir2@hurtrock.test", "Bayu")] {
        desk.core
            .create_user(
                desk.t(),
                NewUserRequest {
                    email: email.into(),
                    name: name.into(),
                    role: Some(Role::Cashier),
                    password: "kasir-pass-1".into(),
                    pin: None,
                },
            )
            .unwrap();
    }
    // The shop's online order, waiting for payment, that a hostile till will try to ship.
    let till = desk.link_and_join(&s.url).await;
    let evil = {
        let code = desk.code_for("BDG1").await;
        let mut t = Terminal::blank();
        t.join(&s.url, code).await;
        t
    };
    let honest_order = desk
        .core
        .create_delivery_order(desk.t(), delivery(&p.id, 1, false))
        .unwrap();
    desk.sync_until_quiet().await;

    // The honest till opens its shift and sells one.
    let ayu_till = sign_in(&till, "kasir@hurtrock.test", "kasir-pass-1");
    till.core
        .open_shift(Some(&ayu_till), OpenShift { opening_float: 500_000 })
        .unwrap();
    let honest_sale = till
        .core
        .checkout(Some(&ayu_till), cash_sale(&p.id, 1, None))
        .unwrap()
        .sale;
    till.sync_until_quiet().await;
    evil.sync_until_quiet().await;
    let till_shift = one_id(&till, "SELECT id FROM shifts WHERE closed_at IS NULL");
    let next_till_receipt = "BDG1-T2-000002";

    // The hostile till works genuinely (so its records look right), offline; then its modified
    // core pushes them tampered.
    let owner_token = evil.token.clone();
    let ayu = sign_in(&evil, "kasir@hurtrock.test", "kasir-pass-1");
    let ayu_id = one_id(&evil, "SELECT id FROM users WHERE email = 'kasir@hurtrock.test'");
    let bayu_id = one_id(&evil, "SELECT id FROM users WHERE email = 'kasir2@hurtrock.test'");
    let owner_id = one_id(&evil, "SELECT id FROM users WHERE role = 'owner'");
    evil.core
        .open_shift(Some(&ayu), OpenShift { opening_float: 500_000 })
        .unwrap();
    let mut sales = Vec::new();
    for _ in 0..4 {
        sales.push(evil.core.checkout(Some(&ayu), cash_sale(&p.id, 1, None)).unwrap().sale);
    }
    // A discount of half, rung up by the owner (who may), to be passed off as the cashier's.
    let discounted = evil
        .core
        .checkout(Some(&owner_token), cash_sale(&p.id, 1, Some(Discount::Percent(5000))))
        .unwrap()
        .sale;
    evil.core
        .cash_movement(
            Some(&ayu),
            CashMovement {
                amount: 50_000,
                reason: "change".into(),
            },
        )
        .unwrap();
    let ret = evil
        .core
        .create_return(
            Some(&owner_token),
            ReturnRequest {
                sale_id: sales[0].id.clone(),
                lines: vec![ReturnLineInput {
                    sale_line_id: sales[0].lines[0].id.clone(),
                    quantity: 1,
                }],
                refund: Some(TenderKind::Cash),
                reason: "rusak".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .ret;
    let evil_order = evil
        .core
        .create_delivery_order(Some(&owner_token), delivery(&p.id, 1, true))
        .unwrap();
    evil.core
        .close_shift(
            Some(&ayu),
            CloseShift {
                counted_cash: 550_000,
                note: String::new(),
            },
        )
        .unwrap();
    // Meanwhile the desk changes the price, which the hostile till has not seen.
    let mut fields = support::input_of(
        &desk
            .core
            .get_product(desk.t(), pos_core::products::ProductId { id: p.id.clone() })
            .unwrap(),
    );
    fields.price = 120_000;
    let current = desk
        .core
        .get_product(desk.t(), pos_core::products::ProductId { id: p.id.clone() })
        .unwrap();
    desk.core
        .update_product(
            desk.t(),
            pos_core::products::ProductUpdate {
                id: p.id.clone(),
                fields,
                expected_version: current.version,
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;

    let mut records = outbox(&evil);
    let mut expect: Vec<(i64, &str)> = Vec::new();
    let find = |records: &mut Vec<pos_sync::Record>, kind: &str, id: &str| -> usize {
        records.iter().position(|r| r.kind == kind && r.id == id).unwrap()
    };
    // Another till's next receipt number.
    let i = find(&mut records, "sale", &sales[1].id);
    records[i].payload["receipt_no"] = json!(next_till_receipt);
    expect.push((records[i].seq, "is not one of BDG1/T3's"));
    // A sale whose total does not follow from its lines.
    let i = find(&mut records, "sale", &sales[2].id);
    let total = records[i].payload["total"].as_i64().unwrap();
    records[i].payload["total"] = json!(total - 50_000);
    records[i].payload["dpp"] = json!(total - 50_000);
    expect.push((records[i].seq, "does not follow from the lines"));
    // A sale back-dated two months, into a filed tax month.
    let i = find(&mut records, "sale", &sales[3].id);
    let at = records[i].payload["at"].as_i64().unwrap() - 60 * 86_400_000;
    records[i].payload["at"] = json!(at);
    records[i].payload["business_date"] = json!(pos_domain::clock::wib_date_of_ms(at).to_string());
    expect.push((records[i].seq, "dated more than a day before"));
    // The owner's half-price sale passed off as the cashier's, who needs a supervisor for it.
    let i = find(&mut records, "sale", &discounted.id);
    records[i].payload["cashier_id"] = json!(ayu_id);
    records[i].by = Some(ayu_id.clone());
    expect.push((records[i].seq, "without a supervisor's approval"));
    // Cash moved in, and the shift closed, in the honest till's shift.
    let i = records.iter().position(|r| r.kind == "cash_movement").unwrap();
    records[i].payload["shift_id"] = json!(till_shift);
    expect.push((records[i].seq, "another terminal's"));
    let i = records.iter().position(|r| r.kind == "shift_closed").unwrap();
    let own_shift = records[i].id.clone();
    records[i].id = till_shift.clone();
    records[i].payload["id"] = json!(till_shift);
    expect.push((records[i].seq, "another terminal's"));
    let _ = own_shift;
    // A return of two units of the honest till's sale, where one was sold.
    let i = find(&mut records, "return", &ret.id);
    records[i].payload["sale_id"] = json!(honest_sale.id);
    records[i].payload["lines"][0]["sale_line_id"] = json!(honest_sale.lines[0].id);
    records[i].payload["lines"][0]["quantity"] = json!(2);
    expect.push((records[i].seq, "where 1 were sold"));
    // The shop's unpaid order "shipped".
    let i = records.iter().position(|r| r.kind == "order_event").unwrap();
    records[i].payload["order_id"] = json!(honest_order.id);
    records[i].payload["from"] = json!("awaiting_payment");
    records[i].payload["to"] = json!("shipped");
    expect.push((records[i].seq, "cannot become shipped"));
    let _ = evil_order;

    // Records a modified core makes up outright.
    let mut seq = records.last().unwrap().seq;
    let mut made = |kind: &str, id: &str, by: &str, payload: Value| {
        seq += 1;
        pos_sync::Record {
            seq,
            kind: kind.into(),
            id: id.into(),
            at: 1,
            by: Some(by.into()),
            payload,
        }
    };
    records.push(made(
        "user",
        &bayu_id,
        &ayu_id,
        json!({"state": {"id": bayu_id, "email": "kasir2@hurtrock.test", "name": "Bayu", "role": "cashier",
                         "active": true, "password_hash": "$argon2id$chosen-by-ayu", "pin_hash": null},
               "changed": ["password_hash"], "base": 0}),
    ));
    expect.push((records.last().unwrap().seq, "needs ManageUsers"));
    records.push(made(
        "product",
        &p.id,
        &ayu_id,
        json!({"state": {"id": p.id, "sku": "STR-1", "name": "Ernie Ball Slinky", "category_id": p.category_id,
                         "price": 1_000, "cost": 60_000}, "changed": ["price"], "base": 0}),
    ));
    expect.push((records.last().unwrap().seq, "needs EditCatalogue"));
    let audit_id = pos_domain::new_id();
    records.push(made(
        "audit_event",
        &audit_id,
        &ayu_id,
        json!({"id": audit_id, "at": 1, "user_id": ayu_id, "action": "user.password_reset", "entity": "user",
               "entity_id": bayu_id, "before": null, "after": null}),
    ));
    expect.push((records.last().unwrap().seq, "may not have done user.password_reset"));
    let chat_id = pos_domain::new_id();
    records.push(made(
        "chat_message",
        &chat_id,
        &ayu_id,
        json!({"id": chat_id, "conversation_id": "c1", "author": "Dimas", "body": "Refund approved", "at": 1}),
    ));
    expect.push((records.last().unwrap().seq, "signed \"Dimas\""));
    let big = pos_domain::new_id();
    records.push(made(
        "audit_event",
        &big,
        &owner_id,
        json!({"id": big, "at": 1, "user_id": owner_id, "action": "product.updated", "entity": "product",
               "entity_id": null, "before": null, "after": "x".repeat(600 * 1024)}),
    ));
    expect.push((records.last().unwrap().seq, "too large"));
    // An edit claiming to have seen every version there will ever be.
    records.push(made(
        "product",
        &p.id,
        &owner_id,
        json!({"state": {"id": p.id, "sku": "STR-1", "name": "Ernie Ball Slinky", "category_id": p.category_id,
                         "price": 90_000, "cost": 60_000}, "changed": ["price"], "base": 1_000_000_000}),
    ));

    let creds = evil.core.credentials().unwrap();
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/v1/push", s.url))
        .bearer_auth(&creds.token)
        .json(&json!({"protocol": 2, "device_id": creds.device_id, "records": records}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let answer: Value = r.json().await.unwrap();
    let outcome = |seq: i64| -> (String, String) {
        let o = answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["seq"] == seq)
            .unwrap();
        (
            o["status"].as_str().unwrap().to_string(),
            o["reason"].as_str().unwrap_or("").to_string(),
        )
    };
    for (seq, why) in &expect {
        let (status, reason) = outcome(*seq);
        assert_eq!(
            status, "set_aside",
            "record {seq} should be set aside ({why}), was {status}: {reason}"
        );
        assert!(reason.contains(why), "record {seq}: {reason:?} should say {why:?}");
    }
    let genuine = records.iter().find(|r| r.id == sales[0].id).unwrap().seq;
    assert_eq!(outcome(genuine).0, "applied", "its genuine sale stands");
    let overwrites = s
        .count(&format!(
            "SELECT count(*) FROM sync_issues WHERE issue = 'overwrite' AND record_id = '{}'",
            p.id
        ))
        .await;
    assert_eq!(
        overwrites, 1,
        "a huge claimed base does not silence the overwrite review"
    );
    let honest_hash = s
        .count(&format!(
            "SELECT count(*) FROM entities WHERE kind = 'user' AND id = '{bayu_id}' AND state->>'password_hash' = '$argon2id$chosen-by-ayu'"
        ))
        .await;
    assert_eq!(honest_hash, 0, "Bayu's password stands");

    // The honest tills go on: sell (the till's next number is free), return, close, deliver.
    let second = till
        .core
        .checkout(Some(&ayu_till), cash_sale(&p.id, 2, None))
        .unwrap()
        .sale;
    assert_eq!(second.receipt_no, next_till_receipt);
    till.core
        .create_return(
            Some(&till.token),
            ReturnRequest {
                sale_id: honest_sale.id.clone(),
                lines: vec![ReturnLineInput {
                    sale_line_id: honest_sale.lines[0].id.clone(),
                    quantity: 1,
                }],
                refund: Some(TenderKind::Cash),
                reason: "salah ukuran".into(),
                ..Default::default()
            },
        )
        .unwrap();
    till.core
        .close_shift(
            Some(&ayu_till),
            CloseShift {
                counted_cash: 700_000,
                note: String::new(),
            },
        )
        .unwrap();
    till.core
        .create_delivery_order(till.t(), delivery(&p.id, 1, true))
        .unwrap();
    desk.core
        .create_delivery_order(desk.t(), delivery(&p.id, 1, true))
        .unwrap();
    till.sync_until_quiet().await;
    desk.sync_until_quiet().await;
    till.sync_until_quiet().await;
    let honest_issues = s
        .count(
            "SELECT count(*) FROM sync_issues i JOIN devices d ON d.id = i.device_id
             WHERE d.terminal IN ('T1', 'T2') AND i.issue IN ('set_aside', 'conflict')",
        )
        .await;
    assert_eq!(honest_issues, 0, "{:?}", s.issues().await);
    let on_hand = |t: &Terminal| {
        t.count(&format!(
            "SELECT on_hand FROM stock_levels WHERE product_id = '{}'",
            p.id
        ))
    };
    let server_on_hand = s
        .count(&format!(
            "SELECT on_hand FROM stock_balances WHERE product_id = '{}' AND branch = 'BDG1'",
            p.id
        ))
        .await;
    assert_eq!((on_hand(&desk), on_hand(&till)), (server_on_hand, server_on_hand));
    let orders = |t: &Terminal| t.count("SELECT count(*) FROM orders");
    assert_eq!(
        (orders(&desk), orders(&till)),
        (4, 4),
        "the shop's, the hostile till's genuine one, and one each"
    );
}

/// The honest side of the same rules: a cashier's whole day at a till (sales, one with a discount
/// a supervisor approves by PIN, a return the policy wants approved, cash into the drawer, a
/// delivery paid at the counter, a chat reply, the shift closed) is accepted record by record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cashiers_day_at_a_till_passes_every_rule() {
    use pos_core::counter::approval::ApprovalRequest;
    use pos_core::sync::SendChatRequest;
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let p = desk.product("Strings", "STR-1", "Ernie Ball Slinky", 100_000, 50, 40);
    desk.core
        .create_user(
            desk.t(),
            NewUserRequest {
                email: "kasir@hurtrock.test".into(),
                name: "Ayu".into(),
                role: Some(Role::Cashier),
                password: "kasir-pass-1".into(),
                pin: Some("135792".into()),
            },
        )
        .unwrap();
    let till = desk.link_and_join(&s.url).await;
    let owner_id = one_id(&till, "SELECT id FROM users WHERE role = 'owner'");
    let ayu = sign_in(&till, "kasir@hurtrock.test", "kasir-pass-1");
    let a = Some(ayu.as_str());
    till.core.open_shift(a, OpenShift { opening_float: 500_000 }).unwrap();
    let plain = till.core.checkout(a, cash_sale(&p.id, 2, None)).unwrap().sale;
    let approval = till
        .core
        .approve(
            a,
            ApprovalRequest {
                supervisor_id: owner_id.clone(),
                pin: "258046".into(),
                reason: "pelanggan tetap".into(),
            },
        )
        .unwrap();
    let mut discounted = cash_sale(&p.id, 1, Some(Discount::Percent(2000)));
    discounted.approval_id = Some(approval.id);
    till.core.checkout(a, discounted).unwrap();
    let approval = till
        .core
        .approve(
            a,
            ApprovalRequest {
                supervisor_id: owner_id,
                pin: "258046".into(),
                reason: "rusak".into(),
            },
        )
        .unwrap();
    till.core
        .create_return(
            a,
            ReturnRequest {
                sale_id: plain.id.clone(),
                lines: vec![ReturnLineInput {
                    sale_line_id: plain.lines[0].id.clone(),
                    quantity: 1,
                }],
                refund: Some(TenderKind::Cash),
                reason: "senar putus".into(),
                approval_id: Some(approval.id),
                ..Default::default()
            },
        )
        .unwrap();
    till.core
        .cash_movement(
            a,
            CashMovement {
                amount: 100_000,
                reason: "kembalian".into(),
            },
        )
        .unwrap();
    till.core.create_delivery_order(a, delivery(&p.id, 1, true)).unwrap();
    till.core
        .send_chat_message(
            a,
            SendChatRequest {
                conversation_id: "conv-1".into(),
                body: "Stoknya ada, Kak".into(),
                ..Default::default()
            },
        )
        .unwrap();
    till.core
        .close_shift(
            a,
            CloseShift {
                counted_cash: 790_000,
                note: String::new(),
            },
        )
        .unwrap();
    till.sync_until_quiet().await;
    desk.sync_until_quiet().await;
    s.assert_no_issues().await;
    assert_eq!(desk.count("SELECT count(*) FROM sales"), 2);
    assert_eq!(desk.count("SELECT count(*) FROM returns"), 1);
    assert_eq!(desk.count("SELECT count(*) FROM orders"), 1);
    assert_eq!(desk.count("SELECT count(*) FROM chat_messages"), 1);
}
