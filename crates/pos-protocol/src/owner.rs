//! The owner's side of the server, as both ends read it: the account (sign-up, sign-in), branches,
//! enrolment codes and the enrolment of a terminal, and the store's devices. The server checks
//! every field (`pos-server`'s `owner` handlers); the terminal's adapter sends and reads these.
//! Requests that carry a password have no `Debug`, so they never reach a log.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A new server account with its store and first branch.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, pattern = r"\S"))]
    pub store_name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 254, pattern = r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$")
    )]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 200))]
    pub password: String,
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 8, pattern = r"^\s*[A-Za-z0-9]{1,8}\s*$")
    )]
    pub branch_code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, pattern = r"\S"))]
    pub branch_name: String,
    /// Required when the server's operator set one (a server not open to everyone).
    #[serde(default)]
    pub signup_token: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// An owner's session on the server (12 hours).
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionResponse {
    pub token: String,
    pub store_id: Uuid,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Branch {
    pub id: Uuid,
    pub code: String,
    pub name: String,
}

/// Creates a branch, or finds the existing one with that code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BranchRequest {
    /// 1 to 8 letters or digits.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 8, pattern = r"^\s*[A-Za-z0-9]{1,8}\s*$")
    )]
    pub code: String,
    /// 1 to 120 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, pattern = r"\S"))]
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 8, pattern = r"^\s*[A-Za-z0-9]{1,8}\s*$")
    )]
    pub branch_code: String,
    /// The terminal enrolled with this code may change owner and admin accounts.
    #[serde(default)]
    pub manages_staff: bool,
}

#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeResponse {
    /// Shown once; the server keeps only its hash.
    pub code: String,
    /// To withdraw it before it is used.
    #[serde(default)]
    pub id: Option<Uuid>,
    pub branch_code: String,
    pub expires_at: i64,
}

/// A code as the owner's list shows it (never the code itself).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeInfo {
    pub id: Uuid,
    pub branch_code: String,
    pub manages_staff: bool,
    pub created_at: i64,
    pub expires_at: i64,
    pub used: bool,
    pub revoked: bool,
}

#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80, pattern = r"\S"))]
    pub device_name: String,
    /// The terminal code a device already numbers its receipts with (the first terminal of a
    /// store that traded before linking); used when free in the branch.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 8, pattern = r"^\s*[A-Za-z0-9]{1,8}\s*$")
    )]
    pub terminal: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// Lets a terminal change owner and admin accounts, or takes that away.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffTrust {
    pub manages_staff: bool,
}

/// What the owner does to one terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceAction {
    Revoke,
    ManagesStaff(bool),
}

impl DeviceAction {
    /// The path under `/v1/devices/{id}/`.
    pub fn path(&self) -> &'static str {
        match self {
            DeviceAction::Revoke => "revoke",
            DeviceAction::ManagesStaff(_) => "manages-staff",
        }
    }
}

/// A new server password for the signed-in owner, proven by the current one.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 200))]
    pub new_password: String,
}

/// A code, device or shop key withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revoked {
    pub revoked: Uuid,
}

/// The terminal's trust with owner and admin accounts, as now set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffTrustSet {
    pub device: Uuid,
    pub manages_staff: bool,
}

/// This session ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedOut {
    pub signed_out: bool,
}

/// The owner's other sessions ended (how many).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    pub ended: u64,
}

/// The password changed; every other session ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChanged {
    pub changed: bool,
}
