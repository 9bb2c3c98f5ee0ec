//! The shop's rules with no I/O: money in whole rupiah, ids, PPN, barcodes, WIB business dates and
//! the clock port. Everything here is pure and cheap to test; it must not depend on SQLite, HTTP,
//! Tauri or the system clock (read time through [`clock::Clock`]).

pub mod barcode;
pub mod bookings;
pub mod clock;
pub mod id;
pub mod money;
pub mod numbers;
pub mod orders;
pub mod price_change;
pub mod pricing;
pub mod purchasing;
pub mod roles;
pub mod shipping;
pub mod tax;
pub mod text;

pub use barcode::{Barcode, BarcodeError, BarcodeKind};
pub use clock::{Clock, FixedClock, SystemClock, wib_date};
pub use id::new_id;
pub use money::{Money, MoneyError};
pub use tax::{TaxBreakdown, TaxMode, TaxRate};
