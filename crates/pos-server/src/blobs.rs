//! `PUT /v1/blobs/{hash}` and `GET /v1/blobs/{hash}`: the pictures of a store (product photos and
//! thumbnails) travel beside the records that name them. A terminal uploads each once before it
//! pushes the record naming it; the bytes must hash to their name and be a JPEG (what every
//! terminal makes), so nothing else can be parked here. Other terminals of the store fetch them
//! when someone looks at the product.

use crate::auth::Device;
use crate::extract::RawBody;
use crate::openapi::{DeviceAuth, Faults};
use crate::store::blobs;
use crate::{ApiError, AppState};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pos_protocol::{ErrorBody, ErrorCode, is_blob_hash};
use sha2::Digest;

fn checked(hash: &str) -> Result<(), ApiError> {
    if !is_blob_hash(hash) {
        return Err(ApiError::bad_request(
            "a blob is named by the SHA-256 of its bytes, 64 lower-case hex digits",
        ));
    }
    Ok(())
}

/// Uploads a picture under its hash (once: the same hash again is accepted and changes nothing).
#[utoipa::path(put, path = "/v1/blobs/{hash}", tag = "sync", security(("deviceToken" = [])),
    params(("hash" = String, Path, description = "SHA-256 of the body, 64 lower-case hex digits")),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The picture, at most 8 MB"),
    responses((status = 201, description = "Stored"),
        (status = 200, description = "The store had it already"),
        (status = 400, description = "`bad_request`: the name is not a SHA-256, the bytes do not hash to it, or they are not a JPEG (or PNG)", body = ErrorBody),
        DeviceAuth,
        (status = 413, description = "`too_large`: over 8 MB, or the store's pictures would pass its quota (20 GB unless the server says otherwise)", body = ErrorBody),
        Faults))]
pub async fn put_blob(
    State(app): State<AppState>,
    device: Device,
    Path(hash): Path<String>,
    RawBody(body): RawBody,
) -> Result<StatusCode, ApiError> {
    checked(&hash)?;
    if body.len() > pos_protocol::MAX_BLOB_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooLarge,
            "a blob is at most 8 MB",
        ));
    }
    let actual: String = sha2::Sha256::digest(&body).iter().map(|b| format!("{b:02x}")).collect();
    if actual != hash {
        return Err(ApiError::bad_request(
            "the bytes do not hash to the name they were sent under",
        ));
    }
    if pos_protocol::blob_type(&body).is_none() {
        return Err(ApiError::bad_request(
            "a blob is a JPEG picture (or the store's PNG logo)",
        ));
    }
    let client = app.pool.get().await?;
    // An enrolled device cannot fill the server's disk: each store has a quota of pictures.
    if !blobs::has(&client, device.store_id, &hash).await?
        && blobs::held(&client, device.store_id).await? + body.len() as i64 > app.config.blob_quota_bytes()
    {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooLarge,
            "this store's pictures are at their quota on the server: remove unused photos or ask the server's keeper",
        ));
    }
    Ok(
        if blobs::insert(&client, device.store_id, &hash, &body, Some(device.id)).await? {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
    )
}

/// A picture of this terminal's store.
#[utoipa::path(get, path = "/v1/blobs/{hash}", tag = "sync", security(("deviceToken" = [])),
    params(("hash" = String, Path, description = "SHA-256 of the picture")),
    responses((status = 200, description = "The picture", content_type = "image/jpeg", body = Vec<u8>),
        (status = 400, description = "`bad_request`: the name is not a SHA-256", body = ErrorBody),
        DeviceAuth,
        (status = 404, description = "`not_found`: not uploaded (yet) by any terminal of this store", body = ErrorBody),
        Faults))]
pub async fn get_blob(
    State(app): State<AppState>,
    device: Device,
    Path(hash): Path<String>,
) -> Result<Response, ApiError> {
    checked(&hash)?;
    let client = app.pool.get().await?;
    let bytes = blobs::get(&client, device.store_id, &hash)
        .await?
        .ok_or_else(|| ApiError::not_found("no such picture in this store (yet)"))?;
    let kind = pos_protocol::blob_type(&bytes).unwrap_or("application/octet-stream");
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "private, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}
