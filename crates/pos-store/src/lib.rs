//! The local SQLite store: opening the one database file (WAL, foreign keys, a copy taken before
//! any migration), the migrations from `migrations/local`, and one module per table with its SQL.
//! Functions take a `&Connection` (a `Transaction` derefs to one) so use cases in `pos-core`
//! compose several writes atomically. Must not depend on Tauri, HTTP or the system clock.

pub mod audit;
pub mod backup;
pub mod blobs;
pub mod bookings;
pub mod categories;
pub mod chat;
pub mod counts;
pub mod customers;
pub mod export;
pub mod label_jobs;
pub mod order_lines;
pub mod orders;
pub mod outbox;
pub mod parked_sales;
pub mod photos;
pub mod price_scope;
pub mod products;
pub mod profile;
pub mod pulled;
pub mod purchasing;
pub mod reporting;
pub mod reports;
pub mod review;
pub mod sales;
pub mod settings;
pub mod shelf_labels;
pub mod shifts;
pub mod stock;
pub mod suppliers;
pub mod synced;
pub mod trade;
pub mod users;

use rusqlite::Connection;
use std::path::{Path, PathBuf};

pub use rusqlite;

mod embedded {
    refinery::embed_migrations!("../../migrations/local");
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("could not back up the database before migrating: {0}")]
    Backup(String),
    #[error("a stored value is corrupt: {0}")]
    Corrupt(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How many copies taken before migrations are kept beside the database.
pub const PRE_MIGRATION_COPIES: usize = 3;

/// What happened when the file was opened.
#[derive(Debug, Clone, Default)]
pub struct OpenReport {
    pub applied: Vec<String>,
    pub backup: Option<PathBuf>,
}

/// Opens (creating if needed) the database at `path`, sets the pragmas and migrates it. Before any
/// migration runs on a file that already holds data, a consistent copy is written beside it
/// (`<file>.pre-V<n>-<unix ms>.bak`), so a failed upgrade never costs the shop its data.
pub fn open(path: &Path, now_ms: i64) -> Result<(Connection, OpenReport)> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Migration(e.to_string()))?;
    }
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    let mut report = OpenReport::default();
    let runner = embedded::migrations::runner();
    let pending = pending_versions(&conn, &runner)?;
    if !pending.is_empty() && has_history(&conn)? {
        let first = pending[0];
        let backup = backup_path(path, first, now_ms);
        conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])
            .map_err(|e| StoreError::Backup(e.to_string()))?;
        report.backup = Some(backup);
    }
    let applied = runner
        .run(&mut conn)
        .map_err(|e| StoreError::Migration(e.to_string()))?;
    report.applied = applied.applied_migrations().iter().map(|m| m.to_string()).collect();
    // The copies taken before migrations are kept for the last three upgrades, no more.
    backup::rotate_pre_migration(path, PRE_MIGRATION_COPIES);
    reporting::build_if_needed(&conn)?;
    Ok((conn, report))
}

/// Brings a connection's schema up to date (after a copy from an older version was restored into
/// it) and builds what is derived from the facts.
pub fn migrate(conn: &mut Connection) -> Result<Vec<String>> {
    let applied = embedded::migrations::runner()
        .run(conn)
        .map_err(|e| StoreError::Migration(e.to_string()))?;
    reporting::build_if_needed(conn)?;
    Ok(applied.applied_migrations().iter().map(|m| m.to_string()).collect())
}

/// Migrates a connection only up to `version`: for making the fixtures of released schema versions
/// that the migration tests upgrade (`pos-core/tests/migrations.rs`).
#[doc(hidden)]
pub fn migrate_to_version(conn: &mut Connection, version: u32) -> Result<()> {
    embedded::migrations::runner()
        .set_target(refinery::Target::Version(version as i32))
        .run(conn)
        .map_err(|e| StoreError::Migration(e.to_string()))?;
    Ok(())
}

/// A second, read-only connection to an open database file, for reports, the dashboard and
/// exports: in WAL mode it reads a consistent snapshot beside the writer, so a long report never
/// holds the lock that the till's checkout waits for (and can never write by mistake).
pub fn open_reader(path: &Path) -> Result<Connection> {
    use rusqlite::OpenFlags;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.execute_batch(
        "PRAGMA busy_timeout = 5000;
         PRAGMA query_only = ON;
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(conn)
}

/// An in-memory database with the full schema, for tests of the layers above.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    embedded::migrations::runner()
        .run(&mut conn)
        .map_err(|e| StoreError::Migration(e.to_string()))?;
    reporting::build_if_needed(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    // WAL lets readers proceed during a write. FULL: every commit is on the disk before it
    // returns. Nearly every write queues a sync record, and what was pushed must survive a power
    // cut (in WAL mode NORMAL may lose the last commits, and the server would hold records the
    // terminal no longer has). busy_timeout covers a second process (a backup, the web test
    // server) touching the file.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA busy_timeout = 5000;
         PRAGMA temp_store = MEMORY;",
    )?;
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    if fk != 1 {
        return Err(StoreError::Migration("foreign keys could not be enabled".into()));
    }
    Ok(())
}

fn has_history(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history'",
        [],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

fn pending_versions(conn: &Connection, runner: &refinery::Runner) -> Result<Vec<i32>> {
    let applied: Vec<i32> = if has_history(conn)? {
        let mut stmt = conn.prepare("SELECT version FROM refinery_schema_history")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    } else {
        Vec::new()
    };
    let mut pending: Vec<i32> = runner
        .get_migrations()
        .iter()
        .map(|m| m.version())
        .filter(|v| !applied.contains(v))
        .collect();
    pending.sort_unstable();
    Ok(pending)
}

fn backup_path(path: &Path, version: i32, now_ms: i64) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".pre-V{version}-{now_ms}.bak"));
    path.with_file_name(name)
}

/// Maps a unique-constraint failure to the name of the column it guards, so use cases can tell
/// the user "that SKU is taken" rather than "constraint failed".
pub fn unique_violation(err: &rusqlite::Error) -> Option<String> {
    if let rusqlite::Error::SqliteFailure(e, Some(msg)) = err
        && e.code == rusqlite::ErrorCode::ConstraintViolation
        && msg.starts_with("UNIQUE constraint failed")
    {
        return msg.rsplit('.').next().map(str::to_string);
    }
    None
}

/// serde's default for a flag that was on before it existed.
pub(crate) fn yes() -> bool {
    true
}

pub(crate) fn bool_of(v: i64) -> bool {
    v != 0
}
