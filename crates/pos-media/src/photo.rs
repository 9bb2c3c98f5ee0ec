//! Decoding, orienting, resizing and encoding one photo.

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};
use sha2::Digest;
use std::io::Cursor;

/// The largest file accepted (a phone's 48-megapixel shot is about 15 MB).
pub const MAX_FILE_BYTES: usize = 40 * 1024 * 1024;
/// The largest side accepted, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// The stored photo's longest side.
pub const PHOTO_SIDE: u32 = 2_048;
/// The thumbnail's longest side (lists, the till's search, pick and pack).
pub const THUMB_SIDE: u32 = 256;
/// The logo's longest side (twice the header's height on a sharp screen, and then some).
pub const LOGO_SIDE: u32 = 512;
/// JPEG quality of what is stored: no visible loss on a product shot, a third of the size of 95.
pub const JPEG_QUALITY: u8 = 82;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {bytes} bytes; photos are at most 40 MB")]
    TooLarge { bytes: usize },
    #[error("the picture is {width} × {height} px; photos are at most 12 000 px on a side")]
    TooManyPixels { width: u32, height: u32 },
    #[error("this is a HEIC photo, which this computer cannot read; save it as JPEG")]
    Heic,
    #[error("this is not a JPEG, PNG or WebP picture")]
    NotAnImage,
    #[error("the picture is damaged: {0}")]
    Broken(String),
}

/// One encoded picture: JPEG bytes, their SHA-256 (hex), and its size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub hash: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub photo: Encoded,
    pub thumb: Encoded,
}

/// The SHA-256 of `bytes`, in lower-case hex: a blob's name.
pub fn hash(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `s` can be a blob's name (64 lower-case hex digits).
pub fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// True when `bytes` are a JPEG (what every stored photo and thumbnail is).
pub fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes.ends_with(&[0xFF, 0xD9])
}

fn is_heic(input: &[u8]) -> bool {
    input.len() > 12
        && &input[4..8] == b"ftyp"
        && [
            &b"heic"[..],
            b"heix",
            b"hevc",
            b"heim",
            b"heis",
            b"mif1",
            b"msf1",
            b"avif",
        ]
        .contains(&&input[8..12])
}

/// The photo and thumbnail of an uploaded picture.
pub fn process(input: &[u8]) -> Result<Processed, PhotoError> {
    let (img, orientation) = decode(input)?;
    // Shrunk first, then turned upright: the longest side is the same either way, and turning
    // 3 megapixels is a quarter of the work of turning 12.
    let mut photo = DynamicImage::ImageRgb8(shrink(&flatten(img), PHOTO_SIDE)?);
    photo.apply_orientation(orientation);
    let photo = photo.into_rgb8();
    let thumb = shrink(&photo, THUMB_SIDE)?;
    Ok(Processed {
        photo: encode(&photo)?,
        thumb: encode(&thumb)?,
    })
}

/// The store's logo: the picture's pixels with their transparency (a logo sits on the shop's
/// light or dark header), longest side at most [`LOGO_SIDE`], re-encoded as PNG.
pub fn logo(input: &[u8]) -> Result<Encoded, PhotoError> {
    let (img, orientation) = decode(input)?;
    let mut rgba = img.into_rgba8();
    let (w, h) = rgba.dimensions();
    if w.max(h) > LOGO_SIDE {
        let (nw, nh) = fit(w, h, LOGO_SIDE);
        let mut dst = image::RgbaImage::new(nw, nh);
        lanczos(&rgba, &mut dst)?;
        rgba = dst;
    }
    let mut img = DynamicImage::ImageRgba8(rgba);
    img.apply_orientation(orientation);
    let mut bytes = Vec::new();
    img.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    Ok(Encoded {
        hash: hash(&bytes),
        width: img.width(),
        height: img.height(),
        bytes,
    })
}

/// True when `bytes` are a whole PNG (signature first, the IEND chunk last): a logo.
pub fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A])
        && bytes.ends_with(&[b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82])
}

/// The checked, decoded picture and the way its camera held it.
fn decode(input: &[u8]) -> Result<(DynamicImage, image::metadata::Orientation), PhotoError> {
    if input.is_empty() {
        return Err(PhotoError::Empty);
    }
    if input.len() > MAX_FILE_BYTES {
        return Err(PhotoError::TooLarge { bytes: input.len() });
    }
    if is_heic(input) {
        return Err(PhotoError::Heic);
    }
    let format = match image::guess_format(input) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PhotoError::NotAnImage),
    };
    let broken = |e: image::ImageError| PhotoError::Broken(e.to_string());
    let mut reader = ImageReader::with_format(Cursor::new(input), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_SIDE as u64 * MAX_SIDE as u64 * 4);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooManyPixels { width: 0, height: 0 },
        e => broken(e),
    })?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(PhotoError::Broken("it has no pixels".into()));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(PhotoError::TooManyPixels { width, height });
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(broken)?;
    Ok((img, orientation))
}

/// RGB pixels; transparency goes onto white (a product on a white page).
fn flatten(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = p[3] as u32;
        for c in 0..3 {
            o[c] = ((p[c] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

/// The picture with its longest side at most `side` (never enlarged), Lanczos-resampled.
fn shrink(src: &RgbImage, side: u32) -> Result<RgbImage, PhotoError> {
    let (w, h) = src.dimensions();
    let longest = w.max(h);
    if longest <= side {
        return Ok(src.clone());
    }
    let (nw, nh) = fit(w, h, side);
    let mut dst = RgbImage::new(nw, nh);
    lanczos(src, &mut dst)?;
    Ok(dst)
}

/// `src` resampled into `dst`'s size (Lanczos3), whatever the pixels.
fn lanczos(src: &impl fr::IntoImageView, dst: &mut impl fr::IntoImageViewMut) -> Result<(), PhotoError> {
    let opts = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize(src, dst, &opts)
        .map_err(|e| PhotoError::Broken(e.to_string()))
}

/// `w × h` scaled so that its longest side is `side`, the ratio kept.
fn fit(w: u32, h: u32, side: u32) -> (u32, u32) {
    let longest = w.max(h) as u64;
    let scale = |x: u32| ((x as u64 * side as u64 + longest / 2) / longest).max(1) as u32;
    if w >= h { (side, scale(h)) } else { (scale(w), side) }
}

fn encode(img: &RgbImage) -> Result<Encoded, PhotoError> {
    let mut bytes = Vec::with_capacity((img.width() * img.height() / 4) as usize);
    let (w, h) = (
        u16::try_from(img.width()).map_err(|_| PhotoError::TooManyPixels {
            width: img.width(),
            height: img.height(),
        })?,
        u16::try_from(img.height()).map_err(|_| PhotoError::TooManyPixels {
            width: img.width(),
            height: img.height(),
        })?,
    );
    jpeg_encoder::Encoder::new(&mut bytes, JPEG_QUALITY)
        .encode(img.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    Ok(Encoded {
        hash: hash(&bytes),
        width: img.width(),
        height: img.height(),
        bytes,
    })
}
