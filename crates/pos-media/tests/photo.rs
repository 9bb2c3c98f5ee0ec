//! Photos as a shop's staff upload them: a 12-megapixel camera JPEG turned on its side with its
//! GPS position in EXIF, a transparent PNG, a WebP, and everything that is not a photo. Each
//! output is decoded back: its size, its orientation, and that no byte of the metadata survived.

mod support;

use pos_media::*;
use support::*;

fn decode(bytes: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
        .unwrap()
        .into_rgb8()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_camera_photo_is_upright_resized_and_stripped() {
    // 4 000 × 3 000 taken with the phone on its side (orientation 6: rotate 90° clockwise).
    let input = camera_jpeg(4_000, 3_000, 6);
    assert!(
        contains(&input, SECRET.as_bytes()),
        "the test's input carries the secret"
    );
    let p = process(&input).unwrap();
    assert_eq!(
        (p.photo.width, p.photo.height),
        (1_536, 2_048),
        "upright: portrait, longest side 2 048"
    );
    assert_eq!((p.thumb.width, p.thumb.height), (192, 256));
    for e in [&p.photo, &p.thumb] {
        assert!(is_jpeg(&e.bytes));
        assert!(!contains(&e.bytes, SECRET.as_bytes()), "the GPS note is gone");
        assert!(!contains(&e.bytes, b"Exif"), "no EXIF block at all");
        assert_eq!(e.hash, hash(&e.bytes));
        assert!(is_hash(&e.hash));
        let back = decode(&e.bytes);
        assert_eq!(back.dimensions(), (e.width, e.height));
    }
    // Turned the right way: the original's left edge (dark red) is now the top.
    let back = decode(&p.photo.bytes);
    let top = back.get_pixel(768, 4);
    let bottom = back.get_pixel(768, 2_040);
    assert!(top[0] < 40 && bottom[0] > 200, "top {top:?}, bottom {bottom:?}");
    assert!(
        p.photo.bytes.len() < 1_500_000,
        "compressed: {} bytes",
        p.photo.bytes.len()
    );
    assert!(p.thumb.bytes.len() < 40_000, "thumbnail: {} bytes", p.thumb.bytes.len());
}

#[test]
fn the_same_picture_is_the_same_blob() {
    let input = camera_jpeg(800, 600, 1);
    let a = process(&input).unwrap();
    let b = process(&input).unwrap();
    assert_eq!(a.photo.hash, b.photo.hash);
    assert_ne!(a.photo.hash, a.thumb.hash);
}

#[test]
fn small_pictures_are_not_enlarged_and_transparency_goes_white() {
    let p = process(&transparent_png(200, 100)).unwrap();
    assert_eq!((p.photo.width, p.photo.height), (200, 100));
    assert_eq!((p.thumb.width, p.thumb.height), (200, 100));
    let back = decode(&p.photo.bytes);
    let corner = back.get_pixel(2, 2);
    assert!(corner.0.iter().all(|c| *c > 245), "white, not black: {corner:?}");
    let middle = back.get_pixel(100, 50);
    assert!(middle[0] > 150 && middle[1] < 60, "{middle:?}");
}

#[test]
fn a_webp_is_read_too() {
    let img = image::RgbImage::from_pixel(300, 3_000, image::Rgb([10, 120, 30]));
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .encode(img.as_raw(), 300, 3_000, image::ExtendedColorType::Rgb8)
        .unwrap();
    let p = process(&webp).unwrap();
    assert_eq!((p.photo.width, p.photo.height), (205, 2_048));
    assert_eq!((p.thumb.width, p.thumb.height), (26, 256));
}

#[test]
fn what_is_not_a_usable_photo_is_refused_with_its_reason() {
    assert_eq!(process(b""), Err(PhotoError::Empty));
    assert_eq!(process(b"%PDF-1.7 not a picture"), Err(PhotoError::NotAnImage));
    assert_eq!(process(&[0u8; 4096]), Err(PhotoError::NotAnImage));
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    assert_eq!(process(&heic), Err(PhotoError::Heic));
    let huge = vec![0xFFu8; MAX_FILE_BYTES + 1];
    assert_eq!(
        process(&huge),
        Err(PhotoError::TooLarge {
            bytes: MAX_FILE_BYTES + 1
        })
    );
    // A JPEG cut in half.
    let whole = jpeg(640, 480);
    let cut = &whole[..whole.len() / 2];
    assert!(matches!(process(cut), Err(PhotoError::Broken(_)) | Ok(_)));
    // A header claiming 20 000 × 100 px: refused before any pixel is decoded.
    let mut wide = jpeg(16, 16);
    let sof = wide.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    wide[sof + 5..sof + 7].copy_from_slice(&100u16.to_be_bytes());
    wide[sof + 7..sof + 9].copy_from_slice(&20_000u16.to_be_bytes());
    assert!(
        matches!(process(&wide), Err(PhotoError::TooManyPixels { .. })),
        "{:?}",
        process(&wide)
    );
    // Garbage after a valid JPEG header.
    let mut junk = whole[..200].to_vec();
    junk.extend(std::iter::repeat_n(0x55u8, 5_000));
    assert!(process(&junk).is_err());
}

#[test]
fn a_logo_keeps_its_transparency_and_loses_its_metadata() {
    let p = logo(&transparent_png(2_000, 1_000)).unwrap();
    assert!(is_png(&p.bytes) && !is_jpeg(&p.bytes));
    assert_eq!((p.width, p.height), (LOGO_SIDE, LOGO_SIDE / 2), "longest side 512");
    let back = image::load_from_memory_with_format(&p.bytes, image::ImageFormat::Png)
        .unwrap()
        .into_rgba8();
    assert_eq!(back.get_pixel(2, 2)[3], 0, "the corner stays see-through");
    assert_eq!(back.get_pixel(256, 128)[3], 255, "the middle stays solid");
    assert_eq!(p.hash, hash(&p.bytes));
    // A camera shot as a logo: upright, small, and without its GPS note.
    let cam = logo(&camera_jpeg(1_200, 900, 6)).unwrap();
    assert_eq!((cam.width, cam.height), (384, 512));
    assert!(!contains(&cam.bytes, SECRET.as_bytes()));
    // A small logo is never enlarged; what is not a picture is refused as a photo is.
    assert_eq!(logo(&transparent_png(120, 40)).unwrap().width, 120);
    assert_eq!(logo(b"GIF89a...").unwrap_err(), PhotoError::NotAnImage);
    assert!(!is_png(&p.bytes[..p.bytes.len() - 1]), "a cut PNG is not whole");
}
