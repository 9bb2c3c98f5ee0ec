//! The server's push decoder on arbitrary bytes: it must answer Ok or an error, never panic, and
//! whatever it accepts must also pass every record through the per-kind validators without panic.
//!
//!   cargo install cargo-fuzz && cargo +nightly fuzz run push_decoder
#![no_main]

use libfuzzer_sys::fuzz_target;
use pos_sync::protocol::{self, Kind, Pusher};

fuzz_target!(|data: &[u8]| {
    if let Ok(req) = protocol::decode_push(data) {
        let by = Pusher { branch: "BDG1", terminal: "T1" };
        for r in &req.records {
            match Kind::parse(&r.kind) {
                Some(k) if k.is_fact() => {
                    let _ = protocol::validate_fact(k, &r.id, &r.payload, &by);
                }
                Some(k) => {
                    let _ = protocol::validate_ref(k, &r.id, &r.payload);
                }
                None => {}
            }
            let _ = protocol::payload_hash(&r.payload);
        }
    }
});
