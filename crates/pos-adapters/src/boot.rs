//! The one start sequence of both shells (the Tauri desktop app and the loopback web backend):
//! open (and migrate) the database, seed the demo store when asked, hand the core its adapters
//! (payment gateway, courier aggregator, sync server), and give back the core with the sync
//! loop for the host to spawn on its runtime. The shell adds what only it has (Tauri's updater).

use crate::{Keys, SyncHttp};
use pos_core::Core;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

#[derive(Debug)]
pub struct Boot {
    pub db: PathBuf,
    /// Seed the demo store into an empty database.
    pub demo: bool,
    /// Ninety days of generated trading in the demo store, after the owner sets it up.
    pub history: bool,
    /// Where receipts and exports are saved.
    pub documents: Option<PathBuf>,
    pub sync: pos_sync::EngineConfig,
    pub keys: Keys,
}

pub struct Started {
    pub core: Arc<Core>,
    /// The background sync loop (idle until the store is linked): spawn it on the host's runtime.
    pub sync_task: Pin<Box<dyn Future<Output = ()> + Send + 'static>>,
}

/// What went wrong starting, in words for the person who started it.
#[derive(Debug)]
pub struct BootError(pub String);

impl std::fmt::Display for BootError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BootError {}

pub fn start(boot: Boot) -> Result<Started, BootError> {
    let failed = |e: pos_core::CoreError| BootError(format!("{}: {}", boot.db.display(), e.en));
    let (core, report) = Core::open(&boot.db, Arc::new(pos_domain::SystemClock)).map_err(failed)?;
    tracing::info!(db = %boot.db.display(), applied = ?report.applied, backup = ?report.backup, "database open");
    if boot.demo {
        let now = core.now();
        if core.with_db(|c| pos_core::demo::seed(c, now)).map_err(failed)? {
            tracing::info!("demo store seeded");
        }
        if boot.history && pos_core::demo::request_history(&core).map_err(failed)? {
            tracing::info!("ninety days of demo trading follow the owner's setup");
        }
    }
    core.set_documents_dir(boot.documents.clone());
    tracing::info!(keys = ?boot.keys, "vendors configured");
    core.set_gateway(boot.keys.payment_gateway());
    core.set_courier_api(boot.keys.courier_api());
    let server = Arc::new(SyncHttp::new(boot.sync.timeout));
    core.set_server_api(Some(server.clone()));
    let core = Arc::new(core);
    let sync_task = Box::pin(core.sync_task(boot.sync, server));
    core.start_backup_schedule();
    Ok(Started { core, sync_task })
}
