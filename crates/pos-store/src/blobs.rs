//! Blobs (photos, thumbnails): files named by their SHA-256 in a folder beside the database
//! (`BlobDir`), and the `blobs` table of which are here, made here or fetched, uploaded or not,
//! when last used; `blobs_wanted` lists those looked for and not here yet.

use rusqlite::{Connection, OptionalExtension, params};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder of blob files: `<root>/<first two hex digits>/<hash>`.
#[derive(Debug, Clone)]
pub struct BlobDir {
    root: PathBuf,
}

impl BlobDir {
    pub fn new(root: impl Into<PathBuf>) -> BlobDir {
        BlobDir { root: root.into() }
    }

    /// The folder beside a database file (`pos.db` → `pos.db.blobs/`).
    pub fn beside(db: &Path) -> BlobDir {
        BlobDir::new(format!("{}.blobs", db.display()))
    }

    fn path(&self, hash: &str) -> PathBuf {
        self.root.join(&hash[..2.min(hash.len())]).join(hash)
    }

    /// Writes a blob once: to a temporary file, synced, then renamed, so a power cut leaves
    /// either the whole file or none.
    pub fn put(&self, hash: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(hash);
        if path.exists() {
            return Ok(());
        }
        let dir = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{hash}.{}.tmp", std::process::id()));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    pub fn get(&self, hash: &str) -> std::io::Result<Option<Vec<u8>>> {
        match std::fs::read(self.path(hash)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn remove(&self, hash: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.path(hash)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// Who put a blob here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Made on this terminal: kept until the server has it, then like any other.
    Made,
    /// Fetched from the server: a cache entry.
    Fetched,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Made => "made",
            Origin::Fetched => "fetched",
        }
    }
}

/// Records a blob as here.
pub fn record(conn: &Connection, hash: &str, bytes: i64, origin: Origin, now: i64) -> crate::Result<()> {
    conn.prepare_cached(
        "INSERT INTO blobs (hash, bytes, origin, uploaded, last_used) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (hash) DO UPDATE SET last_used = excluded.last_used",
    )?
    .execute(params![hash, bytes, origin.as_str(), origin == Origin::Fetched, now])?;
    conn.prepare_cached("DELETE FROM blobs_wanted WHERE hash = ?1")?
        .execute([hash])?;
    Ok(())
}

/// Whether a blob is here (and marks it used).
pub fn here(conn: &Connection, hash: &str, now: i64) -> crate::Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE blobs SET last_used = ?2 WHERE hash = ?1")?
        .execute(params![hash, now])?
        == 1)
}

/// Asks the sync engine to fetch a blob.
pub fn want(conn: &Connection, hash: &str, now: i64) -> crate::Result<()> {
    conn.prepare_cached("INSERT INTO blobs_wanted (hash, at) VALUES (?1, ?2) ON CONFLICT (hash) DO NOTHING")?
        .execute(params![hash, now])?;
    Ok(())
}

/// Blobs made here that the server does not have yet, oldest first.
pub fn to_upload(conn: &Connection, limit: i64) -> crate::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT hash FROM blobs WHERE origin = 'made' AND uploaded = 0 ORDER BY last_used, hash LIMIT ?1",
    )?;
    Ok(stmt
        .query_map([limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

pub fn uploaded(conn: &Connection, hash: &str) -> crate::Result<()> {
    conn.prepare_cached("UPDATE blobs SET uploaded = 1 WHERE hash = ?1")?
        .execute([hash])?;
    Ok(())
}

/// Blobs to fetch, those tried least first (a blob not on the server yet does not starve others).
pub fn wanted(conn: &Connection, limit: i64) -> crate::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT hash FROM blobs_wanted ORDER BY tries, at LIMIT ?1")?;
    Ok(stmt
        .query_map([limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A fetch found nothing (the terminal that made it has not synced yet): tried once more.
pub fn not_found(conn: &Connection, hash: &str) -> crate::Result<()> {
    conn.prepare_cached("UPDATE blobs_wanted SET tries = tries + 1 WHERE hash = ?1")?
        .execute([hash])?;
    Ok(())
}

/// The blobs to drop so that what is here fits in `limit` bytes: the least recently used ones the
/// server already has. Their rows are deleted; the caller deletes the files.
pub fn evict(conn: &Connection, limit: i64) -> crate::Result<Vec<String>> {
    let total: i64 = conn.query_row("SELECT ifnull(sum(bytes), 0) FROM blobs", [], |r| r.get(0))?;
    let mut over = total - limit;
    if over <= 0 {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT hash, bytes FROM blobs WHERE uploaded = 1 ORDER BY last_used, hash")?;
    let rows: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (hash, bytes) in rows {
        if over <= 0 {
            break;
        }
        conn.prepare_cached("DELETE FROM blobs WHERE hash = ?1")?
            .execute([&hash])?;
        over -= bytes;
        out.push(hash);
    }
    Ok(out)
}

/// Forgets a blob no photo names any more (its file is the caller's to delete).
pub fn forget(conn: &Connection, hash: &str) -> crate::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM blobs WHERE hash = ?1 AND (origin = 'fetched' OR uploaded = 1)")?
        .execute([hash])?
        == 1)
}

/// Bytes held, and how many blobs.
pub fn held(conn: &Connection) -> crate::Result<(i64, i64)> {
    Ok(conn
        .query_row("SELECT ifnull(sum(bytes), 0), count(*) FROM blobs", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .unwrap_or((0, 0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_lets_the_least_recently_used_go_and_keeps_what_is_not_uploaded() {
        let dir = tempfile::tempdir().unwrap();
        let (conn, _) = crate::open(&dir.path().join("pos.db"), 0).unwrap();
        // Three fetched pictures of 100 bytes used at 1, 2, 3; one made here, not uploaded, used at 0.
        for (h, at) in [("a", 1), ("b", 2), ("c", 3)] {
            record(&conn, h, 100, Origin::Fetched, at).unwrap();
        }
        record(&conn, "mine", 100, Origin::Made, 0).unwrap();
        assert!(here(&conn, "a", 10).unwrap(), "a is used again: now the most recent");
        assert_eq!(held(&conn).unwrap(), (400, 4));
        assert_eq!(evict(&conn, 250).unwrap(), vec!["b".to_string(), "c".to_string()]);
        assert_eq!(held(&conn).unwrap(), (200, 2));
        assert_eq!(
            evict(&conn, 0).unwrap(),
            vec!["a".to_string()],
            "never what the server lacks"
        );
        assert_eq!(to_upload(&conn, 10).unwrap(), vec!["mine".to_string()]);
        uploaded(&conn, "mine").unwrap();
        assert_eq!(evict(&conn, 0).unwrap(), vec!["mine".to_string()]);
        // Wanted: fetched ones leave the list; those not found go to the back.
        want(&conn, "x", 1).unwrap();
        want(&conn, "y", 2).unwrap();
        not_found(&conn, "x").unwrap();
        assert_eq!(wanted(&conn, 10).unwrap(), vec!["y".to_string(), "x".to_string()]);
        record(&conn, "y", 5, Origin::Fetched, 3).unwrap();
        assert_eq!(wanted(&conn, 10).unwrap(), vec!["x".to_string()]);
    }

    #[test]
    fn a_blob_file_is_written_whole_once() {
        let dir = tempfile::tempdir().unwrap();
        let b = BlobDir::beside(&dir.path().join("pos.db"));
        let hash = "ab".repeat(32);
        b.put(&hash, b"one").unwrap();
        b.put(&hash, b"two").unwrap();
        assert_eq!(
            b.get(&hash).unwrap().unwrap(),
            b"one",
            "content-addressed: never rewritten"
        );
        assert!(dir.path().join("pos.db.blobs").join("ab").join(&hash).exists());
        let leftovers = std::fs::read_dir(dir.path().join("pos.db.blobs/ab")).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
        b.remove(&hash).unwrap();
        b.remove(&hash).unwrap();
        assert!(b.get(&hash).unwrap().is_none());
    }
}
