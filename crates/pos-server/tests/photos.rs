//! Product photos between two tills: the desk adds a photo, its pictures go up before the record
//! naming them, the till pulls the record and shows a placeholder until someone looks, then
//! fetches the picture on its next cycle. The server keeps each picture once per store and takes
//! only what its name says (the SHA-256 of a JPEG): forged, mislabelled or foreign uploads are
//! refused, and another store's terminal cannot read them.

mod support;

use pos_core::photos::*;
use support::Terminal;

#[path = "../../pos-media/tests/support/mod.rs"]
mod pictures;

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn blobs(t: &Terminal, hashes: &[&str]) -> Vec<Option<String>> {
    t.core
        .photo_blobs(
            t.t(),
            BlobRefs {
                hashes: hashes.iter().map(|h| h.to_string()).collect(),
            },
        )
        .unwrap()
        .into_iter()
        .map(|b| b.base64)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_added_at_the_desk_reaches_the_till_when_someone_looks() {
    let s = support::start_server().await;
    let mut desk = Terminal::set_up();
    let amp = desk.product("Amps", "AMP-1", "Marshall DSL40CR", 14_500_000, 22_000, 2);
    let till = desk.link_and_join(&s.url).await;
    let added = desk
        .core
        .add_product_photo(
            desk.t(),
            AddPhoto {
                product_id: amp.id.clone(),
                data: b64(&pictures::camera_jpeg(3_000, 2_000, 1)),
            },
        )
        .unwrap();
    let photo = added.photos[0].clone();
    desk.sync_until_quiet().await;
    assert_eq!(
        s.count("SELECT count(*) FROM blobs").await,
        2,
        "the photo and its thumbnail, uploaded"
    );
    assert_eq!(desk.count("SELECT count(*) FROM blobs WHERE uploaded = 0"), 0);

    till.sync_until_quiet().await;
    let listed = till
        .core
        .product_photos(till.t(), pos_core::products::ProductId { id: amp.id.clone() })
        .unwrap();
    assert_eq!(listed.photos, added.photos, "the list came with the pull");
    // Not fetched until someone looks: a placeholder, and the engine asked to fetch it.
    assert_eq!(blobs(&till, &[&photo.thumb]), vec![None]);
    till.sync_until_quiet().await;
    let got = blobs(&till, &[&photo.thumb, &photo.hash]);
    assert!(got[0].is_some(), "the thumbnail came on the next cycle");
    assert!(got[1].is_none(), "the big photo only when asked for");
    till.sync_until_quiet().await;
    let got = blobs(&till, &[&photo.hash]);
    let bytes = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(got[0].as_ref().unwrap())
            .unwrap()
    };
    assert_eq!(pos_media::hash(&bytes), photo.hash, "the same bytes");
    assert_eq!(till.count("SELECT count(*) FROM blobs WHERE origin = 'fetched'"), 2);
    // The desk's second upload of the same pictures (another product) is stored once.
    let bass = desk.product("Bass", "BAS-1", "Fender Precision", 20_000_000, 4_000, 1);
    desk.core
        .add_product_photo(
            desk.t(),
            AddPhoto {
                product_id: bass.id.clone(),
                data: b64(&pictures::camera_jpeg(3_000, 2_000, 1)),
            },
        )
        .unwrap();
    desk.sync_until_quiet().await;
    assert_eq!(s.count("SELECT count(*) FROM blobs").await, 2);
    s.assert_no_issues().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_keeps_only_what_a_name_says_and_only_for_its_store() {
    let s = support::start_server().await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "owner@hurtrock.test", "BDG1").await;
    let dev = support::enrol(&http, &s.url, &owner, "BDG1").await;
    let other_owner = support::signup(&http, &s.url, "owner@other.test", "JKT1").await;
    let other = support::enrol(&http, &s.url, &other_owner, "JKT1").await;
    let jpeg = pos_media::process(&pictures::jpeg(640, 480)).unwrap().photo.bytes;
    let hash = pos_media::hash(&jpeg);
    let put = |token: &str, name: &str, body: Vec<u8>| {
        http.put(format!("{}/v1/blobs/{name}", s.url))
            .bearer_auth(token.to_string())
            .header("content-type", "image/jpeg")
            .body(body)
            .send()
    };
    let r = put(&dev.token, &hash, jpeg.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let r = put(&dev.token, &hash, jpeg.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 200, "again: nothing changes");
    // Bytes that do not hash to their name, a non-JPEG under its true hash, a bad name.
    let r = put(&dev.token, &"0".repeat(64), jpeg.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let text = b"<script>alert(1)</script>".to_vec();
    let r = put(&dev.token, &pos_media::hash(&text), text).await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let r = put(&dev.token, "..%2F..%2Fetc", jpeg.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let r = put(&dev.token, &hash, vec![0xFF; pos_protocol::MAX_BLOB_BYTES + 2048])
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    let r = put("not-a-token", &hash, jpeg.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    // Read back by the store's terminal, not by another store's.
    let get = |token: &str| {
        http.get(format!("{}/v1/blobs/{hash}", s.url))
            .bearer_auth(token.to_string())
            .send()
    };
    let r = get(&dev.token).await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.bytes().await.unwrap().to_vec(), jpeg);
    let r = get(&other.token).await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(s.count("SELECT count(*) FROM blobs").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_cannot_fill_the_server_with_pictures() {
    let config = pos_server::config::Config {
        blob_quota_mb: Some(1),
        ..Default::default()
    };
    let s = support::start_server_with(support::fresh_database().await, config).await;
    let http = reqwest::Client::new();
    let owner = support::signup(&http, &s.url, "owner@hurtrock.test", "BDG1").await;
    let dev = support::enrol(&http, &s.url, &owner, "BDG1").await;
    let mut statuses = Vec::new();
    let mut first = None;
    for i in 0..40 {
        let jpeg = pos_media::process(&pictures::jpeg(2_048, 1_536 - i))
            .unwrap()
            .photo
            .bytes;
        let hash = pos_media::hash(&jpeg);
        first.get_or_insert((hash.clone(), jpeg.clone()));
        let r = http
            .put(format!("{}/v1/blobs/{hash}", s.url))
            .bearer_auth(&dev.token)
            .body(jpeg)
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
        if r.status().as_u16() == 413 {
            let body: serde_json::Value = r.json().await.unwrap();
            assert_eq!(body["code"], "too_large");
            break;
        }
    }
    assert_eq!(
        statuses.last(),
        Some(&413),
        "refused once the quota is reached: {statuses:?}"
    );
    assert!(statuses.len() > 3, "{statuses:?}");
    let held = s.count("SELECT sum(size)::bigint FROM blobs").await;
    assert!(held <= 1024 * 1024, "never past the quota: {held}");
    // A picture the store has already is still accepted (nothing new is kept).
    let (hash, jpeg) = first.unwrap();
    let r = http
        .put(format!("{}/v1/blobs/{hash}", s.url))
        .bearer_auth(&dev.token)
        .body(jpeg)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}
