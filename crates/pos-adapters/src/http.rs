//! The blocking client the vendor adapters share: short timeouts, made on first use.

use std::sync::OnceLock;
use std::time::Duration;

/// A blocking client may not be built inside an async runtime, and the shells configure the
/// adapters from one: each adapter keeps a cell and builds its client on its first call.
pub(crate) fn blocking(cell: &OnceLock<reqwest::blocking::Client>, timeout: Duration) -> &reqwest::blocking::Client {
    cell.get_or_init(|| {
        reqwest::blocking::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(4))
            .user_agent(concat!("hurtrock-pos/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|_| reqwest::blocking::Client::new())
    })
}
