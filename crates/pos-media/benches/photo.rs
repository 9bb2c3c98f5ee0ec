//! A 12-megapixel camera JPEG (4 000 × 3 000, EXIF with orientation) to its stored 2 048 px photo
//! and 256 px thumbnail (issue 13: under 400 ms).

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/support/mod.rs"]
mod support;

fn photo(c: &mut Criterion) {
    let input = support::camera_jpeg(4_000, 3_000, 6);
    let mut g = c.benchmark_group("photo");
    g.sample_size(20);
    g.bench_function("12mp_jpeg_to_photo_and_thumbnail", |b| {
        b.iter(|| pos_media::process(std::hint::black_box(&input)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, photo);
criterion_main!(benches);
