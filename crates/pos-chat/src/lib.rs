//! Live chat between customers and the store, on the hosted server. Messages are rows in
//! PostgreSQL (`chat_messages`, numbered within their conversation; `pos_server::store`), each
//! append announced with `NOTIFY chat` carrying ids only; every instance's [`hub::Hub`] listens
//! and its sockets re-read what they have not sent yet, so a client that resumes after its last
//! number gets no gap and no duplicate, whichever instance it reaches.
//!
//! - `customer`: the shop's widget socket (the shop decides who is there; `pos-shop` routes it).
//! - `staff`: a terminal's socket (`GET /v1/chat/socket`); `feed`: its catching up without one.
//! - `wire`: the JSON spoken on both; `limits`: sizes, rates, heartbeats.
//!
//! Depends on `pos-server` (its state, device auth and storage); never on the shop or the
//! terminals' crates.

pub mod attach;
pub mod customer;
pub mod feed;
pub mod hub;
pub mod limits;
pub mod socket;
pub mod staff;
pub mod staff_calls;
pub mod wire;

pub use hub::Hub;

use axum::extract::WebSocketUpgrade;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use pos_server::AppState;
use pos_server::auth::Device;

/// The terminals' chat routes, to merge beside `pos_server::api`.
pub fn router(app: AppState, hub: Hub) -> Router {
    Router::new()
        .route("/v1/chat/socket", get(staff_socket))
        .route("/v1/chat/feed", get(feed::feed))
        .route("/v1/chat/typing", axum::routing::post(staff_calls::typing))
        .route("/v1/chat/presence", get(staff_calls::presence))
        .layer(Extension(hub))
        .with_state(app)
}

async fn staff_socket(Extension(hub): Extension<Hub>, device: Device, ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(limits::MAX_FRAME_BYTES)
        .max_frame_size(limits::MAX_FRAME_BYTES)
        .read_buffer_size(limits::READ_BUFFER_BYTES)
        .write_buffer_size(0)
        .on_upgrade(move |socket| staff::serve(socket, hub, device))
}
