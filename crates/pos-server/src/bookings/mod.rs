//! The server as the authority for bookings' time. Whoever asks (a customer on the shop, a desk
//! through sync), a booking is made under the store's lock and inserted under the
//! `bookings_never_twice` exclusion constraint, so one resource is never held twice over the same
//! minutes; every change is sent whole to every terminal (kind `booking`).
//!
//! - [`book`]: a new booking (or a refusal with its reason).
//! - [`moves`]: proof uploaded, paid, accepted, rejected, cancelled, moved, done.
//! - [`slots`]: the free starts of a service over a stretch of days.
//! - [`desk`]: requests and moves pushed by desks, applied in the push's transaction.
//! - [`sweep`]: holds that ran out, and accepted bookings whose day has passed.

pub mod book;
pub mod desk;
pub mod moves;
pub mod publish;
pub mod slots;
pub mod sweep;

pub use book::{Ask, Booked, book};
