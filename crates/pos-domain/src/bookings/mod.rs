//! Service bookings (studio hours, lessons, repairs, photo sessions), without I/O: which days may
//! be booked (never the same WIB day), the free slots of a service over its resources' working
//! hours, the statuses a booking moves through, and its calendar invitation (RFC 5545).
//!
//! The server is the authority: it counts these slots and then inserts under a PostgreSQL
//! exclusion constraint; nothing here is a reservation by itself.

pub mod ics;
pub mod repair;
pub mod rules;
pub mod setup;
pub mod slots;
pub mod status;

pub use rules::{BookingWindow, Refusal};
pub use setup::{BookingResource, BookingService, Deposit, ServiceKind, ServicePackage};
pub use slots::{Busy, Resource, ServiceShape, Slot, free_slots, seat_free};
pub use status::BookingStatus;

/// One minute in milliseconds (times here are UTC milliseconds, as everywhere in sync).
pub const MINUTE_MS: i64 = 60_000;
