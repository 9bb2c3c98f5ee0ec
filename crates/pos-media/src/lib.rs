//! Product photos, with no I/O: a picture as uploaded (JPEG, PNG or WebP; a phone's HEIC is named
//! as such) becomes a stored photo (longest side 2 048 px) and a thumbnail (256 px), both
//! re-encoded as JPEG from pixels, so nothing of the original file's metadata survives (no GPS
//! position, no camera serial), turned upright first by its EXIF orientation. Each is named by
//! the SHA-256 of its bytes: the same picture uploaded twice is stored once. Files over 40 MB or
//! 12 000 px, and anything that is not a picture, are refused with the reason.

mod photo;

pub use photo::*;
