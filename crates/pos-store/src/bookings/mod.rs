//! Bookings at the desk: the owner's set-up (`booking_resources`, `booking_services`) and the
//! bookings themselves (`bookings`), as the server decided them or as this desk pencilled them in.

pub mod records;
pub mod setup;
