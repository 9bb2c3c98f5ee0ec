//! Configuration: an optional TOML file, then environment variables over it.
//!
//! ```toml
//! listen = "127.0.0.1:8787"
//! database_url = "postgres://hurtrock@db.internal/hurtrock_sync"
//! pool_size = 16
//! log = "json"                # or "text"
//! signup_token = "..."        # when set, creating a store needs it (a private deployment)
//! releases_dir = "/srv/hurtrock/releases"   # signed app updates (`pos-sync-server publish`)
//! public_url = "https://sync.example.com"   # how terminals reach this server (update links)
//! trust_proxy = true          # behind a reverse proxy: the client is the X-Forwarded-For address
//! hash_concurrency = 1        # password checks at once (leave cores for sync)
//! ```
//! Environment: `HURTROCK_SYNC_LISTEN`, `HURTROCK_SYNC_DATABASE_URL` (or `DATABASE_URL`),
//! `HURTROCK_SYNC_POOL_SIZE`, `HURTROCK_SYNC_LOG`, `HURTROCK_SYNC_SIGNUP_TOKEN`,
//! `HURTROCK_SYNC_RELEASES`, `HURTROCK_SYNC_PUBLIC_URL`, `HURTROCK_SYNC_TRUST_PROXY`. With no database
//! URL at all, libpq's own variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`) are
//! used, which is what `scripts/with-postgres.sh` sets.

use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub listen: Option<String>,
    pub database_url: Option<String>,
    pub pool_size: Option<usize>,
    pub log: Option<String>,
    pub signup_token: Option<String>,
    pub releases_dir: Option<PathBuf>,
    pub public_url: Option<String>,
    pub trust_proxy: Option<bool>,
    pub hash_concurrency: Option<usize>,
    /// Most megabytes of pictures one store keeps on the server (20 480 when absent).
    pub blob_quota_mb: Option<i64>,
}

impl std::fmt::Debug for Config {
    // Never print the database password or the signup token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &self.database_url.as_ref().map(|_| "<set>"))
            .field("pool_size", &self.pool_size)
            .field("log", &self.log)
            .field("signup_token", &self.signup_token.as_ref().map(|_| "<set>"))
            .field("releases_dir", &self.releases_dir)
            .field("public_url", &self.public_url)
            .field("trust_proxy", &self.trust_proxy)
            .field("hash_concurrency", &self.hash_concurrency)
            .field("blob_quota_mb", &self.blob_quota_mb)
            .finish()
    }
}

impl Config {
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut c = match file {
            Some(p) => toml::from_str(&std::fs::read_to_string(p)?)
                .map_err(|e| anyhow::anyhow!("{}: {}", p.display(), e.message()))?,
            None => Config::default(),
        };
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let Some(v) = env("HURTROCK_SYNC_LISTEN") {
            c.listen = Some(v);
        }
        if let Some(v) = env("HURTROCK_SYNC_DATABASE_URL").or_else(|| env("DATABASE_URL")) {
            c.database_url = Some(v);
        }
        if let Some(v) = env("HURTROCK_SYNC_POOL_SIZE") {
            c.pool_size = Some(
                v.parse()
                    .map_err(|_| anyhow::anyhow!("HURTROCK_SYNC_POOL_SIZE must be a number"))?,
            );
        }
        if let Some(v) = env("HURTROCK_SYNC_LOG") {
            c.log = Some(v);
        }
        if let Some(v) = env("HURTROCK_SYNC_SIGNUP_TOKEN") {
            c.signup_token = Some(v);
        }
        if let Some(v) = env("HURTROCK_SYNC_RELEASES") {
            c.releases_dir = Some(v.into());
        }
        if let Some(v) = env("HURTROCK_SYNC_PUBLIC_URL") {
            c.public_url = Some(v);
        }
        if let Some(v) = env("HURTROCK_SYNC_BLOB_QUOTA_MB") {
            c.blob_quota_mb = Some(
                v.parse()
                    .map_err(|_| anyhow::anyhow!("HURTROCK_SYNC_BLOB_QUOTA_MB: a number of MB"))?,
            );
        }
        if let Some(v) = env("HURTROCK_SYNC_TRUST_PROXY") {
            c.trust_proxy = Some(matches!(v.as_str(), "1" | "true" | "yes"));
        }
        if let Some(u) = &c.public_url
            && !secure_url(u)
        {
            anyhow::bail!(
                "public_url must start with https:// (http:// only for this computer): device tokens go there"
            );
        }
        Ok(c)
    }

    /// Most bytes of pictures one store keeps here.
    pub fn blob_quota_bytes(&self) -> i64 {
        self.blob_quota_mb.unwrap_or(20_480).clamp(1, 100_000_000) * 1024 * 1024
    }

    pub fn listen(&self) -> &str {
        self.listen.as_deref().unwrap_or("127.0.0.1:8787")
    }

    /// The PostgreSQL connection settings: the URL, or libpq's environment variables.
    pub fn pg(&self) -> anyhow::Result<tokio_postgres::Config> {
        if let Some(url) = &self.database_url {
            return url.parse().map_err(|e| anyhow::anyhow!("database_url: {e}"));
        }
        let mut pg = tokio_postgres::Config::new();
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        pg.host(env("PGHOST").as_deref().unwrap_or("localhost"));
        pg.port(env("PGPORT").and_then(|p| p.parse().ok()).unwrap_or(5432));
        pg.user(env("PGUSER").as_deref().unwrap_or("postgres"));
        if let Some(p) = env("PGPASSWORD") {
            pg.password(p);
        }
        pg.dbname(env("PGDATABASE").as_deref().unwrap_or("postgres"));
        Ok(pg)
    }
}

/// https, or http to this computer only: where a device token may be sent.
pub fn secure_url(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| {
            url.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(':') || rest.starts_with('/'))
        })
}
