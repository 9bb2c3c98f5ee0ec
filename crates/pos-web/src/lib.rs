//! The loopback web backend: serves the built UI and the same command list the desktop shell
//! registers, over HTTP on 127.0.0.1 only, so headless Chromium can drive the real UI against the
//! real core. Sessions are bearer tokens (never cookies), so another site open in the same browser
//! cannot ride a session; the Host header must name the loopback, which defeats DNS rebinding.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use pos_api::ApiError;
use pos_core::{Core, CoreError, ErrorCode, Lang};
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

/// The Content-Security-Policy of the UI, the same as the desktop window's.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

#[derive(Clone)]
struct AppState {
    core: Arc<Core>,
}

fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Unauthenticated | ErrorCode::BadCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::SessionLocked => StatusCode::LOCKED,
        ErrorCode::Forbidden | ErrorCode::PasswordNeeded => StatusCode::FORBIDDEN,
        ErrorCode::AccountLocked => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::NeedsSetup | ErrorCode::AlreadySetUp | ErrorCode::Duplicate | ErrorCode::Stale => {
            StatusCode::CONFLICT
        }
        ErrorCode::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NoShift | ErrorCode::NeedsApproval => StatusCode::CONFLICT,
        ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get("x-lang")
        .or_else(|| headers.get(header::ACCEPT_LANGUAGE))
        .and_then(|v| v.to_str().ok())
        .map(Lang::parse)
        .unwrap_or_default()
}

fn error_response(e: &CoreError, lang: Lang) -> Response {
    (status_of(e.code), Json(ApiError::from_core(e, lang))).into_response()
}

/// A command must come from this app's own page: JSON (which a form on another site cannot send
/// without the browser asking first), from this origin. So a web page open in the same browser
/// cannot post `complete_setup` to a fresh database, or anything else.
fn same_origin_json(headers: &HeaderMap) -> bool {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(o) => ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|p| {
                o.strip_prefix(p)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
            }),
    };
    let site_ok = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| matches!(v, "same-origin" | "none"));
    json && origin_ok && site_ok
}

async fn command(State(st): State<AppState>, Path(name): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = lang_of(&headers);
    if body.len() > pos_api::max_request_bytes(&name) {
        let err = CoreError::new(
            ErrorCode::Invalid,
            "The request is larger than this command accepts.",
            "Permintaan lebih besar dari yang diterima perintah ini.",
        );
        let mut res = error_response(&err, lang);
        *res.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return res;
    }
    if !same_origin_json(&headers) {
        let err = CoreError::new(
            ErrorCode::Forbidden,
            "Commands come as JSON from this app's own page only.",
            "Perintah hanya diterima sebagai JSON dari halaman aplikasi ini.",
        );
        return error_response(&err, lang);
    }
    let payload: serde_json::Value = if body.is_empty() {
        serde_json::Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let err = CoreError::new(
                    ErrorCode::Invalid,
                    format!("The request is not JSON: {e}"),
                    format!("Permintaan bukan JSON: {e}"),
                );
                return error_response(&err, lang);
            }
        }
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let core = st.core.clone();
    let result = tokio::task::spawn_blocking(move || pos_api::dispatch(&core, token.as_deref(), &name, payload)).await;
    match result {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => error_response(&e, lang),
        Err(e) => {
            tracing::error!(error = %e, "command task failed");
            let err = CoreError::new(ErrorCode::Internal, "Something went wrong.", "Terjadi kesalahan.");
            error_response(&err, lang)
        }
    }
}

/// Refuses requests whose Host is not the loopback, and sets the security headers on every answer.
async fn guard(req: axum::extract::Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
    if !matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
        return (StatusCode::MISDIRECTED_REQUEST, "loopback only").into_response();
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The whole app: `/api/<command>` and the UI's files from `ui_dir` (index.html for any other path).
pub fn app(core: Arc<Core>, ui_dir: &std::path::Path) -> Router {
    let index = ServeFile::new(ui_dir.join("index.html"));
    Router::new()
        .route("/api/{name}", post(command))
        // Each command's own limit is checked in `command`; this one bounds what is read at all.
        .layer(DefaultBodyLimit::max(pos_api::MAX_UPLOAD_BYTES))
        .fallback_service(ServeDir::new(ui_dir).fallback(index))
        .layer(middleware::from_fn(guard))
        .with_state(AppState { core })
}
