//! Reading photos: a product's list, and the pictures themselves for the screens (a missing one
//! is asked of the sync engine and shown as a placeholder until it comes).

use super::*;
use pos_store::blobs;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BlobRefs {
    pub hashes: Vec<String>,
}

/// A picture for the screen: JPEG bytes as base64, or None while it is being fetched.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct BlobData {
    pub hash: String,
    pub base64: Option<String>,
}

/// Most pictures one call answers (a page of thumbnails, or a gallery).
pub const MAX_BLOBS: usize = 200;

impl Core {
    pub fn product_photos(&self, token: Option<&str>, req: crate::products::ProductId) -> Result<ProductPhotos> {
        self.authorize(token, Permission::ViewCatalogue)?;
        self.read(|c| photos_of(c, &req.id))
    }

    /// The pictures asked for: those here as base64, the others None (asked of the server).
    pub fn photo_blobs(&self, token: Option<&str>, req: BlobRefs) -> Result<Vec<BlobData>> {
        self.authorize_poll(token, Permission::ViewCatalogue)?;
        if req.hashes.len() > MAX_BLOBS || req.hashes.iter().any(|h| !pos_media::is_hash(h)) {
            return Err(CoreError::invalid(
                "hashes",
                format!("Ask for 0 to {MAX_BLOBS} pictures by their hash"),
                format!("Minta 0 sampai {MAX_BLOBS} gambar dengan hash-nya"),
            ));
        }
        use base64::Engine;
        let store = self.photo_store();
        let now = self.now();
        let mut out = Vec::with_capacity(req.hashes.len());
        let mut missing = Vec::new();
        for h in &req.hashes {
            let bytes = store
                .get(h)
                .map_err(|e| CoreError::internal(format!("reading a photo: {e}")))?;
            if bytes.is_none() {
                missing.push(h.clone());
            }
            out.push(BlobData {
                hash: h.clone(),
                base64: bytes.map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
            });
        }
        let asked = !missing.is_empty();
        self.write(|tx| {
            for b in &out {
                if b.base64.is_some() {
                    blobs::here(tx, &b.hash, now)?;
                }
            }
            for h in &missing {
                blobs::want(tx, h, now)?;
            }
            Ok(())
        })?;
        if asked {
            self.nudge_sync();
        }
        Ok(out)
    }
}

/// A product's main thumbnail, for screens whose rows are not products (pick lists, packing).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductThumb {
    pub product_id: String,
    pub thumb: Option<String>,
}

impl Core {
    pub fn product_thumbs(&self, token: Option<&str>, req: crate::prices::ProductIds) -> Result<Vec<ProductThumb>> {
        self.authorize_poll(token, Permission::ViewCatalogue)?;
        if req.product_ids.len() > 500 {
            return Err(CoreError::invalid(
                "product_ids",
                "At most 500 at once",
                "Maksimal 500 sekaligus",
            ));
        }
        self.read(|c| {
            req.product_ids
                .iter()
                .map(|id| {
                    Ok(ProductThumb {
                        thumb: pos_store::photos::of_product(c, id)?
                            .into_iter()
                            .next()
                            .map(|p| p.thumb),
                        product_id: id.clone(),
                    })
                })
                .collect()
        })
    }
}
