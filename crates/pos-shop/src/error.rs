//! A failed page: the status and a short page in both languages (the details of our own faults
//! go to the log only).

use crate::html;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pos_server::ApiError;

#[derive(Debug)]
pub enum ShopError {
    NotFound,
    /// The visitor's mistake, in both languages.
    Bad {
        en: String,
        id: String,
    },
    /// A form posted without this visitor's token, or from another site.
    Forbidden,
    /// Too much at once, or the database is busy: try again.
    Busy,
    Internal,
}

impl ShopError {
    pub fn bad(en: impl Into<String>, id: impl Into<String>) -> ShopError {
        ShopError::Bad {
            en: en.into(),
            id: id.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ShopError::NotFound => StatusCode::NOT_FOUND,
            ShopError::Bad { .. } => StatusCode::BAD_REQUEST,
            ShopError::Forbidden => StatusCode::FORBIDDEN,
            ShopError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ShopError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// (English, Indonesian).
    pub fn describe(&self) -> (String, String) {
        let s = |en: &str, id: &str| (en.to_string(), id.to_string());
        match self {
            ShopError::NotFound => s("This page does not exist.", "Halaman ini tidak ada."),
            ShopError::Bad { en, id } => (en.clone(), id.clone()),
            ShopError::Forbidden => s(
                "This form expired or came from another site. Go back, reload the page and try again.",
                "Formulir ini kedaluwarsa atau berasal dari situs lain. Kembali, muat ulang halaman, lalu coba lagi.",
            ),
            ShopError::Busy => s(
                "We are busy right now. Please try again in a moment.",
                "Kami sedang sibuk. Silakan coba lagi sebentar lagi.",
            ),
            ShopError::Internal => s(
                "Something went wrong on our side. Please try again.",
                "Terjadi kesalahan di pihak kami. Silakan coba lagi.",
            ),
        }
    }
}

impl From<ApiError> for ShopError {
    fn from(e: ApiError) -> ShopError {
        match e.status {
            StatusCode::NOT_FOUND => ShopError::NotFound,
            StatusCode::BAD_REQUEST => ShopError::bad(e.body.message.clone(), e.body.message),
            s if s == StatusCode::SERVICE_UNAVAILABLE || s == StatusCode::TOO_MANY_REQUESTS => ShopError::Busy,
            _ => ShopError::Internal,
        }
    }
}

impl From<tokio_postgres::Error> for ShopError {
    fn from(e: tokio_postgres::Error) -> ShopError {
        ApiError::from(e).into()
    }
}

impl From<deadpool_postgres::PoolError> for ShopError {
    fn from(e: deadpool_postgres::PoolError) -> ShopError {
        ApiError::from(e).into()
    }
}

impl IntoResponse for ShopError {
    fn into_response(self) -> Response {
        let (en, id) = self.describe();
        (self.status(), html::error_page(&en, &id)).into_response()
    }
}
