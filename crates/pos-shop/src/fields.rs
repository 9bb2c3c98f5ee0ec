//! What customers type, checked the same way wherever they type it (registering, checking out,
//! resetting): text with a length and no control characters, an email, a phone number, a
//! password. Each refusal says why in both languages.

use crate::ShopError;

/// Trimmed text of at most `max` characters (and at least one when `required`).
pub fn text(v: Option<&str>, max: usize, required: bool, en: &str, id: &str) -> Result<String, ShopError> {
    let s = v.unwrap_or("").trim();
    let n = s.chars().count();
    if (required && n == 0) || n > max || s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ShopError::bad(
            format!("{en}: required, at most {max} characters."),
            format!("{id}: wajib diisi, paling banyak {max} karakter."),
        ));
    }
    Ok(s.to_string())
}

/// An email address, lower-cased.
pub fn email(v: Option<&str>) -> Result<String, ShopError> {
    let e = v.unwrap_or("").trim().to_lowercase();
    let at = e.find('@');
    if e.len() > 254 || e.contains(' ') || at.is_none_or(|i| i == 0 || !e[i + 1..].contains('.')) {
        return Err(ShopError::bad(
            "The email address is not valid.",
            "Alamat email tidak valid.",
        ));
    }
    Ok(e)
}

/// A phone number: 8 to 15 digits, with spaces, +, -, ( and ) allowed.
pub fn phone(v: Option<&str>) -> Result<String, ShopError> {
    let p = text(v, 30, true, "Phone", "Telepon")?;
    let digits = p.chars().filter(char::is_ascii_digit).count();
    if !(8..=15).contains(&digits) || p.chars().any(|c| !(c.is_ascii_digit() || " +-().".contains(c))) {
        return Err(ShopError::bad(
            "The phone number needs 8 to 15 digits.",
            "Nomor telepon harus 8 sampai 15 angka.",
        ));
    }
    Ok(p)
}

/// A new password: 10 to 200 characters.
pub fn password(v: Option<&str>) -> Result<String, ShopError> {
    let p = v.unwrap_or("");
    if !(10..=200).contains(&p.chars().count()) {
        return Err(ShopError::bad(
            "A password has 10 to 200 characters.",
            "Kata sandi terdiri dari 10 sampai 200 karakter.",
        ));
    }
    Ok(p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_checked() {
        assert_eq!(email(Some(" Rina@Example.COM ")).unwrap(), "rina@example.com");
        for bad in ["", "rina", "@x.id", "rina@x", "ri na@x.id"] {
            assert!(email(Some(bad)).is_err(), "{bad}");
        }
        assert!(phone(Some("0813-1234-5678")).is_ok());
        assert!(phone(Some("12")).is_err());
        assert!(phone(Some("0813<script>")).is_err());
        assert!(password(Some("short")).is_err());
        assert!(password(Some(&"x".repeat(201))).is_err());
        assert!(password(Some("metal-mania-77")).is_ok());
        assert!(text(Some("a\u{0}b"), 10, true, "x", "x").is_err());
    }
}
