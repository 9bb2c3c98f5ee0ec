//! How far ahead a service may be booked. Business days are WIB dates: a booking is never for the
//! day it is made on (the old booking app's rule, which customers and staff know), and never
//! further ahead than the service allows.

use crate::clock::wib_date_of_ms;
use serde::{Deserialize, Serialize};

/// The days a service may be booked for, counted in WIB days from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BookingWindow {
    /// At least 1: today is never bookable.
    pub min_days_ahead: i64,
    pub max_days_ahead: i64,
}

impl Default for BookingWindow {
    fn default() -> Self {
        BookingWindow {
            min_days_ahead: 1,
            max_days_ahead: 90,
        }
    }
}

/// Why a booking cannot be made, in words for the customer and the desk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("bookings for today are not taken; choose tomorrow or later")]
    SameDay,
    #[error("that day is in the past")]
    Past,
    #[error("bookings open {0} days ahead")]
    TooSoon(i64),
    #[error("bookings are taken at most {0} days ahead")]
    TooFar(i64),
    #[error("that time is no longer free")]
    Taken,
    #[error("that time is outside the working hours")]
    OutsideHours,
}

impl Refusal {
    /// The refusal in Bahasa Indonesia.
    pub fn indonesian(&self) -> String {
        match self {
            Refusal::SameDay => "Booking untuk hari ini tidak diterima; pilih besok atau setelahnya.".into(),
            Refusal::Past => "Tanggal itu sudah lewat.".into(),
            Refusal::TooSoon(d) => format!("Booking dibuka paling cepat {d} hari sebelumnya."),
            Refusal::TooFar(d) => format!("Booking diterima paling lama {d} hari ke depan."),
            Refusal::Taken => "Waktu itu sudah tidak tersedia.".into(),
            Refusal::OutsideHours => "Waktu itu di luar jam kerja.".into(),
        }
    }

    /// A stable code for the wire.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::SameDay => "same_day",
            Refusal::Past => "past",
            Refusal::TooSoon(_) => "too_soon",
            Refusal::TooFar(_) => "too_far",
            Refusal::Taken => "taken",
            Refusal::OutsideHours => "outside_hours",
        }
    }
}

impl BookingWindow {
    /// The window with its bounds made sane: at least one day ahead, at most two years.
    pub fn sane(self) -> BookingWindow {
        let min = self.min_days_ahead.clamp(1, 730);
        BookingWindow {
            min_days_ahead: min,
            max_days_ahead: self.max_days_ahead.clamp(min, 730),
        }
    }

    /// Whether a booking starting at `start_ms` may be made at `now_ms` (both UTC milliseconds).
    pub fn check(self, now_ms: i64, start_ms: i64) -> Result<(), Refusal> {
        let w = self.sane();
        let days = (wib_date_of_ms(start_ms) - wib_date_of_ms(now_ms)).num_days();
        match days {
            d if d < 0 => Err(Refusal::Past),
            0 => Err(Refusal::SameDay),
            d if d < w.min_days_ahead => Err(Refusal::TooSoon(w.min_days_ahead)),
            d if d > w.max_days_ahead => Err(Refusal::TooFar(w.max_days_ahead)),
            _ => Ok(()),
        }
    }

    /// The first and last WIB days that may be booked on `now_ms`.
    pub fn days(self, now_ms: i64) -> (chrono::NaiveDate, chrono::NaiveDate) {
        let w = self.sane();
        let today = wib_date_of_ms(now_ms);
        (
            today + chrono::Duration::days(w.min_days_ahead),
            today + chrono::Duration::days(w.max_days_ahead),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn ms(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().timestamp_millis()
    }

    #[test]
    fn the_same_wib_day_is_refused_on_both_sides_of_wib_midnight() {
        let w = BookingWindow::default();
        // 16:59 UTC is 23:59 WIB on the 10th; 17:01 UTC is 00:01 WIB on the 11th.
        let before_midnight = ms(2026, 12, 10, 16, 59);
        let after_midnight = ms(2026, 12, 10, 17, 1);
        // A slot at 10:00 WIB on the 11th (03:00 UTC).
        let slot = ms(2026, 12, 11, 3, 0);
        assert_eq!(
            w.check(before_midnight, slot),
            Ok(()),
            "tomorrow, one minute before midnight"
        );
        assert_eq!(
            w.check(after_midnight, slot),
            Err(Refusal::SameDay),
            "today, one minute after"
        );
        // A UTC date would have said the 10th for both, and taken the second.
        assert_eq!(w.check(after_midnight, ms(2026, 12, 10, 3, 0)), Err(Refusal::Past));
    }

    #[test]
    fn a_window_counts_wib_days_and_is_made_sane() {
        let now = ms(2026, 12, 10, 2, 0);
        let w = BookingWindow {
            min_days_ahead: 0,
            max_days_ahead: 3,
        };
        assert_eq!(w.sane().min_days_ahead, 1, "never today, whatever was set");
        assert_eq!(w.check(now, ms(2026, 12, 13, 2, 0)), Ok(()));
        assert_eq!(w.check(now, ms(2026, 12, 14, 2, 0)), Err(Refusal::TooFar(3)));
        let w = BookingWindow {
            min_days_ahead: 7,
            max_days_ahead: 1,
        };
        assert_eq!(w.sane().max_days_ahead, 7);
        assert_eq!(w.check(now, ms(2026, 12, 12, 2, 0)), Err(Refusal::TooSoon(7)));
    }
}
