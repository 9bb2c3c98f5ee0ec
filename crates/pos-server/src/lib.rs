//! The hosted sync server: stores, branches, owner accounts, device enrolment, push and pull, the
//! online shop's orders and signed app updates. Axum over PostgreSQL. The binary that serves it
//! (with the shop beside it) is `pos-host`.
//!
//! Stateless apart from PostgreSQL: every instance behind a load balancer may answer any request
//! (sessions, codes, tokens, sequence positions and sign-in failures all live in the database).
//! Must not depend on SQLite, an HTTP client or Tauri: it speaks `pos-protocol` and judges with
//! `pos-domain`'s rules (roles, tax, prices, the order flow).
//!
//! Layout: [`routes`] lists every endpoint; a handler module per endpoint group (`owner/`, `shop/`,
//! `push/`, `pull`, `own`, `updates`, `health`) reads like the API: credentials come as extractors
//! (`auth::{Owner, Device, Shop}`), bodies as `extract::JsonBody`, and every query lives in `store/`,
//! one module per table or aggregate (the push's judging keeps its batch reads and writes in
//! `push::context` and `push::write`). The OpenAPI document is made from the handlers (`openapi`).

pub mod auth;
pub mod blobs;
pub mod bookings;
pub mod config;

pub mod error;
pub mod extract;
pub mod health;
pub mod limits;
pub mod openapi;
pub mod own;
pub mod owner;
pub mod pull;
pub mod push;
pub mod shop;
pub mod store;
pub mod updates;

pub use auth::{Device, bearer, device, new_token, token_hash};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
pub use error::ApiError;
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

mod embedded {
    refinery::embed_migrations!("../../migrations/server");
}

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<config::Config>,
    pub limits: Arc<limits::Limits>,
    /// Each device's pushes in flight here (a batch that overtook the one before it waits).
    pub pushes: Arc<push::in_flight::InFlight>,
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
            pushes: Arc::default(),
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

/// Every route with its document: each handler's `#[utoipa::path]` gives both, so nothing is
/// served undocumented (see [`openapi`]).
pub fn routes() -> OpenApiRouter<AppState> {
    let anonymous = OpenApiRouter::new()
        .routes(routes!(owner::signup::signup))
        .routes(routes!(owner::login::login))
        .routes(routes!(owner::codes::enrol))
        .layer(DefaultBodyLimit::max(ANONYMOUS_BODY_BYTES));
    let owner = OpenApiRouter::new()
        .routes(routes!(owner::session::sign_out))
        .routes(routes!(owner::session::end_others))
        .routes(routes!(owner::session::change_password))
        .routes(routes!(owner::branches::list_branches, owner::branches::create_branch))
        .routes(routes!(owner::codes::list_codes, owner::codes::create_code))
        .routes(routes!(owner::codes::revoke_code))
        .routes(routes!(owner::devices::list_devices))
        .routes(routes!(owner::devices::revoke_device))
        .routes(routes!(owner::devices::set_manages_staff))
        .routes(routes!(owner::review::review))
        .routes(routes!(shop::keys::list_keys, shop::keys::create_key))
        .routes(routes!(shop::keys::revoke_key));
    let terminals = OpenApiRouter::new()
        .routes(routes!(push::push))
        .routes(routes!(pull::pull))
        .routes(routes!(own::own))
        .routes(routes!(updates::check))
        .routes(routes!(updates::file));
    // Pictures are bigger than records: their own limit.
    let pictures = OpenApiRouter::new()
        .routes(routes!(blobs::put_blob, blobs::get_blob))
        .layer(DefaultBodyLimit::max(pos_protocol::MAX_BLOB_BYTES + 1024));
    let shop = OpenApiRouter::new()
        .routes(routes!(shop::orders::create_order))
        .routes(routes!(shop::orders::order_paid));
    let signed_in = owner
        .merge(terminals)
        .merge(shop)
        .layer(DefaultBodyLimit::max(pos_protocol::MAX_BODY_BYTES));
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health::live))
        .routes(routes!(health::ready))
        .routes(routes!(health::document))
        .merge(anonymous)
        .merge(signed_in)
        .merge(pictures)
}

/// The sync endpoint alone: every route, its 404 for anything else.
pub fn router(state: AppState) -> Router {
    api(state)
        .fallback(|| async { ApiError::not_found("No such endpoint") })
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// The sync endpoint's routes with their layers and state, without a fallback: the hosted
/// deployment (`pos-host`) merges the online shop beside it and answers what neither serves.
pub fn api(state: AppState) -> Router {
    let (routes, _) = routes().split_for_parts();
    routes
        // Decompression streams as the body is read, after the credentials were checked, and
        // stops at the body limit: a gzip bomb costs the limit, not the bomb.
        .layer(tower_http::decompression::RequestDecompressionLayer::new().gzip(true))
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(60),
        ))
        .with_state(state)
}
