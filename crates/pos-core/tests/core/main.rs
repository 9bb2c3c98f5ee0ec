//! The foundation's rules, through `Core` on a real SQLite file in a temp folder.

#[path = "../support/mod.rs"]
mod support;

use chrono::Duration;
use pos_core::auth::SignInRequest;
use pos_core::catalogue::CategoryInput;
use pos_core::products::{BarcodeLookup, NewProduct, ProductInput, ProductSearch, ProductUpdate};
use pos_core::setup::{ProfileInput, SetupRequest};
use pos_core::staff::NewUserRequest;
use pos_core::stock::{MovementsRequest, StockAdjustment};
use pos_core::store_types::MovementReason;
use pos_core::{Core, ErrorCode, Role};
use pos_domain::FixedClock;
use proptest::prelude::*;
use std::sync::Arc;

struct Shop {
    core: Core,
    clock: Arc<FixedClock>,
    owner: String,
    category: String,
    _dir: tempfile::TempDir,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(
        chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
    ));
    let (core, _) = Core::open(&dir.path().join("pos.db"), clock.clone()).unwrap();
    let owner = core
        .complete_setup(SetupRequest {
            owner_name: "Dimas".into(),
            owner_email: "Owner@Hurtrock.test".into(),
            owner_password: "owner-pass-1".into(),
            owner_pin: Some("258046".into()),
            profile: ProfileInput::hurtrock(),
        })
        .unwrap()
        .token;
    let category = core
        .create_category(
            Some(&owner),
            CategoryInput {
                name: "Guitars".into(),
                parent_id: None,
            },
        )
        .unwrap()
        .id;
    Shop {
        core,
        clock,
        owner,
        category,
        _dir: dir,
    }
}

fn input(s: &Shop, sku: &str, barcode: &str) -> ProductInput {
    ProductInput {
        sku: sku.into(),
        barcode: barcode.into(),
        name: format!("Guitar {sku}"),
        brand: "ESP".into(),
        category_id: s.category.clone(),
        price: 14_500_000,
        cost: 11_000_000,
        active: true,
        ..Default::default()
    }
}

mod catalogue;
mod file;
mod import;
mod photos;
mod prices;
mod sign_in;
