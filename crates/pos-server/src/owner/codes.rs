//! One-time enrolment codes, and a new terminal trading one for its device id and token.

use super::{branch_code, text};
use crate::auth::{Client, Owner, new_token, token_hash};
use crate::extract::JsonBody;
use crate::openapi::{BodyErrors, ById, Faults, OwnerAuth};
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
    let client = app.pool.get().await?;
    let branch: Uuid = client
        .query_opt(
            "SELECT id FROM branches WHERE store_id = $1 AND code = $2",
            &[&o.store_id, &code_branch],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("No such branch"))?
        .get(0);
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
    client
        .execute(
            "INSERT INTO enrolment_codes (code_hash, store_id, branch_id, expires_at, manages_staff, id)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &token_hash(&normalise_code(&code)),
                &o.store_id,
                &branch,
                &expires,
                &req.manages_staff,
                &id,
            ],
        )
        .await?;
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
    let row = tx
        .query_opt(
            "UPDATE enrolment_codes SET used_at = now()
             WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
             RETURNING store_id, branch_id, manages_staff",
            &[&token_hash(&normalise_code(&req.code))],
        )
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::BadCode,
                "This enrolment code is wrong, used or expired",
            )
        })?;
    let (store, branch, manages_staff): (Uuid, Uuid, bool) = (row.get(0), row.get(1), row.get(2));
    let taken = match &preferred {
        Some(t) => tx
            .query_opt(
                "SELECT 1 FROM devices WHERE branch_id = $1 AND terminal = $2",
                &[&branch, t],
            )
            .await?
            .is_some(),
        None => true,
    };
    let b = tx
        .query_one(
            "UPDATE branches SET next_terminal = next_terminal + 1 WHERE id = $1
             RETURNING code, next_terminal - 1, (SELECT name FROM stores WHERE id = $2)",
            &[&branch, &store],
        )
        .await?;
    let mut terminal = match preferred {
        Some(t) if !taken => t,
        _ => format!("T{}", b.get::<_, i32>(1)),
    };
    // A numbered code may already be someone's preferred one: take the next free number.
    let mut n = b.get::<_, i32>(1);
    while tx
        .query_opt(
            "SELECT 1 FROM devices WHERE branch_id = $1 AND terminal = $2",
            &[&branch, &terminal],
        )
        .await?
        .is_some()
    {
        n += 1;
        terminal = format!("T{n}");
        tx.execute(
            "UPDATE branches SET next_terminal = $2 WHERE id = $1",
            &[&branch, &(n + 1)],
        )
        .await?;
    }
    let (device, token) = (Uuid::now_v7(), new_token("hrd"));
    tx.execute(
        "INSERT INTO devices (id, store_id, branch_id, name, terminal, token_hash, manages_staff, links_store)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NOT EXISTS (SELECT 1 FROM devices WHERE store_id = $2))",
        &[
            &device,
            &store,
            &branch,
            &name,
            &terminal,
            &token_hash(&token),
            &manages_staff,
        ],
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%device, %store, terminal, "device enrolled");
    Ok(Json(EnrolResponse {
        device_id: device,
        token,
        store_id: store,
        store_name: b.get(2),
        branch_code: b.get(0),
        terminal,
        manages_staff,
    }))
}

/// The store's enrolment codes of the last week, newest first (never the codes themselves).
#[utoipa::path(get, path = "/v1/enrolment-codes", tag = "owner", security(("ownerSession" = [])),
    responses((status = 200, body = Vec<CodeInfo>), OwnerAuth, Faults))]
pub async fn list_codes(State(app): State<AppState>, owner: Owner) -> Result<Json<Vec<CodeInfo>>, ApiError> {
    let client = app.pool.get().await?;
    let rows = client
        .query(
            "SELECT c.id, b.code, c.manages_staff, (extract(epoch FROM c.created_at) * 1000)::bigint,
                    (extract(epoch FROM c.expires_at) * 1000)::bigint, c.used_at IS NOT NULL, c.revoked_at IS NOT NULL
             FROM enrolment_codes c JOIN branches b ON b.id = c.branch_id
             WHERE c.store_id = $1 AND c.created_at > now() - interval '7 days' ORDER BY c.created_at DESC",
            &[&owner.store_id],
        )
        .await?;
    Ok(Json(
        rows.iter()
            .map(|r| CodeInfo {
                id: r.get(0),
                branch_code: r.get(1),
                manages_staff: r.get(2),
                created_at: r.get(3),
                expires_at: r.get(4),
                used: r.get(5),
                revoked: r.get(6),
            })
            .collect(),
    ))
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
    let client = app.pool.get().await?;
    let n = client
        .execute(
            "UPDATE enrolment_codes SET revoked_at = coalesce(revoked_at, now())
             WHERE id = $1 AND store_id = $2 AND used_at IS NULL",
            &[&id, &owner.store_id],
        )
        .await?;
    if n == 0 {
        return Err(ApiError::not_found("No unused code with this id in this store"));
    }
    Ok(Json(Revoked { revoked: id }))
}
