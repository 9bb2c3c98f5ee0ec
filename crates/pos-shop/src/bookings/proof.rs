//! `POST /account/bookings/{no}/proof`: the customer's transfer proof, a picture sent as a form's
//! file (no JavaScript needed). Whatever it claims to be, it is decoded and re-encoded as a JPEG
//! of at most 2 048 px without metadata (as chat pictures are), stored within the store's quota,
//! and the booking waits for the staff's approval. A proof for a booking whose hold ran out, or an
//! hour after a rejection, is refused and the slot stays free.

use super::mine::{after, own, render, run};
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use pos_server::bookings::moves::Move;

/// Largest proof accepted (a phone's photo).
pub const MAX_PROOF_BYTES: usize = 8 * 1024 * 1024;

pub async fn upload(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Path(no): Path<String>,
    mut form: Multipart,
) -> Result<Response, ShopError> {
    let mut csrf = String::new();
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = form.next_field().await.map_err(|_| unreadable())? {
        match field.name() {
            Some("csrf") => {
                csrf = field
                    .text()
                    .await
                    .map_err(|_| unreadable())?
                    .chars()
                    .take(200)
                    .collect()
            }
            Some("proof") => {
                let bytes = field.bytes().await.map_err(|_| unreadable())?;
                if bytes.len() > MAX_PROOF_BYTES {
                    return Err(ShopError::bad(
                        "That picture is larger than 8 MB.",
                        "Gambar itu lebih dari 8 MB.",
                    ));
                }
                file = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    site.visitor.check_post(&headers, &csrf)?;
    let b = own(&state, &site, &no).await?;
    let Some(bytes) = file.filter(|f| !f.is_empty()) else {
        return render(
            &state,
            &site,
            &b,
            Some(&ShopError::bad(
                "Choose the picture of your transfer.",
                "Pilih gambar bukti transfer Anda.",
            )),
        )
        .await;
    };
    let photo = match tokio::task::spawn_blocking(move || pos_media::process(&bytes)).await {
        Ok(Ok(p)) => p.photo,
        _ => return render(&state, &site, &b, Some(&unreadable())).await,
    };
    {
        let db = state.app.pool.get().await?;
        let store = pos_server::store::blobs::has(&db, site.store, &photo.hash).await?;
        let quota = state.app.config.blob_quota_bytes();
        if !store && pos_server::store::blobs::held(&db, site.store).await? + photo.bytes.len() as i64 > quota {
            return render(
                &state,
                &site,
                &b,
                Some(&ShopError::bad(
                    "The store cannot take more pictures now: send the proof in the chat or by WhatsApp.",
                    "Toko tidak bisa menerima gambar lagi saat ini: kirim bukti lewat chat atau WhatsApp.",
                )),
            )
            .await;
        }
        if !store {
            pos_server::store::blobs::insert(&db, site.store, &photo.hash, &photo.bytes, None).await?;
        }
    }
    let moved = run(&state, &site, &b.id, &Move::Proof { blob: &photo.hash }).await?;
    after(&state, &site, &b, moved).await
}

fn unreadable() -> ShopError {
    ShopError::bad(
        "That picture could not be read: send a JPEG, PNG or WebP photo.",
        "Gambar itu tidak bisa dibaca: kirim foto JPEG, PNG atau WebP.",
    )
}
