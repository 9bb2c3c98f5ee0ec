//! `pos-sync-server [--config FILE]`: the hosted sync endpoint. See the README for running it
//! locally and behind a TLS reverse proxy.

use anyhow::Context;
use pos_server::{AppState, config::Config};
use std::sync::Arc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut file = std::env::var("HURTROCK_SYNC_CONFIG").ok().map(std::path::PathBuf::from);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--config" => file = Some(args.next().context("--config needs a file")?.into()),
            "--help" | "-h" => {
                println!("pos-sync-server [--config FILE]   (environment: see crates/pos-server/src/config.rs)");
                return Ok(());
            }
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let config = Config::load(file.as_deref())?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=warn"));
    if config.log.as_deref() == Some("text") {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    } else {
        tracing_subscriber::fmt().json().with_env_filter(filter).init();
    }
    tracing::info!(?config, "starting");
    let pool = pos_server::pool(config.pg()?, config.pool_size.unwrap_or(16))?;
    pos_server::migrate(&pool).await.context("migrating the database")?;
    let listener = tokio::net::TcpListener::bind(config.listen())
        .await
        .with_context(|| format!("binding {}", config.listen()))?;
    tracing::info!(addr = %listener.local_addr()?, "listening");
    let app = pos_server::router(AppState {
        pool,
        config: Arc::new(config),
    });
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish the requests in flight (their transactions commit or
/// roll back whole), then exit.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
