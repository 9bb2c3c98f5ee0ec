//! `set_shop_logo` and `shop_logo`: the store's logo on the online shop's pages. The picture is
//! re-encoded as a PNG of at most 512 px (its transparency kept, its metadata dropped) and stored
//! as a blob that sync uploads like a product photo; the `shop_logo` policy names it.

use super::settings::{ShopSettings, load};
use crate::Core;
use crate::error::{CoreError, Result};
use crate::permissions::Permission;
use pos_store::blobs::{self, Origin};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ShopLogo {
    /// The picture (JPEG, PNG or WebP), base64-encoded; empty to remove the logo. As read: the
    /// stored PNG, or empty when there is none.
    pub data: String,
}

/// The largest logo file accepted (a logo is not a photo).
pub const MAX_LOGO_BYTES: usize = 5 * 1024 * 1024;

impl Core {
    pub fn shop_logo(&self, token: Option<&str>) -> Result<ShopLogo> {
        self.authorize(token, Permission::ManageCounter)?;
        let hash = self.read(load)?.logo;
        if hash.is_empty() {
            return Ok(ShopLogo::default());
        }
        use base64::Engine;
        let bytes = self.photo_store().get(&hash).unwrap_or(None).unwrap_or_default();
        Ok(ShopLogo {
            data: base64::engine::general_purpose::STANDARD.encode(bytes),
        })
    }

    pub fn set_shop_logo(&self, token: Option<&str>, req: ShopLogo) -> Result<ShopSettings> {
        let s = self.authorize(token, Permission::ManageCounter)?;
        let picture = if req.data.trim().is_empty() {
            None
        } else {
            use base64::Engine;
            let raw = base64::engine::general_purpose::STANDARD
                .decode(req.data.trim())
                .map_err(|_| {
                    CoreError::invalid("data", "The file did not arrive whole", "Berkasnya tidak terkirim utuh")
                })?;
            if raw.len() > MAX_LOGO_BYTES {
                return Err(CoreError::invalid(
                    "data",
                    "A logo file is at most 5 MB",
                    "Berkas logo maksimal 5 MB",
                ));
            }
            // Decoded and resized before the database is touched.
            let logo = pos_media::logo(&raw).map_err(crate::photos::photo_error)?;
            self.photo_store()
                .put(&logo.hash, &logo.bytes)
                .map_err(|e| CoreError::internal(format!("saving the logo: {e}")))?;
            Some(logo)
        };
        self.write(|tx| {
            let before = load(tx)?;
            let mut new = before.clone();
            new.logo = match &picture {
                Some(p) => {
                    blobs::record(tx, &p.hash, p.bytes.len() as i64, Origin::Made, self.now())?;
                    p.hash.clone()
                }
                None => String::new(),
            };
            self.save_shop_settings(tx, &s.user.id, before, new)
        })
        .inspect(|_| self.nudge_sync())
    }
}
