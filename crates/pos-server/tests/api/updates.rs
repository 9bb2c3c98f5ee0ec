//! Signed updates published by the server and taken only by its own enrolled terminals.

use super::*;

/// A minisign key pair in the updater's encoding (base64 of the key file's text) and a signer
/// writing `FILE.sig` the way `tauri signer sign` does.
pub(crate) struct Signer {
    pk: minisign::PublicKey,
    sk: minisign::SecretKey,
}

impl Signer {
    fn new() -> Signer {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        Signer { pk: kp.pk, sk: kp.sk }
    }

    fn pubkey(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(self.pk.to_box().unwrap().to_string())
    }

    fn sign(&self, file: &std::path::Path, trusted: &str) {
        use base64::Engine;
        let data = std::fs::read(file).unwrap();
        let sig = minisign::sign(
            Some(&self.pk),
            &self.sk,
            &data[..],
            Some(trusted),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(sig.to_string());
        std::fs::write(format!("{}.sig", file.display()), b64).unwrap();
    }
}

#[tokio::test]
pub(crate) async fn signed_updates_are_published_checked_and_served_to_enrolled_terminals_only() {
    use pos_server::updates::{Publish, publish, verify};
    let work = tempfile::tempdir().unwrap();
    let releases = work.path().join("releases");
    let signer = Signer::new();
    let deb = work.path().join("hurtrock-pos_0.2.0_amd64.deb");
    let body: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&deb, &body).unwrap();
    let now = chrono::Utc::now();
    fn one(file: &std::path::Path) -> Vec<Publish<'_>> {
        vec![Publish {
            platform: "linux-x86_64-deb",
            file,
        }]
    }

    // Refused: another key, no version in the signed comment, another version, a tampered file.
    let other = Signer::new();
    other.sign(&deb, "timestamp:1\tfile:hurtrock-pos_0.2.0_amd64.deb\tversion:0.2.0");
    let err = publish(&releases, &signer.pubkey(), "0.2.0", "", &one(&deb), now).unwrap_err();
    assert!(format!("{err:#}").contains("does not match"), "{err:#}");
    signer.sign(&deb, "timestamp:1\tfile:hurtrock-pos_0.2.0_amd64.deb");
    let err = publish(&releases, &signer.pubkey(), "0.2.0", "", &one(&deb), now).unwrap_err();
    assert!(format!("{err:#}").contains("names no version"), "{err:#}");
    signer.sign(&deb, "timestamp:1\tfile:hurtrock-pos_0.2.0_amd64.deb\tversion:0.1.9");
    let err = publish(&releases, &signer.pubkey(), "0.2.0", "", &one(&deb), now).unwrap_err();
    assert!(format!("{err:#}").contains("signed for version 0.1.9"), "{err:#}");
    let bad = [Publish {
        platform: "linux-x86_64-exe",
        file: &deb,
    }];
    assert!(publish(&releases, &signer.pubkey(), "0.2.0", "", &bad, now).is_err());
    assert!(publish(&releases, &signer.pubkey(), "two", "", &one(&deb), now).is_err());
    assert!(
        !releases.join("latest.json").exists(),
        "nothing published by a refused release"
    );

    signer.sign(&deb, "timestamp:1\tfile:hurtrock-pos_0.2.0_amd64.deb\tversion:0.2.0");
    let m = publish(&releases, &signer.pubkey(), "0.2.0", "Faster reports", &one(&deb), now).unwrap();
    assert_eq!(m.version, "0.2.0");
    assert_eq!(
        std::fs::read(releases.join("hurtrock-pos_0.2.0_amd64.deb")).unwrap(),
        body
    );
    let err = publish(&releases, &signer.pubkey(), "0.2.0", "", &one(&deb), now).unwrap_err();
    assert!(format!("{err:#}").contains("not newer"), "{err:#}");

    let config = pos_server::config::Config {
        releases_dir: Some(releases.clone()),
        ..Default::default()
    };
    let s = support::start_server_with(support::fresh_database().await, config).await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "u@x.test", "BDG1").await;
    let d = enrol(&http, &s.url, &owner, "BDG1").await;
    let get = |path: &str, token: Option<&str>| {
        let mut r = http.get(format!("{}{path}", s.url));
        if let Some(t) = token {
            r = r.bearer_auth(t.to_string());
        }
        r.send()
    };

    let r = get("/v1/update/linux/x86_64/deb/0.1.0", None).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = get("/v1/update/linux/x86_64/deb/0.1.0", Some("dev_forged"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = get("/v1/update/linux/x86_64/deb/0.1.0", Some(&d.token)).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let release: pos_server::updates::Release = r.json().await.unwrap();
    assert_eq!(release.version, "0.2.0");
    assert_eq!(release.notes, "Faster reports");
    assert_eq!(
        release.url,
        format!("{}/v1/update/files/hurtrock-pos_0.2.0_amd64.deb", s.url)
    );
    for (path, why) in [
        ("/v1/update/linux/x86_64/deb/0.2.0", "already current"),
        ("/v1/update/linux/x86_64/deb/0.3.0", "newer than published"),
        ("/v1/update/windows/x86_64/nsis/0.1.0", "nothing for Windows"),
        ("/v1/update/linux/x86_64/rpm/0.1.0", "nothing for rpm"),
    ] {
        let r = get(path, Some(&d.token)).await.unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{why}");
    }
    let r = get("/v1/update/linux/x86_64/deb/latest", Some(&d.token)).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Without a public_url, a download link is never made from another host's name (the token
    // would ride to it in plain http).
    let r = http
        .get(format!("{}/v1/update/linux/x86_64/deb/0.1.0", s.url))
        .bearer_auth(&d.token)
        .header("host", "updates.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text().await.unwrap().contains("public_url"));

    let path = release.url.strip_prefix(&s.url).unwrap();
    assert_eq!(get(path, None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let r = get(path, Some(&d.token)).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let got = r.bytes().await.unwrap();
    assert_eq!(&got[..], &body[..]);
    verify(&got, &release.signature, &signer.pubkey(), &release.version).unwrap();
    let mut tampered = got.to_vec();
    tampered[1000] ^= 1;
    assert!(verify(&tampered, &release.signature, &signer.pubkey(), &release.version).is_err());
    for name in [
        "latest.json",
        "..%2Flatest.json",
        "hurtrock-pos_0.2.0_amd64.deb.sig",
        ".hidden",
    ] {
        let r = get(&format!("/v1/update/files/{name}"), Some(&d.token)).await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{name}");
    }

    // A server that publishes no updates answers "none".
    let bare = support::start_server().await;
    let owner = support::signup(&http, &bare.url, "v@x.test", "BDG1").await;
    let d2 = enrol(&http, &bare.url, &owner, "BDG1").await;
    let r = http
        .get(format!("{}/v1/update/linux/x86_64/deb/0.1.0", bare.url))
        .bearer_auth(&d2.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = http
        .get(format!("{}/v1/update/linux/x86_64/deb/0.1.0", bare.url))
        .bearer_auth(&d.token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "another server does not know this device"
    );
}

/// A signed release of `version` published into `releases`; returns the artifact's bytes.
pub(crate) fn publish_release(
    signer: &Signer,
    work: &std::path::Path,
    releases: &std::path::Path,
    version: &str,
) -> Vec<u8> {
    // The name Tauri's bundler gives it, with the space of the product name.
    let deb = work.join(format!("Hurtrock POS_{version}_amd64.deb"));
    let body: Vec<u8> = (0..150_000u32).map(|i| (i.wrapping_mul(40_503) >> 7) as u8).collect();
    std::fs::write(&deb, &body).unwrap();
    signer.sign(&deb, &format!("timestamp:1\tfile:{}\tversion:{version}", deb.display()));
    let one = [pos_server::updates::Publish {
        platform: "linux-x86_64-deb",
        file: &deb,
    }];
    pos_server::updates::publish(releases, &signer.pubkey(), version, "Notes", &one, chrono::Utc::now()).unwrap();
    body
}

/// The shell's updater as the core sees it, speaking HTTP to the endpoint the core hands it the
/// way tauri-plugin-updater does (template filled in for a .deb install of 0.1.0, bearer token,
/// signature checked against the app's key before "installing").
pub(crate) struct HttpUpdater {
    pubkey: Option<String>,
    asked: std::sync::Mutex<Vec<String>>,
    installed: std::sync::Mutex<Option<Vec<u8>>>,
    restarted: std::sync::atomic::AtomicBool,
}

impl HttpUpdater {
    fn get(&self, endpoint: &str, token: &str) -> Result<Option<pos_server::updates::Release>, UpdateError> {
        let url = endpoint
            .replace("{{target}}", "linux")
            .replace("{{arch}}", "x86_64")
            .replace("{{bundle_type}}", "deb")
            .replace("{{current_version}}", "0.1.0");
        self.asked.lock().unwrap().push(url.clone());
        let r = reqwest::blocking::Client::new()
            .get(url)
            .bearer_auth(token)
            .send()
            .map_err(|e| UpdateError::Offline(e.to_string()))?;
        match r.status() {
            StatusCode::NO_CONTENT => Ok(None),
            StatusCode::OK => Ok(Some(r.json().map_err(|e| UpdateError::Offline(e.to_string()))?)),
            s => Err(UpdateError::Offline(format!("HTTP {s}"))),
        }
    }
}

impl AppUpdater for HttpUpdater {
    fn current_version(&self) -> String {
        "0.1.0".into()
    }
    fn can_verify(&self) -> bool {
        self.pubkey.is_some()
    }
    fn check(&self, endpoint: &str, token: &str) -> Result<Option<Release>, UpdateError> {
        Ok(self.get(endpoint, token)?.map(|r| Release {
            version: r.version,
            notes: r.notes,
            date: Some(r.pub_date),
        }))
    }
    fn install(
        &self,
        endpoint: &str,
        token: &str,
        progress: &(dyn Fn(u64, Option<u64>) + Send + Sync),
    ) -> Result<Release, UpdateError> {
        let r = self
            .get(endpoint, token)?
            .ok_or(UpdateError::Failed("no update".into()))?;
        let bytes = reqwest::blocking::Client::new()
            .get(&r.url)
            .bearer_auth(token)
            .send()
            .and_then(|r| r.bytes())
            .map_err(|e| UpdateError::Offline(e.to_string()))?;
        progress(bytes.len() as u64, Some(bytes.len() as u64));
        pos_server::updates::verify(&bytes, &r.signature, self.pubkey.as_deref().unwrap(), &r.version)
            .map_err(|e| UpdateError::Rejected(e.to_string()))?;
        *self.installed.lock().unwrap() = Some(bytes.to_vec());
        Ok(Release {
            version: r.version,
            notes: r.notes,
            date: Some(r.pub_date),
        })
    }
    fn restart(&self) {
        self.restarted.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
pub(crate) async fn a_linked_terminal_updates_only_from_its_own_server_and_only_to_signed_code() {
    let work = tempfile::tempdir().unwrap();
    let releases = work.path().join("releases");
    let signer = Signer::new();
    let body = publish_release(&signer, work.path(), &releases, "0.2.0");
    let config = pos_server::config::Config {
        releases_dir: Some(releases.clone()),
        ..Default::default()
    };
    let s = support::start_server_with(support::fresh_database().await, config).await;
    let mut t = Terminal::set_up();
    let core = t.core.clone();
    let tok = t.token.clone();
    let blocked = |core: &pos_core::Core| core.update_status(Some(&tok)).unwrap().blocked;

    assert_eq!(
        blocked(&core).as_deref(),
        Some("browser"),
        "no installer: the web build"
    );
    core.set_updater(Some(Arc::new(HttpUpdater {
        pubkey: None,
        asked: Default::default(),
        installed: Default::default(),
        restarted: Default::default(),
    })));
    assert_eq!(
        blocked(&core).as_deref(),
        Some("no_key"),
        "a build without a release key"
    );
    assert_eq!(
        core.update_install(Some(&tok)).unwrap_err().code,
        pos_core::ErrorCode::Unavailable
    );
    let updater = Arc::new(HttpUpdater {
        pubkey: Some(signer.pubkey()),
        asked: Default::default(),
        installed: Default::default(),
        restarted: Default::default(),
    });
    core.set_updater(Some(updater.clone()));
    assert_eq!(blocked(&core).as_deref(), Some("not_linked"));
    let status = core.update_check(Some(&tok)).unwrap();
    assert!(status.available.is_none() && updater.asked.lock().unwrap().is_empty());

    t.link(&s.url).await;
    let tok = t.token.clone();
    let (c2, t2) = (core.clone(), tok.clone());
    let status = tokio::task::spawn_blocking(move || c2.update_check(Some(&t2)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.blocked, None);
    assert_eq!(status.current, "0.1.0");
    assert_eq!(status.available.as_ref().map(|r| r.version.as_str()), Some("0.2.0"));
    assert_eq!(
        updater.asked.lock().unwrap().last().unwrap(),
        &format!("{}/v1/update/linux/x86_64/deb/0.1.0", s.url),
        "asks the enrolled server, with the route the server serves"
    );

    // The artifact on the server is replaced by something else: refused, nothing installed.
    let file = releases.join("Hurtrock-POS_0.2.0_amd64.deb");
    assert!(file.exists(), "served under a plain name");
    let mut evil = body.clone();
    evil[10] ^= 0x40;
    std::fs::write(&file, &evil).unwrap();
    let audits = t.count("SELECT count(*) FROM audit_events WHERE action = 'app.update_installed'");
    let (c2, t2) = (core.clone(), tok.clone());
    let err = tokio::task::spawn_blocking(move || c2.update_install(Some(&t2)))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, pos_core::ErrorCode::Invalid, "{}", err.en);
    assert!(err.en.contains("not signed"), "{}", err.en);
    assert!(updater.installed.lock().unwrap().is_none());
    let status = core.update_status(Some(&tok)).unwrap();
    assert!(!status.installing && status.installed.is_none());
    assert_eq!(
        core.update_restart(Some(&tok)).unwrap_err().code,
        pos_core::ErrorCode::Invalid,
        "nothing installed, nothing to restart for"
    );

    std::fs::write(&file, &body).unwrap();
    let (c2, t2) = (core.clone(), tok.clone());
    let status = tokio::task::spawn_blocking(move || c2.update_install(Some(&t2)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.installed.as_deref(), Some("0.2.0"));
    assert_eq!(
        (status.downloaded, status.total),
        (body.len() as u64, Some(body.len() as u64))
    );
    assert_eq!(updater.installed.lock().unwrap().as_deref(), Some(&body[..]));
    assert_eq!(
        t.count("SELECT count(*) FROM audit_events WHERE action = 'app.update_installed'"),
        audits + 1
    );
    core.update_restart(Some(&tok)).unwrap();
    assert!(updater.restarted.load(std::sync::atomic::Ordering::SeqCst));
}
