//! Password and PIN hashing with argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes, which
//! follow OWASP's recommendation), and the rules a new password or PIN must meet.

use crate::error::{CoreError, Result};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use password_hash::{SaltString, rand_core::OsRng};
use std::sync::OnceLock;

pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

pub fn hash(secret: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "argon2 hashing failed");
            CoreError::new(
                crate::ErrorCode::Internal,
                "Could not protect the secret.",
                "Gagal mengamankan rahasia.",
            )
        })
}

pub fn verify(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(secret.as_bytes(), &h).is_ok())
}

/// Spends the same time as a real check, so an unknown email answers no faster than a known one.
pub fn verify_against_nothing(secret: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("hurtrock-timing-equaliser").unwrap_or_default());
    let _ = verify(secret, stored);
}

pub fn check_password(field: &str, pw: &str) -> Result<()> {
    let n = pw.chars().count();
    if n < PASSWORD_MIN {
        return Err(CoreError::invalid(
            field,
            format!("The password needs at least {PASSWORD_MIN} characters"),
            format!("Kata sandi minimal {PASSWORD_MIN} karakter"),
        ));
    }
    if n > PASSWORD_MAX {
        return Err(CoreError::invalid(
            field,
            format!("The password may have at most {PASSWORD_MAX} characters"),
            format!("Kata sandi maksimal {PASSWORD_MAX} karakter"),
        ));
    }
    if pw.chars().all(|c| c == pw.chars().next().unwrap_or(' ')) {
        return Err(CoreError::invalid(
            field,
            "The password is too easy to guess",
            "Kata sandi terlalu mudah ditebak",
        ));
    }
    Ok(())
}

/// A new PIN is 6 digits and not one a thief tries first (111111, 123456, 987654...). Six, not
/// four: every till holds every PIN's hash, and a million guesses cost an offline attacker hours
/// of argon2, not seconds (a PIN opens the counter only, see `auth`). PINs set before this rule
/// keep working until they are changed.
pub fn check_pin(field: &str, pin: &str) -> Result<()> {
    if pin.len() != 6 || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CoreError::invalid(field, "A PIN is 6 digits", "PIN berupa 6 angka"));
    }
    let d: Vec<i32> = pin.bytes().map(|b| i32::from(b - b'0')).collect();
    let steps: Vec<i32> = d.windows(2).map(|w| w[1] - w[0]).collect();
    if steps.iter().all(|s| *s == steps[0]) && steps[0].abs() <= 1 {
        return Err(CoreError::invalid(
            field,
            "That PIN is too easy to guess (repeated or consecutive digits)",
            "PIN terlalu mudah ditebak (angka berulang atau berurutan)",
        ));
    }
    Ok(())
}

/// Compares two secrets in constant time (for their length).
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A random session token: 32 bytes from the OS, hex-encoded.
pub fn token() -> Result<String> {
    let mut b = [0u8; 32];
    getrandom::getrandom(&mut b).map_err(|e| {
        tracing::error!(error = %e, "no randomness");
        CoreError::new(
            crate::ErrorCode::Internal,
            "No secure randomness available.",
            "Sumber acak aman tidak tersedia.",
        )
    })?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("correct horse").unwrap();
        let b = hash("correct horse").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify("correct horse", &a));
        assert!(!verify("correct horsf", &a));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn weak_pins_and_passwords_are_refused() {
        for bad in [
            "123", "2580", "1234567", "12a456", "111111", "123456", "654321", "000000", "987654",
        ] {
            assert!(check_pin("pin", bad).is_err(), "{bad}");
        }
        for good in ["258046", "135792", "731946"] {
            assert!(check_pin("pin", good).is_ok(), "{good}");
        }
        assert!(check_password("p", "short").is_err());
        assert!(check_password("p", "aaaaaaaaaa").is_err());
        assert!(check_password("p", &"x1".repeat(100)).is_err());
        assert!(check_password("p", "metal-mania-77").is_ok());
    }
}
