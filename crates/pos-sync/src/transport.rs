//! The port the engine talks to the server through. The HTTPS adapter lives in `pos-adapters`
//! (`SyncHttp`); this crate holds no HTTP client. Every call is authenticated as the device
//! (`Credentials`); a refusal comes back as [`SyncError::Http`] with the server's [`ErrorBody`],
//! an unreachable server as [`SyncError::Offline`].
//!
//! [`ErrorBody`]: crate::protocol::ErrorBody

use crate::engine::{Credentials, SyncError};
use crate::protocol::chat::ChatFeed;
use crate::protocol::{OwnRecords, PullResponse, PushResponse};
use std::future::Future;
use std::pin::Pin;

/// A call in flight.
pub type Call<'a, T> = Pin<Box<dyn Future<Output = Result<T, SyncError>> + Send + 'a>>;

/// Where the log after a cursor is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PullAt {
    pub after: i64,
    pub limit: i64,
    /// The identity of the log the cursor was read from (a restored server has another).
    pub stamp: Option<i64>,
}

pub trait Transport: Send + Sync + 'static {
    /// `POST /v1/push` with a gzip-compressed JSON [`crate::PushRequest`].
    fn push<'a>(&'a self, creds: &'a Credentials, gzip_body: Vec<u8>) -> Call<'a, PushResponse>;
    /// `GET /v1/pull`: a page of the store's changes.
    fn pull<'a>(&'a self, creds: &'a Credentials, at: PullAt) -> Call<'a, PullResponse>;
    /// `GET /v1/own`: this device's own records back, after a sequence (a file that lost commits).
    fn own<'a>(&'a self, creds: &'a Credentials, after: i64, limit: i64) -> Call<'a, OwnRecords>;
    /// `PUT /v1/blobs/{hash}`: a picture, before the record that names it.
    fn put_blob<'a>(&'a self, creds: &'a Credentials, hash: &'a str, bytes: Vec<u8>) -> Call<'a, ()>;
    /// `GET /v1/blobs/{hash}`: a picture, or None while no terminal has uploaded it.
    fn get_blob<'a>(&'a self, creds: &'a Credentials, hash: &'a str) -> Call<'a, Option<Vec<u8>>>;
    /// `GET /v1/chat/feed`: the store's chat messages after a feed place (empty from a server
    /// without the live chat).
    /// Holds the store's chat socket open (`GET /v1/chat/socket`, resuming after feed place
    /// `after`) and calls `ring` for every message after it, until the connection ends; the
    /// engine then fetches the feed. A server or adapter without one answers at once with
    /// `Ok(false)` (the engine's interval serves).
    fn listen_chat<'a>(
        &'a self,
        _creds: &'a Credentials,
        _after: i64,
        _ring: &'a (dyn Fn() + Send + Sync),
    ) -> Call<'a, bool> {
        Box::pin(async { Ok(false) })
    }

    fn chat_feed<'a>(&'a self, _creds: &'a Credentials, _after: i64) -> Call<'a, ChatFeed> {
        Box::pin(async {
            Ok(ChatFeed {
                messages: Vec::new(),
                more: false,
            })
        })
    }
}
