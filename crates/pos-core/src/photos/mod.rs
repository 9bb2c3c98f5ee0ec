//! Product photos: several per product, added (resized, stripped of metadata, thumbnailed by
//! `pos-media`), reordered (the first is the main one) and removed; stored as files named by
//! content hash through the [`PhotoStore`] port (a folder beside the database), listed per product
//! in the database and synced as one record per product. A photo another terminal added comes when
//! someone looks at it: asked for and missing, it is fetched by the sync engine (a placeholder
//! meanwhile), and fetched photos are a cache kept under a size limit.

mod edit;
mod read;
mod store;

pub use edit::*;
pub use read::*;
pub use store::*;

use crate::error::{CoreError, Result};
use crate::permissions::Permission;
use crate::{Core, json};
pub use pos_store::photos::{Photo, PhotoSet};
use pos_store::rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// Most photos one product has.
pub const MAX_PHOTOS: usize = 12;

/// A product's photos, in order (the first is the main one).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductPhotos {
    pub product_id: String,
    pub photos: Vec<Photo>,
}

fn product_404() -> CoreError {
    CoreError::not_found("product_id", "Product", "Produk")
}

fn photos_of(conn: &Connection, product_id: &str) -> Result<ProductPhotos> {
    let branch = Core::branch(conn)?;
    pos_store::products::get(conn, product_id, &branch)?.ok_or_else(product_404)?;
    Ok(ProductPhotos {
        product_id: product_id.to_string(),
        photos: pos_store::photos::of_product(conn, product_id)?,
    })
}
