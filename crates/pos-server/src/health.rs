//! What load balancers and client generators ask: is this instance alive, can it reach its
//! database, and the API's document.

use crate::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use std::sync::LazyLock;

/// The process answers.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "ok", body = String)))]
pub async fn live() -> &'static str {
    "ok"
}

/// The database answers and is migrated.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "ready", body = String),
        (status = 503, description = "The database is unreachable or not migrated", body = String)))]
pub async fn ready(State(app): State<AppState>) -> impl IntoResponse {
    match app.pool.get().await {
        Ok(c) if crate::store::stores::migrated(&c).await => (StatusCode::OK, "ready"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "database not migrated"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
    }
}

/// The OpenAPI 3.1 document of every route, made once from the handlers.
pub static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    crate::routes()
        .split_for_parts()
        .1
        .to_pretty_json()
        .expect("the API document serialises")
});

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "health",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)))]
pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}
