//! The desktop shell: opens the local store, registers the one `dispatch` command that carries the
//! whole command list of `pos-api`, and shows the window. No business logic lives here.
//!
//! The database is `hurtrock.db` in the OS app-data folder, or the file named by `--db FILE` or
//! `HURTROCK_DB`. `--demo` (or `HURTROCK_DEMO=1`) seeds the demo store into an empty database.

pub mod updater;

use pos_api::ApiError;
use pos_core::{Core, Lang};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::Manager;

struct AppCore(Arc<Core>);

/// Every UI-to-core call. The core checks the session's role inside each command.
#[tauri::command]
async fn dispatch(
    state: tauri::State<'_, AppCore>,
    name: String,
    token: Option<String>,
    lang: Option<String>,
    payload: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let core = state.0.clone();
    let lang = lang.as_deref().map(Lang::parse).unwrap_or_default();
    let out =
        tauri::async_runtime::spawn_blocking(move || pos_api::dispatch(&core, token.as_deref(), &name, payload)).await;
    match out {
        Ok(r) => r.map_err(|e| ApiError::from_core(&e, lang)),
        Err(e) => {
            tracing::error!(error = %e, "command task failed");
            Err(ApiError {
                code: pos_core::ErrorCode::Internal,
                field: None,
                message: "Terjadi kesalahan / Something went wrong".into(),
            })
        }
    }
}

struct Options {
    db: Option<PathBuf>,
    demo: bool,
    /// Ninety days of generated trading in the demo store (after the owner sets it up).
    history: bool,
    customer_display: bool,
}

fn options() -> Options {
    let mut o = Options {
        db: std::env::var_os("HURTROCK_DB").map(PathBuf::from),
        demo: std::env::var("HURTROCK_DEMO").is_ok_and(|v| v == "1"),
        history: false,
        customer_display: std::env::var("HURTROCK_CUSTOMER_DISPLAY").is_ok_and(|v| v == "1"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => o.db = args.next().map(PathBuf::from),
            "--demo" => o.demo = true,
            "--demo-history" => {
                o.demo = true;
                o.history = true;
            }
            "--customer-display" => o.customer_display = true,
            _ => {}
        }
    }
    o
}

fn boot(app: &tauri::App, opts: &Options) -> Result<pos_adapters::Started, Box<dyn std::error::Error>> {
    let db = match &opts.db {
        Some(p) => p.clone(),
        None => app.path().app_data_dir()?.join("hurtrock.db"),
    };
    Ok(pos_adapters::start(pos_adapters::Boot {
        db,
        demo: opts.demo,
        history: opts.history,
        documents: app.path().document_dir().ok().map(|d| d.join("Hurtrock POS")),
        sync: pos_sync::EngineConfig::default(),
        keys: pos_adapters::Keys::from_env(),
    })?)
}

/// The customer-facing window: full screen on the second monitor when there is one.
fn open_customer_display(app: &tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let window = tauri::WebviewWindowBuilder::new(app, "display", tauri::WebviewUrl::App("index.html#display".into()))
        .title("Hurtrock POS — Customer display")
        .inner_size(1024.0, 768.0)
        .build()?;
    let monitors = window.available_monitors()?;
    if let Some(second) = monitors.get(1) {
        window.set_position(*second.position())?;
        window.set_fullscreen(true)?;
    }
    Ok(())
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let result = tauri::Builder::default()
        // Its JavaScript commands are not granted to the window: updates go through `dispatch`
        // and the core's role check.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .setup(|app| {
            let opts = options();
            let pos_adapters::Started { core, sync_task } = boot(app, &opts)?;
            core.set_updater(Some(Arc::new(updater::TauriUpdater::new(
                app.handle().clone(),
                updater::BUILT_IN_KEY,
            ))));
            // Background sync on Tauri's tokio runtime: idle until the store is linked.
            tauri::async_runtime::spawn(sync_task);
            app.manage(AppCore(core));
            if opts.customer_display {
                open_customer_display(app)?;
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![dispatch])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Hurtrock POS could not start: {e}");
        std::process::exit(1);
    }
}
