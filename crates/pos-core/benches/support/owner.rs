//! A fresh store in a temporary folder, set up, with its owner signed in: the start of the benches
//! that build their own data.

use pos_core::Core;
use pos_core::auth::SignInRequest;
use pos_core::setup::{ProfileInput, SetupRequest};
use std::sync::Arc;

/// The folder (kept alive by the caller), the core and the owner's token.
pub fn signed_in_store(file: &str) -> (tempfile::TempDir, Core, String) {
    let dir = tempfile::tempdir().unwrap();
    let (core, _) = Core::open(&dir.path().join(file), Arc::new(pos_domain::SystemClock)).unwrap();
    core.complete_setup(SetupRequest {
        owner_name: "Bench".into(),
        owner_email: "bench@hurtrock.test".into(),
        owner_password: "bench-pass-1".into(),
        owner_pin: None,
        profile: ProfileInput::hurtrock(),
    })
    .unwrap();
    let t = core
        .sign_in(SignInRequest {
            email: "bench@hurtrock.test".into(),
            password: "bench-pass-1".into(),
        })
        .unwrap()
        .token;
    (dir, core, t)
}
