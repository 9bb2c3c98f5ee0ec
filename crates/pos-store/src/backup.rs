//! The owner's own copy of the database: taken with SQLite's online backup API from a connection
//! of its own (WAL: the till keeps selling while it runs), verified after writing (it opens, its
//! integrity check passes, its schema is this app's), kept in rotation in a chosen folder; read
//! back to say what a copy holds; restored into the live connection. The copies made before a
//! migration (beside the database) are rotated too.

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the backup folder cannot be used: {0}")]
    Folder(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the copy failed its check: {0}")]
    Verify(String),
    #[error("not a Hurtrock database: {0}")]
    NotOurs(String),
}

pub type Result<T> = std::result::Result<T, BackupError>;

/// File names of copies: `hurtrock-<label>-<UTC yyyymmdd-hhmmss>.db`.
pub const PREFIX: &str = "hurtrock-";
pub const SUFFIX: &str = ".db";

/// What a copy holds, read from the copy itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Contents {
    /// The last migration applied to it.
    pub schema_version: i64,
    pub sales: i64,
    pub returns: i64,
    pub products: i64,
    pub users: i64,
    pub orders: i64,
    pub stock_movements: i64,
    /// The newest sale in it (UTC ms).
    pub last_sale_at: Option<i64>,
    /// Records this terminal had numbered for sync when the copy was taken, and how many of them
    /// were still waiting to be sent.
    pub sync_counter: i64,
    pub sync_waiting: i64,
    pub branch: Option<String>,
    pub terminal: Option<String>,
}

/// Reads what a database file holds (opened read-only).
pub fn contents(path: &Path) -> Result<Contents> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| BackupError::NotOurs(e.to_string()))?;
    contents_of(&conn)
}

fn contents_of(conn: &Connection) -> Result<Contents> {
    let has = |t: &str| -> Result<bool> {
        Ok(conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [t],
                |_| Ok(()),
            )
            .optional()
            .map_err(|e| BackupError::NotOurs(e.to_string()))?
            .is_some())
    };
    if !has("refinery_schema_history")? || !has("users")? {
        return Err(BackupError::NotOurs("it has no Hurtrock schema".into()));
    }
    let count = |t: &str| -> Result<i64> {
        if !has(t)? {
            return Ok(0);
        }
        Ok(conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?)
    };
    let opt_text = |sql: &str| -> Option<String> { conn.query_row(sql, [], |r| r.get(0)).ok() };
    Ok(Contents {
        schema_version: conn.query_row("SELECT max(version) FROM refinery_schema_history", [], |r| r.get(0))?,
        sales: count("sales")?,
        returns: count("returns")?,
        products: count("products")?,
        users: count("users")?,
        orders: count("orders")?,
        stock_movements: count("stock_movements")?,
        last_sale_at: if has("sales")? {
            conn.query_row("SELECT max(at) FROM sales", [], |r| r.get(0))?
        } else {
            None
        },
        sync_counter: if has("outbox_counter")? {
            conn.query_row("SELECT ifnull(max(last), 0) FROM outbox_counter", [], |r| r.get(0))?
        } else {
            0
        },
        sync_waiting: count("outbox")?,
        branch: opt_text("SELECT branch_code FROM store_profile WHERE id = 1"),
        terminal: opt_text("SELECT value FROM device_settings WHERE key = 'terminal'"),
    })
}

/// Copies the live database at `db` into `dest` through a connection of its own, reporting
/// (pages done, pages in all) as it goes, then checks the copy. Writers on other connections go on
/// meanwhile (a write between steps makes SQLite start the copy again, which is reported too).
pub fn copy(db: &Path, dest: &Path, progress: &dyn Fn(i64, i64)) -> Result<Contents> {
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(|e| BackupError::Folder(format!("{}: {e}", dir.display())))?;
    }
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    {
        let src = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        src.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut dst = Connection::open(&partial)?;
        let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
        loop {
            use rusqlite::backup::StepResult;
            let step = backup.step(256)?;
            let p = backup.progress();
            progress(i64::from(p.pagecount - p.remaining), i64::from(p.pagecount));
            match step {
                StepResult::Done => break,
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked => std::thread::sleep(std::time::Duration::from_millis(20)),
                _ => {}
            }
        }
    }
    let contents = verify(&partial)?;
    // On the disk before it gets its final name: a copy is either whole or absent.
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(|e| BackupError::Folder(e.to_string()))?;
    std::fs::rename(&partial, dest).map_err(|e| BackupError::Folder(e.to_string()))?;
    if let Some(dir) = dest.parent() {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(contents)
}

/// Opens a copy and checks it: SQLite's integrity check passes and it has this app's schema.
pub fn verify(path: &Path) -> Result<Contents> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| BackupError::Verify(e.to_string()))?;
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| BackupError::Verify(e.to_string()))?;
    if check != "ok" {
        return Err(BackupError::Verify(check));
    }
    contents_of(&conn)
}

/// Reads a verified copy back into the live connection (all of it, replacing what is there).
pub fn restore_into(conn: &mut Connection, from: &Path) -> Result<()> {
    verify(from)?;
    conn.restore(rusqlite::MAIN_DB, from, None::<fn(rusqlite::backup::Progress)>)?;
    Ok(())
}

/// A copy in the folder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Copy {
    pub file_name: String,
    pub path: String,
    pub bytes: i64,
    /// When it was written (UTC ms, from the file).
    pub modified_at: i64,
}

/// The copies in `dir`, newest first.
pub fn list(dir: &Path) -> Result<Vec<Copy>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
            continue;
        }
        let Ok(meta) = e.metadata() else { continue };
        let modified_at = meta
            .modified()
            .ok()
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as i64);
        out.push(Copy {
            file_name: name,
            path: e.path().to_string_lossy().into_owned(),
            bytes: meta.len() as i64,
            modified_at,
        });
    }
    out.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    Ok(out)
}

/// Keeps the newest `keep` copies in `dir` and removes the rest.
pub fn rotate(dir: &Path, keep: usize) -> Result<usize> {
    let copies = list(dir)?;
    let mut removed = 0;
    for c in copies.iter().skip(keep.max(1)) {
        if std::fs::remove_file(&c.path).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// The name of a copy taken at `now_ms` for `label` (the branch and terminal, say).
pub fn file_name(label: &str, now_ms: i64) -> String {
    let at = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(now_ms).unwrap_or_default();
    let label: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .take(40)
        .collect();
    format!("{PREFIX}{label}-{}{SUFFIX}", at.format("%Y%m%d-%H%M%S"))
}

/// Copies made before migrations, beside the database: the newest `keep` stay.
pub fn rotate_pre_migration(db: &Path, keep: usize) -> usize {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.pre-V", name.to_string_lossy());
    let mut found: Vec<(i64, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let rest = n.strip_prefix(&prefix)?.strip_suffix(".bak")?;
            let ms: i64 = rest.rsplit('-').next()?.parse().ok()?;
            Some((ms, e.path()))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found
        .iter()
        .skip(keep)
        .filter(|(_, p)| std::fs::remove_file(p).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_checked_listed_rotated_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pos.db");
        let (conn, _) = crate::open(&db, 0).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let folder = dir.path().join("copies");
        let seen = std::sync::Mutex::new(Vec::new());
        let progress = |done, all| seen.lock().unwrap().push((done, all));
        for i in 0..4 {
            let c = copy(&db, &folder.join(file_name("BDG1-T1", i * 1000)), &progress).unwrap();
            assert!(c.schema_version >= 7);
        }
        let (done, all) = *seen.lock().unwrap().last().unwrap();
        assert_eq!(done, all, "progress ends full");
        assert_eq!(list(&folder).unwrap().len(), 4);
        assert_eq!(rotate(&folder, 2).unwrap(), 2);
        let left = list(&folder).unwrap();
        assert_eq!(left.len(), 2);
        assert!(left[0].file_name > left[1].file_name, "newest first");
        assert!(left.iter().all(|c| c.file_name.starts_with("hurtrock-BDG1-T1-1970")));

        // A broken file is refused, never restored.
        let broken = folder.join("hurtrock-broken-x.db");
        std::fs::write(&broken, b"SQLite format 3\0 but then nothing").unwrap();
        assert!(verify(&broken).is_err());
        let mut live = conn;
        assert!(restore_into(&mut live, &broken).is_err());
        let x: i64 = live.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 1, "the live file is untouched");

        // A good copy restored replaces what is there.
        live.execute("UPDATE t SET x = 2", []).unwrap();
        restore_into(&mut live, Path::new(&left[0].path)).unwrap();
        let x: i64 = live.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 1);
    }

    #[test]
    fn copies_made_before_migrations_do_not_pile_up() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pos.db");
        std::fs::write(&db, b"").unwrap();
        for ms in [10, 20, 30, 40, 50] {
            std::fs::write(dir.path().join(format!("pos.db.pre-V{}-{ms}.bak", ms / 10)), b"x").unwrap();
        }
        std::fs::write(dir.path().join("other.db.pre-V1-5.bak"), b"x").unwrap();
        assert_eq!(rotate_pre_migration(&db, 3), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "other.db.pre-V1-5.bak",
                "pos.db",
                "pos.db.pre-V3-30.bak",
                "pos.db.pre-V4-40.bak",
                "pos.db.pre-V5-50.bak"
            ]
        );
    }
}
