//! The owner's server account and what it manages: signing up and in, branches, enrolment codes,
//! devices, the review list, shop keys. One module per endpoint group.

pub mod branches;
pub mod codes;
pub mod devices;
pub mod login;
pub mod review;
pub mod session;
pub mod signup;

use crate::ApiError;

pub fn text(field: &str, v: &str, max: usize) -> Result<String, ApiError> {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(ApiError::bad_request(format!("{field} must be 1 to {max} characters")));
    }
    Ok(v.to_string())
}

pub fn branch_code(v: &str) -> Result<String, ApiError> {
    let v = v.trim().to_ascii_uppercase();
    if v.is_empty() || v.len() > 8 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_request("a branch code is 1 to 8 letters or digits"));
    }
    Ok(v)
}

/// A new password: 10 to 200 characters.
pub fn check_password(p: &str) -> Result<(), ApiError> {
    let n = p.chars().count();
    if !(10..=200).contains(&n) {
        return Err(ApiError::bad_request("the password must be 10 to 200 characters"));
    }
    Ok(())
}

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    use argon2::PasswordHasher;
    let salt = password_hash::SaltString::generate(&mut password_hash::rand_core::OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(&e))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::PasswordVerifier;
    password_hash::PasswordHash::new(hash)
        .map(|h| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash no password matches, checked when an email has no account so the answer takes as long.
pub const NO_ACCOUNT_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
