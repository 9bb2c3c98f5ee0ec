//! The hosted sync server: stores, branches, owner accounts, device enrolment, push and pull.
//!
//! Stateless apart from PostgreSQL: every instance behind a load balancer may answer any request
//! (sessions, codes, tokens and sequence positions all live in the database).

pub mod config;
pub mod error;
pub mod owner;
pub mod pull;
pub mod push;
pub mod shop;
pub mod updates;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
pub use error::ApiError;
use sha2::Digest;
use std::sync::Arc;
use uuid::Uuid;

mod embedded {
    refinery::embed_migrations!("../../migrations/server");
}

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<config::Config>,
}

pub fn pool(pg: tokio_postgres::Config, size: usize) -> anyhow::Result<Pool> {
    let mgr = Manager::from_config(
        pg,
        tokio_postgres::NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Ok(Pool::builder(mgr).max_size(size).build()?)
}

/// Applies the server migrations (refinery keeps its own history table; concurrent instances
/// starting together are serialised by an advisory lock).
pub async fn migrate(pool: &Pool) -> anyhow::Result<()> {
    let mut client = pool.get().await?;
    client.execute("SELECT pg_advisory_lock(727001)", &[]).await?;
    let result = embedded::migrations::runner().run_async(&mut **client).await;
    client.execute("SELECT pg_advisory_unlock(727001)", &[]).await?;
    result?;
    Ok(())
}

pub const OPENAPI: &str = include_str!("../openapi.json");

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/v1/signup", post(owner::signup))
        .route("/v1/login", post(owner::login))
        .route("/v1/branches", get(owner::list_branches).post(owner::create_branch))
        .route("/v1/enrolment-codes", post(owner::create_code))
        .route("/v1/devices", get(owner::list_devices))
        .route("/v1/devices/{id}/revoke", post(owner::revoke_device))
        .route("/v1/devices/{id}/manages-staff", post(owner::set_manages_staff))
        .route("/v1/review", get(owner::review))
        .route("/v1/enrol", post(owner::enrol))
        .route("/v1/shop-keys", post(shop::create_key))
        .route("/v1/shop/orders", post(shop::create_order))
        .route("/v1/shop/orders/{order_no}/paid", post(shop::order_paid))
        .route("/v1/push", post(push::push))
        .route("/v1/pull", get(pull::pull))
        .route("/v1/update/{target}/{arch}/{bundle}/{current}", get(updates::check))
        .route("/v1/update/files/{name}", get(updates::file))
        .layer(DefaultBodyLimit::max(pos_sync::protocol::MAX_BODY_BYTES))
        .layer(tower_http::decompression::RequestDecompressionLayer::new().gzip(true))
        .layer(tower_http::compression::CompressionLayer::new().gzip(true));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route(
            "/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }),
        )
        .merge(api)
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such endpoint") })
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn ready(State(app): State<AppState>) -> impl IntoResponse {
    match app.pool.get().await {
        Ok(c) => match c.query_one("SELECT count(*) FROM stores", &[]).await {
            Ok(_) => (StatusCode::OK, "ready"),
            Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database not migrated"),
        },
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
    }
}

/// A new secret: 32 random bytes, URL-safe. Only its SHA-256 is stored (it has 256 bits of
/// entropy, so a slow hash adds nothing and would cost every request).
pub fn new_token(prefix: &str) -> String {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the OS random source");
    format!(
        "{prefix}_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

pub fn token_hash(token: &str) -> Vec<u8> {
    sha2::Sha256::digest(token.as_bytes()).to_vec()
}

pub fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 200)
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "A bearer token is required"))
}

/// The device a request's token belongs to.
#[derive(Debug, Clone)]
pub struct Device {
    pub id: Uuid,
    pub store_id: Uuid,
    pub branch: String,
    pub terminal: String,
    /// May change owner and admin accounts.
    pub manages_staff: bool,
}

pub async fn device(app: &AppState, headers: &HeaderMap) -> Result<Device, ApiError> {
    let hash = token_hash(bearer(headers)?);
    let client = app.pool.get().await?;
    let row = client
        .query_opt(
            "SELECT d.id, d.store_id, b.code, d.terminal, d.revoked_at IS NOT NULL, d.manages_staff
             FROM devices d JOIN branches b ON b.id = d.branch_id WHERE d.token_hash = $1",
            &[&hash],
        )
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "Unknown device token"))?;
    if row.get::<_, bool>(4) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "revoked",
            "This device's access was revoked",
        ));
    }
    Ok(Device {
        id: row.get(0),
        store_id: row.get(1),
        branch: row.get(2),
        terminal: row.get(3),
        manages_staff: row.get(5),
    })
}
