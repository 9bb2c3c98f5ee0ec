//! The core's [`AppUpdater`] on tauri-plugin-updater: ask the store's sync server, download,
//! verify the minisign signature with the release key built into this binary, install.
//!
//! The key is the base64 public key from `tauri signer generate`, given at build time as
//! `HURTROCK_UPDATE_PUBKEY`; a build without it installs no updates (it cannot verify them). The
//! signature must name the version it was signed for (`requireSignedVersion`), so an old, validly
//! signed release cannot be passed off as a newer one.

use pos_core::updates::{AppUpdater, Release, UpdateError};
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Error, UpdaterExt};

/// The release key this binary was built with.
pub const BUILT_IN_KEY: Option<&str> = option_env!("HURTROCK_UPDATE_PUBKEY");

pub struct TauriUpdater<R: Runtime> {
    app: AppHandle<R>,
    pubkey: Option<String>,
}

impl<R: Runtime> TauriUpdater<R> {
    pub fn new(app: AppHandle<R>, pubkey: Option<&str>) -> Self {
        TauriUpdater {
            app,
            pubkey: pubkey.map(str::trim).filter(|k| !k.is_empty()).map(String::from),
        }
    }

    fn updater(&self, endpoint: &str, token: &str) -> Result<tauri_plugin_updater::Updater, UpdateError> {
        let key = self
            .pubkey
            .clone()
            .ok_or_else(|| UpdateError::Failed("no release key".into()))?;
        let url = endpoint
            .parse()
            .map_err(|e| UpdateError::Failed(format!("{endpoint}: {e}")))?;
        self.app
            .updater_builder()
            .pubkey(key)
            .endpoints(vec![url])
            .and_then(|b| b.header("authorization", format!("Bearer {token}")))
            .map(|b| b.timeout(Duration::from_secs(120)))
            .and_then(|b| b.build())
            .map_err(classify)
    }

    /// The newer release, if any. The device token rides on every request the plugin makes, so
    /// both the endpoint and the download address must be https (or this computer): a server
    /// that hands out a plain-http link elsewhere is refused before anything is fetched from it.
    fn find(&self, endpoint: &str, token: &str) -> Result<Option<tauri_plugin_updater::Update>, UpdateError> {
        if pos_core::sync::check_server(endpoint).is_err() {
            return Err(UpdateError::Rejected(format!("{endpoint} is not an https address")));
        }
        let updater = self.updater(endpoint, token)?;
        let found = block_on(updater.check()).map_err(classify)?;
        if let Some(u) = &found
            && pos_core::sync::check_server(u.download_url.as_str()).is_err()
        {
            return Err(UpdateError::Rejected(format!(
                "the server offers the update at {}, not an https address: the device token is not sent there",
                u.download_url
            )));
        }
        Ok(found)
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    // Core commands run on blocking threads of Tauri's runtime, where waiting is allowed.
    tauri::async_runtime::handle().block_on(f)
}

fn release(u: &tauri_plugin_updater::Update) -> Release {
    Release {
        version: u.version.clone(),
        notes: u.body.clone().unwrap_or_default(),
        date: u
            .date
            .and_then(|d| d.format(&time::format_description::well_known::Rfc3339).ok()),
    }
}

/// Signature and format failures are refusals; transport failures are "offline".
fn classify(e: Error) -> UpdateError {
    let text = e.to_string();
    match e {
        Error::Minisign(_)
        | Error::Base64(_)
        | Error::SignatureUtf8(_)
        | Error::SignedVersionMismatch { .. }
        | Error::MissingSignedVersion
        | Error::InvalidUpdaterFormat => UpdateError::Rejected(text),
        Error::Reqwest(_) | Error::Network(_) | Error::ReleaseNotFound | Error::InsecureTransportProtocol => {
            UpdateError::Offline(text)
        }
        _ => UpdateError::Failed(text),
    }
}

impl<R: Runtime> AppUpdater for TauriUpdater<R> {
    fn current_version(&self) -> String {
        self.app.package_info().version.to_string()
    }

    fn can_verify(&self) -> bool {
        self.pubkey.is_some()
    }

    fn check(&self, endpoint: &str, token: &str) -> Result<Option<Release>, UpdateError> {
        Ok(self.find(endpoint, token)?.as_ref().map(release))
    }

    fn install(
        &self,
        endpoint: &str,
        token: &str,
        progress: &(dyn Fn(u64, Option<u64>) + Send + Sync),
    ) -> Result<Release, UpdateError> {
        let update = self
            .find(endpoint, token)?
            .ok_or_else(|| UpdateError::Failed("the server offers no newer version".into()))?;
        let mut done = 0u64;
        // `download` verifies the signature before it returns the bytes; `install` verifies again.
        let bytes = block_on(update.download(
            |chunk, total| {
                done += chunk as u64;
                progress(done, total);
            },
            || {},
        ))
        .map_err(classify)?;
        update.install(bytes).map_err(classify)?;
        Ok(release(&update))
    }

    fn restart(&self) {
        let app = self.app.clone();
        // Let the command's answer reach the window first.
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            app.restart();
        });
    }
}
