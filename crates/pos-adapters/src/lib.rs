//! The terminal's adapters to the outside world, behind the core's ports: the Midtrans Core API
//! ([`midtrans`], for `PaymentGateway`), the courier aggregators RajaOngkir and Biteship
//! ([`couriers`], for `CourierApi`), and the sync server over HTTPS ([`sync_server`], for the
//! owner's `ServerApi` and the engine's `Transport`). Each speaks its vendor's API with typed
//! request and answer structs; keys come from [`keys::Keys`], which the shell reads once at start
//! and never writes to the database or a log. [`boot`] is the one start sequence both shells
//! (Tauri and the loopback web backend) run.
//!
//! Depends on the core and the sync crate (for their ports) and on an HTTP client; must not depend
//! on Tauri, on the server, or on storage directly.

pub mod boot;
pub mod couriers;
mod http;
pub mod keys;
pub mod midtrans;
pub mod sync_server;

pub use boot::{Boot, Started, start};
pub use keys::Keys;
pub use midtrans::Midtrans;
pub use sync_server::SyncHttp;
