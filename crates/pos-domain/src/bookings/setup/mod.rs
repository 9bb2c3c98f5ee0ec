//! What the owner sets up: resources (a studio room, a teacher, a photographer, the repair bench)
//! with their hours, and services with packages, prices, buffers, the down payment and the rules
//! for booking and cancelling. The same documents are a terminal's rows, the pushed records and
//! the server's entities, and are checked here the same way on both ends.

use super::Resource;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    #[default]
    Room,
    Teacher,
    Photographer,
    Bench,
    Other,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// Rehearsal or recording studio hours.
    #[default]
    Studio,
    Lesson,
    /// Repairs and setups: dropped off at the bench (their own path after booking).
    Repair,
    /// Photography (wedding, pre-wedding, portrait, event).
    Photo,
}

impl ServiceKind {
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            ServiceKind::Studio => ("Studio", "Studio"),
            ServiceKind::Lesson => ("Lessons", "Les musik"),
            ServiceKind::Repair => ("Repairs and setups", "Servis dan setup"),
            ServiceKind::Photo => ("Photography", "Fotografi"),
        }
    }
}

/// Opening and closing minute after WIB midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DayHours {
    pub open_min: i64,
    pub close_min: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BookingResource {
    pub id: String,
    pub name: String,
    pub kind: ResourceKind,
    /// Bookings at once (1 for a room or a person; more for a class room).
    pub capacity: i64,
    /// Monday first; `None` is a day off every week.
    pub hours: Vec<Option<DayHours>>,
    /// Holidays and days off, `YYYY-MM-DD` (WIB).
    pub closed: Vec<String>,
    pub active: bool,
}

mod service;
pub use service::*;

/// A set-up document that cannot be saved, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{en}")]
pub struct SetupError {
    pub field: &'static str,
    pub en: String,
    pub id: String,
}

pub(super) fn err(field: &'static str, en: &str, id: &str) -> SetupError {
    SetupError {
        field,
        en: en.into(),
        id: id.into(),
    }
}

/// An id made on a device: 1 to 64 printable characters.
pub(super) fn id_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && !s.chars().any(char::is_control)
}

pub(super) fn name_ok(s: &str) -> bool {
    !s.trim().is_empty() && s.chars().count() <= 120
}

/// A date as the owner types it, `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

impl BookingResource {
    pub fn validate(&self) -> Result<(), SetupError> {
        if !id_ok(&self.id) {
            return Err(err("id", "A resource needs an id.", "Sumber daya perlu id."));
        }
        if !name_ok(&self.name) {
            return Err(err(
                "name",
                "A name of 1 to 120 characters.",
                "Nama 1 sampai 120 karakter.",
            ));
        }
        if !(1..=100).contains(&self.capacity) {
            return Err(err(
                "capacity",
                "Capacity is 1 to 100 at once.",
                "Kapasitas 1 sampai 100 sekaligus.",
            ));
        }
        if self.hours.len() != 7 {
            return Err(err(
                "hours",
                "Working hours for each of the 7 days.",
                "Jam kerja untuk 7 hari.",
            ));
        }
        for h in self.hours.iter().flatten() {
            if !(0 <= h.open_min && h.open_min < h.close_min && h.close_min <= 24 * 60) {
                return Err(err(
                    "hours",
                    "A day opens before it closes, within 00:00–24:00.",
                    "Jam buka harus sebelum jam tutup, antara 00:00–24:00.",
                ));
            }
        }
        if self.closed.len() > 400 || self.closed.iter().any(|d| parse_day(d).is_none()) {
            return Err(err(
                "closed",
                "Days off are dates (YYYY-MM-DD), at most 400.",
                "Hari libur berupa tanggal (YYYY-MM-DD), paling banyak 400.",
            ));
        }
        Ok(())
    }

    /// The slot engine's view of it.
    pub fn resource(&self) -> Resource {
        let mut hours = [None; 7];
        for (i, h) in self.hours.iter().take(7).enumerate() {
            hours[i] = h.map(|h| (h.open_min, h.close_min));
        }
        Resource {
            id: self.id.clone(),
            capacity: self.capacity,
            hours,
            closed: self.closed.iter().filter_map(|d| parse_day(d)).collect(),
        }
    }
}
