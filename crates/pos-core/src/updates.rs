//! Signed app updates from the store's own sync server.
//!
//! The desktop shell owns the installer (tauri-plugin-updater: download, signature check with the
//! key built into the app, install); the core decides who may update and from where. Only owners
//! and admins ([`Permission::UpdateApp`]), only from the server this terminal is enrolled with and
//! with its device token, so an update is never fetched from an address someone typed. Installing
//! does not restart the app: the counter restarts when it suits it (*restart now* after the
//! install, or the next start).

use crate::error::{CoreError, ErrorCode, Result};
use crate::permissions::Permission;
use crate::{Core, lock};
use serde::Serialize;
use std::sync::Arc;

/// The endpoint the shell's updater asks, relative to the sync server; the updater fills in the
/// `{{…}}` parts (the server's route is `/v1/update/{target}/{arch}/{bundle}/{current}`).
pub const ENDPOINT: &str = "/v1/update/{{target}}/{{arch}}/{{bundle_type}}/{{current_version}}";

/// A release the server offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Release {
    pub version: String,
    pub notes: String,
    /// RFC 3339, when the server gave one.
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpdateError {
    /// The server could not be reached or answered with an error.
    #[error("{0}")]
    Offline(String),
    /// The download does not carry a valid signature of this app's release key, or is not an
    /// installer for this kind of installation.
    #[error("{0}")]
    Rejected(String),
    /// Installing failed (refused permission, disk full, …).
    #[error("{0}")]
    Failed(String),
}

/// The installer, provided by the desktop shell.
pub trait AppUpdater: Send + Sync {
    fn current_version(&self) -> String;
    /// Whether this build carries a release public key (without one it cannot verify updates
    /// and installs none).
    fn can_verify(&self) -> bool;
    /// `endpoint` is [`ENDPOINT`] on the enrolled server; `token` the device token.
    fn check(&self, endpoint: &str, token: &str) -> std::result::Result<Option<Release>, UpdateError>;
    /// Downloads, verifies and installs the newer release; `progress(bytes so far, total)`.
    fn install(
        &self,
        endpoint: &str,
        token: &str,
        progress: &(dyn Fn(u64, Option<u64>) + Send + Sync),
    ) -> std::result::Result<Release, UpdateError>;
    /// Restarts the app (after an install).
    fn restart(&self);
}

/// What the *App updates* panel shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
pub struct UpdateStatus {
    /// The running version.
    pub current: String,
    /// Why updates cannot be checked here: `browser` (not the desktop app), `no_key` (a build
    /// without a release key), `not_linked` (the store has no sync server). None when they can.
    pub blocked: Option<String>,
    /// The newer release found by the last check.
    pub available: Option<Release>,
    pub checked_at: Option<i64>,
    pub installing: bool,
    pub downloaded: u64,
    pub total: Option<u64>,
    /// The version installed by this run: restart to use it.
    pub installed: Option<String>,
}

pub(crate) type Progress = std::sync::Mutex<UpdateStatus>;

fn unavailable(en: &str, id: &str) -> CoreError {
    CoreError::new(ErrorCode::Unavailable, en, id)
}

fn update_error(e: UpdateError) -> CoreError {
    tracing::warn!(error = %e, "app update");
    match e {
        UpdateError::Offline(d) => unavailable(
            &format!("The update server cannot be reached ({d}). Try again when the terminal is online."),
            &format!("Server pembaruan tidak dapat dihubungi ({d}). Coba lagi saat terminal online."),
        ),
        UpdateError::Rejected(d) => CoreError::new(
            ErrorCode::Invalid,
            format!(
                "The update was refused: it is not signed by Hurtrock's release key, or not an installer for this kind of installation ({d}). Nothing was installed."
            ),
            format!(
                "Pembaruan ditolak: tidak ditandatangani kunci rilis Hurtrock, atau bukan installer untuk jenis pemasangan ini ({d}). Tidak ada yang dipasang."
            ),
        ),
        UpdateError::Failed(d) => CoreError::new(
            ErrorCode::Internal,
            format!("The update could not be installed ({d}). The current version keeps running."),
            format!("Pembaruan gagal dipasang ({d}). Versi sekarang tetap berjalan."),
        ),
    }
}

impl Core {
    /// The shell's installer; None in the browser build.
    pub fn set_updater(&self, updater: Option<Arc<dyn AppUpdater>>) {
        *lock(&self.updater) = updater;
    }

    /// The updater and where to ask, or why updates cannot be checked.
    fn update_source(&self) -> std::result::Result<(Arc<dyn AppUpdater>, String, String), &'static str> {
        let updater = lock(&self.updater).clone().ok_or("browser")?;
        if !updater.can_verify() {
            return Err("no_key");
        }
        let creds = pos_sync::Local::credentials(self).ok_or("not_linked")?;
        let endpoint = format!("{}{ENDPOINT}", creds.server.trim_end_matches('/'));
        Ok((updater, endpoint, creds.token))
    }

    fn update_snapshot(&self) -> UpdateStatus {
        let mut s = lock(&self.update).clone();
        s.current = lock(&self.updater)
            .as_ref()
            .map(|u| u.current_version())
            .unwrap_or_else(|| env!("CARGO_PKG_VERSION").to_string());
        s.blocked = self.update_source().err().map(str::to_string);
        s
    }

    /// The panel's state, without asking the server.
    pub fn update_status(&self, token: Option<&str>) -> Result<UpdateStatus> {
        self.authorize_poll(token, Permission::UpdateApp)?;
        Ok(self.update_snapshot())
    }

    /// Asks the store's server for a newer release.
    pub fn update_check(&self, token: Option<&str>) -> Result<UpdateStatus> {
        self.authorize_poll(token, Permission::UpdateApp)?;
        let (updater, endpoint, device_token) = match self.update_source() {
            Ok(s) => s,
            Err(_) => return Ok(self.update_snapshot()),
        };
        let found = updater.check(&endpoint, &device_token).map_err(update_error)?;
        {
            let mut s = lock(&self.update);
            s.available = found;
            s.checked_at = Some(self.now());
        }
        Ok(self.update_snapshot())
    }

    /// Downloads, verifies and installs the newer release, then audits it. The app keeps running
    /// the old version until it restarts.
    pub fn update_install(&self, token: Option<&str>) -> Result<UpdateStatus> {
        let session = self.authorize(token, Permission::UpdateApp)?;
        let (updater, endpoint, device_token) = self.update_source().map_err(|why| match why {
            "no_key" => unavailable(
                "This build carries no release key, so it cannot verify updates; install new versions with the installer.",
                "Versi ini tidak membawa kunci rilis sehingga tidak bisa memeriksa pembaruan; pasang versi baru dengan installer.",
            ),
            "not_linked" => unavailable(
                "Updates come from the store's sync server: link the store first (Sync).",
                "Pembaruan datang dari server sinkronisasi toko: hubungkan toko dulu (Sinkronisasi).",
            ),
            _ => unavailable(
                "Updates are installed by the desktop app.",
                "Pembaruan dipasang oleh aplikasi desktop.",
            ),
        })?;
        {
            let mut s = lock(&self.update);
            if s.installing {
                return Err(CoreError::new(
                    ErrorCode::Duplicate,
                    "An update is already being installed.",
                    "Pembaruan sedang dipasang.",
                ));
            }
            s.installing = true;
            s.downloaded = 0;
            s.total = None;
        }
        let progress = |done: u64, total: Option<u64>| {
            let mut s = lock(&self.update);
            s.downloaded = done;
            s.total = total;
        };
        let result = updater.install(&endpoint, &device_token, &progress);
        {
            let mut s = lock(&self.update);
            s.installing = false;
            if let Ok(r) = &result {
                s.installed = Some(r.version.clone());
                s.available = None;
            }
        }
        let release = result.map_err(update_error)?;
        let from = updater.current_version();
        self.write(|tx| {
            self.audit(
                tx,
                Some(&session.user.id),
                "app.update_installed",
                ("app", Some(&release.version)),
                Some(serde_json::json!({ "version": from })),
                Some(serde_json::json!({ "version": release.version })),
            )
        })?;
        Ok(self.update_snapshot())
    }

    /// Restarts into the installed version.
    pub fn update_restart(&self, token: Option<&str>) -> Result<crate::Empty> {
        self.authorize(token, Permission::UpdateApp)?;
        if lock(&self.update).installed.is_none() {
            return Err(CoreError::invalid(
                "update",
                "No update was installed; nothing to restart for.",
                "Belum ada pembaruan yang dipasang.",
            ));
        }
        if let Some(u) = lock(&self.updater).clone() {
            u.restart();
        }
        Ok(crate::Empty {})
    }
}
