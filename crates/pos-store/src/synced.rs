//! A synced entity's state as the server sends it (a JSON object), read field by field: a missing
//! or mistyped field reads as empty, zero or false (the server checked the record already; an
//! older terminal's record may lack a newer field).

use serde_json::{Map, Value};

pub type State = Map<String, Value>;

fn get<'a>(s: &'a State, k: &str) -> &'a Value {
    s.get(k).unwrap_or(&Value::Null)
}

pub fn text(s: &State, k: &str) -> String {
    get(s, k).as_str().unwrap_or_default().to_string()
}

/// A text field, None when absent or empty.
pub fn opt(s: &State, k: &str) -> Option<String> {
    get(s, k).as_str().filter(|v| !v.is_empty()).map(str::to_string)
}

pub fn int(s: &State, k: &str) -> i64 {
    get(s, k).as_i64().unwrap_or_default()
}

/// true or 1.
pub fn flag(s: &State, k: &str) -> bool {
    get(s, k).as_bool().unwrap_or_else(|| get(s, k).as_i64() == Some(1))
}

/// true or 1; `default` when the field is absent (a record from before it existed).
pub fn flag_or(s: &State, k: &str, default: bool) -> bool {
    if get(s, k).is_null() { default } else { flag(s, k) }
}
