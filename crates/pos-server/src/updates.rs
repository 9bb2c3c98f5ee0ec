//! Signed desktop updates for the store's own terminals (the dynamic endpoint of
//! tauri-plugin-updater).
//!
//! The operator publishes a release into the releases folder with `pos-sync-server publish`: every
//! artifact's minisign signature (the `.sig` file `tauri signer sign` writes) is verified against
//! the update public key and must name the release's version in its signed comment, the artifacts
//! are copied in and `latest.json` is replaced atomically. A terminal asks
//! `GET /v1/update/{target}/{arch}/{bundle}/{current}` with its device token and gets the release
//! (204 when it has the newest or nothing is published for it), then downloads
//! `GET /v1/update/files/{name}` with the same token. The terminal verifies the signature again
//! with the key built into the app: this server is never trusted with the code it hands out, its
//! own check only stops a wrong or mistaken publish.
//!
//! Releases live in files, not in a database row: every instance behind a load balancer reads the
//! same folder (a shared volume or the same deployment), and `latest.json` is renamed into place, so
//! a reader sees the old manifest or the new one, never half of one.

use crate::openapi::{DeviceAuth, Faults};
use crate::{ApiError, AppState};
use anyhow::{Context, bail};
use axum::Json;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = "latest.json";

/// `latest.json` in the releases folder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub version: String,
    #[serde(default)]
    pub notes: String,
    /// RFC 3339.
    pub pub_date: String,
    /// By updater target: `linux-x86_64-deb`, `linux-x86_64-rpm`, `windows-x86_64-nsis`, … or the
    /// bare `linux-x86_64` used when the bundle type is unknown.
    pub platforms: BTreeMap<String, Artifact>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Artifact {
    /// The base64 signature file's content, as the updater expects it.
    pub signature: String,
    /// A file name in the releases folder.
    pub file: String,
}

/// What the dynamic update endpoint answers (tauri-plugin-updater's format).
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Release {
    pub version: String,
    pub notes: String,
    pub pub_date: String,
    pub url: String,
    pub signature: String,
}

const OSES: [&str; 3] = ["linux", "windows", "darwin"];
const ARCHES: [&str; 4] = ["x86_64", "aarch64", "i686", "armv7"];
const BUNDLES: [&str; 6] = ["deb", "rpm", "appimage", "msi", "nsis", "app"];

/// `os-arch` or `os-arch-bundle` with names the updater uses.
pub fn valid_platform(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    match parts.as_slice() {
        [os, arch] => OSES.contains(os) && ARCHES.contains(arch),
        [os, arch, bundle] => OSES.contains(os) && ARCHES.contains(arch) && BUNDLES.contains(bundle),
        _ => false,
    }
}

/// A plain file name: no folders, no hidden files, nothing a path could be made of.
pub fn valid_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+'))
}

fn parse_version(v: &str) -> Option<semver::Version> {
    semver::Version::parse(v.trim_start_matches('v')).ok()
}

/// Reads and checks the manifest; None when nothing was published yet.
pub fn read_manifest(dir: &Path) -> anyhow::Result<Option<Manifest>> {
    let path = dir.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| path.display().to_string()),
    };
    let m: Manifest =
        serde_json::from_str(&text).with_context(|| format!("{} is not a release manifest", path.display()))?;
    if parse_version(&m.version).is_none() {
        bail!("{}: version {:?} is not a semantic version", path.display(), m.version);
    }
    for (key, a) in &m.platforms {
        if !valid_platform(key) || !valid_file_name(&a.file) {
            bail!("{}: bad platform {key:?} or file {:?}", path.display(), a.file);
        }
    }
    Ok(Some(m))
}

/// Checks a `.sig` file's content (base64 of a minisign signature) against the update public key
/// (base64 of a minisign public key, as in the app's configuration) and the version it must be
/// signed for.
pub fn verify(data: &[u8], signature_b64: &str, pubkey_b64: &str, version: &str) -> anyhow::Result<()> {
    use base64::Engine;
    let b64 = |s: &str, what: &str| -> anyhow::Result<String> {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(s.trim())
            .with_context(|| format!("the {what} is not base64"))?;
        String::from_utf8(raw).with_context(|| format!("the {what} is not text"))
    };
    let key = minisign_verify::PublicKey::decode(&b64(pubkey_b64, "public key")?)
        .map_err(|e| anyhow::anyhow!("the public key cannot be read: {e}"))?;
    let sig = minisign_verify::Signature::decode(&b64(signature_b64, "signature")?)
        .map_err(|e| anyhow::anyhow!("the signature cannot be read: {e}"))?;
    key.verify(data, &sig, true)
        .map_err(|e| anyhow::anyhow!("the signature does not match this file and key: {e}"))?;
    let signed = sig
        .trusted_comment()
        .split('\t')
        .find_map(|f| f.strip_prefix("version:"))
        .context("the signature names no version (sign with the Tauri CLI's --app-version or a current CLI)")?;
    if parse_version(signed) != parse_version(version) {
        bail!("the file was signed for version {signed}, not {version}");
    }
    Ok(())
}

/// One artifact to publish: its updater target and the file (its signature beside it as
/// `FILE.sig`).
pub struct Publish<'a> {
    pub platform: &'a str,
    pub file: &'a Path,
}

/// Verifies and publishes a release into `dir`, replacing `latest.json` atomically.
pub fn publish(
    dir: &Path,
    pubkey_b64: &str,
    version: &str,
    notes: &str,
    artifacts: &[Publish<'_>],
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Manifest> {
    let v = parse_version(version).with_context(|| format!("{version:?} is not a semantic version (e.g. 0.2.0)"))?;
    if artifacts.is_empty() {
        bail!("name at least one artifact: PLATFORM=FILE");
    }
    if notes.chars().count() > 10_000 {
        bail!("release notes are limited to 10 000 characters");
    }
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    if let Some(old) = read_manifest(dir)?
        && parse_version(&old.version).is_some_and(|o| o >= v)
    {
        bail!("version {version} is not newer than the published {}", old.version);
    }
    let mut platforms = BTreeMap::new();
    for a in artifacts {
        if !valid_platform(a.platform) {
            bail!(
                "{:?} is not an updater target (e.g. linux-x86_64-deb, windows-x86_64-nsis)",
                a.platform
            );
        }
        // Served under a plain name ("Hurtrock POS_0.2.0_amd64.deb" → "Hurtrock-POS_0.2.0_amd64.deb");
        // the signature covers the content, not the name.
        let name: String = a
            .file
            .file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.trim_start_matches('.'))
            .map(|n| {
                n.chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || "._-+".contains(c) {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect()
            })
            .filter(|n: &String| valid_file_name(n))
            .with_context(|| format!("{}: not a file name that can be served", a.file.display()))?;
        let data = std::fs::read(a.file).with_context(|| a.file.display().to_string())?;
        let sig_path = PathBuf::from(format!("{}.sig", a.file.display()));
        let signature = std::fs::read_to_string(&sig_path)
            .with_context(|| format!("{} (sign it with `tauri signer sign`)", sig_path.display()))?;
        let signature = signature.trim().to_string();
        verify(&data, &signature, pubkey_b64, version).with_context(|| a.file.display().to_string())?;
        let target = dir.join(&name);
        match std::fs::read(&target) {
            Ok(existing) if existing == data => {}
            Ok(_) => bail!("{} already holds a different file", target.display()),
            Err(_) => write_atomically(&target, &data)?,
        }
        platforms.insert(a.platform.to_string(), Artifact { signature, file: name });
    }
    let manifest = Manifest {
        version: v.to_string(),
        notes: notes.into(),
        pub_date: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        platforms,
    };
    write_atomically(&dir.join(MANIFEST), &serde_json::to_vec_pretty(&manifest)?)?;
    Ok(manifest)
}

fn write_atomically(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp).with_context(|| tmp.display().to_string())?;
    f.write_all(data)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path).with_context(|| path.display().to_string())?;
    Ok(())
}

fn releases(app: &AppState) -> Result<&Path, ApiError> {
    app.config.releases_dir.as_deref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            pos_protocol::ErrorCode::NoUpdates,
            "This server publishes no app updates",
        )
    })
}

fn manifest(dir: &Path) -> Result<Option<Manifest>, ApiError> {
    read_manifest(dir).map_err(|e| {
        tracing::error!(error = %format!("{e:#}"), "release manifest");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            pos_protocol::ErrorCode::BadRelease,
            "The published release cannot be read",
        )
    })
}

/// The address terminals download from, with their device token: the configured public URL
/// (https, checked at start), or for a server on this computer its loopback address. A download
/// link is never built from what a request's Host header says, and never plain http elsewhere.
fn base_url(app: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    if let Some(u) = &app.config.public_url {
        return Ok(u.trim_end_matches('/').to_string());
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let url = format!("http://{host}");
    if crate::config::secure_url(&url) && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)) {
        return Ok(url);
    }
    Err(ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        pos_protocol::ErrorCode::NoUpdates,
        "This server has no public_url (https://…) set, so it cannot hand out update downloads",
    ))
}

/// `GET /v1/update/{target}/{arch}/{bundle}/{current}`: the newer release for this kind of
/// terminal, or 204.
#[utoipa::path(get, path = "/v1/update/{target}/{arch}/{bundle}/{current}", tag = "sync", security(("deviceToken" = [])),
    params(("target" = String, Path, description = "windows, darwin or linux"), ("arch" = String, Path, description = "x86_64, aarch64, …"),
        ("bundle" = String, Path, description = "msi, nsis, app, appimage, deb, rpm"),
        ("current" = String, Path, description = "The terminal's version (semantic, e.g. 0.2.0)")),
    responses((status = 200, description = "A newer release for this kind of terminal", body = Release),
        (status = 204, description = "Nothing newer (or this server publishes no updates)"),
        (status = 400, description = "`bad_request`: `current` is not a semantic version", body = pos_protocol::ErrorBody),
        DeviceAuth,
        Faults,
        (status = 503, description = "`bad_release`: the published release cannot be read; `no_updates`: no public https address to hand out", body = pos_protocol::ErrorBody)))]
pub async fn check(
    State(app): State<AppState>,
    headers: HeaderMap,
    UrlPath((target, arch, bundle, current)): UrlPath<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    crate::auth::device(&app, &headers).await?;
    let current = parse_version(&current)
        .ok_or_else(|| ApiError::bad_request(format!("{current:?} is not a semantic version")))?;
    let Some(dir) = app.config.releases_dir.as_deref() else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let Some(m) = manifest(dir)? else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let newer = parse_version(&m.version).is_some_and(|v| v > current);
    let artifact = m
        .platforms
        .get(&format!("{target}-{arch}-{bundle}"))
        .or_else(|| m.platforms.get(&format!("{target}-{arch}")));
    let (true, Some(a)) = (newer, artifact) else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let release = Release {
        version: m.version.clone(),
        notes: m.notes.clone(),
        pub_date: m.pub_date.clone(),
        url: format!("{}/v1/update/files/{}", base_url(&app, &headers)?, a.file),
        signature: a.signature.clone(),
    };
    Ok(Json(release).into_response())
}

/// `GET /v1/update/files/{name}`: an artifact of the published release.
#[utoipa::path(get, path = "/v1/update/files/{name}", tag = "sync", security(("deviceToken" = [])),
    params(("name" = String, Path, description = "A file the release manifest lists")),
    responses((status = 200, description = "The artifact", content_type = "application/octet-stream", body = Vec<u8>),
        DeviceAuth,
        (status = 404, description = "`not_found`: no such file in the release; `no_updates`: this server publishes none", body = pos_protocol::ErrorBody),
        Faults,
        (status = 503, description = "`bad_release`: the published release cannot be read", body = pos_protocol::ErrorBody)))]
pub async fn file(
    State(app): State<AppState>,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
) -> Result<Response, ApiError> {
    crate::auth::device(&app, &headers).await?;
    let dir = releases(&app)?;
    let listed = valid_file_name(&name) && manifest(dir)?.is_some_and(|m| m.platforms.values().any(|a| a.file == name));
    if !listed {
        return Err(ApiError::not_found("No such release file"));
    }
    let data = tokio::fs::read(dir.join(&name)).await.map_err(|e| {
        tracing::error!(error = %e, file = %name, "release file");
        ApiError::not_found("No such release file")
    })?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], data).into_response())
}
