//! What the adapters' tests share: the core's first-run setup, and [`fake`], the loopback HTTP
//! server (axum) that the vendor fakes answer from.
#![allow(dead_code, unused_imports)] // each test file uses its own part of it

pub mod fake;

#[path = "../../../pos-core/tests/support/mod.rs"]
mod core_support;

pub use core_support::*;
pub use fake::{Request, serve};
