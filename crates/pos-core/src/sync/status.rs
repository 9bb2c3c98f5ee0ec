//! The engine's status, a sync now, and the core as the engine's local side.

use super::*;

impl Core {
    pub(super) fn sync_info_public(&self) -> Result<SyncInfo> {
        let status = lock(&self.sync).as_ref().map(|h| h.status()).unwrap_or_default();
        self.read(|c| {
            let branch = pos_store::settings::device(c, "branch_code")?
                .or(pos_store::profile::get(c)?.map(|p| p.branch_code))
                .unwrap_or_default();
            let last: Option<i64> = local::state(c, "last_sync_at")?.and_then(|v| v.parse().ok());
            let (open_issues, open_oversold) = pos_store::review::open_counts(c)?;
            Ok(SyncInfo {
                status: pos_sync::SyncStatus {
                    pending: local::outbox_len(c)?,
                    enrolled: local::state(c, "device_id")?.is_some(),
                    last_sync_at: status.last_sync_at.or(last),
                    ..status
                },
                server: local::state(c, "server")?,
                device_id: local::state(c, "device_id")?,
                branch,
                terminal: crate::counter::settings::terminal(c)?,
                open_issues,
                open_oversold,
                owner_desk: local::owner_desk(c)?,
            })
        })
    }

    /// Online or offline, records waiting, last sync, the error in words, pull progress. Before
    /// the store is set up (a joining terminal's first pull) anyone may read it.
    pub fn sync_info(&self, token: Option<&str>) -> Result<SyncInfo> {
        let set_up = self.read(|c| Ok(pos_store::users::count(c)? > 0))?;
        if set_up {
            self.authorize_poll(token, Permission::OwnAccount)?;
        }
        self.sync_info_public()
    }

    pub fn sync_now(&self, token: Option<&str>) -> Result<SyncInfo> {
        self.authorize(token, Permission::OwnAccount)?;
        self.nudge_sync();
        self.sync_info(token)
    }

    pub(crate) fn nudge_sync(&self) {
        if let Some(h) = lock(&self.sync).as_ref() {
            h.sync_now();
        }
    }
}

impl Core {
    /// Starts the background sync loop for this core: returns the future for the host to spawn.
    pub fn sync_task(
        self: &Arc<Self>,
        config: pos_sync::EngineConfig,
        server: Arc<dyn pos_sync::Transport>,
    ) -> impl std::future::Future<Output = ()> + Send + 'static {
        let engine = pos_sync::Engine::new(self.clone(), config, server);
        let (handle, task) = engine.into_task();
        *lock(&self.sync) = Some(handle);
        task
    }
}

impl pos_sync::Local for Core {
    fn run(&self, f: &mut dyn FnMut(&mut pos_store::rusqlite::Connection)) {
        f(&mut lock(&self.db));
    }

    fn credentials(&self) -> Option<pos_sync::Credentials> {
        let (server, device, sealed) = self
            .read(|c| {
                Ok((
                    local::state(c, "server")?,
                    local::state(c, "device_id")?,
                    local::state(c, "token")?,
                ))
            })
            .ok()?;
        Some(pos_sync::Credentials {
            server: server?,
            device_id: device?,
            token: self.open_sealed(&sealed?)?,
        })
    }

    fn applied(&self, a: local::Applied) {
        if a.settings_changed {
            self.settings_changed();
        }
    }

    fn now_ms(&self) -> i64 {
        self.now()
    }

    fn blob(&self, hash: &str) -> Option<Vec<u8>> {
        self.photo_store().get(hash).ok().flatten()
    }

    fn keep_blob(&self, hash: &str, bytes: &[u8]) -> bool {
        self.photo_store().put(hash, bytes).is_ok()
    }

    fn drop_blobs(&self, hashes: &[String]) {
        let store = self.photo_store();
        for h in hashes {
            let _ = store.remove(h);
        }
    }

    fn blob_cache_bytes(&self) -> i64 {
        self.read(|c| Ok(pos_store::settings::device(c, "photo_cache_mb")?))
            .ok()
            .flatten()
            .and_then(|v| v.parse::<i64>().ok())
            .map_or(512 * 1024 * 1024, |mb| mb.clamp(16, 100_000) * 1024 * 1024)
    }
}
