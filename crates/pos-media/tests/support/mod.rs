//! Pictures as cameras and phones make them, for the tests and the benchmark: a JPEG with an EXIF
//! block carrying a GPS note and an orientation, a PNG with transparency.
#![allow(dead_code)]

use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

/// Where the picture was taken: what must never reach the shop.
pub const SECRET: &str = "GPS -6.917464 107.619125 Jl. Braga";

/// A `w` × `h` photo-like gradient with some texture, as a JPEG at quality 92.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 28;
        Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, (128 + n) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&img)
        .unwrap();
    out
}

/// An EXIF block (TIFF, little-endian): an ImageDescription with [`SECRET`] and an Orientation.
fn exif(orientation: u16) -> Vec<u8> {
    let text = format!("{SECRET}\0");
    let mut t = Vec::new();
    t.extend_from_slice(b"II\x2a\x00");
    t.extend_from_slice(&8u32.to_le_bytes());
    t.extend_from_slice(&2u16.to_le_bytes());
    let data_at = 8 + 2 + 2 * 12 + 4;
    // ImageDescription, ASCII
    t.extend_from_slice(&0x010Eu16.to_le_bytes());
    t.extend_from_slice(&2u16.to_le_bytes());
    t.extend_from_slice(&(text.len() as u32).to_le_bytes());
    t.extend_from_slice(&(data_at as u32).to_le_bytes());
    // Orientation, SHORT
    t.extend_from_slice(&0x0112u16.to_le_bytes());
    t.extend_from_slice(&3u16.to_le_bytes());
    t.extend_from_slice(&1u32.to_le_bytes());
    t.extend_from_slice(&orientation.to_le_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(text.as_bytes());
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend_from_slice(&t);
    seg
}

/// A camera's JPEG: `jpeg(w, h)` with an EXIF APP1 segment right after the start marker.
pub fn camera_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let plain = jpeg(w, h);
    let seg = exif(orientation);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((seg.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&seg);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A logo-like PNG with a transparent background and a red square.
pub fn transparent_png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, y| {
        if x > w / 4 && x < 3 * w / 4 && y > h / 4 && y < 3 * h / 4 {
            Rgba([200, 0, 0, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}
