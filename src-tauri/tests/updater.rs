//! The shell's updater (tauri-plugin-updater on a mock Tauri app) against a loopback update server
//! that answers like `pos-sync-server`: it asks the route the server serves with the device token,
//! accepts a release signed with the built-in key for the version announced, and refuses a
//! tampered download, another key's signature and a signature for another version.

use base64::Engine;
use hurtrock_pos_lib::updater::TauriUpdater;
use pos_core::updates::{AppUpdater, ENDPOINT, UpdateError};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

struct Key {
    pk: minisign::PublicKey,
    sk: minisign::SecretKey,
}

impl Key {
    fn new() -> Key {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        Key { pk: kp.pk, sk: kp.sk }
    }
    fn public(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.pk.to_box().unwrap().to_string())
    }
    fn sign(&self, data: &[u8], version: &str) -> String {
        let trusted = format!("timestamp:1\tfile:hurtrock-pos.deb\tversion:{version}");
        let sig = minisign::sign(Some(&self.pk), &self.sk, data, Some(&trusted), None).unwrap();
        base64::engine::general_purpose::STANDARD.encode(sig.to_string())
    }
}

#[derive(Default)]
struct Served {
    /// (path, authorization header) of every request.
    requests: Vec<(String, String)>,
    /// The release JSON; None answers 204.
    release: Option<serde_json::Value>,
    file: Vec<u8>,
}

/// One request per connection, answered from `served`.
fn serve(served: Arc<Mutex<Served>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let mut auth = String::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap() == 0 || h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':')
                    && k.eq_ignore_ascii_case("authorization")
                {
                    auth = v.trim().to_string();
                }
            }
            let mut s = served.lock().unwrap();
            s.requests.push((path.clone(), auth));
            let (status, ctype, body) = if path.starts_with("/v1/update/files/") {
                ("200 OK", "application/octet-stream", s.file.clone())
            } else {
                match &s.release {
                    Some(r) => ("200 OK", "application/json", serde_json::to_vec(r).unwrap()),
                    None => ("204 No Content", "application/json", Vec::new()),
                }
            };
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-type: {ctype}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://{addr}")
}

fn mock_app() -> tauri::App<tauri::test::MockRuntime> {
    let mut ctx = tauri::test::mock_context(tauri::test::noop_assets());
    ctx.config_mut().plugins.0.insert(
        "updater".into(),
        serde_json::json!({ "pubkey": "", "requireSignedVersion": true }),
    );
    tauri::test::mock_builder()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .build(ctx)
        .unwrap()
}

#[test]
fn updates_come_from_the_enrolled_server_and_only_signed_code_gets_through() {
    let app = mock_app();
    let key = Key::new();
    let served = Arc::new(Mutex::new(Served::default()));
    let server = serve(served.clone());
    let endpoint = format!("{server}{ENDPOINT}");
    let updater = Arc::new(TauriUpdater::new(app.handle().clone(), Some(&key.public())));
    assert_eq!(updater.current_version(), "0.1.0");
    assert!(updater.can_verify());
    assert!(!TauriUpdater::new(app.handle().clone(), Some("  ")).can_verify());

    // Nothing newer: 204.
    let check = || {
        let (u, e) = (updater.clone(), endpoint.clone());
        on_blocking_thread(move || u.check(&e, "dev_token"))
    };
    let none = check();
    assert_eq!(none, Ok(None));
    {
        let s = served.lock().unwrap();
        let (path, auth) = &s.requests[0];
        assert!(
            path.starts_with("/v1/update/linux/x86_64/") && path.ends_with("/0.1.0"),
            "the server's route: {path}"
        );
        assert_eq!(path.split('/').count(), 7, "target/arch/bundle/current: {path}");
        assert_eq!(auth, "Bearer dev_token");
    }

    let file: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let release = |signature: String| {
        serde_json::json!({
            "version": "0.2.0", "notes": "Faster reports", "pub_date": "2026-11-22T08:00:00Z",
            "url": format!("{server}/v1/update/files/hurtrock-pos.deb"), "signature": signature,
        })
    };
    {
        let mut s = served.lock().unwrap();
        s.release = Some(release(key.sign(&file, "0.2.0")));
        s.file = file.clone();
    }
    let found = check().unwrap().unwrap();
    assert_eq!(
        (found.version.as_str(), found.notes.as_str()),
        ("0.2.0", "Faster reports")
    );
    assert_eq!(found.date.as_deref(), Some("2026-11-22T08:00:00Z"));

    let install = || {
        let seen = Arc::new(Mutex::new((0u64, None)));
        let s2 = seen.clone();
        let progress = move |done: u64, total: Option<u64>| *s2.lock().unwrap() = (done, total);
        let (u, e) = (updater.clone(), endpoint.clone());
        let r = on_blocking_thread(move || u.install(&e, "dev_token", &progress));
        let seen = *seen.lock().unwrap();
        (r, seen)
    };

    // A tampered download, another key's signature, a signature for another version: refused by
    // the signature check.
    let mut tampered = file.clone();
    tampered[123] ^= 1;
    served.lock().unwrap().file = tampered;
    let (r, seen) = install();
    assert_eq!(seen, (file.len() as u64, Some(file.len() as u64)), "progress reported");
    let Err(UpdateError::Rejected(why)) = r else {
        panic!("{r:?}")
    };
    assert!(!why.contains("binary format"), "refused by the signature: {why}");
    {
        let mut s = served.lock().unwrap();
        s.file = file.clone();
        s.release = Some(release(Key::new().sign(&file, "0.2.0")));
    }
    let (r, _) = install();
    assert!(
        matches!(&r, Err(UpdateError::Rejected(w)) if !w.contains("binary format")),
        "{r:?}"
    );
    served.lock().unwrap().release = Some(release(key.sign(&file, "0.1.5")));
    let (r, _) = install();
    assert!(
        matches!(&r, Err(UpdateError::Rejected(w)) if w.contains("signed for version 0.1.5")),
        "{r:?}"
    );

    // Signed right: the signature passes and the installer is reached, which refuses these bytes
    // as no installer for a test binary (the real install needs a .deb, .rpm or AppImage run).
    served.lock().unwrap().release = Some(release(key.sign(&file, "0.2.0")));
    let (r, _) = install();
    assert!(
        matches!(&r, Err(UpdateError::Rejected(w)) if w.contains("binary format")),
        "{r:?}"
    );
    let s = served.lock().unwrap();
    assert!(
        s.requests.iter().all(|(_, auth)| auth == "Bearer dev_token"),
        "every request carries the token"
    );
    assert!(s.requests.iter().any(|(p, _)| p == "/v1/update/files/hurtrock-pos.deb"));

    // A server (misconfigured, or not ours) that hands out a plain-http download elsewhere: refused
    // before the token goes anywhere.
    drop(s);
    let count = served.lock().unwrap().requests.len();
    served.lock().unwrap().release = Some(serde_json::json!({
        "version": "0.2.0", "notes": "", "pub_date": "2026-11-22T08:00:00Z",
        "url": "http://198.51.100.1/v1/update/files/hurtrock-pos.deb", "signature": key.sign(&file, "0.2.0"),
    }));
    let (r, _) = install();
    assert!(
        matches!(&r, Err(UpdateError::Rejected(w)) if w.contains("not an https address")),
        "{r:?}"
    );
    assert_eq!(
        served.lock().unwrap().requests.len(),
        count + 1,
        "only the check, no download"
    );
    let r = updater.check("http://updates.example.com/v1/update", "t");
    assert!(matches!(r, Err(UpdateError::Rejected(_))), "{r:?}");

    // The server is gone: offline, in words.
    let r = updater.check(
        "http://127.0.0.1:9/v1/update/{{target}}/{{arch}}/{{bundle_type}}/{{current_version}}",
        "t",
    );
    assert!(matches!(r, Err(UpdateError::Offline(_))), "{r:?}");
}

/// Runs a call the way the shell runs core commands: on a blocking thread of Tauri's runtime.
fn on_blocking_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tauri::async_runtime::block_on(tauri::async_runtime::spawn_blocking(f)).unwrap()
}
