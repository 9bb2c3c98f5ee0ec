//! Checks for free text typed by staff: trimmed, not empty where required, and bounded, so a
//! pasted 10 000-character string is refused rather than stored.

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TextError {
    #[error("must not be empty")]
    Empty,
    #[error("longer than {0} characters")]
    TooLong(usize),
    #[error("contains control characters")]
    Control,
}

/// A required single-line field: trimmed, 1..=max characters, no control characters.
pub fn required(s: &str, max: usize) -> Result<String, TextError> {
    let t = optional(s, max)?;
    if t.is_empty() { Err(TextError::Empty) } else { Ok(t) }
}

/// An optional single-line field: trimmed, at most `max` characters, no control characters.
pub fn optional(s: &str, max: usize) -> Result<String, TextError> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(TextError::TooLong(max));
    }
    if t.chars().any(char::is_control) {
        return Err(TextError::Control);
    }
    Ok(t.to_string())
}

/// A multi-line note: like [`optional`] but newlines and tabs are allowed.
pub fn note(s: &str, max: usize) -> Result<String, TextError> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(TextError::TooLong(max));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(TextError::Control);
    }
    Ok(t.to_string())
}

/// Lower-case, accent-free, single-spaced form used for prefix search.
pub fn search_key(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_trims() {
        assert_eq!(required("  Gibson  ", 10).unwrap(), "Gibson");
        assert_eq!(required("   ", 10), Err(TextError::Empty));
        assert_eq!(required(&"x".repeat(10_000), 200), Err(TextError::TooLong(200)));
        assert_eq!(required("a\u{0}b", 10), Err(TextError::Control));
        assert_eq!(note("line 1\nline 2", 100).unwrap(), "line 1\nline 2");
        assert_eq!(optional("", 5).unwrap(), "");
    }
}
