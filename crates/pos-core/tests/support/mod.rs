//! What the core's tests share: the owner's first-run setup (the adapters' tests use it too).
#![allow(dead_code)] // each test file uses its own part of it

use pos_core::Core;
use pos_core::setup::{ProfileInput, SetupRequest};

pub const OWNER_EMAIL: &str = "owner@hurtrock.test";
pub const OWNER_PASSWORD: &str = "owner-pass-1";

/// Sets the store up with the owner Dimas (optionally with a PIN); the owner's session token.
pub fn set_up(core: &Core, profile: ProfileInput, pin: Option<&str>) -> String {
    core.complete_setup(SetupRequest {
        owner_name: "Dimas".into(),
        owner_email: OWNER_EMAIL.into(),
        owner_password: OWNER_PASSWORD.into(),
        owner_pin: pin.map(str::to_string),
        profile,
    })
    .unwrap()
    .token
}
