//! Who is asking: a device (its token), the owner (a session) or the shop (its key), as axum
//! extractors. They read only the request's head, so a request without valid credentials is
//! refused before its body is read or decompressed.

use crate::{ApiError, AppState};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use pos_protocol::ErrorCode;
use sha2::Digest;
use std::net::SocketAddr;
use uuid::Uuid;

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

/// The request's bearer token, if it has the shape of one this server made (a prefix and 43
/// URL-safe characters): anything else is refused without a database lookup.
pub fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| ApiError::unauthorized("A bearer token is required"))?;
    let well_formed = token.len() == 47
        && ["hrd_", "hro_", "hrs_"].iter().any(|p| token.starts_with(p))
        && token[4..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(ApiError::unauthorized("Unknown token"));
    }
    Ok(token)
}

/// The client's address, for counting failed sign-ins: the connection's peer, or the first
/// `X-Forwarded-For` address when the server is configured to sit behind a proxy it trusts.
pub fn client(parts_headers: &HeaderMap, peer: Option<SocketAddr>, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(first) = parts_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 64)
    {
        return first.to_string();
    }
    peer.map(|p| p.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// The client address of a request (see [`client`]).
pub struct Client(pub String);

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Client, ApiError> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
        Ok(Client(client(
            &parts.headers,
            peer,
            app.config.trust_proxy.unwrap_or(false),
        )))
    }
}

/// The device a request's token belongs to.
#[derive(Debug, Clone)]
pub struct Device {
    pub id: Uuid,
    pub store_id: Uuid,
    pub branch: String,
    pub terminal: String,
    /// May change owner and admin accounts and store-wide settings.
    pub manages_staff: bool,
}

impl FromRequestParts<AppState> for Device {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Device, ApiError> {
        device(app, &parts.headers).await
    }
}

pub async fn device(app: &AppState, headers: &HeaderMap) -> Result<Device, ApiError> {
    let hash = token_hash(bearer(headers)?);
    let (device, revoked) = crate::store::devices::by_token(&app.pool.get().await?, &hash)
        .await?
        .ok_or_else(|| ApiError::unauthorized("Unknown device token"))?;
    if revoked {
        return Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            ErrorCode::Revoked,
            "This device's access was revoked",
        ));
    }
    Ok(device)
}

/// The owner account behind a session token.
#[derive(Debug, Clone)]
pub struct Owner {
    pub account_id: Uuid,
    pub store_id: Uuid,
    /// The session's token hash (to end this session).
    pub session: Vec<u8>,
}

impl FromRequestParts<AppState> for Owner {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Owner, ApiError> {
        let hash = token_hash(bearer(&parts.headers)?);
        let (account_id, store_id) = crate::store::sessions::find(&app.pool.get().await?, &hash)
            .await?
            .ok_or_else(|| ApiError::unauthorized("Sign in to the server again"))?;
        Ok(Owner {
            account_id,
            store_id,
            session: hash,
        })
    }
}

/// The store whose online shop holds the request's key.
#[derive(Debug, Clone)]
pub struct Shop {
    pub store_id: Uuid,
}

impl FromRequestParts<AppState> for Shop {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Shop, ApiError> {
        let hash = token_hash(bearer(&parts.headers)?);
        let store_id = crate::store::shop_keys::use_key(&app.pool.get().await?, &hash)
            .await?
            .ok_or_else(|| ApiError::unauthorized("Unknown or revoked shop key"))?;
        Ok(Shop { store_id })
    }
}
