//! What linking, enrolling, the sync status and the review list take and answer.

use super::*;

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

pub use pos_store::review::ReviewItem;

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
