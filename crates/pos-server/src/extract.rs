//! Request bodies as handlers take them: `JsonBody<T>` (a typed JSON body) and `RawBody` (the
//! bytes, for the push's own decoder). Every rejection answers `{code, message}` like the rest of
//! the API: a body over the route's limit is 413 `too_large`, malformed JSON or a wrong field 400
//! `bad_request` with the reason (never axum's plain-text rejections).

use crate::{ApiError, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use pos_protocol::ErrorCode;
use serde::de::DeserializeOwned;

/// The body's bytes, read up to the route's limit.
pub struct RawBody(pub Bytes);

impl FromRequest<AppState> for RawBody {
    type Rejection = ApiError;
    async fn from_request(req: Request, app: &AppState) -> Result<RawBody, ApiError> {
        Bytes::from_request(req, app).await.map(RawBody).map_err(rejected)
    }
}

fn rejected(e: BytesRejection) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooLarge,
            "The body is larger than this endpoint accepts",
        )
    } else {
        ApiError::bad_request(format!("The body cannot be read: {}", e.body_text()))
    }
}

/// A JSON body parsed into `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, app: &AppState) -> Result<JsonBody<T>, ApiError> {
        let RawBody(bytes) = RawBody::from_request(req, app).await?;
        Ok(JsonBody(serde_json::from_slice(&bytes)?))
    }
}
