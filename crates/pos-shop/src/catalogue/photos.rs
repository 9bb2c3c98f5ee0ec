//! `GET /photos/{hash}`: a product photo or thumbnail (or the store's logo) the terminals uploaded, by content hash
//! (so cached for a year: the same address is always the same bytes).

use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

pub async fn photo(
    State(state): State<ShopState>,
    site: Site,
    Path(hash): Path<String>,
) -> Result<Response, ShopError> {
    if !pos_protocol::is_blob_hash(&hash) {
        return Err(ShopError::NotFound);
    }
    let db = state.app.pool.get().await?;
    let bytes = pos_server::store::blobs::get(&db, site.store, &hash)
        .await?
        .ok_or(ShopError::NotFound)?;
    let kind = pos_protocol::blob_type(&bytes).ok_or(ShopError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    )
        .into_response())
}
