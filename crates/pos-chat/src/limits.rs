//! What one socket may send: frame and message sizes, and a rate (a token bucket per socket).

use std::time::{Duration, Instant};

/// The largest frame a client may send (a message of 2 000 characters in UTF-8 and its JSON).
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
/// What a socket's reader holds ready: small (a message is a few hundred bytes; a larger frame
/// grows it for that frame), so a thousand idle sockets cost kilobytes each, not tungstenite's
/// default 128 KiB.
pub const READ_BUFFER_BYTES: usize = 4 * 1024;
/// The longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// A name or a contact, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// How often the server pings; a socket silent for [`DEAD_AFTER`] is closed.
pub const HEARTBEAT: Duration = Duration::from_secs(20);
pub const DEAD_AFTER: Duration = Duration::from_secs(60);
/// A client's first words (`hello`) are due within this.
pub const HELLO_WITHIN: Duration = Duration::from_secs(10);
/// How many messages a page of catching up carries.
pub const PAGE: i64 = 200;

/// A token bucket: `burst` at once, then one every `every`.
pub struct Bucket {
    tokens: f64,
    burst: f64,
    per_s: f64,
    at: Instant,
}

impl Bucket {
    pub fn new(burst: u32, every: Duration) -> Bucket {
        Bucket {
            tokens: burst as f64,
            burst: burst as f64,
            per_s: 1.0 / every.as_secs_f64(),
            at: Instant::now(),
        }
    }

    /// Returns a token taken for what turned out to cost nothing.
    pub fn give_back(&mut self) {
        self.tokens = (self.tokens + 1.0).min(self.burst);
    }

    /// Takes a token when one is there.
    pub fn take(&mut self, now: Instant) -> bool {
        let dt = now.saturating_duration_since(self.at).as_secs_f64();
        self.at = now;
        self.tokens = (self.tokens + dt * self.per_s).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// A client's id for its message: 1 to 64 letters, digits and `-`.
pub fn id_ok(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The message's text, trimmed, when it is 1 to [`MAX_MESSAGE_CHARS`] characters with no
/// control characters but line breaks and tabs.
pub fn body(text: &str) -> Option<String> {
    let t = text.trim();
    let n = t.chars().count();
    if n == 0 || n > MAX_MESSAGE_CHARS || t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return None;
    }
    Some(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_a_burst_then_a_steady_rate() {
        let t0 = Instant::now();
        let mut b = Bucket::new(3, Duration::from_secs(1));
        assert!((0..3).all(|_| b.take(t0)));
        assert!(!b.take(t0));
        assert!(b.take(t0 + Duration::from_millis(1_001)));
        assert!(!b.take(t0 + Duration::from_millis(1_002)));
    }

    #[test]
    fn bodies_and_ids_are_checked() {
        assert_eq!(body("  halo  ").as_deref(), Some("halo"));
        assert_eq!(body("baris\nkedua").as_deref(), Some("baris\nkedua"));
        assert!(body("   ").is_none());
        assert!(body(&"x".repeat(MAX_MESSAGE_CHARS + 1)).is_none());
        assert!(body("bell\u{7}").is_none());
        assert!(id_ok("0193-abc") && !id_ok("") && !id_ok("a b") && !id_ok(&"a".repeat(65)));
    }
}
