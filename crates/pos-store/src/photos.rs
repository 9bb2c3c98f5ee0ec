//! `product_photos`: each product's photos in order (the first is the main one), as blob hashes;
//! `product_photo_sets`: the server version of each list this terminal last had.

use crate::synced::State;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

/// One photo of a product, as synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Photo {
    /// The 2 048 px photo's blob.
    pub hash: String,
    /// The 256 px thumbnail's blob.
    pub thumb: String,
    pub width: i64,
    pub height: i64,
}

/// A product's photo list as synced (reference data: the whole list, its order the order shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PhotoSet {
    /// The product's id.
    pub id: String,
    pub photos: Vec<Photo>,
}

pub fn of_product(conn: &Connection, product_id: &str) -> crate::Result<Vec<Photo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT hash, thumb, width, height FROM product_photos WHERE product_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([product_id], |r| {
        Ok(Photo {
            hash: r.get(0)?,
            thumb: r.get(1)?,
            width: r.get(2)?,
            height: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces a product's list.
pub fn set(conn: &Connection, product_id: &str, photos: &[Photo]) -> crate::Result<()> {
    conn.prepare_cached("DELETE FROM product_photos WHERE product_id = ?1")?
        .execute([product_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO product_photos (product_id, position, hash, thumb, width, height) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (product_id, hash) DO NOTHING",
    )?;
    for (i, p) in photos.iter().enumerate() {
        stmt.execute(params![product_id, i as i64, p.hash, p.thumb, p.width, p.height])?;
    }
    Ok(())
}

/// Whether any product's list still names this blob (as photo or thumbnail).
pub fn blob_in_use(conn: &Connection, hash: &str) -> crate::Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM product_photos WHERE hash = ?1 OR thumb = ?1)")?
        .query_row([hash], |r| r.get(0))?)
}

pub fn sync_version(conn: &Connection, product_id: &str) -> crate::Result<i64> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT sync_version FROM product_photo_sets WHERE product_id = ?1")?
        .query_row([product_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Writes the server's list over this terminal's.
pub fn apply_synced(conn: &Connection, id: &str, s: &State, version: i64) -> crate::Result<()> {
    let set: PhotoSet = serde_json::from_value(serde_json::Value::Object(s.clone()))
        .map_err(|e| crate::StoreError::Corrupt(format!("photos of {id}: {e}")))?;
    self::set(conn, id, &set.photos)?;
    conn.prepare_cached(
        "INSERT INTO product_photo_sets (product_id, sync_version) VALUES (?1, ?2)
         ON CONFLICT (product_id) DO UPDATE SET sync_version = excluded.sync_version",
    )?
    .execute(params![id, version])?;
    Ok(())
}
