//! Bookings at the desk: the owner's set-up ([`setup`]), booking a service for a customer who is
//! at the counter or on the phone ([`desk`]: pencilled here, decided by the server when it syncs),
//! moving a booking on ([`moves`]), the calendar ([`calendar`]), and the past work a service's page
//! shows ([`portfolio`]).

pub mod calendar;
pub mod desk;
pub mod moves;
pub mod portfolio;
pub mod repairs;
pub mod setup;

use crate::error::{CoreError, Result};
use crate::{Core, Permission};
use serde::{Deserialize, Serialize};

fn setup_error(e: pos_domain::bookings::setup::SetupError) -> CoreError {
    CoreError::invalid(e.field, e.en, e.id)
}
