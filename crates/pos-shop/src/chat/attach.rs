//! `POST /chat/attach?id=…`: the widget sends a picture into the visitor's conversation, the
//! body the file itself. Only from this shop's pages (Origin and the visitor's form token), and
//! into the conversation this browser or account owns; `pos_chat::attach` checks and stores it.

use super::visitor_of;
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
pub struct AttachQuery {
    /// The widget's own id for this message (a retry appends it once).
    pub id: String,
}

pub async fn attach(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Query(q): Query<AttachQuery>,
    body: Bytes,
) -> Result<Response, ShopError> {
    let Some(hub) = state.chat.clone() else {
        return Err(ShopError::NotFound);
    };
    let csrf = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    site.visitor.check_post(&headers, csrf)?;
    if !pos_chat::limits::id_ok(&q.id) {
        return Err(ShopError::bad(
            "That picture could not be read.",
            "Gambar itu tidak bisa dibaca.",
        ));
    }
    let quota = state.app.config.blob_quota_bytes();
    match pos_chat::attach::picture(&hub, &visitor_of(&site), quota, &q.id, &body).await {
        Ok(seq) => Ok(Json(json!({ "seq": seq })).into_response()),
        Err(refused) => {
            if let pos_chat::attach::Refused::Failed(e) = &refused {
                tracing::warn!(error = ?e, "a chat picture");
            }
            let (en, id) = refused.words();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "en": en, "id": id }))).into_response())
        }
    }
}
