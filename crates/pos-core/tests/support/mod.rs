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

/// The owner signs in again (a reopened file has no sessions).
pub fn sign_in_owner(core: &Core) -> String {
    core.sign_in(pos_core::auth::SignInRequest {
        email: OWNER_EMAIL.into(),
        password: OWNER_PASSWORD.into(),
    })
    .unwrap()
    .token
}

/// A base64 PDF's text as `pdftotext -layout` reads it (pages end with a form feed).
pub fn pdf_text(base64: &str) -> String {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, base64::engine::general_purpose::STANDARD.decode(base64).unwrap()).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) reads the PDF back");
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A member of staff with `role`, created by the owner (`owner`'s session), signed in: their token.
pub fn staff(core: &Core, owner: &str, role: pos_core::Role, email: &str) -> String {
    core.create_user(
        Some(owner),
        pos_core::staff::NewUserRequest {
            email: email.into(),
            name: email.into(),
            role: Some(role),
            password: "floor-pass-123".into(),
            pin: None,
        },
    )
    .unwrap();
    core.sign_in(pos_core::auth::SignInRequest {
        email: email.into(),
        password: "floor-pass-123".into(),
    })
    .unwrap()
    .token
}
