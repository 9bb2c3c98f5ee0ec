//! One-time enrolment codes, and a new terminal trading one for its device id and token.

use super::{branch_code, text};
use crate::auth::{Client, Owner, new_token, token_hash};
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, ById, Faults, OwnerAuth};
use crate::store::branches;
use crate::store::codes::{self, NewCode};
use crate::store::devices::{self, NewDevice};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use pos_protocol::owner::{CodeInfo, CodeRequest, CodeResponse, EnrolRequest, EnrolResponse, Revoked};
use pos_protocol::{ErrorBody, ErrorCode};
use uuid::Uuid;

/// A one-time enrolment code for a branch, valid for 24 hours: 15 characters from an alphabet
/// without look-alikes (about 75 bits).
#[utoipa::path(post, path = "/v1/enrolment-codes", tag = "owner", security(("ownerSession" = [])), request_body = CodeRequest,
    responses((status = 200, description = "The code, shown once", body = CodeResponse), BodyErrors, OwnerAuth,
        (status = 404, description = "No branch with this code in the store", body = ErrorBody), Faults))]
pub async fn create_code(
    State(app): State<AppState>,
    owner: Owner,
    JsonBody(req): JsonBody<CodeRequest>,
) -> Result<Json<CodeResponse>, ApiError> {
    let o = owner;
    let code_branch = branch_code(&req.branch_code)?;
    let db = app.pool.get().await?;
    let branch = branches::id_by_code(&db, o.store_id, &code_branch)
        .await?
        .ok_or_else(|| ApiError::not_found("No such branch"))?;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut raw = [0u8; 15];
    getrandom::getrandom(&mut raw).expect("the OS random source");
    let chars: String = raw
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect();
    let code = format!("{}-{}-{}", &chars[0..5], &chars[5..10], &chars[10..15]);
    let expires = chrono::Utc::now() + chrono::Duration::hours(24);
    let id = Uuid::now_v7();
    let hash = token_hash(&normalise_code(&code));
    let new = NewCode {
        id,
        hash: &hash,
        store: o.store_id,
        branch,
        expires,
        manages_staff: req.manages_staff,
    };
    codes::insert(&db, &new).await?;
    Ok(Json(CodeResponse {
        code,
        id: Some(id),
        branch_code: code_branch,
        expires_at: expires.timestamp_millis(),
    }))
}

/// The terminal code a device asks to keep: 1 to 8 letters or digits, upper-cased.
fn terminal_code(v: &str) -> Result<String, ApiError> {
    let v = v.trim().to_ascii_uppercase();
    if v.is_empty() || v.len() > 8 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_request("terminal must be 1 to 8 letters or digits"));
    }
    Ok(v)
}

fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A new terminal trades its one-time code for a device id and token.
#[utoipa::path(post, path = "/v1/enrol", tag = "sync", request_body = EnrolRequest,
    responses((status = 200, description = "The device's id and token, shown once", body = EnrolResponse), BodyErrors,
        (status = 401, description = "`bad_code`: the code is wrong, used, revoked or expired", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many enrolments and sign-ins at once", body = ErrorBody), Faults))]
pub async fn enrol(
    State(app): State<AppState>,
    _client: Client,
    JsonBody(req): JsonBody<EnrolRequest>,
) -> Result<Json<EnrolResponse>, ApiError> {
    let _slot = app.limits.anonymous()?;
    let name = text("device_name", &req.device_name, 80)?;
    let preferred = req.terminal.as_deref().map(terminal_code).transpose()?;
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    let (store, branch, manages_staff) = codes::take(&tx, &token_hash(&normalise_code(&req.code)))
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::BadCode,
                "This enrolment code is wrong, used or expired",
            )
        })?;
    let taken = match &preferred {
        Some(t) => devices::terminal_taken(&tx, branch, t).await?,
        None => true,
    };
    let (branch_code, mut n, store_name) = branches::take_terminal_number(&tx, branch, store).await?;
    let mut terminal = match preferred {
        Some(t) if !taken => t,
        _ => format!("T{n}"),
    };
    // A numbered code may already be someone's preferred one: take the next free number.
    while devices::terminal_taken(&tx, branch, &terminal).await? {
        n += 1;
        terminal = format!("T{n}");
        branches::set_next_terminal(&tx, branch, n + 1).await?;
    }
    let (device, token) = (Uuid::now_v7(), new_token("hrd"));
    let hash = token_hash(&token);
    let new = NewDevice {
        id: device,
        store,
        branch,
        name: &name,
        terminal: &terminal,
        token_hash: &hash,
        manages_staff,
    };
    devices::insert(&tx, &new).await?;
    tx.commit().await?;
    tracing::info!(%device, %store, terminal, "device enrolled");
    Ok(Json(EnrolResponse {
        device_id: device,
        token,
        store_id: store,
        store_name,
        branch_code,
        terminal,
        manages_staff,
    }))
}

/// The store's enrolment codes of the last week, newest first (never the codes themselves).
#[utoipa::path(get, path = "/v1/enrolment-codes", tag = "owner", security(("ownerSession" = [])),
    responses((status = 200, body = Vec<CodeInfo>), OwnerAuth, Faults))]
pub async fn list_codes(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<CodeInfo>>, ApiError> {
    Ok(Json(codes::recent(&app.pool.get().await?, owner.store_id).await?))
}

/// Withdraws a code that was not used yet (it was shown to the wrong person).
#[utoipa::path(post, path = "/v1/enrolment-codes/{id}/revoke", tag = "owner", security(("ownerSession" = [])),
    params(("id" = uuid::Uuid, Path, description = "The code's id from the list")),
    responses((status = 200, body = Revoked), ById, OwnerAuth, Faults))]
pub async fn revoke_code(
    State(app): State<AppState>,
    owner: Owner,
    Path(id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    let id: Uuid = id
        .parse()
        .map_err(|_| ApiError::bad_request("the code id must be a UUID"))?;
    if !codes::revoke(&app.pool.get().await?, owner.store_id, id).await? {
        return Err(ApiError::not_found("No unused code with this id in this store"));
    }
    Ok(Json(Revoked { revoked: id }))
}
