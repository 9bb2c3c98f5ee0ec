//! Short-lived copies of what nearly every page reads and rarely changes (which store an address
//! serves, its settings, its categories, a listing's brands), so a page costs the queries of its
//! own content. Each instance keeps its own; a change reaches every page within the time to live
//! (`ShopConfig::cache_ttl`, a few seconds).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most entries kept per map: past it the map starts afresh (a flood of odd addresses cannot
/// grow memory).
const MAX_ENTRIES: usize = 10_000;

pub struct Ttl<V> {
    ttl: Duration,
    map: Mutex<HashMap<String, (Instant, V)>>,
}

impl<V: Clone> Ttl<V> {
    pub fn new(ttl: Duration) -> Ttl<V> {
        Ttl {
            ttl,
            map: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &str) -> Option<V> {
        if self.ttl.is_zero() {
            return None;
        }
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: String, value: V) {
        if self.ttl.is_zero() {
            return;
        }
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(key, (Instant::now(), value));
    }
}

/// The shop's caches.
pub struct Caches {
    pub sites: Ttl<Option<uuid::Uuid>>,
    pub settings: Ttl<crate::site::Settings>,
    pub categories: Ttl<crate::store::categories::Tree>,
    pub brands: Ttl<Vec<(String, i64)>>,
    /// How many products a listing's filter matches (capped): a listing's later pages and the same
    /// search by other customers do not count again.
    pub counts: Ttl<(i64, bool)>,
    /// Each store's vocabulary for correcting typos (kept ten minutes: a new word is found by
    /// its prefix at once, and by its typos within ten minutes).
    pub words: Ttl<std::sync::Arc<Vec<String>>>,
}

impl Caches {
    pub fn new(ttl: Duration) -> Caches {
        Caches {
            sites: Ttl::new(ttl),
            settings: Ttl::new(ttl),
            categories: Ttl::new(ttl),
            brands: Ttl::new(ttl),
            counts: Ttl::new(ttl),
            words: Ttl::new(if ttl.is_zero() { ttl } else { Duration::from_secs(600) }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_live_for_their_time_and_a_zero_time_keeps_nothing() {
        let c = Ttl::new(Duration::from_millis(50));
        c.put("a".into(), 1);
        assert_eq!(c.get("a"), Some(1));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(c.get("a"), None);
        let none = Ttl::new(Duration::ZERO);
        none.put("a".into(), 1);
        assert_eq!(none.get("a"), None);
    }
}
