//! Push: one device's outbox records, judged and applied in order in one PostgreSQL transaction.
//!
//! - Unique on (device, seq): a record at or below the device's last sequence is a replay and gets
//!   the answer stored for it the first time, so a retried batch gets the identical response.
//! - A replay with other content, or a push saying the device has numbered fewer records than the
//!   server holds, means the device lost commits (a power cut, a restored copy): the answer is
//!   `behind` with what the server holds, nothing is written, and the device takes its records
//!   back before numbering on. A batch starting after a gap is refused whole (`gap`).
//! - Facts are unique per store on (kind, id): the same id with the same content is a duplicate,
//!   with different content a conflict (the first is kept, the second reported), never an
//!   overwrite.
//! - Every record is judged by [`rules`]: who did it and whether their role allows it, whether it
//!   adds up, whether its numbers, shift and order are this terminal's. What fails is set aside
//!   (stored for the owner, with the reason) and the queue goes on.
//! - The store row is locked first and held to commit: a store's pushes apply one after another,
//!   so returns, order steps and numbers are judged against everything before them, and change-log
//!   positions become visible strictly in order.

pub mod batch;
pub mod context;
pub mod rules;
pub mod write;

use crate::auth::Device;
use crate::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use pos_protocol::{DecodeError, PushResponse};

pub async fn push(State(app): State<AppState>, device: Device, bytes: Bytes) -> Result<Json<PushResponse>, ApiError> {
    let req = pos_protocol::decode_push(&bytes).map_err(|e: DecodeError| {
        let status = match e {
            DecodeError::TooMany(_) => StatusCode::PAYLOAD_TOO_LARGE,
            DecodeError::TooOld(_) => StatusCode::UPGRADE_REQUIRED,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiError::new(status, e.code(), e.to_string())
    })?;
    if req.device_id != device.id.to_string() {
        return Err(ApiError::forbidden("These records belong to another device"));
    }
    let mut attempt = 0;
    loop {
        let mut client = app.pool.get().await?;
        let tx = client.transaction().await?;
        let now = chrono::Utc::now().timestamp_millis();
        let result = match batch::apply(&tx, &device, &req, now).await {
            Ok(r) => tx.commit().await.map(|_| r).map_err(ApiError::from),
            Err(e) => Err(e),
        };
        match result {
            Err(e) if e.retry && attempt < 5 => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(5 << attempt)).await;
            }
            other => return other.map(Json),
        }
    }
}
