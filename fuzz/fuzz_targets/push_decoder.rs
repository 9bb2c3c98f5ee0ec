//! The server's push decoder on arbitrary bytes: it must answer Ok or an error, never panic, and
//! whatever it accepts must also pass every record through the server's rules without panic.
//!
//!   cargo install cargo-fuzz && cargo +nightly fuzz run push_decoder
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(req) = pos_protocol::decode_push(data) {
        let statuses = pos_server::push::batch::judge_alone(&req.records);
        assert_eq!(statuses.len(), req.records.len());
        for r in &req.records {
            let _ = pos_protocol::payload_hash(&r.payload);
        }
    }
});
