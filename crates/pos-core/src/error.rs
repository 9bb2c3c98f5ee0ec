//! The one error type of the use cases. `code` is stable and the UI matches on it; the message
//! exists in Bahasa Indonesia and English and the edge picks the user's language. Internal
//! failures are logged here and shown only as "something went wrong", never with details.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No session, or it expired: show the sign-in screen.
    Unauthenticated,
    /// The session is locked: show the lock screen.
    SessionLocked,
    /// The session was opened with a PIN and this needs the password: ask for it.
    PasswordNeeded,
    /// The role may not do this.
    Forbidden,
    /// Wrong email, password or PIN.
    BadCredentials,
    /// Too many failed attempts; try again later.
    AccountLocked,
    /// The store has no owner yet: show the setup screen.
    NeedsSetup,
    /// Setup already happened.
    AlreadySetUp,
    Invalid,
    /// Selling needs an open shift on this terminal.
    NoShift,
    /// A discount or return needs a supervisor's approval.
    NeedsApproval,
    /// An outside service (the payment gateway) cannot be used now; offer the alternatives.
    Unavailable,
    NotFound,
    Duplicate,
    /// Someone else changed the record since it was loaded.
    Stale,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreError {
    pub code: ErrorCode,
    /// The input field at fault, for the form to highlight.
    pub field: Option<String>,
    pub en: String,
    pub id: String,
}

impl CoreError {
    pub fn new(code: ErrorCode, en: impl Into<String>, id: impl Into<String>) -> Self {
        CoreError {
            code,
            field: None,
            en: en.into(),
            id: id.into(),
        }
    }

    pub fn on(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    pub fn invalid(field: &str, en: impl Into<String>, id: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, en, id).on(field)
    }

    pub fn not_found(field: &str, what_en: &str, what_id: &str) -> Self {
        Self::new(
            ErrorCode::NotFound,
            format!("{what_en} not found"),
            format!("{what_id} tidak ditemukan"),
        )
        .on(field)
    }

    pub fn duplicate(field: &str, what_en: &str, what_id: &str) -> Self {
        Self::new(
            ErrorCode::Duplicate,
            format!("{what_en} is already used by another record"),
            format!("{what_id} sudah dipakai data lain"),
        )
        .on(field)
    }

    pub fn stale() -> Self {
        Self::new(
            ErrorCode::Stale,
            "Someone else changed this record after you opened it. Reload it and make your change again.",
            "Data ini sudah diubah orang lain setelah Anda membukanya. Muat ulang lalu ulangi perubahan Anda.",
        )
    }

    pub fn forbidden() -> Self {
        Self::new(
            ErrorCode::Forbidden,
            "Your role may not do this.",
            "Peran Anda tidak diizinkan melakukan ini.",
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            ErrorCode::Unauthenticated,
            "Please sign in.",
            "Silakan masuk terlebih dahulu.",
        )
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Id => &self.id,
        }
    }
}

impl std::fmt::Display for CoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.en)
    }
}

impl std::error::Error for CoreError {}

impl CoreError {
    /// A failure of ours, logged with its detail; the user sees a plain sentence.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal failure");
        CoreError::new(
            ErrorCode::Internal,
            "Something went wrong. Nothing was changed.",
            "Terjadi kesalahan. Tidak ada yang berubah.",
        )
    }
}

impl From<pos_store::StoreError> for CoreError {
    fn from(e: pos_store::StoreError) -> Self {
        tracing::error!(error = %e, "store failure");
        CoreError::new(
            ErrorCode::Internal,
            "Something went wrong while saving or reading data. Nothing was changed.",
            "Terjadi kesalahan saat menyimpan atau membaca data. Tidak ada yang berubah.",
        )
    }
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        pos_store::StoreError::from(e).into()
    }
}

/// The user's language for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Lang {
        if s.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Id
        }
    }
}

pub type Result<T> = std::result::Result<T, CoreError>;

/// Checks a text field, turning the domain's error into a message naming the field.
pub fn text(field: &str, label: (&str, &str), value: &str, max: usize, required: bool) -> Result<String> {
    use pos_domain::text::TextError;
    let r = if required {
        pos_domain::text::required(value, max)
    } else {
        pos_domain::text::optional(value, max)
    };
    r.map_err(|e| {
        let (en, id) = match e {
            TextError::Empty => (format!("{} is required", label.0), format!("{} wajib diisi", label.1)),
            TextError::TooLong(n) => (
                format!("{} is longer than {n} characters", label.0),
                format!("{} lebih dari {n} karakter", label.1),
            ),
            TextError::Control => (
                format!("{} contains characters that are not allowed", label.0),
                format!("{} berisi karakter yang tidak diizinkan", label.1),
            ),
        };
        CoreError::invalid(field, en, id)
    })
}

/// An integer within bounds, with a message naming the field.
pub fn bounded(field: &str, label: (&str, &str), v: i64, min: i64, max: i64) -> Result<i64> {
    if v < min {
        let (en, id) = if min == 0 {
            (
                format!("{} must not be negative", label.0),
                format!("{} tidak boleh negatif", label.1),
            )
        } else {
            (
                format!("{} must be at least {min}", label.0),
                format!("{} minimal {min}", label.1),
            )
        };
        return Err(CoreError::invalid(field, en, id));
    }
    if v > max {
        return Err(CoreError::invalid(
            field,
            format!("{} must be at most {max}", label.0),
            format!("{} maksimal {max}", label.1),
        ));
    }
    Ok(v)
}
