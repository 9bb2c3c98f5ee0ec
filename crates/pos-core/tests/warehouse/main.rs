//! The warehouse through `Core` on a real SQLite file: the order flow (every allowed and every
//! refused transition), stock reserved and released, partial shipment, packing by scan, tracking
//! numbers, and a batch of labels to a TCP label printer that fails mid-way and resumes.

#[path = "../support/mod.rs"]
mod support;

use pos_core::catalogue::CategoryInput;
use pos_core::products::{NewProduct, ProductInput};
use pos_core::setup::ProfileInput;
use pos_core::store_types::{Order, OrderStatus};
use pos_core::warehouse::*;
use pos_core::{Core, ErrorCode};
use std::io::Read;
use std::sync::Arc;

struct Shop {
    core: Core,
    token: String,
    guitar: String,
    strings: String,
    _dir: tempfile::TempDir,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let (core, _) = Core::open(&dir.path().join("pos.db"), Arc::new(pos_domain::SystemClock)).unwrap();
    let token = support::set_up(&core, ProfileInput::hurtrock(), None);
    let t = Some(token.as_str());
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
    let mk = |sku: &str, name: &str, barcode: &str, price: i64, weight: i64, stock: i64| {
        let fields = ProductInput {
            sku: sku.into(),
            name: name.into(),
            barcode: barcode.into(),
            category_id: cat.clone(),
            price,
            cost: price / 2,
            weight_g: weight,
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
        .id
    };
    let guitar = mk("GTR-1", "ESP LTD EC-1000", "8991234500010", 17_800_000, 3500, 1);
    let strings = mk("STR-1", "Ernie Ball Regular Slinky", "", 95_000, 100, 40);
    Shop {
        core,
        token,
        guitar,
        strings,
        _dir: dir,
    }
}

impl Shop {
    fn t(&self) -> Option<&str> {
        Some(self.token.as_str())
    }

    fn order(&self, lines: &[(&str, i64)], paid: bool) -> Order {
        let req = NewDeliveryOrder {
            customer_name: "Rina Sari".into(),
            customer_phone: "0813-1234-5678".into(),
            ship_name: "Rina Sari".into(),
            ship_phone: "0813-1234-5678".into(),
            ship_address: "Jl. Kaliurang KM 5 No. 12".into(),
            ship_city: "Sleman".into(),
            ship_postal: "55281".into(),
            courier_service: "jne-reg".into(),
            lines: lines
                .iter()
                .map(|(p, q)| OrderLineInput {
                    product_id: p.to_string(),
                    quantity: *q,
                })
                .collect(),
            paid,
            sale_id: None,
        };
        self.core.create_delivery_order(self.t(), req).unwrap()
    }

    fn go(&self, o: &Order, to: OrderStatus) -> Result<Order, pos_core::CoreError> {
        let current = self.core.get_order(self.t(), OrderId { id: o.id.clone() }).unwrap();
        self.core.transition_order(
            self.t(),
            TransitionRequest {
                id: o.id.clone(),
                to: Some(to),
                note: String::new(),
                expected_version: current.version,
            },
        )
    }

    fn reserved(&self, product: &str) -> i64 {
        self.core.with_db(|c| {
            c.query_row(
                "SELECT ifnull(sum(quantity), 0) FROM stock_reservations WHERE product_id = ?1 AND released_at IS NULL",
                [product],
                |r| r.get(0),
            )
            .unwrap()
        })
    }

    fn on_hand(&self, product: &str) -> i64 {
        self.core
            .with_db(|c| pos_store::stock::ledger_sum(c, product, "BDG1").unwrap())
    }

    /// Picks, packs (by scanning), weighs and gives a tracking number.
    fn pack(&self, o: &Order) -> Order {
        self.go(o, OrderStatus::Picking).unwrap();
        for l in &o.lines {
            for _ in 0..l.quantity {
                let code = l.barcode.clone().unwrap_or(l.sku.clone());
                self.core
                    .pack_scan(self.t(), PackScan { id: o.id.clone(), code })
                    .unwrap();
            }
        }
        self.core
            .set_packed_weight(
                self.t(),
                PackedWeight {
                    id: o.id.clone(),
                    weight_g: 4200,
                },
            )
            .unwrap();
        self.core
            .set_tracking(
                self.t(),
                TrackingRequest {
                    id: o.id.clone(),
                    tracking_no: None,
                },
            )
            .unwrap();
        self.go(o, OrderStatus::Packed).unwrap()
    }
}

mod billing;
mod counts;
mod flow;
mod printing;
mod purchasing;
