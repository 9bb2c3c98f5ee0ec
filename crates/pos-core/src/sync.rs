//! Linking the store to the sync server, enrolling terminals, the sync status, the owner's review
//! list (oversold products, sync conflicts) and chat messages.
//!
//! The device token is kept encrypted (ChaCha20-Poly1305) in the database; its key lives in a
//! separate file beside it, readable by the user only, so a copy of the database (a backup, a
//! support export) does not carry a usable token.

use crate::error::{CoreError, ErrorCode, Result};
use crate::permissions::Permission;
use crate::{Core, lock};
use pos_store::rusqlite::params;
use pos_sync::local;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::Arc;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct LinkStoreRequest {
    /// https://sync.example.com (http only on this computer, for testing).
    pub server: String,
    pub email: String,
    pub password: String,
    /// Create the owner's server account and the store on the server (first time), or sign in.
    pub create_account: bool,
    pub branch_name: String,
    #[serde(default)]
    pub signup_token: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct JoinStoreRequest {
    pub server: String,
    pub code: String,
    pub device_name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct EnrolmentCodeRequest {
    pub email: String,
    pub password: String,
    pub branch_code: String,
    pub branch_name: String,
    /// The new terminal may change owner and admin accounts (the owner's other desks).
    #[serde(default)]
    pub manages_staff: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct EnrolmentCode {
    pub code: String,
    pub branch_code: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncInfo {
    pub status: pos_sync::SyncStatus,
    pub server: Option<String>,
    pub device_id: Option<String>,
    pub branch: String,
    pub terminal: String,
    pub open_issues: i64,
    pub open_oversold: i64,
    /// The owner trusts this terminal with owner and admin accounts and store-wide settings.
    pub owner_desk: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReviewItem {
    pub id: String,
    /// oversold, set_aside, conflict, overwrite, not_applied, server_restored
    pub issue: String,
    pub kind: String,
    pub record_id: String,
    /// Product name for oversold items, else the record's kind and id.
    pub title: String,
    pub reason: String,
    pub origin: String,
    pub at: i64,
    pub resolved_at: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewRequest {
    #[serde(default)]
    pub include_resolved: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ResolveRequest {
    pub id: String,
    pub issue: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatMessage {
    pub id: String,
    pub conversation_id: String,
    pub author: String,
    pub body: String,
    pub at: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SendChatRequest {
    pub conversation_id: String,
    pub body: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ChatListRequest {
    pub conversation_id: String,
}

/// The owner's server credentials, asked each time (the terminal keeps no owner secret).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ServerAccount {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct RevokeRequest {
    pub email: String,
    pub password: String,
    pub device_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct TrustRequest {
    pub email: String,
    pub password: String,
    pub device_id: String,
    /// May change owner and admin accounts.
    pub manages_staff: bool,
}

/// Owner and admin accounts and store-wide settings (profile, policies) of a linked store change
/// only at a terminal the owner trusts with them: the sync server sets such edits aside from any
/// other, so the terminal refuses them first. A terminal not linked yet is its own store.
pub(crate) fn trusted_desk(conn: &pos_store::rusqlite::Connection) -> Result<()> {
    if local::state(conn, "device_id")?.is_some() && !local::owner_desk(conn)? {
        return Err(CoreError::new(
            ErrorCode::Forbidden,
            "Owner and admin accounts and store-wide settings are changed at a terminal the owner trusts with them (Sync → terminals); this one is not.",
            "Akun pemilik dan admin serta pengaturan seluruh toko diubah di terminal yang dipercaya pemilik (Sinkronisasi → terminal); terminal ini tidak.",
        ));
    }
    Ok(())
}

fn device_id(id: &str) -> Result<&str> {
    let id = id.trim();
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(CoreError::invalid("device_id", "Choose a terminal", "Pilih terminal"));
    }
    Ok(id)
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct DeviceInfo {
    pub id: String,
    pub name: String,
    pub branch_code: String,
    pub terminal: String,
    pub last_seq: i64,
    pub revoked: bool,
    pub last_seen_at: Option<i64>,
    pub manages_staff: bool,
}

fn unavailable(detail: impl std::fmt::Display) -> CoreError {
    tracing::info!(error = %detail, "sync server unreachable");
    CoreError::new(
        ErrorCode::Unavailable,
        "The sync server cannot be reached. Check the address and the connection.",
        "Server sinkronisasi tidak dapat dihubungi. Periksa alamat dan koneksi.",
    )
}

/// The server's answer to a refused request, in the user's language where we know the reason.
fn refused(status: u16, body: &Value) -> CoreError {
    use pos_sync::protocol::ErrorCode as Code;
    let code = body
        .get("code")
        .cloned()
        .and_then(|c| serde_json::from_value::<Code>(c).ok())
        .unwrap_or(Code::Unknown);
    let message = body
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("The server refused the request");
    let (en, id): (&str, &str) = match code {
        Code::BadCode => (
            "This enrolment code is wrong, used or expired.",
            "Kode pendaftaran salah, sudah dipakai, atau kedaluwarsa.",
        ),
        Code::Unauthorized => (
            "Wrong email or password for the sync server.",
            "Email atau kata sandi server sinkronisasi salah.",
        ),
        Code::Conflict => (
            "An account with this email exists on the server: sign in instead.",
            "Akun dengan email ini sudah ada di server: masuk saja.",
        ),
        Code::Locked => (
            "Too many wrong passwords on the server; wait 15 minutes.",
            "Terlalu banyak kata sandi salah di server; tunggu 15 menit.",
        ),
        Code::RateLimited => (
            "The sync server is busy; try again in a moment.",
            "Server sinkronisasi sedang sibuk; coba lagi sebentar lagi.",
        ),
        Code::UpdateRequired => (
            "This app is too old for the sync server: install the update first.",
            "Aplikasi ini terlalu lama untuk server sinkronisasi: pasang pembaruan dulu.",
        ),
        _ => (message, "Server menolak permintaan ini."),
    };
    let code = if status == 401 || status == 403 {
        ErrorCode::BadCredentials
    } else {
        ErrorCode::Invalid
    };
    CoreError::new(code, en, format!("{id} ({message})"))
}

fn http() -> Result<reqwest::blocking::Client> {
    reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .map_err(CoreError::internal)
}

fn call(
    client: &reqwest::blocking::Client,
    server: &str,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> Result<Value> {
    let mut req = client.post(format!("{server}{path}")).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().map_err(unavailable)?;
    let status = resp.status().as_u16();
    let value: Value = resp.json().unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        return Err(refused(status, &value));
    }
    Ok(value)
}

/// Makes sure the branch exists on the server (created or found by its code) and returns a
/// one-time enrolment code for it.
fn code_for_branch(
    client: &reqwest::blocking::Client,
    server: &str,
    owner: &str,
    (branch_code, branch_name): (&str, &str),
    manages_staff: bool,
) -> Result<Value> {
    let branch = call(
        client,
        server,
        "/v1/branches",
        Some(owner),
        &json!({ "code": branch_code, "name": branch_name }),
    )?;
    call(
        client,
        server,
        "/v1/enrolment-codes",
        Some(owner),
        &json!({ "branch_code": field(&branch, "code")?, "manages_staff": manages_staff }),
    )
}

/// https only, except for this computer (a test server).
pub fn check_server(server: &str) -> Result<String> {
    let s = server.trim().trim_end_matches('/').to_string();
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| s.starts_with(p) && s[p.len()..].chars().next().is_none_or(|c| c == ':' || c == '/'));
    if !(s.starts_with("https://") || loopback) || s.len() > 200 || s.contains(char::is_whitespace) {
        return Err(CoreError::invalid(
            "server",
            "The server address must start with https://",
            "Alamat server harus diawali https://",
        ));
    }
    Ok(s)
}

fn field(v: &Value, k: &str) -> Result<String> {
    v.get(k)
        .and_then(|x| {
            x.as_str()
                .map(str::to_string)
                .or_else(|| x.as_i64().map(|n| n.to_string()))
        })
        .ok_or_else(|| CoreError::internal(format!("the server's answer has no {k}")))
}

impl Core {
    fn device_key(&self) -> Result<[u8; 32]> {
        let mut guard = lock(&self.device_key);
        if let Some(k) = *guard {
            return Ok(k);
        }
        let mut key = [0u8; 32];
        match &self.key_path {
            Some(path) if path.exists() => {
                let bytes = std::fs::read(path).map_err(CoreError::internal)?;
                if bytes.len() != 32 {
                    return Err(CoreError::internal(format!("{} is not a device key", path.display())));
                }
                key.copy_from_slice(&bytes);
            }
            other => {
                getrandom::getrandom(&mut key).map_err(CoreError::internal)?;
                if let Some(path) = other {
                    write_private(path, &key).map_err(CoreError::internal)?;
                }
            }
        }
        *guard = Some(key);
        Ok(key)
    }

    fn seal(&self, secret: &str) -> Result<String> {
        use base64::Engine;
        use chacha20poly1305::aead::{Aead, KeyInit};
        let cipher = chacha20poly1305::ChaCha20Poly1305::new(&self.device_key()?.into());
        let mut nonce = [0u8; 12];
        getrandom::getrandom(&mut nonce).map_err(CoreError::internal)?;
        let ct = cipher
            .encrypt(&nonce.into(), secret.as_bytes())
            .map_err(CoreError::internal)?;
        Ok(base64::engine::general_purpose::STANDARD.encode([nonce.as_slice(), &ct].concat()))
    }

    fn open_sealed(&self, sealed: &str) -> Option<String> {
        use base64::Engine;
        use chacha20poly1305::aead::{Aead, KeyInit};
        let raw = base64::engine::general_purpose::STANDARD.decode(sealed).ok()?;
        if raw.len() < 12 {
            return None;
        }
        let cipher = chacha20poly1305::ChaCha20Poly1305::new(&self.device_key().ok()?.into());
        let nonce: [u8; 12] = raw[..12].try_into().ok()?;
        String::from_utf8(cipher.decrypt(&nonce.into(), &raw[12..]).ok()?).ok()
    }

    /// Stores what enrolment returned and moves this terminal onto its branch and terminal code.
    /// `snapshot`: the owner linking the store, whose existing data is queued first in their name.
    fn save_enrolment(&self, server: &str, e: &Value, snapshot: Option<&str>) -> Result<()> {
        let token = self.seal(&field(e, "token")?)?;
        let (device, branch, terminal) = (field(e, "device_id")?, field(e, "branch_code")?, field(e, "terminal")?);
        let store = field(e, "store_id")?;
        self.write(|tx| {
            local::set_state(tx, "server", server)?;
            local::set_state(tx, "device_id", &device)?;
            local::set_state(tx, "store_id", &store)?;
            local::set_state(tx, "token", &token)?;
            local::set_owner_desk(tx, e.get("manages_staff").and_then(Value::as_bool).unwrap_or(false))?;
            pos_store::settings::set_device(tx, "terminal", &terminal)?;
            pos_store::settings::set_device(tx, "branch_code", &branch)?;
            tx.execute("UPDATE store_profile SET branch_code = ?1 WHERE id = 1", [&branch])?;
            if let Some(by) = snapshot {
                let n = local::snapshot(tx, self.now(), by)?;
                tracing::info!(records = n, "the store's existing data is queued for its first push");
            }
            Ok(())
        })?;
        self.settings_changed();
        self.nudge_sync();
        Ok(())
    }

    pub fn is_enrolled(&self) -> bool {
        self.read(|c| Ok(local::state(c, "device_id")?.is_some()))
            .unwrap_or(false)
    }

    /// The owner links this (set-up) store to the server: creates the server account and store, or
    /// signs in; makes sure this branch exists there; enrols this terminal. Everything this
    /// terminal recorded so far is already in its outbox and goes up first.
    pub fn link_store(&self, token: Option<&str>, req: LinkStoreRequest) -> Result<SyncInfo> {
        let s = self.authorize(token, Permission::ManageSync)?;
        let server = check_server(&req.server)?;
        if self.is_enrolled() {
            return Err(CoreError::new(
                ErrorCode::AlreadySetUp,
                "This terminal is already linked to a server",
                "Terminal ini sudah terhubung ke server",
            ));
        }
        let (profile, terminal) = self.read(|c| {
            let p = pos_store::profile::get(c)?
                .ok_or_else(|| CoreError::new(ErrorCode::NeedsSetup, "Set up the store first", "Siapkan toko dulu"))?;
            Ok((p, crate::counter::settings::terminal(c)?))
        })?;
        let client = http()?;
        let session = if req.create_account {
            call(
                &client,
                &server,
                "/v1/signup",
                None,
                &json!({
                    "store_name": profile.name, "email": req.email, "password": req.password,
                    "branch_code": profile.branch_code, "branch_name": req.branch_name, "signup_token": req.signup_token,
                }),
            )?
        } else {
            call(
                &client,
                &server,
                "/v1/login",
                None,
                &json!({ "email": req.email, "password": req.password }),
            )?
        };
        let owner = field(&session, "token")?;
        // The owner's own terminal: trusted with owner and admin accounts.
        let code = code_for_branch(&client, &server, &owner, (&profile.branch_code, &req.branch_name), true)?;
        let enrolled = call(
            &client,
            &server,
            "/v1/enrol",
            None,
            &json!({ "code": field(&code, "code")?, "device_name": format!("{} {terminal}", profile.name), "terminal": terminal }),
        )?;
        self.save_enrolment(&server, &enrolled, Some(&s.user.id))?;
        self.write(|tx| {
            self.audit(
                tx,
                Some(&s.user.id),
                "sync.linked",
                ("store", None),
                None,
                Some(json!({ "server": server })),
            )
        })?;
        self.sync_info(token)
    }

    /// A new terminal joins a store with a one-time code; its first pull brings the staff,
    /// catalogue and history. Only on a terminal that has not been set up on its own.
    pub fn join_store(&self, req: JoinStoreRequest) -> Result<SyncInfo> {
        let server = check_server(&req.server)?;
        let fresh = self.read(|c| Ok(pos_store::users::count(c)? == 0))?;
        if !fresh || self.is_enrolled() {
            return Err(CoreError::new(
                ErrorCode::AlreadySetUp,
                "This terminal already has a store; only a new terminal can join one",
                "Terminal ini sudah punya toko; hanya terminal baru yang dapat bergabung",
            ));
        }
        let name = crate::error::text(
            "device_name",
            ("Terminal name", "Nama terminal"),
            &req.device_name,
            80,
            true,
        )?;
        let code = req.code.trim();
        if code.is_empty() || code.len() > 40 {
            return Err(CoreError::invalid(
                "code",
                "Enter the enrolment code",
                "Masukkan kode pendaftaran",
            ));
        }
        let enrolled = call(
            &http()?,
            &server,
            "/v1/enrol",
            None,
            &json!({ "code": code, "device_name": name }),
        )?;
        self.save_enrolment(&server, &enrolled, None)?;
        self.sync_info_public()
    }

    /// A one-time code for another terminal of a branch (made on the server; valid 24 hours).
    pub fn create_enrolment_code(&self, token: Option<&str>, req: EnrolmentCodeRequest) -> Result<EnrolmentCode> {
        let s = self.authorize(token, Permission::ManageSync)?;
        let (client, server, owner) = self.owner_session(&req.email, &req.password)?;
        let code = code_for_branch(
            &client,
            &server,
            &owner,
            (&req.branch_code, &req.branch_name),
            req.manages_staff,
        )?;
        let out = EnrolmentCode {
            code: field(&code, "code")?,
            branch_code: field(&code, "branch_code")?,
            expires_at: code.get("expires_at").and_then(Value::as_i64).unwrap_or(0),
        };
        self.write(|tx| {
            let after = json!({ "branch": out.branch_code, "expires_at": out.expires_at });
            self.audit(
                tx,
                Some(&s.user.id),
                "sync.code_created",
                ("branch", Some(&out.branch_code)),
                None,
                Some(after),
            )
        })?;
        Ok(out)
    }

    /// Signs the owner in to the server this terminal is linked to; returns the client, the
    /// server and the owner's session token.
    fn owner_session(&self, email: &str, password: &str) -> Result<(reqwest::blocking::Client, String, String)> {
        let server = self.read(|c| Ok(local::state(c, "server")?))?.ok_or_else(|| {
            CoreError::invalid(
                "server",
                "Link this store to a server first",
                "Hubungkan toko ke server dulu",
            )
        })?;
        let client = http()?;
        let session = call(
            &client,
            &server,
            "/v1/login",
            None,
            &json!({ "email": email, "password": password }),
        )?;
        let token = field(&session, "token")?;
        Ok((client, server, token))
    }

    /// The store's terminals as the server knows them.
    pub fn list_devices(&self, token: Option<&str>, req: ServerAccount) -> Result<Vec<DeviceInfo>> {
        self.authorize(token, Permission::ManageSync)?;
        let (client, server, owner) = self.owner_session(&req.email, &req.password)?;
        let resp = client
            .get(format!("{server}/v1/devices"))
            .bearer_auth(&owner)
            .send()
            .map_err(unavailable)?;
        let status = resp.status().as_u16();
        let value: Value = resp.json().unwrap_or(Value::Null);
        if status != 200 {
            return Err(refused(status, &value));
        }
        serde_json::from_value(value).map_err(CoreError::internal)
    }

    /// Revokes a terminal's token on the server (a stolen or retired till).
    pub fn revoke_device(&self, token: Option<&str>, req: RevokeRequest) -> Result<crate::Empty> {
        let account = (req.email.as_str(), req.password.as_str());
        self.device_action(
            token,
            account,
            &req.device_id,
            ("revoke", json!({})),
            "sync.device_revoked",
        )
    }

    /// Lets a terminal change owner and admin accounts, or takes that away (the server enforces
    /// it; the terminal learns it on its next sync).
    pub fn trust_device(&self, token: Option<&str>, req: TrustRequest) -> Result<crate::Empty> {
        let account = (req.email.as_str(), req.password.as_str());
        let body = json!({ "manages_staff": req.manages_staff });
        self.device_action(
            token,
            account,
            &req.device_id,
            ("manages-staff", body),
            "sync.device_staff_trust",
        )?;
        self.nudge_sync();
        Ok(crate::Empty {})
    }

    /// The owner (server password asked each time) changes one terminal on the server; audited
    /// here with what was sent.
    fn device_action(
        &self,
        token: Option<&str>,
        (email, password): (&str, &str),
        device: &str,
        (action, body): (&str, Value),
        audit: &str,
    ) -> Result<crate::Empty> {
        let s = self.authorize(token, Permission::ManageSync)?;
        let (client, server, owner) = self.owner_session(email, password)?;
        let id = device_id(device)?;
        call(
            &client,
            &server,
            &format!("/v1/devices/{id}/{action}"),
            Some(&owner),
            &body,
        )?;
        let after = Some(body).filter(|b| b.as_object().is_some_and(|o| !o.is_empty()));
        self.write(|tx| self.audit(tx, Some(&s.user.id), audit, ("device", Some(id)), None, after))?;
        Ok(crate::Empty {})
    }

    fn sync_info_public(&self) -> Result<SyncInfo> {
        let status = lock(&self.sync).as_ref().map(|h| h.status()).unwrap_or_default();
        self.read(|c| {
            let branch = pos_store::settings::device(c, "branch_code")?
                .or(pos_store::profile::get(c)?.map(|p| p.branch_code))
                .unwrap_or_default();
            let last: Option<i64> = local::state(c, "last_sync_at")?.and_then(|v| v.parse().ok());
            Ok(SyncInfo {
                status: pos_sync::SyncStatus {
                    pending: local::outbox_len(c)?,
                    enrolled: local::state(c, "device_id")?.is_some(),
                    last_sync_at: status.last_sync_at.or(last),
                    ..status
                },
                server: local::state(c, "server")?,
                device_id: local::state(c, "device_id")?,
                branch,
                terminal: crate::counter::settings::terminal(c)?,
                open_issues: c.query_row("SELECT count(*) FROM sync_issues WHERE resolved_at IS NULL", [], |r| {
                    r.get(0)
                })?,
                open_oversold: c.query_row("SELECT count(*) FROM oversold WHERE resolved_at IS NULL", [], |r| {
                    r.get(0)
                })?,
                owner_desk: local::owner_desk(c)?,
            })
        })
    }

    /// Online or offline, records waiting, last sync, the error in words, pull progress. Before
    /// the store is set up (a joining terminal's first pull) anyone may read it.
    pub fn sync_info(&self, token: Option<&str>) -> Result<SyncInfo> {
        let set_up = self.read(|c| Ok(pos_store::users::count(c)? > 0))?;
        if set_up {
            self.authorize_poll(token, Permission::OwnAccount)?;
        }
        self.sync_info_public()
    }

    pub fn sync_now(&self, token: Option<&str>) -> Result<SyncInfo> {
        self.authorize(token, Permission::OwnAccount)?;
        self.nudge_sync();
        self.sync_info(token)
    }

    pub(crate) fn nudge_sync(&self) {
        if let Some(h) = lock(&self.sync).as_ref() {
            h.sync_now();
        }
    }

    /// Oversold products and sync issues for the owner to review, newest first.
    pub fn sync_review(&self, token: Option<&str>, req: ReviewRequest) -> Result<Vec<ReviewItem>> {
        self.authorize(token, Permission::ReviewSync)?;
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT o.id, 'oversold', 'product', o.product_id, ifnull(p.name, o.product_id),
                        'on hand ' || o.on_hand || ' at ' || o.branch || ifnull(' after ' || s.receipt_no, ''),
                        o.branch, o.at, o.resolved_at
                 FROM oversold o LEFT JOIN products p ON p.id = o.product_id LEFT JOIN sales s ON s.id = o.sale_id
                 WHERE ?1 OR o.resolved_at IS NULL
                 UNION ALL
                 SELECT id, issue, kind, record_id, kind || ' ' || record_id, reason, origin, at, resolved_at
                 FROM sync_issues WHERE ?1 OR resolved_at IS NULL
                 ORDER BY 8 DESC LIMIT 500",
            )?;
            let rows = stmt.query_map([req.include_resolved], |r| {
                Ok(ReviewItem {
                    id: r.get(0)?,
                    issue: r.get(1)?,
                    kind: r.get(2)?,
                    record_id: r.get(3)?,
                    title: r.get(4)?,
                    reason: r.get(5)?,
                    origin: r.get(6)?,
                    at: r.get(7)?,
                    resolved_at: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<pos_store::rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Marks an item of the review list as dealt with (on this terminal).
    pub fn resolve_review(&self, token: Option<&str>, req: ResolveRequest) -> Result<crate::Empty> {
        let s = self.authorize(token, Permission::ReviewSync)?;
        let now = self.now();
        self.write(|tx| {
            let n = if req.issue == "oversold" {
                tx.execute(
                    "UPDATE oversold SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1 AND resolved_at IS NULL",
                    params![req.id, now, s.user.id],
                )?
            } else {
                tx.execute(
                    "UPDATE sync_issues SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1 AND resolved_at IS NULL",
                    params![req.id, now, s.user.id],
                )?
            };
            if n == 0 {
                return Err(CoreError::not_found("id", "Review item", "Butir tinjauan"));
            }
            self.audit(
                tx,
                Some(&s.user.id),
                "sync.review_resolved",
                ("review", Some(&req.id)),
                None,
                Some(json!({ "issue": req.issue })),
            )
        })?;
        Ok(crate::Empty {})
    }

    /// A chat message from staff (customers' come through the server); synced to every terminal.
    pub fn send_chat_message(&self, token: Option<&str>, req: SendChatRequest) -> Result<ChatMessage> {
        let s = self.authorize(token, Permission::Sell)?;
        let conversation = crate::error::text(
            "conversation_id",
            ("Conversation", "Percakapan"),
            &req.conversation_id,
            64,
            true,
        )?;
        let body = req.body.trim();
        if body.is_empty() || body.chars().count() > 4000 {
            return Err(CoreError::invalid(
                "body",
                "Write 1 to 4000 characters",
                "Tulis 1 sampai 4000 karakter",
            ));
        }
        let m = ChatMessage {
            id: pos_domain::new_id(),
            conversation_id: conversation,
            author: s.user.name.clone(),
            body: body.to_string(),
            at: self.now(),
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO chat_messages (id, conversation_id, author, body, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![m.id, m.conversation_id, m.author, m.body, m.at],
            )?;
            pos_store::outbox::append(tx, "chat_message", &m.id, &m, m.at, Some(&s.user.id))?;
            Ok(())
        })?;
        self.nudge_sync();
        Ok(m)
    }

    pub fn chat_messages(&self, token: Option<&str>, req: ChatListRequest) -> Result<Vec<ChatMessage>> {
        self.authorize(token, Permission::Sell)?;
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT id, conversation_id, author, body, at FROM chat_messages WHERE conversation_id = ?1
                 ORDER BY at, id LIMIT 1000",
            )?;
            let rows = stmt.query_map([&req.conversation_id], |r| {
                Ok(ChatMessage {
                    id: r.get(0)?,
                    conversation_id: r.get(1)?,
                    author: r.get(2)?,
                    body: r.get(3)?,
                    at: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<pos_store::rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Starts the background sync loop for this core: returns the future for the host to spawn.
    pub fn sync_task(
        self: &Arc<Self>,
        config: pos_sync::EngineConfig,
    ) -> impl std::future::Future<Output = ()> + Send + 'static {
        let engine = pos_sync::Engine::new(self.clone(), config);
        let (handle, task) = engine.into_task();
        *lock(&self.sync) = Some(handle);
        task
    }
}

impl pos_sync::Local for Core {
    fn run(&self, f: &mut dyn FnMut(&mut pos_store::rusqlite::Connection)) {
        f(&mut lock(&self.db));
    }

    fn credentials(&self) -> Option<pos_sync::Credentials> {
        let (server, device, sealed) = self
            .read(|c| {
                Ok((
                    local::state(c, "server")?,
                    local::state(c, "device_id")?,
                    local::state(c, "token")?,
                ))
            })
            .ok()?;
        Some(pos_sync::Credentials {
            server: server?,
            device_id: device?,
            token: self.open_sealed(&sealed?)?,
        })
    }

    fn applied(&self, a: local::Applied) {
        if a.settings_changed {
            self.settings_changed();
        }
    }

    fn now_ms(&self) -> i64 {
        self.now()
    }
}

fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    // The file's name is in its folder: sync that too, or a power cut can lose the key (and with
    // it the sealed device token) although the file's bytes were on disk.
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}
