//! The hosted sync server: stores, branches, owner accounts, device enrolment, push and pull, the
//! online shop's orders and signed app updates. Axum over PostgreSQL.
//!
//! Stateless apart from PostgreSQL: every instance behind a load balancer may answer any request
//! (sessions, codes, tokens, sequence positions and sign-in failures all live in the database).
//! Must not depend on SQLite, an HTTP client or Tauri: it speaks `pos-protocol` and judges with
//! `pos-domain`'s rules (roles, tax, prices, the order flow).

pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod limits;
pub mod own;
pub mod owner;
pub mod pull;
pub mod push;
pub mod shop;
pub mod updates;

pub use auth::{Device, bearer, device, new_token, token_hash};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
pub use error::ApiError;
use std::sync::Arc;

mod embedded {
    refinery::embed_migrations!("../../migrations/server");
}

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<config::Config>,
    pub limits: Arc<limits::Limits>,
}

impl AppState {
    pub fn new(pool: Pool, config: config::Config) -> AppState {
        // Sign-ins, sign-ups and enrolments are rare (an owner linking a store, a till joining):
        // eight at once leaves the pool's connections to the terminals' sync whatever a flood does.
        let limits = limits::Limits::new(config.hash_concurrency.unwrap_or(1), 8);
        AppState {
            pool,
            config: Arc::new(config),
            limits: Arc::new(limits),
        }
    }
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

/// Bodies of requests made before anyone is known (sign-in, sign-up, enrolment) are small.
pub const ANONYMOUS_BODY_BYTES: usize = 16 * 1024;

/// Serves the router on `listener` with each connection's address known (sign-in throttling
/// counts per client), stopping when `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

pub fn router(state: AppState) -> Router {
    let anonymous = Router::new()
        .route("/v1/signup", post(owner::signup::signup))
        .route("/v1/login", post(owner::login::login))
        .route("/v1/enrol", post(owner::codes::enrol))
        .layer(DefaultBodyLimit::max(ANONYMOUS_BODY_BYTES));
    let api = Router::new()
        .route("/v1/logout", post(owner::session::sign_out))
        .route("/v1/sessions/end-others", post(owner::session::end_others))
        .route("/v1/password", post(owner::session::change_password))
        .route(
            "/v1/branches",
            get(owner::branches::list_branches).post(owner::branches::create_branch),
        )
        .route(
            "/v1/enrolment-codes",
            get(owner::codes::list_codes).post(owner::codes::create_code),
        )
        .route("/v1/enrolment-codes/{id}/revoke", post(owner::codes::revoke_code))
        .route("/v1/devices", get(owner::devices::list_devices))
        .route("/v1/devices/{id}/revoke", post(owner::devices::revoke_device))
        .route(
            "/v1/devices/{id}/manages-staff",
            post(owner::devices::set_manages_staff),
        )
        .route("/v1/review", get(owner::review::review))
        .route("/v1/shop-keys", get(shop::keys::list_keys).post(shop::keys::create_key))
        .route("/v1/shop-keys/{id}/revoke", post(shop::keys::revoke_key))
        .route("/v1/shop/orders", post(shop::orders::create_order))
        .route("/v1/shop/orders/{order_no}/paid", post(shop::orders::order_paid))
        .route("/v1/push", post(push::push))
        .route("/v1/pull", get(pull::pull))
        .route("/v1/own", get(own::own))
        .route("/v1/update/{target}/{arch}/{bundle}/{current}", get(updates::check))
        .route("/v1/update/files/{name}", get(updates::file))
        .layer(DefaultBodyLimit::max(pos_protocol::MAX_BODY_BYTES));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route(
            "/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }),
        )
        .merge(anonymous)
        .merge(api)
        // Decompression streams as the body is read, after the credentials were checked, and
        // stops at the body limit: a gzip bomb costs the limit, not the bomb.
        .layer(tower_http::decompression::RequestDecompressionLayer::new().gzip(true))
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .fallback(|| async { ApiError::not_found("No such endpoint") })
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(60),
        ))
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
