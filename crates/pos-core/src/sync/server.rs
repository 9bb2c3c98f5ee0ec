//! Talking to the sync server for the owner's commands: the HTTP calls, their errors in words, the server check.

use super::*;

pub(super) fn unavailable(detail: impl std::fmt::Display) -> CoreError {
    tracing::info!(error = %detail, "sync server unreachable");
    CoreError::new(
        ErrorCode::Unavailable,
        "The sync server cannot be reached. Check the address and the connection.",
        "Server sinkronisasi tidak dapat dihubungi. Periksa alamat dan koneksi.",
    )
}

/// The server's answer to a refused request, in the user's language where we know the reason.
pub(super) fn refused(status: u16, body: &Value) -> CoreError {
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

pub(super) fn http() -> Result<reqwest::blocking::Client> {
    reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .map_err(CoreError::internal)
}

pub(super) fn call(
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
pub(super) fn code_for_branch(
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

pub(super) fn field(v: &Value, k: &str) -> Result<String> {
    v.get(k)
        .and_then(|x| {
            x.as_str()
                .map(str::to_string)
                .or_else(|| x.as_i64().map(|n| n.to_string()))
        })
        .ok_or_else(|| CoreError::internal(format!("the server's answer has no {k}")))
}
