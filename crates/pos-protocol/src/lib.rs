//! The sync wire format both ends speak: JSON over HTTPS, request bodies gzip-compressed. Types,
//! limits, the kinds of record and the server's error codes as enums, and the decoder that checks
//! a push's shape. No I/O and no storage: the terminal (`pos-sync`) and the server (`pos-server`)
//! both depend on it, and it must depend on neither (nor on SQLite, HTTP clients or Tauri).
//!
//! Push: a terminal sends its outbox rows in order, numbered by a gap-free per-device sequence,
//! each naming the person who did it. Pull: the server answers a page of its per-store change log
//! after a cursor. What a record must contain to be applied is the server's business (its
//! `push::rules`), so that it is judged in one place.

pub mod chat;
pub mod error;
pub mod kind;
pub mod owner;
pub mod shop;

pub use error::{ErrorBody, ErrorCode};
pub use kind::{ChangeKind, Kind};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Version 2 (2026-12): every record names its author (`by`), a push says how far the terminal
/// has numbered (`counter`), numbers carry branch and terminal. Version 1 terminals are told in
/// words to update (their update comes from the same server).
///
/// Version 3 (2026-12): bookings (`booking_*` kinds). A terminal says its version when it pulls;
/// one of version 2 is not sent what it cannot apply.
pub const PROTOCOL_VERSION: u32 = 3;
/// The oldest version the server still accepts.
pub const MIN_PROTOCOL: u32 = 2;
/// Most records in one push.
pub const MAX_BATCH: usize = 5000;
/// Largest push body after decompression. The engine fills a batch up to [`BATCH_BYTES`], so a
/// full batch is far below this; a single record is at most [`MAX_PAYLOAD_BYTES`].
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// What the engine puts in one push (JSON before gzip); a batch is split at this size.
pub const BATCH_BYTES: usize = 4 * 1024 * 1024;
/// Largest single record payload (a sale of 500 lines fits in about 200 KiB).
pub const MAX_PAYLOAD_BYTES: usize = 512 * 1024;
/// Most changes in one pull page.
pub const MAX_PAGE: i64 = 5000;
/// Most payload bytes in one pull page (a page always carries at least one change).
pub const PAGE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 3))]
    pub protocol: u32,
    pub device_id: String,
    /// The highest sequence this terminal has ever numbered. Below what the server holds, the
    /// terminal lost commits (a power cut, a restored copy): the server answers
    /// [`ErrorCode::Behind`] and writes nothing.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub counter: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub records: Vec<Record>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// This device's outbox sequence: 1, 2, 3, ... without gaps.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub seq: i64,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40))]
    pub kind: String,
    /// The fact's or entity's id (UUIDv7 made on the device; "store"/"policies" for singletons).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub id: String,
    /// When the device wrote it (UTC ms).
    pub at: i64,
    /// The staff member (user id) who did it; None only for what no one did (a failed sign-in
    /// of an unknown email). The server checks this person's role for what the record does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub by: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stored for the first time.
    Applied,
    /// The same fact (same id, same content) was already stored, e.g. from a retried push.
    Duplicate,
    /// The same id arrived before with different content: kept the first, reported this one.
    Conflict,
    /// Failed validation or authorisation: kept aside for the owner, the queue goes on.
    SetAside,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Duplicate => "duplicate",
            Status::Conflict => "conflict",
            Status::SetAside => "set_aside",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Applied, Status::Duplicate, Status::Conflict, Status::SetAside]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub seq: i64,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// The highest sequence of this device the server holds; everything up to it may leave the outbox.
    pub acked: i64,
    pub results: Vec<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// Position in the store's change log.
    pub seq: i64,
    pub kind: String,
    pub id: String,
    /// The device that pushed it (None for what the server made: oversold flags, sync issues).
    pub origin: Option<String>,
    /// For reference data, the server's version of the entity after this change.
    pub version: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// The cursor to ask from next time (the last position this page covered).
    pub next: i64,
    /// The store's newest position when this page was read: progress is next / head.
    pub head: i64,
    pub more: bool,
    /// The highest of this device's sequences the server holds: below what it once acknowledged,
    /// the server was restored from a backup and the device sends the rest again; above what the
    /// device has numbered, the device lost commits and takes them back (`GET /v1/own`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked: Option<i64>,
    /// The stamp of the log row at `next`, to send with the next pull (see `rewind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<i64>,
    /// The row at the asked position does not carry the stamp the device sent: the log is not the
    /// one the cursor was read from (the server was restored from a backup). Read again from 0.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rewind: bool,
    /// Whether the owner trusts this device with owner and admin accounts (it may change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manages_staff: Option<bool>,
}

/// `GET /v1/own?after=N`: the facts this device pushed after its sequence N, in order: what a
/// terminal takes back when its database lost commits the server holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnRecords {
    pub records: Vec<Record>,
    /// The highest sequence of this device the server holds.
    pub last: i64,
    pub more: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the body is not valid JSON for a push: {0}")]
    Json(String),
    #[error(
        "this terminal speaks sync protocol {0}; the server needs {MIN_PROTOCOL} or newer: install the app update (Settings → App updates)"
    )]
    TooOld(u32),
    #[error("protocol version {0} is not supported (this server speaks {PROTOCOL_VERSION})")]
    TooNew(u32),
    #[error("a push holds at most {MAX_BATCH} records, this one {0}")]
    TooMany(usize),
    #[error("records must be numbered 1, 2, 3, ... in order without gaps inside a batch (at {0})")]
    Order(i64),
    #[error("record {0}: {1}")]
    Record(i64, &'static str),
}

impl DecodeError {
    /// The code the server answers this with.
    pub fn code(&self) -> ErrorCode {
        match self {
            DecodeError::TooOld(_) => ErrorCode::UpdateRequired,
            DecodeError::TooNew(_) => ErrorCode::Protocol,
            DecodeError::TooMany(_) => ErrorCode::TooLarge,
            _ => ErrorCode::BadRequest,
        }
    }
}

/// An id made on a device: 1 to 64 characters.
pub fn id_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64
}

/// Decodes and checks the shape of a push body. Content rules per kind come later (a record that
/// breaks them is set aside, not refused with the batch).
pub fn decode_push(bytes: &[u8]) -> Result<PushRequest, DecodeError> {
    // Check the version before the shape, so an old or new client gets the real reason.
    #[derive(Deserialize)]
    struct Probe {
        protocol: Option<Value>,
    }
    if let Ok(Probe { protocol: Some(v) }) = serde_json::from_slice::<Probe>(bytes) {
        match v.as_u64() {
            Some(n) if n < MIN_PROTOCOL as u64 => return Err(DecodeError::TooOld(n as u32)),
            Some(n) if n > PROTOCOL_VERSION as u64 => {
                return Err(DecodeError::TooNew(n.min(u32::MAX as u64) as u32));
            }
            Some(_) => {}
            None => return Err(DecodeError::Json("protocol must be a number".into())),
        }
    }
    let req: PushRequest = serde_json::from_slice(bytes).map_err(|e| DecodeError::Json(e.to_string()))?;
    if req.counter.is_some_and(|c| c < 0) {
        return Err(DecodeError::Json("counter must be 0 or more".into()));
    }
    if req.records.len() > MAX_BATCH {
        return Err(DecodeError::TooMany(req.records.len()));
    }
    let mut prev: Option<i64> = None;
    for r in &req.records {
        if r.seq < 1 || prev.is_some_and(|p| r.seq != p + 1) {
            return Err(DecodeError::Order(r.seq));
        }
        prev = Some(r.seq);
        if !id_ok(&r.id) {
            return Err(DecodeError::Record(r.seq, "the id must be 1 to 64 characters"));
        }
        if r.kind.is_empty() || r.kind.len() > 40 {
            return Err(DecodeError::Record(r.seq, "the kind must be 1 to 40 characters"));
        }
        if r.by.as_deref().is_some_and(|b| !id_ok(b)) {
            return Err(DecodeError::Record(r.seq, "by must be a user id of 1 to 64 characters"));
        }
    }
    Ok(req)
}

/// A stable digest of a payload: serde_json's maps are sorted, so equal content gives equal bytes.
pub fn payload_hash(payload: &Value) -> Vec<u8> {
    payload_digest(payload).0
}

/// A payload's hash (as [`payload_hash`]) and its size as JSON text, in one pass with no copy of
/// the text.
pub fn payload_digest(payload: &Value) -> (Vec<u8>, usize) {
    use sha2::Digest;
    struct Sink(sha2::Sha256, usize);
    impl std::io::Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.update(b);
            self.1 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut sink = Sink(sha2::Sha256::new(), 0);
    let _ = serde_json::to_writer(&mut sink, payload);
    (sink.0.finalize().to_vec(), sink.1)
}

/// A change to reference data: the entity after the edit, which fields the edit touched, and the
/// server version the device had seen when it made it (the server trusts it only downwards: it
/// keeps its own record of what it served the device).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefEdit {
    pub state: serde_json::Map<String, Value>,
    /// None on creation (every field).
    #[serde(default)]
    pub changed: Option<Vec<String>>,
    #[serde(default)]
    pub base: i64,
}

/// A blob's name: the SHA-256 of its bytes in 64 lower-case hex digits.
pub fn is_blob_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A blob's media type from its bytes: a whole JPEG (photos, thumbnails) or a whole PNG (the
/// store's logo); anything else is not a blob.
pub fn blob_type(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) && b.ends_with(&[0xFF, 0xD9]) {
        Some("image/jpeg")
    } else if b.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A])
        && b.ends_with(&[b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82])
    {
        Some("image/png")
    } else {
        None
    }
}

/// The largest blob a terminal uploads (a 2 048 px JPEG photo is well under 2 MB).
pub const MAX_BLOB_BYTES: usize = 8 * 1024 * 1024;

/// Fields that are the device's own bookkeeping, never merged.
pub const LOCAL_FIELDS: [&str; 7] = [
    "version",
    "thumb",
    "sync_version",
    "on_hand",
    "category_name",
    "product_count",
    "updated_at",
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(records: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({"protocol": 2, "device_id": "d", "records": records})).unwrap()
    }

    #[test]
    fn decode_checks_version_order_and_size() {
        let ok = body(
            json!([{"seq": 3, "kind": "sale", "id": "a", "at": 1, "by": "u", "payload": {}},
                             {"seq": 4, "kind": "sale", "id": "b", "at": 1, "payload": {}}]),
        );
        let req = decode_push(&ok).unwrap();
        assert_eq!(req.records.len(), 2);
        assert_eq!(req.records[0].by.as_deref(), Some("u"));
        let gap = body(json!([{"seq": 3, "kind": "sale", "id": "a", "at": 1, "payload": {}},
                              {"seq": 5, "kind": "sale", "id": "b", "at": 1, "payload": {}}]));
        assert_eq!(decode_push(&gap), Err(DecodeError::Order(5)));
        let v3 = serde_json::to_vec(&json!({"protocol": 3, "device_id": "d", "records": []})).unwrap();
        assert!(decode_push(&v3).is_ok(), "version 3 brings bookings");
        let v4 = serde_json::to_vec(&json!({"protocol": 4, "device_id": "d", "records": []})).unwrap();
        assert_eq!(decode_push(&v4), Err(DecodeError::TooNew(4)));
        let v1 = serde_json::to_vec(&json!({"protocol": 1, "device_id": "d", "records": []})).unwrap();
        let old = decode_push(&v1).unwrap_err();
        assert_eq!(old, DecodeError::TooOld(1));
        assert_eq!(old.code(), ErrorCode::UpdateRequired);
        assert!(old.to_string().contains("update"), "told in words: {old}");
        assert!(matches!(
            decode_push(b"{\"protocol\": 2, \"device_id\": 5}"),
            Err(DecodeError::Json(_))
        ));
        assert!(matches!(decode_push(b"\xff\x00"), Err(DecodeError::Json(_))));
        let many: Vec<Value> = (1..=MAX_BATCH + 1)
            .map(|i| json!({"seq": i, "kind": "sale", "id": "a", "at": 1, "payload": {}}))
            .collect();
        assert!(matches!(decode_push(&body(Value::Array(many))), Err(DecodeError::TooMany(n)) if n == MAX_BATCH + 1));
        let long_by =
            body(json!([{"seq": 1, "kind": "sale", "id": "a", "at": 1, "by": "x".repeat(65), "payload": {}}]));
        assert!(matches!(decode_push(&long_by), Err(DecodeError::Record(1, _))));
    }

    proptest::proptest! {
        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = decode_push(&bytes);
        }
    }
}
