//! The live chat at the terminal: the doorbell (the store's chat socket held open, ringing a
//! cycle for every customer message) and the feed fetched in each cycle.

use super::{Credentials, Engine, SyncError, jitter};
use crate::local;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

impl Engine {
    /// The chat's doorbell: while the store's chat socket is open, every customer message starts
    /// a cycle at once (which fetches it), instead of waiting for the interval.
    pub(super) async fn doorbell(&self, wake: Arc<Notify>) {
        let mut backoff = self.config.first_backoff;
        loop {
            let open = match self.local.credentials() {
                Some(creds) => {
                    let ring = || wake.notify_one();
                    let after = self.blocking(|c| local::chat_feed_place(c)).await.unwrap_or(0);
                    match self.server.listen_chat(&creds, after, &ring).await {
                        Ok(true) => {
                            backoff = self.config.first_backoff;
                            true
                        }
                        Ok(false) => false,
                        Err(e) => {
                            tracing::info!(error = %e, "chat socket closed");
                            true
                        }
                    }
                }
                None => false,
            };
            // Not enrolled, or no socket to be had: look again later.
            let wait = if open {
                jitter(backoff)
            } else {
                self.config.interval.max(Duration::from_secs(5))
            };
            backoff = (backoff * 2).min(self.config.max_backoff);
            tokio::time::sleep(wait).await;
        }
    }

    /// Customers' chat messages since this terminal's feed place, a page per transaction.
    pub async fn fetch_chat(&self, creds: &Credentials) -> Result<(), SyncError> {
        loop {
            let after = self.blocking(|c| local::chat_feed_place(c)).await?;
            let page = self.server.chat_feed(creds, after).await?;
            let more = page.more && !page.messages.is_empty();
            if page.messages.is_empty() {
                return Ok(());
            }
            let fresh = self.blocking(move |c| local::apply_chat_page(c, &page)).await?;
            self.set(|s| s.chat_received += fresh);
            if !more {
                return Ok(());
            }
        }
    }
}
