//! A terminal's small chat calls over HTTP, beside its socket: `POST /v1/chat/typing` (staff
//! are typing in a conversation: every instance tells that customer's widget) and
//! `GET /v1/chat/presence` (which of the store's terminals have their chat open now).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use pos_protocol::chat::{Present, Typing};
use pos_server::auth::Device;
use pos_server::store::chat_conversations as conversations;
use pos_server::store::chat_messages as messages;
use pos_server::{ApiError, AppState};

pub async fn typing(
    State(app): State<AppState>,
    device: Device,
    Json(t): Json<Typing>,
) -> Result<StatusCode, ApiError> {
    if !crate::limits::id_ok(&t.conversation) {
        return Err(ApiError::bad_request("a conversation is named by its id"));
    }
    let db = app.pool.get().await?;
    messages::notify(&db, &crate::hub::Note::typing(device.store_id, &t.conversation, true)).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn presence(State(app): State<AppState>, device: Device) -> Result<Json<Vec<Present>>, ApiError> {
    let db = app.pool.get().await?;
    let rows = conversations::present_terminals(&db, device.store_id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(branch, terminal, seen_at)| Present {
                branch,
                terminal,
                seen_at,
            })
            .collect(),
    ))
}
