//! `GET /v1/chat/feed?after=N`: a terminal's catching up without a socket (the fallback beside
//! sync's pull): the store's messages after feed place `after`, oldest first, a page at a time.

use crate::limits::PAGE;
use axum::Json;
use axum::extract::{Query, State};
use pos_server::auth::Device;
use pos_server::store::chat_messages as messages;
use pos_server::{ApiError, AppState};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    #[serde(default)]
    pub after: i64,
}

pub use pos_protocol::chat::ChatFeed as FeedPage;

pub async fn feed(
    State(app): State<AppState>,
    device: Device,
    Query(q): Query<FeedQuery>,
) -> Result<Json<FeedPage>, ApiError> {
    let db = app.pool.get().await?;
    let mut page = messages::feed(&db, device.store_id, q.after.max(0), PAGE + 1).await?;
    let more = page.len() as i64 > PAGE;
    page.truncate(PAGE as usize);
    Ok(Json(FeedPage { messages: page, more }))
}
