//! The owner's server account, branches, enrolment codes and devices.

use crate::{ApiError, AppState, bearer, new_token, token_hash};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

/// Parses a JSON body into `T`, answering 400 with the reason (never axum's bare rejection).
pub fn body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    Ok(serde_json::from_slice(bytes)?)
}

fn text(field: &str, v: &str, max: usize) -> Result<String, ApiError> {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(ApiError::bad_request(format!("{field} must be 1 to {max} characters")));
    }
    Ok(v.to_string())
}

fn branch_code(v: &str) -> Result<String, ApiError> {
    let v = v.trim().to_ascii_uppercase();
    if v.is_empty() || v.len() > 8 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_request("a branch code is 1 to 8 letters or digits"));
    }
    Ok(v)
}

async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        use argon2::PasswordHasher;
        let salt = password_hash::SaltString::generate(&mut password_hash::rand_core::OsRng);
        argon2::Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|_| ApiError::bad_request("hashing failed"))?
    .map_err(|_| ApiError::bad_request("hashing failed"))
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        use argon2::PasswordVerifier;
        password_hash::PasswordHash::new(&hash)
            .map(|h| {
                argon2::Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// The owner account behind a session token.
pub struct Owner {
    pub account_id: Uuid,
    pub store_id: Uuid,
}

pub async fn owner(app: &AppState, headers: &HeaderMap) -> Result<Owner, ApiError> {
    let hash = token_hash(bearer(headers)?);
    let client = app.pool.get().await?;
    let row = client
        .query_opt(
            "SELECT a.id, a.store_id FROM owner_sessions s JOIN accounts a ON a.id = s.account_id
             WHERE s.token_hash = $1 AND s.expires_at > now()",
            &[&hash],
        )
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "Sign in to the server again"))?;
    Ok(Owner {
        account_id: row.get(0),
        store_id: row.get(1),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub store_name: String,
    pub email: String,
    pub password: String,
    pub branch_code: String,
    pub branch_name: String,
    #[serde(default)]
    pub signup_token: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct SessionResponse {
    pub token: String,
    pub store_id: Uuid,
    pub expires_at: i64,
}

async fn session(app: &AppState, account: Uuid, store: Uuid) -> Result<SessionResponse, ApiError> {
    let token = new_token("hro");
    let expires = chrono::Utc::now() + chrono::Duration::hours(12);
    let client = app.pool.get().await?;
    client
        .execute(
            "INSERT INTO owner_sessions (token_hash, account_id, expires_at) VALUES ($1, $2, $3)",
            &[&token_hash(&token), &account, &expires],
        )
        .await?;
    Ok(SessionResponse {
        token,
        store_id: store,
        expires_at: expires.timestamp_millis(),
    })
}

/// Creates a store, its first branch and the owner's account.
pub async fn signup(State(app): State<AppState>, bytes: Bytes) -> Result<Json<SessionResponse>, ApiError> {
    let req: SignupRequest = body(&bytes)?;
    if let Some(want) = &app.config.signup_token
        && req.signup_token.as_deref() != Some(want.as_str())
    {
        return Err(ApiError::forbidden(
            "This server needs a signup token to create a store",
        ));
    }
    let store_name = text("store_name", &req.store_name, 120)?;
    let branch_name = text("branch_name", &req.branch_name, 120)?;
    let code = branch_code(&req.branch_code)?;
    let email = text("email", &req.email, 254)?.to_lowercase();
    if !email.contains('@') {
        return Err(ApiError::bad_request("email must be an email address"));
    }
    if req.password.chars().count() < 10 || req.password.len() > 200 {
        return Err(ApiError::bad_request("the password must be 10 to 200 characters"));
    }
    let hash = hash_password(req.password).await?;
    let (store, account) = (Uuid::now_v7(), Uuid::now_v7());
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    if tx
        .query_opt("SELECT 1 FROM accounts WHERE email = $1", &[&email])
        .await?
        .is_some()
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "exists",
            "An account with this email exists; sign in",
        ));
    }
    tx.execute("INSERT INTO stores (id, name) VALUES ($1, $2)", &[&store, &store_name])
        .await?;
    tx.execute(
        "INSERT INTO accounts (id, store_id, email, password_hash) VALUES ($1, $2, $3, $4)",
        &[&account, &store, &email, &hash],
    )
    .await?;
    tx.execute(
        "INSERT INTO branches (id, store_id, code, name) VALUES ($1, $2, $3, $4)",
        &[&Uuid::now_v7(), &store, &code, &branch_name],
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%store, "store created");
    Ok(Json(session(&app, account, store).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Five wrong passwords lock the account for 15 minutes (kept in the database, so every instance
/// behind the load balancer agrees).
pub async fn login(State(app): State<AppState>, bytes: Bytes) -> Result<Json<SessionResponse>, ApiError> {
    let req: LoginRequest = body(&bytes)?;
    let email = req.email.trim().to_lowercase();
    let denied = || ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "Wrong email or password");
    let client = app.pool.get().await?;
    let row = client
        .query_opt(
            "SELECT id, store_id, password_hash, coalesce(locked_until > now(), false) FROM accounts WHERE email = $1",
            &[&email],
        )
        .await?;
    let Some(row) = row else {
        // Spend the same time as a real check, so a wrong email is not told apart by timing.
        let _ = verify_password(
            req.password,
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(),
        )
        .await;
        return Err(denied());
    };
    if row.get::<_, bool>(3) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "locked",
            "Too many wrong passwords; wait 15 minutes",
        ));
    }
    let (account, store): (Uuid, Uuid) = (row.get(0), row.get(1));
    if !verify_password(req.password, row.get(2)).await {
        client
            .execute(
                "UPDATE accounts SET failed_attempts = failed_attempts + 1,
                    locked_until = CASE WHEN failed_attempts + 1 >= 5 THEN now() + interval '15 minutes' END
                 WHERE id = $1",
                &[&account],
            )
            .await?;
        return Err(denied());
    }
    client
        .execute(
            "UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE id = $1",
            &[&account],
        )
        .await?;
    Ok(Json(session(&app, account, store).await?))
}

#[derive(Serialize, Deserialize)]
pub struct Branch {
    pub id: Uuid,
    pub code: String,
    pub name: String,
}

pub async fn list_branches(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<Branch>>, ApiError> {
    let o = owner(&app, &headers).await?;
    let client = app.pool.get().await?;
    let rows = client
        .query(
            "SELECT id, code, name FROM branches WHERE store_id = $1 ORDER BY code",
            &[&o.store_id],
        )
        .await?;
    Ok(Json(
        rows.iter()
            .map(|r| Branch {
                id: r.get(0),
                code: r.get(1),
                name: r.get(2),
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BranchRequest {
    pub code: String,
    pub name: String,
}

/// Creates a branch, or answers the existing one with that code.
pub async fn create_branch(
    State(app): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<Branch>, ApiError> {
    let o = owner(&app, &headers).await?;
    let req: BranchRequest = body(&bytes)?;
    let code = branch_code(&req.code)?;
    let name = text("name", &req.name, 120)?;
    let client = app.pool.get().await?;
    let row = client
        .query_one(
            "INSERT INTO branches (id, store_id, code, name) VALUES ($1, $2, $3, $4)
             ON CONFLICT (store_id, code) DO UPDATE SET code = excluded.code RETURNING id, code, name",
            &[&Uuid::now_v7(), &o.store_id, &code, &name],
        )
        .await?;
    Ok(Json(Branch {
        id: row.get(0),
        code: row.get(1),
        name: row.get(2),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    pub branch_code: String,
    /// The terminal enrolled with this code may change owner and admin accounts.
    #[serde(default)]
    pub manages_staff: bool,
}

#[derive(Serialize, Deserialize)]
pub struct CodeResponse {
    /// Shown once; the server keeps only its hash.
    pub code: String,
    pub branch_code: String,
    pub expires_at: i64,
}

/// A one-time enrolment code for a branch, valid for 24 hours: 15 characters from an alphabet
/// without look-alikes (about 75 bits).
pub async fn create_code(
    State(app): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<CodeResponse>, ApiError> {
    let o = owner(&app, &headers).await?;
    let req: CodeRequest = body(&bytes)?;
    let code_branch = branch_code(&req.branch_code)?;
    let client = app.pool.get().await?;
    let branch: Uuid = client
        .query_opt(
            "SELECT id FROM branches WHERE store_id = $1 AND code = $2",
            &[&o.store_id, &code_branch],
        )
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such branch"))?
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
    client
        .execute(
            "INSERT INTO enrolment_codes (code_hash, store_id, branch_id, expires_at, manages_staff)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &token_hash(&normalise_code(&code)),
                &o.store_id,
                &branch,
                &expires,
                &req.manages_staff,
            ],
        )
        .await?;
    Ok(Json(CodeResponse {
        code,
        branch_code: code_branch,
        expires_at: expires.timestamp_millis(),
    }))
}

fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    pub code: String,
    pub device_name: String,
    /// The terminal code a device already numbers its receipts with (the first terminal of a
    /// store that traded before linking); used when free in the branch.
    #[serde(default)]
    pub terminal: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct EnrolResponse {
    pub device_id: Uuid,
    /// Shown once; the server keeps only its hash.
    pub token: String,
    pub store_id: Uuid,
    pub store_name: String,
    pub branch_code: String,
    pub terminal: String,
    /// May change owner and admin accounts.
    #[serde(default)]
    pub manages_staff: bool,
}

/// A new terminal trades its one-time code for a device id and token.
pub async fn enrol(State(app): State<AppState>, bytes: Bytes) -> Result<Json<EnrolResponse>, ApiError> {
    let req: EnrolRequest = body(&bytes)?;
    let name = text("device_name", &req.device_name, 80)?;
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "UPDATE enrolment_codes SET used_at = now()
             WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING store_id, branch_id, manages_staff",
            &[&token_hash(&normalise_code(&req.code))],
        )
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "bad_code",
                "This enrolment code is wrong, used or expired",
            )
        })?;
    let (store, branch, manages_staff): (Uuid, Uuid, bool) = (row.get(0), row.get(1), row.get(2));
    let preferred = req
        .terminal
        .map(|t| t.trim().to_ascii_uppercase())
        .filter(|t| !t.is_empty() && t.len() <= 8 && t.chars().all(|c| c.is_ascii_alphanumeric()));
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
        "INSERT INTO devices (id, store_id, branch_id, name, terminal, token_hash, manages_staff)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
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

#[derive(Serialize, Deserialize)]
pub struct DeviceInfo {
    pub id: Uuid,
    pub name: String,
    pub branch_code: String,
    pub terminal: String,
    pub last_seq: i64,
    pub revoked: bool,
    pub last_seen_at: Option<i64>,
    pub manages_staff: bool,
}

pub async fn list_devices(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<DeviceInfo>>, ApiError> {
    let o = owner(&app, &headers).await?;
    let client = app.pool.get().await?;
    let rows = client
        .query(
            "SELECT d.id, d.name, b.code, d.terminal, d.last_seq, d.revoked_at IS NOT NULL,
                    (extract(epoch FROM d.last_seen_at) * 1000)::bigint, d.manages_staff
             FROM devices d JOIN branches b ON b.id = d.branch_id WHERE d.store_id = $1 ORDER BY b.code, d.terminal",
            &[&o.store_id],
        )
        .await?;
    Ok(Json(
        rows.iter()
            .map(|r| DeviceInfo {
                id: r.get(0),
                name: r.get(1),
                branch_code: r.get(2),
                terminal: r.get(3),
                last_seq: r.get(4),
                revoked: r.get(5),
                last_seen_at: r.get(6),
                manages_staff: r.get(7),
            })
            .collect(),
    ))
}

fn device_id(id: &str) -> Result<Uuid, ApiError> {
    id.parse()
        .map_err(|_| ApiError::bad_request("the device id must be a UUID"))
}

fn no_device() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such device in this store")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffTrust {
    pub manages_staff: bool,
}

/// The owner lets a terminal change owner and admin accounts, or takes that away.
pub async fn set_manages_staff(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, ApiError> {
    let o = owner(&app, &headers).await?;
    let id = device_id(&id)?;
    let req: StaffTrust = body(&bytes)?;
    let client = app.pool.get().await?;
    let n = client
        .execute(
            "UPDATE devices SET manages_staff = $3 WHERE id = $1 AND store_id = $2",
            &[&id, &o.store_id, &req.manages_staff],
        )
        .await?;
    if n == 0 {
        return Err(no_device());
    }
    tracing::info!(device = %id, manages_staff = req.manages_staff, "staff trust changed");
    Ok(Json(json!({ "device": id, "manages_staff": req.manages_staff })))
}

pub async fn revoke_device(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let o = owner(&app, &headers).await?;
    let id = device_id(&id)?;
    let client = app.pool.get().await?;
    let n = client
        .execute(
            "UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND store_id = $2",
            &[&id, &o.store_id],
        )
        .await?;
    if n == 0 {
        return Err(no_device());
    }
    tracing::info!(device = %id, "device revoked");
    Ok(Json(json!({ "revoked": id })))
}

#[derive(Serialize, Deserialize)]
pub struct Issue {
    pub id: Uuid,
    pub issue: String,
    pub kind: String,
    pub record_id: String,
    pub reason: String,
    pub device_id: Option<Uuid>,
    pub seq: Option<i64>,
    pub at: i64,
}

/// Records set aside, conflicts, overwritten values and oversold products, newest first.
pub async fn review(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<Issue>>, ApiError> {
    let o = owner(&app, &headers).await?;
    let client = app.pool.get().await?;
    let rows = client
        .query(
            "SELECT id, issue, kind, record_id, reason, device_id, seq, (extract(epoch FROM at) * 1000)::bigint
             FROM sync_issues WHERE store_id = $1 ORDER BY at DESC LIMIT 1000",
            &[&o.store_id],
        )
        .await?;
    Ok(Json(
        rows.iter()
            .map(|r| Issue {
                id: r.get(0),
                issue: r.get(1),
                kind: r.get(2),
                record_id: r.get(3),
                reason: r.get(4),
                device_id: r.get(5),
                seq: r.get(6),
                at: r.get(7),
            })
            .collect(),
    ))
}
