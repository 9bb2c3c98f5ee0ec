//! The port to the sync server for the owner's commands (sign-up, sign-in, branches, enrolment
//! codes, enrolment, devices), its errors in words, and the check of a server address. The HTTPS
//! adapter is `pos-adapters`' `SyncHttp`; the shells hand it to the core at start.

use super::*;
use pos_sync::protocol::owner::{
    Branch, BranchRequest, CodeRequest, CodeResponse, DeviceAction, DeviceInfo as ServerDevice, EnrolRequest,
    EnrolResponse, LoginRequest, SessionResponse, SignupRequest,
};
use pos_sync::protocol::{ErrorBody, ErrorCode as Code};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("the sync server cannot be reached: {0}")]
    Unreachable(String),
    #[error("the sync server refused ({status}): {}", .body.message)]
    Refused { status: u16, body: ErrorBody },
}

/// The owner's calls to the sync server at `server` (an address [`check_server`] accepted);
/// `owner` is the session token [`ServerApi::login`] or [`ServerApi::signup`] returned.
pub trait ServerApi: Send + Sync {
    fn signup(&self, server: &str, req: &SignupRequest) -> std::result::Result<SessionResponse, ServerError>;
    fn login(&self, server: &str, req: &LoginRequest) -> std::result::Result<SessionResponse, ServerError>;
    /// Creates the branch, or finds the one with that code.
    fn branch(&self, server: &str, owner: &str, req: &BranchRequest) -> std::result::Result<Branch, ServerError>;
    fn enrolment_code(
        &self,
        server: &str,
        owner: &str,
        req: &CodeRequest,
    ) -> std::result::Result<CodeResponse, ServerError>;
    fn enrol(&self, server: &str, req: &EnrolRequest) -> std::result::Result<EnrolResponse, ServerError>;
    fn devices(&self, server: &str, owner: &str) -> std::result::Result<Vec<ServerDevice>, ServerError>;
    fn device_action(
        &self,
        server: &str,
        owner: &str,
        device: &str,
        action: &DeviceAction,
    ) -> std::result::Result<(), ServerError>;
    /// As this terminal (`device`: its token): staff are typing in a chat conversation.
    fn chat_typing(&self, _server: &str, _device: &str, _conversation: &str) -> std::result::Result<(), ServerError> {
        Ok(())
    }
    /// As this terminal: the store's terminals with their chat open now.
    fn chat_presence(
        &self,
        _server: &str,
        _device: &str,
    ) -> std::result::Result<Vec<pos_sync::protocol::chat::Present>, ServerError> {
        Ok(Vec::new())
    }
}

pub(super) fn unavailable(detail: impl std::fmt::Display) -> CoreError {
    tracing::info!(error = %detail, "sync server unreachable");
    CoreError::new(
        ErrorCode::Unavailable,
        "The sync server cannot be reached. Check the address and the connection.",
        "Server sinkronisasi tidak dapat dihubungi. Periksa alamat dan koneksi.",
    )
}

/// A failed call in the user's language, where we know the reason.
pub(super) fn server_error(e: ServerError) -> CoreError {
    match e {
        ServerError::Unreachable(detail) => unavailable(detail),
        ServerError::Refused { status, body } => refused(status, &body),
    }
}

fn refused(status: u16, body: &ErrorBody) -> CoreError {
    let message = body.message.as_str();
    let (en, id): (&str, &str) = match body.code {
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
        _ if message.is_empty() => ("The server refused the request", "Server menolak permintaan ini."),
        _ => (message, "Server menolak permintaan ini."),
    };
    let code = if status == 401 || status == 403 {
        ErrorCode::BadCredentials
    } else {
        ErrorCode::Invalid
    };
    CoreError::new(code, en, format!("{id} ({message})"))
}

impl Core {
    /// The sync server's client for the owner's commands (the shells set the HTTPS adapter).
    pub fn set_server_api(&self, api: Option<Arc<dyn ServerApi>>) {
        *lock(&self.server_api) = api;
    }

    pub(crate) fn server_api(&self) -> Result<Arc<dyn ServerApi>> {
        lock(&self.server_api)
            .clone()
            .ok_or_else(|| unavailable("no sync server client in this build"))
    }
}

/// Makes sure the branch exists on the server (created or found by its code) and returns a
/// one-time enrolment code for it.
pub(super) fn code_for_branch(
    api: &dyn ServerApi,
    server: &str,
    owner: &str,
    (branch_code, branch_name): (&str, &str),
    manages_staff: bool,
) -> Result<CodeResponse> {
    let branch = api
        .branch(
            server,
            owner,
            &BranchRequest {
                code: branch_code.into(),
                name: branch_name.into(),
            },
        )
        .map_err(server_error)?;
    api.enrolment_code(
        server,
        owner,
        &CodeRequest {
            branch_code: branch.code,
            manages_staff,
        },
    )
    .map_err(server_error)
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
