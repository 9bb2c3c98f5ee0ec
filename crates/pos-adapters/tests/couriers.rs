//! Live courier rates and tracking against loopback fakes of RajaOngkir (Komerce) and Biteship
//! built from ../shared/reference/indonesia.md: their auth headers, RajaOngkir's destination
//! search then form-encoded cost query, Biteship's JSON rates by postal code, tracking of a shipped
//! order, and what the till sees when the key is wrong, the service is down, or none is set up.

mod support;

use pos_adapters::couriers::{Biteship, RajaOngkir};
use pos_core::catalogue::CategoryInput;
use pos_core::couriers::{CourierApi, LiveRatesRequest};
use pos_core::products::{NewProduct, ProductInput};
use pos_core::setup::ProfileInput;
use pos_core::store_types::OrderStatus;
use pos_core::warehouse::*;
use pos_core::{Core, ErrorCode};
use serde_json::json;
use std::sync::{Arc, Mutex};

const RO_KEY: &str = "ro-test-key";
const BS_KEY: &str = "biteship_test.key";

/// RajaOngkir: Bandung 40154 is id 31555 (our origin), Sleman 55281 is id 1234.
fn fake_rajaongkir(seen: Arc<Mutex<Vec<String>>>) -> String {
    support::serve(move |r| {
        seen.lock().unwrap().push(format!("{} {}", r.method, r.path));
        if r.headers.get("key").map(String::as_str) != Some(RO_KEY) {
            return (
                401,
                json!({"meta": {"message": "Invalid Api key, key not found", "code": 401, "status": "error"}, "data": null}),
            );
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/destination/domestic-destination") => {
                let q = r.query.get("search").cloned().unwrap_or_default();
                let data = if q == "55281" {
                    json!([
                        {"id": 999, "label": "CATURTUNGGAL, DEPOK, SLEMAN, DI YOGYAKARTA, 55282", "zip_code": "55282"},
                        {"id": 1234, "label": "CONDONGCATUR, DEPOK, SLEMAN, DI YOGYAKARTA, 55281", "zip_code": "55281"},
                    ])
                } else {
                    json!([])
                };
                (
                    200,
                    json!({"meta": {"message": "Success Get Domestic Destinations", "code": 200, "status": "success"}, "data": data}),
                )
            }
            ("POST", "/calculate/domestic-cost") => {
                let f = r.form();
                assert_eq!(f.get("origin").map(String::as_str), Some("31555"));
                assert_eq!(
                    f.get("destination").map(String::as_str),
                    Some("1234"),
                    "the exact postal code's id"
                );
                assert_eq!(f.get("price").map(String::as_str), Some("lowest"));
                let weight: i64 = f["weight"].parse().unwrap();
                let kg = (weight + 999) / 1000;
                let couriers: Vec<&str> = f["courier"].split(':').collect();
                let mut data = Vec::new();
                if couriers.contains(&"jne") {
                    data.push(json!({"name": "Jalur Nugraha Ekakurir (JNE)", "code": "jne", "service": "REG", "description": "Layanan Reguler", "cost": 16000 * kg, "etd": "2-3 day"}));
                    data.push(json!({"name": "Jalur Nugraha Ekakurir (JNE)", "code": "jne", "service": "YES", "description": "Yakin Esok Sampai", "cost": 26000 * kg, "etd": "1 day"}));
                }
                if couriers.contains(&"sicepat") {
                    data.push(json!({"name": "SiCepat Express", "code": "sicepat", "service": "REG", "description": "Reguler", "cost": 13000 * kg, "etd": "2-3 day"}));
                }
                (
                    200,
                    json!({"meta": {"message": "Success Calculate Domestic Shipping cost", "code": 200, "status": "success"}, "data": data}),
                )
            }
            ("POST", "/track/waybill") => {
                assert_eq!(r.query.get("courier").map(String::as_str), Some("jne"));
                let awb = r.query.get("awb").cloned().unwrap_or_default();
                (
                    200,
                    json!({"meta": {"message": "Success Get Waybill", "code": 200, "status": "success"}, "data": {
                        "delivered": true,
                        "summary": {"courier_code": "jne", "waybill_number": awb, "status": "DELIVERED"},
                        "manifest": [
                            {"manifest_description": "Manifested", "manifest_date": "2026-11-20", "manifest_time": "15:02:00"},
                            {"manifest_description": "Delivered to RINA SARI", "manifest_date": "2026-11-22", "manifest_time": "10:11:00"},
                            {"manifest_description": "With delivery courier", "manifest_date": "2026-11-22", "manifest_time": "07:30:00"},
                        ]
                    }}),
                )
            }
            _ => (
                404,
                json!({"meta": {"message": "Not found", "code": 404, "status": "error"}}),
            ),
        }
    })
}

fn fake_biteship() -> String {
    support::serve(|r| {
        if r.headers.get("authorization").map(String::as_str) != Some(BS_KEY) {
            return (
                401,
                json!({"success": false, "error": "Authorization failed", "code": 40101001}),
            );
        }
        if r.method == "POST" && r.path == "/v1/rates/couriers" {
            let b = r.json();
            assert_eq!(b["origin_postal_code"], 40154);
            assert_eq!(b["destination_postal_code"], 55281);
            assert_eq!(b["items"][0]["weight"], 4200);
            assert_eq!(b["items"][0]["value"], 17_800_000);
            let couriers = b["couriers"].as_str().unwrap().to_string();
            assert!(couriers.contains("jne") && couriers.contains("jnt"), "{couriers}");
            return (
                200,
                json!({"success": true, "object": "courier_pricing", "pricing": [
                    {"courier_name": "JNE", "courier_code": "jne", "courier_service_name": "Reguler", "courier_service_code": "reg", "duration": "2 - 3 days", "price": 80000},
                    {"courier_name": "J&T", "courier_code": "jnt", "courier_service_name": "EZ", "courier_service_code": "ez", "duration": "2 - 3 days", "price": 61000},
                ]}),
            );
        }
        if r.method == "GET" && r.path.starts_with("/v1/trackings/") {
            return (
                200,
                json!({"success": true, "status": "dropping_off", "waybill_id": "X",
                "history": [
                    {"note": "Picked up by courier", "updated_at": "2026-11-21T09:00:00+07:00", "status": "picked"},
                    {"note": "Out for delivery", "updated_at": "2026-11-22T08:00:00+07:00", "status": "dropping_off"},
                ]}),
            );
        }
        (404, json!({"success": false, "error": "not found"}))
    })
}

fn shop() -> (Core, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (core, _) = Core::open(&dir.path().join("pos.db"), Arc::new(pos_domain::SystemClock)).unwrap();
    let token = support::set_up(&core, ProfileInput::hurtrock(), None);
    let t = Some(token.as_str());
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
                    name: "Ernie Ball Regular Slinky".into(),
                    category_id: cat,
                    price: 95_000,
                    cost: 50_000,
                    weight_g: 100,
                    active: true,
                    ..Default::default()
                },
                opening_stock: 10,
            },
        )
        .unwrap()
        .id;
    (core, token, product, dir)
}

fn rates(
    core: &Core,
    t: &str,
    postal: &str,
    weight_g: i64,
) -> Result<pos_core::couriers::LiveRates, pos_core::CoreError> {
    core.live_rates(
        Some(t),
        LiveRatesRequest {
            destination_postal: postal.into(),
            weight_g,
            value: 17_800_000,
        },
    )
}

#[test]
fn rajaongkir_prices_by_destination_id_and_tracks_a_shipped_order() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let url = fake_rajaongkir(seen.clone());
    let (core, token, product, _dir) = shop();
    // Not set up: a clear "unavailable", and the store's own rates stay.
    assert_eq!(
        rates(&core, &token, "55281", 4200).unwrap_err().code,
        ErrorCode::Unavailable
    );
    core.set_courier_api(Some(Arc::new(RajaOngkir::new(&url, RO_KEY, "31555"))));
    let r = rates(&core, &token, "55281", 4200).unwrap();
    assert_eq!(r.provider, "RajaOngkir");
    let got: Vec<(String, String, i64)> = r
        .rates
        .iter()
        .map(|x| (x.courier.clone(), x.service.clone(), x.cost))
        .collect();
    // 4.2 kg → 5 kg; cheapest first; only the couriers the store ships with were asked (J&T too,
    // the fake has none).
    assert_eq!(
        got,
        [
            ("sicepat".to_string(), "REG".to_string(), 65_000),
            ("jne".to_string(), "REG".to_string(), 80_000),
            ("jne".to_string(), "YES".to_string(), 130_000),
        ]
    );
    // Bad input never reaches the courier.
    let before = seen.lock().unwrap().len();
    for (postal, weight) in [("5528", 4200), ("55a81", 4200), ("55281", 0), ("55281", 2_000_000)] {
        assert_eq!(
            rates(&core, &token, postal, weight).unwrap_err().code,
            ErrorCode::Invalid,
            "{postal} {weight}"
        );
    }
    assert_eq!(seen.lock().unwrap().len(), before);
    // An unknown postal code: the courier's words, as unavailable.
    let e = rates(&core, &token, "99999", 1000).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unavailable);
    assert!(e.en.contains("no destination"), "{}", e.en);

    // Tracking a shipped JNE order.
    let t = Some(token.as_str());
    let o = core
        .create_delivery_order(
            t,
            NewDeliveryOrder {
                customer_name: "Rina Sari".into(),
                customer_phone: "0813-1234-5678".into(),
                ship_name: "Rina Sari".into(),
                ship_phone: "0813-1234-5678".into(),
                ship_address: "Jl. Kaliurang KM 5 No. 12".into(),
                ship_city: "Sleman".into(),
                ship_postal: "55281".into(),
                courier_service: "jne-reg".into(),
                lines: vec![OrderLineInput {
                    product_id: product,
                    quantity: 1,
                }],
                paid: true,
                sale_id: None,
            },
        )
        .unwrap();
    let id = OrderId { id: o.id.clone() };
    assert_eq!(
        core.track_order(t, id.clone()).unwrap_err().field.as_deref(),
        Some("tracking_no"),
        "nothing to track before a tracking number"
    );
    let go = |to| {
        let v = core.get_order(t, id.clone()).unwrap().version;
        core.transition_order(
            t,
            TransitionRequest {
                id: o.id.clone(),
                to: Some(to),
                note: String::new(),
                expected_version: v,
            },
        )
        .unwrap()
    };
    go(OrderStatus::Picking);
    core.pack_scan(
        t,
        PackScan {
            id: o.id.clone(),
            code: "STR-1".into(),
        },
    )
    .unwrap();
    core.set_packed_weight(
        t,
        PackedWeight {
            id: o.id.clone(),
            weight_g: 300,
        },
    )
    .unwrap();
    core.set_tracking(
        t,
        TrackingRequest {
            id: o.id.clone(),
            tracking_no: Some("jp1234567890".into()),
        },
    )
    .unwrap();
    go(OrderStatus::Packed);
    go(OrderStatus::Shipped);
    let tr = core.track_order(t, id).unwrap();
    assert_eq!((tr.courier.as_str(), tr.waybill.as_str()), ("jne", "JP1234567890"));
    assert!(tr.delivered);
    assert_eq!(tr.events[0].description, "Delivered to RINA SARI", "newest first");
    assert_eq!(tr.events.len(), 3);
    // The order's own tracking number went to the courier's endpoint.
    assert!(seen.lock().unwrap().iter().any(|s| s == "POST /track/waybill"));
}

#[test]
fn biteship_prices_by_postal_code_and_tracks() {
    let url = fake_biteship();
    let api = Biteship::new(&url, BS_KEY, "40154");
    let (core, token, _product, _dir) = shop();
    core.set_courier_api(Some(Arc::new(Biteship::new(&url, BS_KEY, "40154"))));
    let r = rates(&core, &token, "55281", 4200).unwrap();
    assert_eq!(r.provider, "Biteship");
    assert_eq!(
        r.rates
            .iter()
            .map(|x| (x.courier.as_str(), x.service.as_str(), x.cost))
            .collect::<Vec<_>>(),
        [("jnt", "EZ", 61_000), ("jne", "REG", 80_000)]
    );
    let tr = api.track("jne", "JP1").unwrap();
    assert_eq!(tr.status, "dropping_off");
    assert!(!tr.delivered);
    assert_eq!(tr.events[0].description, "Out for delivery");
}

#[test]
fn a_wrong_key_or_a_dead_service_is_unavailable_not_a_crash() {
    let (core, token, _p, _dir) = shop();
    let url = fake_biteship();
    core.set_courier_api(Some(Arc::new(Biteship::new(&url, "wrong", "40154"))));
    let e = rates(&core, &token, "55281", 1000).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unavailable);
    assert!(e.en.contains("Authorization failed"), "{}", e.en);
    assert!(!e.en.contains("wrong"), "the key never shows");
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    core.set_courier_api(Some(Arc::new(RajaOngkir::new(
        &format!("http://{dead}"),
        RO_KEY,
        "31555",
    ))));
    assert_eq!(
        rates(&core, &token, "55281", 1000).unwrap_err().code,
        ErrorCode::Unavailable
    );
    let ro = fake_rajaongkir(Arc::default());
    core.set_courier_api(Some(Arc::new(RajaOngkir::new(&ro, "nope", "31555"))));
    let e = rates(&core, &token, "55281", 1000).unwrap_err();
    assert!(e.en.contains("Invalid Api key"), "{}", e.en);
}
