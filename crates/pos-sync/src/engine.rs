//! The terminal's background sync: push the outbox in order, then pull the store's changes,
//! batched and gzip-compressed, with exponential backoff when the server or network fails.
//!
//! It holds at most two batches and one page in memory, so it can run for weeks offline; every step
//! is resumable (the outbox leaves only what the server acknowledged, the cursor moves only with
//! the page it covers, in one local transaction).

use crate::local::{self, Applied};
use crate::protocol::{ErrorBody, ErrorCode};
use crate::transport::{PullAt, Transport};
use rusqlite::Connection;
use serde::Serialize;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

mod blobs;
mod chat;
mod push;

/// Where and as whom this terminal syncs.
#[derive(Clone)]
pub struct Credentials {
    pub server: String,
    pub device_id: String,
    pub token: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("server", &self.server)
            .field("device_id", &self.device_id)
            .finish()
    }
}

/// The terminal's database and device identity, as the engine sees them.
pub trait Local: Send + Sync + 'static {
    /// Runs `f` on the terminal's database connection.
    fn run(&self, f: &mut dyn FnMut(&mut Connection));
    /// None until this terminal is enrolled.
    fn credentials(&self) -> Option<Credentials>;
    /// Called after a page was applied (cached settings may need re-reading).
    fn applied(&self, _a: Applied) {}
    fn now_ms(&self) -> i64;
    /// A blob file this terminal holds (a photo it made, to upload).
    fn blob(&self, _hash: &str) -> Option<Vec<u8>> {
        None
    }
    /// Keeps a blob fetched from the server; false when it could not be written.
    fn keep_blob(&self, _hash: &str, _bytes: &[u8]) -> bool {
        false
    }
    /// Deletes blob files the cache let go of.
    fn drop_blobs(&self, _hashes: &[String]) {}
    /// Bytes of fetched pictures kept (the least recently used go past it).
    fn blob_cache_bytes(&self) -> i64 {
        512 * 1024 * 1024
    }
}

fn with<T>(local: &dyn Local, f: impl FnOnce(&mut Connection) -> T) -> T {
    let mut f = Some(f);
    let mut out = None;
    local.run(&mut |c| {
        if let Some(f) = f.take() {
            out = Some(f(c));
        }
    });
    out.expect("Local::run calls its closure")
}

#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Between quiet cycles.
    pub interval: Duration,
    /// Outbox records per push.
    pub batch: usize,
    /// Pushes sent before the first is answered: the server works on one while the next travels
    /// and is decoded (it applies them in order).
    pub in_flight: usize,
    /// Changes per pull page.
    pub page: i64,
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    pub timeout: Duration,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            interval: Duration::from_secs(15),
            batch: 2000,
            in_flight: 2,
            page: 5000,
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(300),
            timeout: Duration::from_secs(30),
        }
    }
}

/// What the UI shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
pub struct SyncStatus {
    pub enrolled: bool,
    pub online: bool,
    pub syncing: bool,
    /// Records waiting in the outbox.
    pub pending: i64,
    pub last_sync_at: Option<i64>,
    /// A stable code the UI words in the user's language: offline, unauthorized, revoked, server,
    /// rejected, local.
    pub error_code: Option<String>,
    pub error: Option<String>,
    /// Progress of the current pull: position reached and the store's newest position.
    pub pulled: i64,
    pub head: i64,
    /// Facts and changes this terminal has sent and received since it started.
    pub pushed_total: i64,
    pub applied_total: i64,
    /// Customers' chat messages received since it started (the inbox rings when it grows).
    #[serde(default)]
    pub chat_received: i64,
}

#[derive(Clone)]
pub struct SyncHandle {
    status: Arc<Mutex<SyncStatus>>,
    wake: Arc<Notify>,
}

impl SyncHandle {
    pub fn status(&self) -> SyncStatus {
        self.status.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Starts a cycle now (after enrolment, on "sync now", after a sale).
    pub fn sync_now(&self) {
        self.wake.notify_one();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the server cannot be reached: {0}")]
    Offline(String),
    #[error("{} ({})", .1.message, .0)]
    Http(u16, ErrorBody),
    #[error("local database: {0}")]
    Local(String),
    #[error("the server's answer could not be read: {0}")]
    Protocol(String),
}

impl SyncError {
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Offline(_) => "offline",
            SyncError::Http(_, b) if b.code == ErrorCode::Revoked => "revoked",
            SyncError::Http(_, b) if b.code == ErrorCode::UpdateRequired => "update_required",
            SyncError::Http(401, _) => "unauthorized",
            SyncError::Http(s, _) if *s >= 500 => "server",
            SyncError::Http(..) => "rejected",
            SyncError::Local(_) => "local",
            SyncError::Protocol(_) => "server",
        }
    }
}

pub struct Engine {
    local: Arc<dyn Local>,
    config: EngineConfig,
    server: Arc<dyn Transport>,
    status: Arc<Mutex<SyncStatus>>,
    /// Records per push now: the configured batch, halved each time a server answers that a
    /// batch is too large (a server of an earlier release takes at most 1 000).
    batch: AtomicUsize,
}

impl Engine {
    /// The engine of one terminal's database, talking to the server through `server` (the HTTPS
    /// adapter of `pos-adapters`, whose timeouts come from the same [`EngineConfig`]).
    pub fn new(local: Arc<dyn Local>, config: EngineConfig, server: Arc<dyn Transport>) -> Engine {
        Engine {
            batch: AtomicUsize::new(config.batch),
            local,
            config,
            server,
            status: Arc::default(),
        }
    }

    /// Runs the loop on the current tokio runtime until the runtime stops.
    pub fn spawn(self) -> SyncHandle {
        let (handle, task) = self.into_task();
        tokio::spawn(task);
        handle
    }

    /// The handle and the loop, for a host that spawns futures its own way (the Tauri shell).
    pub fn into_task(self) -> (SyncHandle, impl std::future::Future<Output = ()> + Send + 'static) {
        let handle = SyncHandle {
            status: self.status.clone(),
            wake: Arc::new(Notify::new()),
        };
        let wake = handle.wake.clone();
        (handle, async move {
            let bell = self.doorbell(wake.clone());
            tokio::join!(self.run(wake), bell);
        })
    }

    async fn run(&self, wake: Arc<Notify>) {
        let mut backoff = self.config.first_backoff;
        loop {
            let wait = match self.cycle().await {
                Ok(true) => {
                    backoff = self.config.first_backoff;
                    self.config.interval
                }
                Ok(false) => self.config.interval,
                Err(e) => {
                    tracing::info!(error = %e, "sync failed; retrying in {backoff:?}");
                    let w = jitter(backoff);
                    backoff = (backoff * 2).min(self.config.max_backoff);
                    w
                }
            };
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// What the last cycle found (the same as the handle's status).
    pub fn status(&self) -> SyncStatus {
        self.status.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set(&self, f: impl FnOnce(&mut SyncStatus)) {
        f(&mut self.status.lock().unwrap_or_else(|e| e.into_inner()));
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    ) -> Result<T, SyncError> {
        let local = self.local.clone();
        tokio::task::spawn_blocking(move || with(&*local, f))
            .await
            .map_err(|e| SyncError::Local(e.to_string()))?
            .map_err(|e| SyncError::Local(e.to_string()))
    }

    /// One push-then-pull cycle. Ok(false) when the terminal is not enrolled.
    pub async fn cycle(&self) -> Result<bool, SyncError> {
        let pending = self.blocking(|c| local::outbox_len(c)).await.unwrap_or(0);
        let Some(creds) = self.local.credentials() else {
            self.set(|s| {
                s.enrolled = false;
                s.pending = pending;
            });
            return Ok(false);
        };
        self.set(|s| {
            s.enrolled = true;
            s.syncing = true;
            s.pending = pending;
        });
        let result = async {
            // Where a cycle's time goes (RUST_LOG=pos_sync=debug).
            let t0 = std::time::Instant::now();
            let mark = |what: &str| tracing::debug!(phase = what, ms = t0.elapsed().as_secs_f64() * 1000.0, "sync");
            // Pictures first: a record never reaches another terminal before what it names.
            self.upload_blobs(&creds).await?;
            mark("blobs uploaded");
            self.push_all(&creds).await?;
            mark("pushed");
            self.pull_all(&creds).await?;
            mark("pulled");
            self.fetch_chat(&creds).await?;
            self.fetch_blobs(&creds).await?;
            mark("chat and blobs fetched");
            Ok(())
        }
        .await;
        let pending = self.blocking(|c| local::outbox_len(c)).await.unwrap_or(pending);
        let now = self.local.now_ms();
        self.set(|s| {
            s.syncing = false;
            s.pending = pending;
            match &result {
                Ok(()) => {
                    s.online = true;
                    s.last_sync_at = Some(now);
                    s.error_code = None;
                    s.error = None;
                }
                Err(e) => {
                    s.online = !matches!(e, SyncError::Offline(_));
                    s.error_code = Some(e.code().into());
                    s.error = Some(e.to_string());
                }
            }
        });
        if result.is_ok() {
            let _ = self
                .blocking(move |c| local::set_state(c, "last_sync_at", &now.to_string()))
                .await;
        }
        result.map(|_| true)
    }

    /// Pulls pages until the store's log is exhausted, each applied with its cursor.
    pub async fn pull_all(&self, creds: &Credentials) -> Result<(), SyncError> {
        loop {
            let (after, stamp, acked) = self
                .blocking(|c| Ok((local::cursor(c)?, local::cursor_stamp(c)?, local::acked_seq(c)?)))
                .await?;
            let at = PullAt {
                after,
                limit: self.config.page,
                stamp,
            };
            let page = self.server.pull(creds, at).await?;
            let counter = self.blocking(|c| local::counter(c)).await?;
            if let Some(held) = page.acked
                && held > counter
            {
                // This file lost commits the server holds: take them back before reading on.
                self.take_back(creds, held).await?;
                continue;
            }
            if let Some(held) = page.acked
                && held < acked
            {
                // The server lost records it had acknowledged (restored from a backup): send
                // them again now, then read on.
                self.recover(held).await?;
                self.push_all(creds).await?;
                continue;
            }
            if page.rewind {
                // The log is not the one this cursor was read from (a restored backup): read it
                // again from the start; what is already here is skipped.
                tracing::warn!(
                    cursor = after,
                    "the server's change log changed under this terminal; reading it again"
                );
                self.blocking(|c| local::rewind_cursor(c)).await?;
                continue;
            }
            let more = page.more && page.next > after;
            let (next, head) = (page.next, page.head);
            let now = self.local.now_ms();
            let applied = self.blocking(move |c| local::apply_page(c, &page, now)).await?;
            self.local.applied(applied);
            self.set(|s| {
                s.pulled = next;
                s.head = head;
                s.applied_total += applied.applied as i64;
            });
            if !more {
                return Ok(());
            }
        }
    }
}

fn store<T>(r: pos_store::Result<T>) -> Result<T, rusqlite::Error> {
    r.map_err(|e| match e {
        pos_store::StoreError::Sqlite(e) => e,
        other => rusqlite::Error::InvalidParameterName(other.to_string()),
    })
}

fn jitter(d: Duration) -> Duration {
    // Spread retries of many terminals after an outage: 50-100% of the wait.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|t| t.subsec_nanos())
        .unwrap_or(0);
    d.mul_f64(0.5 + (nanos % 1000) as f64 / 2000.0)
}
