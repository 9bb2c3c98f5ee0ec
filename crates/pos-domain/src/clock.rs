//! Time enters business logic only through [`Clock`], so tests can pin "now" and WIB day
//! boundaries can be checked exactly. The store runs on WIB (Asia/Jakarta, UTC+7, no daylight
//! saving): "today", "this month" and shift dates are WIB dates, never UTC ones.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock for tests: stands still until told to move.
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub fn wib() -> FixedOffset {
    // 7 hours east of UTC is always a valid offset.
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| unreachable!())
}

/// The WIB calendar date of an instant: the store's business day.
pub fn wib_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&wib()).date_naive()
}

/// The WIB date of a UTC time in milliseconds (as records carry it).
pub fn wib_date_of_ms(ms: i64) -> NaiveDate {
    wib_date(DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn early_morning_wib_is_already_the_next_day() {
        // 23:30 UTC on the 1st is 06:30 WIB on the 2nd: the old shop counted it on the 1st.
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 23, 30, 0).unwrap();
        assert_eq!(wib_date(t), NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 16, 59, 59).unwrap();
        assert_eq!(wib_date(t), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 17, 0, 0).unwrap();
        assert_eq!(wib_date(t), NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let c = FixedClock::new(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        let a = c.now_ms();
        c.advance(chrono::Duration::minutes(1));
        assert_eq!(c.now_ms() - a, 60_000);
    }
}
