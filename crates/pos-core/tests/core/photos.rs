//! Product photos through `Core` on a real file: a phone's 12-megapixel JPEG with its GPS note in
//! EXIF becomes a stored photo and thumbnail in the folder beside the database, decoded back
//! upright and clean; the list orders, dedupes, caps and removes; what is not a photo is refused
//! with nothing written; a picture not here is asked of the sync engine.

use super::*;
use pos_core::photos::*;

#[path = "../../../pos-media/tests/support/mod.rs"]
mod pictures;

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn add(s: &Shop, product: &str, bytes: &[u8]) -> Result<ProductPhotos, pos_core::CoreError> {
    s.core.add_product_photo(
        Some(&s.owner),
        AddPhoto {
            product_id: product.into(),
            data: b64(bytes),
        },
    )
}

fn guitar(s: &Shop) -> String {
    s.core
        .create_product(
            Some(&s.owner),
            NewProduct {
                fields: input(s, "GTR-9", ""),
                opening_stock: 1,
            },
        )
        .unwrap()
        .id
}

fn count(s: &Shop, sql: &str) -> i64 {
    s.core.with_db(|c| c.query_row(sql, [], |r| r.get(0)).unwrap())
}

#[test]
fn a_phone_photo_is_stored_upright_small_and_without_its_location() {
    let s = shop();
    let g = guitar(&s);
    let input = pictures::camera_jpeg(4_000, 3_000, 6);
    let out = add(&s, &g, &input).unwrap();
    assert_eq!(out.photos.len(), 1);
    let p = &out.photos[0];
    assert_eq!((p.width, p.height), (1_536, 2_048));
    // The files are in the folder beside the database, named by their hash.
    let dir = s._dir.path().join("pos.db.blobs");
    for (hash, side) in [(&p.hash, 2_048), (&p.thumb, 256)] {
        let file = dir.join(&hash[..2]).join(hash);
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(&pos_media::hash(&bytes), hash);
        assert!(
            !bytes
                .windows(pictures::SECRET.len())
                .any(|w| w == pictures::SECRET.as_bytes())
        );
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!(img.height(), side, "portrait, as the phone was held");
    }
    // Lists and the till's search show the main photo's thumbnail.
    let found = s
        .core
        .search_products(
            Some(&s.owner),
            ProductSearch {
                query: "GTR-9".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(found[0].thumb.as_deref(), Some(p.thumb.as_str()));
    // Synced: the list as a record, the two files waiting for upload; audited.
    assert_eq!(
        count(&s, "SELECT count(*) FROM outbox WHERE kind = 'product_photos'"),
        1
    );
    assert_eq!(
        count(&s, "SELECT count(*) FROM blobs WHERE origin = 'made' AND uploaded = 0"),
        2
    );
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM audit_events WHERE action = 'product.photo_added'"
        ),
        1
    );
    // The same picture again is the same photo.
    let e = add(&s, &g, &input).unwrap_err();
    assert_eq!(e.code, ErrorCode::Duplicate);
    // The pictures for the screen.
    let blobs = s
        .core
        .photo_blobs(
            Some(&s.owner),
            BlobRefs {
                hashes: vec![p.thumb.clone(), "ab".repeat(32)],
            },
        )
        .unwrap();
    assert!(blobs[0].base64.is_some());
    assert!(blobs[1].base64.is_none(), "not here: a placeholder");
    assert_eq!(
        count(&s, "SELECT count(*) FROM blobs_wanted"),
        1,
        "and asked of the server"
    );
    assert!(
        s.core
            .photo_blobs(
                Some(&s.owner),
                BlobRefs {
                    hashes: vec!["../../etc/passwd".into()]
                }
            )
            .is_err()
    );
}

#[test]
fn photos_are_ordered_capped_and_removed() {
    let s = shop();
    let g = guitar(&s);
    let mut hashes = Vec::new();
    for i in 0..MAX_PHOTOS as u32 {
        let out = add(&s, &g, &pictures::jpeg(320 + i, 240)).unwrap();
        hashes.push(out.photos.last().unwrap().hash.clone());
    }
    let e = add(&s, &g, &pictures::jpeg(999, 240)).unwrap_err();
    assert!(e.en.contains("at most 12 photos"), "{}", e.en);
    // The last becomes the main photo.
    let mut order = hashes.clone();
    order.rotate_right(1);
    let out = s
        .core
        .order_product_photos(
            Some(&s.owner),
            PhotoOrder {
                product_id: g.clone(),
                hashes: order.clone(),
            },
        )
        .unwrap();
    assert_eq!(out.photos[0].hash, hashes[11]);
    let p = s
        .core
        .get_product(Some(&s.owner), pos_core::products::ProductId { id: g.clone() })
        .unwrap();
    assert_eq!(p.thumb.as_deref(), Some(out.photos[0].thumb.as_str()));
    // An order that is not a permutation of what is there: someone changed it meanwhile.
    let e = s
        .core
        .order_product_photos(
            Some(&s.owner),
            PhotoOrder {
                product_id: g.clone(),
                hashes: order[..11].to_vec(),
            },
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Stale);
    let out = s
        .core
        .remove_product_photo(
            Some(&s.owner),
            PhotoRef {
                product_id: g.clone(),
                hash: hashes[11].clone(),
            },
        )
        .unwrap();
    assert_eq!(out.photos.len(), 11);
    assert_eq!(out.photos[0].hash, hashes[0]);
    assert_eq!(
        count(&s, "SELECT count(*) FROM outbox WHERE kind = 'product_photos'"),
        14,
        "12 added, 1 ordered, 1 removed"
    );
}

#[test]
fn what_is_not_a_photo_is_refused_and_nothing_is_written() {
    let s = shop();
    let g = guitar(&s);
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    for (bytes, says) in [
        (b"".to_vec(), "empty"),
        (b"%PDF-1.7".to_vec(), "not a JPEG, PNG or WebP"),
        (heic, "HEIC"),
    ] {
        let e = add(&s, &g, &bytes).unwrap_err();
        assert!(e.en.contains(says), "{says}: {}", e.en);
    }
    let e = s
        .core
        .add_product_photo(
            Some(&s.owner),
            AddPhoto {
                product_id: g.clone(),
                data: "not base64 at all!".into(),
            },
        )
        .unwrap_err();
    assert!(e.en.contains("did not arrive whole"), "{}", e.en);
    let e = add(&s, "no-such-product", &pictures::jpeg(64, 64)).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(count(&s, "SELECT count(*) FROM product_photos"), 0);
    assert_eq!(
        count(&s, "SELECT count(*) FROM outbox WHERE kind = 'product_photos'"),
        0
    );
    // A cashier sees photos but does not change them.
    let cashier = support::staff(&s.core, &s.owner, Role::Cashier, "kasir@hurtrock.test");
    let e = s
        .core
        .add_product_photo(
            Some(&cashier),
            AddPhoto {
                product_id: g.clone(),
                data: b64(&pictures::jpeg(64, 64)),
            },
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    s.core
        .product_photos(Some(&cashier), pos_core::products::ProductId { id: g })
        .unwrap();
}
