//! A device's pushes in flight on this instance. A terminal sends its next batch before the last
//! is answered; when the next reaches the store's lock first, it finds a gap and waits here for
//! the one before it instead of being refused. With no push of the device in flight, a gap is a
//! real one and is answered at once.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use uuid::Uuid;

/// How long a batch that overtook the one before it waits for it.
pub const PREDECESSOR_WAIT: Duration = Duration::from_secs(10);

#[derive(Default)]
pub struct InFlight(Mutex<HashMap<Uuid, usize>>);

/// One push of a device, counted while it lives.
pub struct Entry<'a> {
    set: &'a InFlight,
    device: Uuid,
}

impl InFlight {
    pub fn enter(&self, device: Uuid) -> Entry<'_> {
        *self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(device)
            .or_default() += 1;
        Entry { set: self, device }
    }

    /// Pushes of `device` in flight besides the caller's own.
    pub fn others(&self, device: Uuid) -> usize {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&device).copied().unwrap_or(0).saturating_sub(1)
    }
}

impl Drop for Entry<'_> {
    fn drop(&mut self) {
        let mut map = self.set.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.device) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.device);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_a_devices_other_pushes_while_they_live() {
        let set = InFlight::default();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let first = set.enter(a);
        assert_eq!(set.others(a), 0);
        let second = set.enter(a);
        let _other_device = set.enter(b);
        assert_eq!(set.others(a), 1);
        drop(first);
        assert_eq!(set.others(a), 0);
        drop(second);
        assert!(!set.0.lock().unwrap().contains_key(&a));
    }
}
