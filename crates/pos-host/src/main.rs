//! `pos-sync-server [--config FILE]`: the hosted deployment, one binary with two faces on one
//! PostgreSQL: the sync endpoint terminals speak to (`/v1/…`, crate `pos-server`) and the online
//! shop customers use (every other path, crate `pos-shop`). See the README for running it locally
//! and behind a TLS reverse proxy.
//!
//! `pos-sync-server publish --releases DIR --pubkey KEY --version V [--notes TEXT] PLATFORM=FILE…`
//! verifies and publishes a signed app update (see `pos_server::updates`).

use anyhow::Context;
use pos_server::{AppState, config::Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("openapi") {
        println!("{}", *pos_server::health::DOCUMENT);
        return Ok(());
    }
    if std::env::args().nth(1).as_deref() == Some("publish") {
        // An operator's command: the reason in words, no backtrace.
        if let Err(e) = publish(std::env::args().skip(2).collect()) {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
        return Ok(());
    }
    let mut args = std::env::args().skip(1);
    let mut file = std::env::var("HURTROCK_SYNC_CONFIG").ok().map(std::path::PathBuf::from);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--config" => file = Some(args.next().context("--config needs a file")?.into()),
            "--help" | "-h" => {
                println!(
                    "pos-sync-server [--config FILE]   (environment: see crates/pos-server/src/config.rs)\npos-sync-server openapi            (prints the API document)\npos-sync-server publish ...        (publishes an app update)"
                );
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
    let pg = config.pg()?;
    let pool = pos_server::pool(pg.clone(), config.pool_size.unwrap_or(16))?;
    pos_server::migrate(&pool).await.context("migrating the database")?;
    let listener = tokio::net::TcpListener::bind(config.listen())
        .await
        .with_context(|| format!("binding {}", config.listen()))?;
    tracing::info!(addr = %listener.local_addr()?, "listening");
    let state = AppState::new(pool, config);
    let shop_config = pos_shop::ShopConfig::from_env().map_err(anyhow::Error::msg)?;
    tracing::info!(?shop_config, "the shop");
    // The live chat: this instance's listener for every instance's messages.
    let hub = pos_chat::Hub::start(pg, state.pool.clone());
    let shop = pos_shop::ShopState::new(state.clone(), shop_config).with_chat(hub.clone());
    pos_shop::spawn_hold_expiry(shop.clone(), std::time::Duration::from_secs(30));
    let app = pos_server::api(state.clone())
        .merge(pos_chat::router(state, hub))
        .merge(pos_shop::router(shop))
        .fallback(pos_shop::not_found)
        .layer(tower_http::trace::TraceLayer::new_for_http());
    pos_server::serve(listener, app, shutdown()).await?;
    tracing::info!("stopped");
    Ok(())
}

const PUBLISH_USAGE: &str =
    "pos-sync-server publish --releases DIR --pubkey KEY|@FILE --version V [--notes TEXT] PLATFORM=FILE...
  PLATFORM: linux-x86_64-deb, linux-x86_64-rpm, windows-x86_64-nsis, ... (FILE.sig beside each FILE)";

fn publish(args: Vec<String>) -> anyhow::Result<()> {
    let (mut dir, mut key, mut version, mut notes) = (None, None, None, String::new());
    let mut artifacts = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .with_context(|| format!("{name} needs a value\n{PUBLISH_USAGE}"))
        };
        match a.as_str() {
            "--releases" => dir = Some(std::path::PathBuf::from(value("--releases")?)),
            "--pubkey" => key = Some(value("--pubkey")?),
            "--version" => version = Some(value("--version")?),
            "--notes" => notes = value("--notes")?,
            "--help" | "-h" => {
                println!("{PUBLISH_USAGE}");
                return Ok(());
            }
            other => match other.split_once('=') {
                Some((platform, file)) => artifacts.push((platform.to_string(), std::path::PathBuf::from(file))),
                None => anyhow::bail!("unknown argument {other}\n{PUBLISH_USAGE}"),
            },
        }
    }
    let dir = dir
        .or_else(|| Config::load(None).ok().and_then(|c| c.releases_dir))
        .context("--releases DIR (or HURTROCK_SYNC_RELEASES) is required")?;
    let key = key.context("--pubkey is required: the public key the app was built with")?;
    let key = match key.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path).with_context(|| path.to_string())?,
        None => key,
    };
    let version = version.context("--version is required")?;
    let list: Vec<pos_server::updates::Publish<'_>> = artifacts
        .iter()
        .map(|(platform, file)| pos_server::updates::Publish { platform, file })
        .collect();
    let m = pos_server::updates::publish(&dir, key.trim(), &version, &notes, &list, chrono::Utc::now())?;
    println!(
        "published {} for {}",
        m.version,
        m.platforms.keys().cloned().collect::<Vec<_>>().join(", ")
    );
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
