//! Pictures beside the records that name them: those made here go up before the push, those
//! someone looked for come down after the pull, and the cache lets the least recently used go.

use super::{Credentials, Engine, SyncError, store};

impl Engine {
    /// Uploads every picture made here that the server does not have yet.
    pub async fn upload_blobs(&self, creds: &Credentials) -> Result<(), SyncError> {
        loop {
            let hashes = self.blocking(|c| store(pos_store::blobs::to_upload(c, 20))).await?;
            if hashes.is_empty() {
                return Ok(());
            }
            for hash in hashes {
                match self.local.blob(&hash) {
                    Some(bytes) => self.server.put_blob(creds, &hash, bytes).await?,
                    // The file is gone (a copy of the database restored without its folder):
                    // nothing to send; the record naming it shows a placeholder everywhere.
                    None => tracing::warn!(%hash, "a photo made here has no file; not uploaded"),
                }
                let h = hash.clone();
                self.blocking(move |c| store(pos_store::blobs::uploaded(c, &h))).await?;
            }
        }
    }

    /// Fetches the pictures someone looked for that are not here, then lets the least recently
    /// used fetched ones go past the cache limit.
    pub async fn fetch_blobs(&self, creds: &Credentials) -> Result<(), SyncError> {
        let hashes = self.blocking(|c| store(pos_store::blobs::wanted(c, 100))).await?;
        for hash in hashes {
            let got = self.server.get_blob(creds, &hash).await?;
            let h = hash.clone();
            let now = self.local.now_ms();
            match got {
                Some(bytes) if pos_protocol::is_blob_hash(&hash) && sha256_hex(&bytes) == hash => {
                    if self.local.keep_blob(&hash, &bytes) {
                        let n = bytes.len() as i64;
                        self.blocking(move |c| {
                            store(pos_store::blobs::record(
                                c,
                                &h,
                                n,
                                pos_store::blobs::Origin::Fetched,
                                now,
                            ))
                        })
                        .await?;
                    }
                }
                Some(_) => tracing::warn!(%hash, "the server sent a picture that does not match its name"),
                None => {
                    self.blocking(move |c| store(pos_store::blobs::not_found(c, &h)))
                        .await?
                }
            }
        }
        let limit = self.local.blob_cache_bytes();
        let gone = self.blocking(move |c| store(pos_store::blobs::evict(c, limit))).await?;
        if !gone.is_empty() {
            self.local.drop_blobs(&gone);
        }
        Ok(())
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
