//! Ids of everything that syncs are UUIDv7, made on the device: time-ordered, so they index well,
//! and unique without asking a server.

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// True when `s` is a canonical, lower-case hyphenated UUID (the only form this app writes).
pub fn is_id(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::try_parse(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_ordered() {
        let a = new_id();
        let b = new_id();
        assert!(is_id(&a));
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 7);
        assert!(a < b);
        assert!(!is_id("not-an-id"));
        assert!(!is_id(&a.to_uppercase()));
    }
}
