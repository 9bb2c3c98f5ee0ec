//! Every error the server answers: a stable code the client matches on, and a sentence.

use serde::{Deserialize, Serialize};

/// The server's error codes. A client matches on these, never on the message; a code it does not
/// know (from a newer server) reads as [`ErrorCode::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No token, or one the server does not know; wrong email or password.
    Unauthorized,
    /// This device's token was revoked by the owner.
    Revoked,
    /// An enrolment code that is wrong, used or expired.
    BadCode,
    /// Too many failed sign-ins for this email from here; wait.
    Locked,
    /// Too many requests (sign-ins, enrolments) at once or in a short time; try again later.
    RateLimited,
    /// Signed in, but not allowed to do this.
    Forbidden,
    NotFound,
    /// The request is malformed or breaks a rule; the message says which.
    BadRequest,
    /// The body is larger than the server accepts.
    TooLarge,
    /// The client speaks a protocol this server does not (newer than the server).
    Protocol,
    /// The client is too old for this server: install the update.
    UpdateRequired,
    /// A push starts after a sequence the server does not hold; `acked` says what it holds.
    Gap,
    /// The device numbered fewer records than the server holds from it (its database lost
    /// commits); `acked` says what the server holds. Nothing was written.
    Behind,
    /// The same key arrived before with different content.
    Conflict,
    /// A concurrent write got in the way; try again.
    Busy,
    /// The database cannot be reached; try again.
    Unavailable,
    /// A server fault (details in its log only).
    Internal,
    /// An update artifact failed its signature or version check.
    BadRelease,
    /// This server publishes no updates.
    NoUpdates,
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Revoked => "revoked",
            ErrorCode::BadCode => "bad_code",
            ErrorCode::Locked => "locked",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Protocol => "protocol",
            ErrorCode::UpdateRequired => "update_required",
            ErrorCode::Gap => "gap",
            ErrorCode::Behind => "behind",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Busy => "busy",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::BadRelease => "bad_release",
            ErrorCode::NoUpdates => "no_updates",
            ErrorCode::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// On a sequence gap or a device that is behind: the highest sequence the server holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_unknown_ones_do_not_fail() {
        for c in [
            ErrorCode::Gap,
            ErrorCode::Behind,
            ErrorCode::UpdateRequired,
            ErrorCode::RateLimited,
        ] {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), c);
        }
        let b: ErrorBody = serde_json::from_str(r#"{"code": "from_the_future", "message": "m"}"#).unwrap();
        assert_eq!(b.code, ErrorCode::Unknown);
    }
}
