//! Work bounded before anyone is authenticated. Password hashing (argon2, tens of milliseconds of
//! a core each) runs a few at a time and never while holding a database connection; a request that
//! cannot get its turn soon is told to try later. Sign-ins, sign-ups and enrolments in flight are
//! capped, so a flood of them cannot starve the terminals' sync of connections or CPU.

use crate::ApiError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub struct Limits {
    hashing: Arc<Semaphore>,
    anonymous: Arc<Semaphore>,
    /// How long a password check may wait for its turn.
    wait: Duration,
}

impl Limits {
    /// `hashing`: password checks at once (leave cores for sync); `anonymous`: unauthenticated
    /// requests in flight.
    pub fn new(hashing: usize, anonymous: usize) -> Limits {
        Limits {
            hashing: Arc::new(Semaphore::new(hashing.max(1))),
            anonymous: Arc::new(Semaphore::new(anonymous.max(1))),
            wait: Duration::from_secs(2),
        }
    }

    /// A place for one unauthenticated request, or "too many" at once.
    pub fn anonymous(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        self.anonymous
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::rate_limited("Too many sign-in requests at once; try again in a moment"))
    }

    /// Runs a password hash or check when its turn comes (off the async threads).
    pub async fn hash<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(self.wait, self.hashing.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::rate_limited("The server is busy checking passwords; try again in a moment"))?
            .map_err(|_| ApiError::rate_limited("The server is shutting down"))?;
        let out = tokio::task::spawn_blocking(move || {
            let out = f();
            drop(permit);
            out
        })
        .await
        .map_err(|e| ApiError::internal(&e))?;
        Ok(out)
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::new(1, 8)
    }
}
