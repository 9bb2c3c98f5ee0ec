//! Adding, reordering and removing a product's photos.

use super::*;
use pos_media::PhotoError;
use pos_store::blobs::{self, Origin};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct AddPhoto {
    pub product_id: String,
    /// The picture file, base64-encoded (JPEG, PNG or WebP; at most 40 MB).
    pub data: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PhotoRef {
    pub product_id: String,
    pub hash: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PhotoOrder {
    pub product_id: String,
    /// Every photo's hash, in the new order (the first becomes the main photo).
    pub hashes: Vec<String>,
}

pub(crate) fn photo_error(e: PhotoError) -> CoreError {
    let (en, id) = match &e {
        PhotoError::Empty => ("The file is empty".to_string(), "Berkasnya kosong".to_string()),
        PhotoError::TooLarge { bytes } => (
            format!("The file is {} MB; a photo may be 40 MB at most", bytes / 1_048_576),
            format!("Berkasnya {} MB; foto maksimal 40 MB", bytes / 1_048_576),
        ),
        PhotoError::TooManyPixels { width, height } if *width > 0 => (
            format!("The picture is {width} × {height} px; at most 12 000 px on a side"),
            format!("Gambarnya {width} × {height} px; maksimal 12.000 px per sisi"),
        ),
        PhotoError::TooManyPixels { .. } => (
            "The picture is larger than 12 000 px on a side".to_string(),
            "Gambarnya lebih dari 12.000 px per sisi".to_string(),
        ),
        PhotoError::Heic => (
            "This is a HEIC photo, which this computer cannot read: save or share it as JPEG".to_string(),
            "Ini foto HEIC yang tidak bisa dibaca komputer ini: simpan atau bagikan sebagai JPEG".to_string(),
        ),
        PhotoError::NotAnImage => (
            "This is not a JPEG, PNG or WebP picture".to_string(),
            "Ini bukan gambar JPEG, PNG atau WebP".to_string(),
        ),
        PhotoError::Broken(why) => (
            format!("The picture is damaged and cannot be read ({why})"),
            format!("Gambarnya rusak dan tidak bisa dibaca ({why})"),
        ),
    };
    CoreError::invalid("data", en, id)
}

impl Core {
    /// Adds a photo at the end of a product's list (the main photo when it is the first).
    pub fn add_product_photo(&self, token: Option<&str>, req: AddPhoto) -> Result<ProductPhotos> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        use base64::Engine;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(req.data.trim())
            .map_err(|_| {
                CoreError::invalid("data", "The file did not arrive whole", "Berkasnya tidak terkirim utuh")
            })?;
        // Decoded and resized before the database is touched: a slow photo holds no lock.
        let p = pos_media::process(&raw).map_err(photo_error)?;
        let store = self.photo_store();
        for e in [&p.photo, &p.thumb] {
            store
                .put(&e.hash, &e.bytes)
                .map_err(|e| CoreError::internal(format!("saving a photo: {e}")))?;
        }
        let out = self.write(|tx| {
            let before = photos_of(tx, &req.product_id)?;
            if before.photos.iter().any(|x| x.hash == p.photo.hash) {
                return Err(CoreError::new(
                    crate::ErrorCode::Duplicate,
                    "This photo is on the product already",
                    "Foto ini sudah ada di produk",
                ));
            }
            if before.photos.len() >= MAX_PHOTOS {
                return Err(CoreError::invalid(
                    "data",
                    format!("A product has at most {MAX_PHOTOS} photos; remove one first"),
                    format!("Produk maksimal {MAX_PHOTOS} foto; hapus satu dulu"),
                ));
            }
            let now = self.now();
            for e in [&p.photo, &p.thumb] {
                blobs::record(tx, &e.hash, e.bytes.len() as i64, Origin::Made, now)?;
            }
            let mut photos = before.photos.clone();
            photos.push(Photo {
                hash: p.photo.hash.clone(),
                thumb: p.thumb.hash.clone(),
                width: p.photo.width as i64,
                height: p.photo.height as i64,
            });
            self.save_photos(tx, &s.user.id, &before, photos, "product.photo_added")
        })?;
        self.nudge_sync();
        Ok(out)
    }

    /// Puts the photos in a new order; the first is the main one.
    pub fn order_product_photos(&self, token: Option<&str>, req: PhotoOrder) -> Result<ProductPhotos> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let out = self.write(|tx| {
            let before = photos_of(tx, &req.product_id)?;
            let mut given = req.hashes.clone();
            given.sort();
            let mut have: Vec<String> = before.photos.iter().map(|p| p.hash.clone()).collect();
            have.sort();
            if given != have {
                return Err(CoreError::stale());
            }
            let photos = req
                .hashes
                .iter()
                .filter_map(|h| before.photos.iter().find(|p| &p.hash == h).cloned())
                .collect();
            self.save_photos(tx, &s.user.id, &before, photos, "product.photos_ordered")
        })?;
        self.nudge_sync();
        Ok(out)
    }

    /// Takes a photo off a product. Its files stay while a product names them (or until the
    /// server has them and the cache needs the room).
    pub fn remove_product_photo(&self, token: Option<&str>, req: PhotoRef) -> Result<ProductPhotos> {
        let s = self.authorize(token, Permission::EditCatalogue)?;
        let (out, gone) = self.write(|tx| {
            let before = photos_of(tx, &req.product_id)?;
            let Some(old) = before.photos.iter().find(|p| p.hash == req.hash).cloned() else {
                return Err(CoreError::not_found("hash", "Photo", "Foto"));
            };
            let photos = before.photos.iter().filter(|p| p.hash != req.hash).cloned().collect();
            let out = self.save_photos(tx, &s.user.id, &before, photos, "product.photo_removed")?;
            let mut gone = Vec::new();
            for h in [old.hash, old.thumb] {
                if !pos_store::photos::blob_in_use(tx, &h)? && blobs::forget(tx, &h)? {
                    gone.push(h);
                }
            }
            Ok((out, gone))
        })?;
        for h in gone {
            let _ = self.photo_store().remove(&h);
        }
        self.nudge_sync();
        Ok(out)
    }

    fn save_photos(
        &self,
        tx: &Connection,
        by: &str,
        before: &ProductPhotos,
        photos: Vec<Photo>,
        action: &str,
    ) -> Result<ProductPhotos> {
        let id = before.product_id.clone();
        pos_store::photos::set(tx, &id, &photos)?;
        let old = PhotoSet {
            id: id.clone(),
            photos: before.photos.clone(),
        };
        let new = PhotoSet {
            id: id.clone(),
            photos: photos.clone(),
        };
        self.outbox_edit(tx, by, "product_photos", &id, json(&old).as_ref(), &new)?;
        self.audit(tx, Some(by), action, ("product", Some(&id)), json(&old), json(&new))?;
        Ok(ProductPhotos { product_id: id, photos })
    }
}
