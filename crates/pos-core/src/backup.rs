//! The owner's own copy: books are kept ten years and a till's disk can die any day. One click or a
//! daily schedule copies this terminal's database to a chosen folder (a USB drive, a shared
//! folder) while the till keeps selling, checks the copy and keeps the newest in rotation; a copy
//! can be read back to see what it holds and restored, saying what sync will bring back; every
//! table can be exported as CSV with a manifest. Owners and admins, with the password.

use crate::error::{CoreError, ErrorCode, Result};
use crate::permissions::Permission;
use crate::{Core, lock};
pub use pos_store::backup::{Contents, Copy};
pub use pos_store::export::Manifest as ExportManifest;
use pos_store::settings;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Copies kept in the folder unless the owner says otherwise.
pub const DEFAULT_KEEP: i64 = 14;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BackupSettings {
    /// Where copies go (a folder on this computer or a mounted USB drive); None: not set up.
    pub folder: Option<String>,
    /// Take one copy each day the app runs (WIB day).
    pub daily: bool,
    /// Copies kept in the folder (the oldest go).
    pub keep: i64,
    pub last_at: Option<i64>,
    pub last_error: Option<String>,
}

/// How far the copy or export in progress has come.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Progress {
    pub running: bool,
    /// "backup" or "export".
    pub what: String,
    pub done: i64,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BackupTaken {
    pub copy: Copy,
    pub contents: Contents,
    /// Old copies removed to keep the rotation.
    pub removed: i64,
}

/// A copy in the folder and what it holds (or why it cannot be read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BackupEntry {
    pub copy: Copy,
    pub contents: Option<Contents>,
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BackupPath {
    pub path: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct RestoreRequest {
    pub path: String,
    /// The person has read what the copy holds and what will come back, and confirms.
    pub confirm: bool,
}

/// What restoring a copy means, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RestorePlan {
    pub copy: Contents,
    pub now: Contents,
    /// Records this terminal made since the copy (they are on the sync server if they were sent;
    /// they come back at the next sync).
    pub made_here_since: i64,
    /// Of those, still waiting to be sent now: lost with the restore unless a sync runs first.
    pub unsent_now: i64,
    /// Whether this terminal is linked to a sync server (what others made comes back by pulling).
    pub linked: bool,
    /// The copy of the current file taken before restoring (when restored).
    pub safety_copy: Option<Copy>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct TablesExport {
    pub folder: String,
}

fn not_here() -> CoreError {
    CoreError::new(
        ErrorCode::Unavailable,
        "This app has no database file to copy (it runs in memory).",
        "Aplikasi ini tidak punya berkas basis data untuk disalin.",
    )
}

fn failed(e: impl std::fmt::Display) -> CoreError {
    CoreError::new(
        ErrorCode::Invalid,
        format!("The copy failed: {e}"),
        format!("Penyalinan gagal: {e}"),
    )
}

fn folder_of(settings: &BackupSettings) -> Result<PathBuf> {
    settings.folder.as_deref().map(PathBuf::from).ok_or_else(|| {
        CoreError::invalid(
            "folder",
            "Choose a folder for the copies first",
            "Pilih folder untuk salinan dulu",
        )
    })
}

fn check_folder(folder: &str) -> Result<String> {
    let f = folder.trim();
    if f.is_empty() || f.chars().count() > 500 || !std::path::Path::new(f).is_absolute() {
        return Err(CoreError::invalid(
            "folder",
            "Give the full path of a folder (a USB drive, a shared folder)",
            "Isi jalur lengkap sebuah folder (flashdisk, folder bersama)",
        ));
    }
    Ok(f.to_string())
}

impl Core {
    fn db_file(&self) -> Result<PathBuf> {
        self.db_path.clone().ok_or_else(not_here)
    }

    fn read_backup_settings(&self) -> Result<BackupSettings> {
        self.read(|c| {
            let get = |k: &str| settings::device(c, k);
            Ok(BackupSettings {
                folder: get("backup_folder")?,
                daily: get("backup_daily")?.as_deref() == Some("1"),
                keep: get("backup_keep")?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_KEEP),
                last_at: get("backup_last_at")?.and_then(|v| v.parse().ok()),
                last_error: get("backup_last_error")?,
            })
        })
    }

    pub fn backup_settings(&self, token: Option<&str>) -> Result<BackupSettings> {
        self.authorize(token, Permission::Backup)?;
        self.read_backup_settings()
    }

    pub fn set_backup_settings(&self, token: Option<&str>, req: BackupSettings) -> Result<BackupSettings> {
        let s = self.authorize(token, Permission::Backup)?;
        let folder = req.folder.as_deref().map(check_folder).transpose()?;
        let keep = crate::error::bounded("keep", ("Copies kept", "Salinan disimpan"), req.keep, 1, 365)?;
        self.write(|tx| {
            match &folder {
                Some(f) => settings::set_device(tx, "backup_folder", f)?,
                None => settings::clear_device(tx, "backup_folder")?,
            }
            settings::set_device(tx, "backup_daily", if req.daily { "1" } else { "0" })?;
            settings::set_device(tx, "backup_keep", &keep.to_string())?;
            let after = serde_json::json!({ "folder": folder, "daily": req.daily, "keep": keep });
            self.audit(
                tx,
                Some(&s.user.id),
                "backup.settings",
                ("device", None),
                None,
                Some(after),
            )
        })?;
        self.read_backup_settings()
    }

    pub fn backup_progress(&self, token: Option<&str>) -> Result<Progress> {
        self.authorize_poll(token, Permission::Backup)?;
        Ok(lock(&self.backup).clone())
    }

    /// One copy now, into the folder, checked, with the rotation kept.
    pub fn backup_now(&self, token: Option<&str>) -> Result<BackupTaken> {
        let s = self.authorize(token, Permission::Backup)?;
        let taken = self.take_backup()?;
        self.write(|tx| {
            let after = serde_json::json!({ "file": taken.copy.file_name, "bytes": taken.copy.bytes });
            self.audit(
                tx,
                Some(&s.user.id),
                "backup.taken",
                ("device", None),
                None,
                Some(after),
            )
        })?;
        Ok(taken)
    }

    /// The daily copy, when it is due (the shell asks every half hour): none yet today (WIB).
    /// Returns whether one was taken.
    pub fn backup_if_due(&self) -> Result<bool> {
        let st = self.read_backup_settings()?;
        if !st.daily || st.folder.is_none() || self.db_path.is_none() {
            return Ok(false);
        }
        let today = pos_domain::wib_date(self.clock.now());
        if st
            .last_at
            .is_some_and(|at| pos_domain::clock::wib_date_of_ms(at) == today)
        {
            return Ok(false);
        }
        self.take_backup().map(|_| true)
    }

    fn take_backup(&self) -> Result<BackupTaken> {
        let st = self.read_backup_settings()?;
        let folder = folder_of(&st)?;
        let db = self.db_file()?;
        {
            let mut p = lock(&self.backup);
            if p.running {
                return Err(CoreError::invalid(
                    "backup",
                    "A copy or an export is already running",
                    "Salinan atau ekspor sedang berjalan",
                ));
            }
            *p = Progress {
                running: true,
                what: "backup".into(),
                done: 0,
                total: 0,
            };
        }
        let label = self
            .read(|c| {
                let branch = Core::branch(c).unwrap_or_else(|_| "STORE".into());
                Ok(format!("{branch}-{}", crate::counter::settings::terminal(c)?))
            })
            .unwrap_or_else(|_| "store".into());
        let now = self.now();
        let dest = folder.join(pos_store::backup::file_name(&label, now));
        let progress = |done: i64, total: i64| {
            let mut p = lock(&self.backup);
            p.done = done;
            p.total = total;
        };
        let result = pos_store::backup::copy(&db, &dest, &progress);
        lock(&self.backup).running = false;
        let outcome = result.map_err(failed).and_then(|contents| {
            let removed = pos_store::backup::rotate(&folder, st.keep.max(1) as usize).map_err(failed)? as i64;
            let copy = pos_store::backup::list(&folder)
                .map_err(failed)?
                .into_iter()
                .find(|c| c.path == dest.to_string_lossy())
                .ok_or_else(|| failed("the copy is not in the folder"))?;
            Ok(BackupTaken {
                copy,
                contents,
                removed,
            })
        });
        let (at, error) = match &outcome {
            Ok(_) => (Some(now.to_string()), None),
            Err(e) => (None, Some(e.en.clone())),
        };
        self.write(|tx| {
            if let Some(at) = &at {
                settings::set_device(tx, "backup_last_at", at)?;
                settings::clear_device(tx, "backup_last_error")?;
            }
            if let Some(e) = &error {
                settings::set_device(tx, "backup_last_error", e)?;
            }
            Ok(())
        })?;
        outcome
    }

    /// The copies in the folder, newest first, each with what it holds.
    pub fn list_backups(&self, token: Option<&str>) -> Result<Vec<BackupEntry>> {
        self.authorize(token, Permission::Backup)?;
        let st = self.read_backup_settings()?;
        let Some(folder) = st.folder.as_deref() else {
            return Ok(Vec::new());
        };
        Ok(pos_store::backup::list(std::path::Path::new(folder))
            .map_err(failed)?
            .into_iter()
            .map(
                |copy| match pos_store::backup::contents(std::path::Path::new(&copy.path)) {
                    Ok(c) => BackupEntry {
                        copy,
                        contents: Some(c),
                        problem: None,
                    },
                    Err(e) => BackupEntry {
                        copy,
                        contents: None,
                        problem: Some(e.to_string()),
                    },
                },
            )
            .collect())
    }

    /// What restoring `path` would mean (nothing changes).
    pub fn restore_plan(&self, token: Option<&str>, req: BackupPath) -> Result<RestorePlan> {
        self.authorize(token, Permission::Backup)?;
        self.plan(&req.path)
    }

    fn plan(&self, path: &str) -> Result<RestorePlan> {
        let copy = pos_store::backup::verify(std::path::Path::new(path)).map_err(failed)?;
        let now = self.read(|c| {
            let waiting = pos_store::outbox::count(c)?;
            let counter = pos_store::outbox::counter(c)?;
            let linked = pos_sync::local::state(c, "device_id")?.is_some();
            Ok((waiting, counter, linked))
        })?;
        let here = pos_store::backup::contents(&self.db_file()?).map_err(failed)?;
        Ok(RestorePlan {
            made_here_since: (now.1 - copy.sync_counter).max(0),
            unsent_now: now.0,
            linked: now.2,
            copy,
            now: here,
            safety_copy: None,
        })
    }

    /// Replaces this terminal's database with a copy: a copy of the current file is taken first
    /// (into the backup folder, or beside the database), the chosen copy is checked and read into
    /// the live file, brought up to this version's schema, and everyone signs in again. What this
    /// terminal sent since the copy comes back from the sync server at the next sync.
    pub fn restore_backup(&self, token: Option<&str>, req: RestoreRequest) -> Result<RestorePlan> {
        let s = self.authorize(token, Permission::Backup)?;
        let mut plan = self.plan(&req.path)?;
        if !req.confirm {
            return Err(CoreError::invalid(
                "confirm",
                "Read what the copy holds, then confirm the restore",
                "Baca isi salinan, lalu konfirmasi pemulihan",
            ));
        }
        let db = self.db_file()?;
        let st = self.read_backup_settings()?;
        let safety_dir = st
            .folder
            .as_deref()
            .map(PathBuf::from)
            .unwrap_or_else(|| db.parent().map(|p| p.to_path_buf()).unwrap_or_default());
        let safety = safety_dir.join(pos_store::backup::file_name("before-restore", self.now()));
        pos_store::backup::copy(&db, &safety, &|_, _| {}).map_err(failed)?;
        plan.safety_copy = pos_store::backup::list(&safety_dir)
            .ok()
            .and_then(|l| l.into_iter().find(|c| c.path == safety.to_string_lossy()));
        {
            let mut conn = lock(&self.db);
            pos_store::backup::restore_into(&mut conn, std::path::Path::new(&req.path)).map_err(failed)?;
            pos_store::migrate(&mut conn)?;
        }
        lock(&self.sessions).clear();
        self.settings_changed();
        self.write(|tx| {
            let after = serde_json::json!({ "from": req.path, "safety_copy": safety.to_string_lossy() });
            // The person is named when the copy knows them (it may be older than their account).
            let known = pos_store::users::by_id(tx, &s.user.id)?.is_some();
            let by = known.then_some(s.user.id.as_str());
            self.audit(tx, by, "backup.restored", ("device", None), None, Some(after))
        })?;
        self.nudge_sync();
        Ok(plan)
    }

    /// Every table as CSV with a manifest, into `folder` (for an accountant or another system).
    pub fn export_all(&self, token: Option<&str>, req: TablesExport) -> Result<ExportManifest> {
        let s = self.authorize(token, Permission::Backup)?;
        let folder = check_folder(&req.folder)?;
        {
            let mut p = lock(&self.backup);
            if p.running {
                return Err(CoreError::invalid(
                    "backup",
                    "A copy or an export is already running",
                    "Salinan atau ekspor sedang berjalan",
                ));
            }
            *p = Progress {
                running: true,
                what: "export".into(),
                done: 0,
                total: 0,
            };
        }
        let now = self.now();
        let dir = PathBuf::from(folder).join(format!("hurtrock-export-{now}"));
        // A reading connection of its own: the till keeps selling meanwhile.
        let result = (|| {
            let conn = pos_store::rusqlite::Connection::open_with_flags(
                self.db_file()?,
                pos_store::rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )?;
            conn.execute_batch("BEGIN")?;
            let progress = |done: i64, total: i64| {
                let mut p = lock(&self.backup);
                p.done = done;
                p.total = total;
            };
            Ok::<_, CoreError>(pos_store::export::export_tables(&conn, &dir, now, &progress)?)
        })();
        lock(&self.backup).running = false;
        let manifest = result?;
        self.write(|tx| {
            let after = serde_json::json!({ "folder": dir.to_string_lossy(), "tables": manifest.tables.len() });
            self.audit(
                tx,
                Some(&s.user.id),
                "backup.exported",
                ("device", None),
                None,
                Some(after),
            )
        })?;
        Ok(manifest)
    }

    /// Starts the daily copy's schedule on a thread of its own: every half hour it asks whether a
    /// copy is due. It ends when the app does.
    pub fn start_backup_schedule(self: &std::sync::Arc<Self>) {
        let core = std::sync::Arc::downgrade(self);
        let _ = std::thread::Builder::new()
            .name("backup-schedule".into())
            .spawn(move || {
                loop {
                    let Some(c) = core.upgrade() else { return };
                    if let Err(e) = c.backup_if_due() {
                        tracing::warn!(error = %e.en, "the daily copy failed");
                    }
                    drop(c);
                    std::thread::sleep(std::time::Duration::from_secs(30 * 60));
                }
            });
    }
}
