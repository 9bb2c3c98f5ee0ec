//! Push: one device's outbox records, judged and applied in order in one PostgreSQL transaction.
//!
//! - Unique on (device, seq): a record at or below the device's last sequence is a replay and gets
//!   the answer stored for it the first time, so a retried batch gets the identical response (an
//!   applied fact's answer is the fact itself, the others are kept in `push_outcomes`).
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
//! - A terminal sends its next batch before the last is answered; a batch that reaches the lock
//!   before the one sent ahead of it waits for it ([`in_flight`]).
//! - The store row is locked first and held to commit: a store's pushes apply one after another,
//!   so returns, order steps and numbers are judged against everything before them, and change-log
//!   positions become visible strictly in order.

pub mod batch;
pub mod catalogue;
pub mod context;
mod finish;
pub mod in_flight;
pub mod rules;
pub mod write;

use crate::auth::Device;
use crate::extract::RawBody;
use crate::openapi::{DeviceAuth, Faults};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use pos_protocol::{DecodeError, ErrorBody, ErrorCode, PushRequest, PushResponse};

/// Records in a batch from which its look-ups are worth a second connection.
const SPARE_FROM: usize = 200;

/// A terminal's outbox records, in order; each gets its outcome, the batch its acknowledgement.
#[utoipa::path(post, path = "/v1/push", tag = "sync", security(("deviceToken" = [])), request_body = PushRequest,
    responses((status = 200, description = "Every record applied, a duplicate, a conflict or set aside", body = PushResponse),
        (status = 400, description = "`bad_request`: malformed, records out of order, a bad id, kind or author; `protocol`: a newer protocol than the server's", body = ErrorBody),
        DeviceAuth,
        (status = 403, description = "`forbidden`: device_id is not this token's device", body = ErrorBody),
        (status = 409, description = "`gap`: the batch starts after a sequence the server does not hold; `behind`: the device numbered fewer records than the server holds (it lost commits). `acked` says what the server holds; nothing was written", body = ErrorBody),
        (status = 413, description = "`too_large`: more than 5 000 records or 16 MiB", body = ErrorBody),
        (status = 426, description = "`update_required`: the terminal's protocol is too old; install the app update", body = ErrorBody),
        Faults))]
pub async fn push(
    State(app): State<AppState>,
    device: Device,
    RawBody(bytes): RawBody,
) -> Result<Json<PushResponse>, ApiError> {
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
    let _in_flight = app.pushes.enter(device.id);
    // A large batch's look-ups read on a second connection too, when one is free at once.
    let spare = if req.records.len() >= SPARE_FROM {
        let now = deadpool_postgres::Timeouts {
            wait: Some(std::time::Duration::ZERO),
            create: None,
            recycle: None,
        };
        app.pool.timeout_get(&now).await.ok()
    } else {
        None
    };
    let started = std::time::Instant::now();
    let mut attempt = 0;
    loop {
        let mut client = app.pool.get().await?;
        let tx = client.transaction().await?;
        let now = chrono::Utc::now().timestamp_millis();
        let result = match batch::apply(&tx, spare.as_ref(), &device, &req, now).await {
            Ok(r) => {
                let t = std::time::Instant::now();
                let done = tx.commit().await.map(|_| r).map_err(ApiError::from);
                tracing::debug!(ms = t.elapsed().as_secs_f64() * 1000.0, "push committed");
                done
            }
            Err(e) => {
                // The store's lock goes before any wait below.
                let _ = tx.rollback().await;
                Err(e)
            }
        };
        drop(client);
        match result {
            Err(e) if e.retry && attempt < 5 => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(5 << attempt)).await;
            }
            // Sent right after the batch before it, and here first: wait for that one.
            Err(e)
                if e.body.code == ErrorCode::Gap
                    && app.pushes.others(device.id) > 0
                    && started.elapsed() < in_flight::PREDECESSOR_WAIT =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            Ok((response, after)) => {
                // Its connection goes back first: the catalogue's rows wait for one of their own.
                drop(spare);
                after.run(&app.pool).await;
                return Ok(Json(response));
            }
            Err(e) => return Err(e),
        }
    }
}
