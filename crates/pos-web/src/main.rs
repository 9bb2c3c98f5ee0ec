//! `pos-web`: the Hurtrock POS core and UI over HTTP on 127.0.0.1, for end-to-end tests and
//! development in a browser.
//!
//! pos-web [--db FILE] [--port N] [--ui DIR] [--demo]
//! The database defaults to $HURTROCK_DB, else the OS data folder. `--demo` seeds the demo store
//! into an empty database. Prints `listening on http://127.0.0.1:<port>` once ready.

use anyhow::Context;
use std::path::PathBuf;

fn default_db() -> PathBuf {
    if let Ok(p) = std::env::var("HURTROCK_DB") {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("id.hurtrock.pos").join("hurtrock.db")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let mut db = default_db();
    let mut port: u16 = 0;
    let mut ui = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/dist"));
    let mut demo = std::env::var("HURTROCK_DEMO").is_ok_and(|v| v == "1");
    let mut history = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().context("--db needs a file")?.into(),
            "--port" => {
                port = args
                    .next()
                    .context("--port needs a number")?
                    .parse()
                    .context("--port needs a number")?
            }
            "--ui" => ui = args.next().context("--ui needs a folder")?.into(),
            "--demo" => demo = true,
            "--demo-history" => {
                demo = true;
                history = true;
            }
            other => {
                anyhow::bail!(
                    "unknown argument {other}; usage: pos-web [--db FILE] [--port N] [--ui DIR] [--demo] [--demo-history]"
                )
            }
        }
    }
    let started = pos_adapters::start(pos_adapters::Boot {
        documents: db.parent().map(|d| d.join("receipts")),
        db,
        demo,
        history,
        sync: sync_config(),
        keys: pos_adapters::Keys::from_env(),
    })?;
    let core = started.core;
    // Background sync: idle until the store is linked to a server, then push/pull with backoff.
    tokio::spawn(started.sync_task);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    println!("listening on http://{addr}");
    axum::serve(listener, pos_web::app(core, &ui))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// HURTROCK_SYNC_INTERVAL_MS shortens the quiet interval (end-to-end tests).
fn sync_config() -> pos_sync::EngineConfig {
    let mut c = pos_sync::EngineConfig::default();
    if let Some(ms) = std::env::var("HURTROCK_SYNC_INTERVAL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        c.interval = std::time::Duration::from_millis(ms);
    }
    c
}
