//! The free slots of a service: every start on the service's step inside a resource's working
//! hours (WIB) on a day it is open, where the time the service takes, with its buffers before and
//! after, leaves the resource a free seat throughout. A studio has one seat; a group class room may
//! have several, and then the most bookings ever at once over the span must stay under it.

use super::MINUTE_MS;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// How long a service takes and how its starts are spaced, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ServiceShape {
    pub duration_min: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    /// Starts are this far apart from the opening time (an hour for a studio, the whole day for
    /// a wedding that starts at opening).
    pub step_min: i64,
}

impl ServiceShape {
    /// The span a booking starting at `start_ms` holds its resource: buffers included.
    pub fn held(&self, start_ms: i64) -> (i64, i64) {
        (
            start_ms - self.buffer_before_min * MINUTE_MS,
            start_ms + (self.duration_min + self.buffer_after_min) * MINUTE_MS,
        )
    }

    pub fn end(&self, start_ms: i64) -> i64 {
        start_ms + self.duration_min * MINUTE_MS
    }
}

/// A room, a teacher, a photographer or the repair bench, with its working hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub id: String,
    /// Bookings it takes at once (1 for a studio or a teacher).
    pub capacity: i64,
    /// Opening and closing minute after WIB midnight, Monday first; `None` is a day off.
    pub hours: [Option<(i64, i64)>; 7],
    /// Holidays and days off (WIB dates).
    pub closed: Vec<NaiveDate>,
}

impl Resource {
    /// The working hours on `day` as UTC milliseconds, if it works that day.
    pub fn open_on(&self, day: NaiveDate) -> Option<(i64, i64)> {
        if self.closed.contains(&day) {
            return None;
        }
        let (open, close) = self.hours[day.weekday().num_days_from_monday() as usize]?;
        let midnight = wib_midnight_ms(day);
        (close > open).then_some((midnight + open * MINUTE_MS, midnight + close * MINUTE_MS))
    }

    /// Whether a booking of `shape` starting at `start_ms` lies within the working hours of its day
    /// and on the service's step from opening.
    pub fn fits(&self, shape: &ServiceShape, start_ms: i64) -> bool {
        let day = crate::clock::wib_date_of_ms(start_ms);
        let Some((open, close)) = self.open_on(day) else {
            return false;
        };
        let step = shape.step_min.max(1) * MINUTE_MS;
        start_ms >= open && shape.end(start_ms) <= close && (start_ms - open) % step == 0
    }
}

/// 00:00 WIB of `day` in UTC milliseconds.
pub fn wib_midnight_ms(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp_millis()
        - 7 * 60 * MINUTE_MS
}

/// A resource's time already held (buffers included), UTC milliseconds, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Busy {
    pub resource: String,
    pub from_ms: i64,
    pub to_ms: i64,
}

/// A start with the resources still free for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Slot {
    pub start_ms: i64,
    pub end_ms: i64,
    pub resources: Vec<String>,
}

/// Whether a resource of `capacity` has a seat free over `[from, to)` given its held spans.
pub fn seat_free(capacity: i64, spans: Vec<(i64, i64)>, from: i64, to: i64) -> bool {
    Held::new(spans).peak(from, to) < capacity.max(1)
}

/// One resource's held spans, sorted by start, with the longest (to find overlaps fast).
struct Held {
    spans: Vec<(i64, i64)>,
    longest: i64,
}

impl Held {
    fn new(mut spans: Vec<(i64, i64)>) -> Held {
        spans.sort_unstable();
        let longest = spans.iter().map(|(a, b)| b - a).max().unwrap_or(0);
        Held { spans, longest }
    }

    /// The most spans held at once anywhere in `[from, to)`.
    fn peak(&self, from: i64, to: i64) -> i64 {
        let hi = self.spans.partition_point(|s| s.0 < to);
        let lo = self.spans[..hi].partition_point(|s| s.0 <= from - self.longest);
        let mut edges: Vec<(i64, i64)> = Vec::new();
        for &(a, b) in &self.spans[lo..hi] {
            if b > from {
                edges.push((a.max(from), 1));
                edges.push((b.min(to), -1));
            }
        }
        edges.sort_unstable();
        let (mut now, mut peak) = (0, 0);
        for (_, d) in edges {
            now += d;
            peak = peak.max(now);
        }
        peak
    }
}

/// Every free start of `shape` on the WIB days `first..=last` over `resources`, in time order.
pub fn free_slots(
    shape: &ServiceShape,
    resources: &[Resource],
    busy: &[Busy],
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<Slot> {
    let mut by_resource: HashMap<&str, Vec<(i64, i64)>> = HashMap::new();
    for b in busy {
        by_resource
            .entry(b.resource.as_str())
            .or_default()
            .push((b.from_ms, b.to_ms));
    }
    let step = shape.step_min.max(5) * MINUTE_MS;
    let mut slots: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in resources {
        let held = Held::new(by_resource.remove(r.id.as_str()).unwrap_or_default());
        let mut day = first;
        while day <= last {
            if let Some((open, close)) = r.open_on(day) {
                let mut start = open;
                while shape.end(start) <= close {
                    let (from, to) = shape.held(start);
                    if held.peak(from, to) < r.capacity.max(1) {
                        slots.entry(start).or_default().push(r.id.clone());
                    }
                    start += step;
                }
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
    }
    slots
        .into_iter()
        .map(|(start_ms, resources)| Slot {
            start_ms,
            end_ms: shape.end(start_ms),
            resources,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 60 * MINUTE_MS;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn studio(id: &str, capacity: i64) -> Resource {
        // 10:00–22:00 every day but Monday.
        let mut hours = [Some((600, 1_320)); 7];
        hours[0] = None;
        Resource {
            id: id.into(),
            capacity,
            hours,
            closed: vec![day(25)],
        }
    }

    fn hourly() -> ServiceShape {
        ServiceShape {
            duration_min: 60,
            buffer_before_min: 0,
            buffer_after_min: 15,
            step_min: 60,
        }
    }

    #[test]
    fn starts_fill_the_working_hours_and_skip_days_off() {
        // 2026-12-15 is a Tuesday, the 14th a Monday, the 25th a holiday.
        let slots = free_slots(&hourly(), &[studio("A", 1)], &[], day(14), day(15));
        assert_eq!(slots.len(), 12, "10:00 to 21:00 on Tuesday, nothing on Monday");
        assert_eq!(slots[0].start_ms, wib_midnight_ms(day(15)) + 10 * HOUR);
        assert_eq!(slots[0].start_ms % HOUR, 0);
        assert!(free_slots(&hourly(), &[studio("A", 1)], &[], day(25), day(25)).is_empty());
    }

    #[test]
    fn a_booking_and_its_buffer_take_the_slots_they_touch() {
        let ten = wib_midnight_ms(day(15)) + 10 * HOUR;
        let r = [studio("A", 1), studio("B", 1)];
        // A booked 11:00–12:00 with 15 minutes after: 11:00 taken, and 10:00 (its own buffer
        // reaches 11:15) too; 12:00 is free again at A.
        let busy = [Busy {
            resource: "A".into(),
            from_ms: ten + HOUR,
            to_ms: ten + 2 * HOUR + 15 * MINUTE_MS,
        }];
        let slots = free_slots(&hourly(), &r, &busy, day(15), day(15));
        let at = |h: i64| slots.iter().find(|s| s.start_ms == ten + h * HOUR).unwrap();
        assert_eq!(at(0).resources, vec!["B"]);
        assert_eq!(at(1).resources, vec!["B"]);
        assert_eq!(at(2).resources, vec!["B"], "12:00 overlaps the 15-minute buffer");
        assert_eq!(at(3).resources, vec!["A", "B"]);
    }

    #[test]
    fn a_room_with_seats_is_full_only_when_they_are_all_held_at_once() {
        let ten = wib_midnight_ms(day(15)) + 10 * HOUR;
        let shape = ServiceShape {
            duration_min: 120,
            buffer_before_min: 0,
            buffer_after_min: 0,
            step_min: 60,
        };
        // Two seats; 10–11 and 11–12 never overlap each other: 10:00 for two hours has a seat.
        let busy = |a: i64, b: i64| Busy {
            resource: "Class".into(),
            from_ms: ten + a * HOUR,
            to_ms: ten + b * HOUR,
        };
        let r = [studio("Class", 2)];
        let slots = free_slots(&shape, &r, &[busy(0, 1), busy(1, 2)], day(15), day(15));
        assert_eq!(slots[0].start_ms, ten);
        // With a third over 10:30–11:30 two are held at once: 10:00 is full.
        let third = Busy {
            resource: "Class".into(),
            from_ms: ten + HOUR / 2,
            to_ms: ten + 3 * HOUR / 2,
        };
        let slots = free_slots(&shape, &r, &[busy(0, 1), busy(1, 2), third], day(15), day(15));
        assert_ne!(slots[0].start_ms, ten);
    }

    #[test]
    fn fits_checks_hours_and_step() {
        let r = studio("A", 1);
        let ten = wib_midnight_ms(day(15)) + 10 * HOUR;
        assert!(r.fits(&hourly(), ten));
        assert!(!r.fits(&hourly(), ten + 30 * MINUTE_MS), "off the step");
        assert!(!r.fits(&hourly(), ten + 12 * HOUR), "ends after closing");
        assert!(!r.fits(&hourly(), wib_midnight_ms(day(14)) + 10 * HOUR), "Monday");
    }
}
