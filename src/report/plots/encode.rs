//! A chart's PNG, encoded from the RGB buffer it was drawn into.
//!
//! The bytes are the ones `image`'s `PngEncoder` writes with its defaults, which is what
//! plotters saves a bitmap with: 8-bit RGB, a filter chosen row by row (png's adaptive
//! heuristic), `png::Compression::Fast` (fdeflate), one IDAT chunk. The tests hold the two
//! to the same bytes on every chart and on random images.
//!
//! Only the choice of each row's filter is done here, because png's way of making it was
//! most of the time spent on a chart: png writes each of the four filters over the whole
//! row and sums what it wrote, then writes the winner again. Here a row equal to the one
//! above is Paeth with nothing left (the choice png makes: Paeth's sum is 0 and the last
//! of equal sums wins), and any other row's four sums are taken in one pass that writes
//! nothing; only the chosen filter is written. The PNG chunks are png's, the compression
//! is fdeflate's, both called exactly as png calls them.

use std::io::Cursor;

use anyhow::{ensure, Result};

/// Bytes per pixel of 8-bit RGB: how far back a filter's "left" neighbour is.
const BPP: usize = 3;

/// The PNG filter types in png's order of trying them, with their byte in the stream.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Filter {
    Sub = 1,
    Up = 2,
    Avg = 3,
    Paeth = 4,
}

/// Encodes `rgb` (8-bit RGB, rows top to bottom, `width` × `height` pixels) as a PNG,
/// byte for byte as `image::codecs::png::PngEncoder::new(..).write_image(.., Rgb8)` does.
///
/// # Errors
/// `rgb` is not `width × height × 3` bytes long; the dimensions are not a valid PNG's.
#[inline(never)] // its own line in a profile
pub fn png_rgb(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let row = width as usize * BPP;
    ensure!(
        row > 0 && height > 0 && rgb.len() == row * height as usize,
        "图像大小不符：{width} × {height} 像素，{} 字节",
        rgb.len()
    );
    let idat = zlib_stream(rgb, row, height as usize)?;
    let mut out = Vec::with_capacity(idat.len() + 64);
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        // png splits the stream at i32::MAX bytes; a chart's is a few tens of kilobytes
        for chunk in idat.chunks(i32::MAX as usize) {
            writer.write_chunk(png::chunk::IDAT, chunk)?;
        }
        writer.finish()?;
    }
    Ok(out)
}

/// The zlib stream of the filtered rows, as png 0.17 makes it for `Compression::Fast`:
/// each row (its filter byte, then the filtered bytes) written to fdeflate on its own;
/// stored blocks of the unfiltered rows instead if that would be smaller.
fn zlib_stream(rgb: &[u8], row: usize, height: usize) -> std::io::Result<Vec<u8>> {
    // a row equal to the one above, filtered: Paeth, nothing left
    let mut repeated = vec![0u8; row + 1];
    repeated[0] = Filter::Paeth as u8;
    let mut prev: &[u8] = &repeated[1..];
    let mut line = vec![0u8; row + 1];
    let mut compressor = fdeflate::Compressor::new(Cursor::new(Vec::new()))?;
    for cur in rgb.chunks_exact(row) {
        if cur == prev {
            compressor.write_data(&repeated)?;
        } else {
            let filter = choose(prev, cur);
            apply(filter, prev, cur, &mut line[1..]);
            line[0] = filter as u8;
            compressor.write_data(&line)?;
        }
        prev = cur;
    }
    let compressed = compressor.finish()?.into_inner();
    if compressed.len() <= fdeflate::StoredOnlyCompressor::<()>::compressed_size((row + 1) * height)
    {
        return Ok(compressed);
    }
    let mut stored = fdeflate::StoredOnlyCompressor::new(Cursor::new(Vec::new()))?;
    for cur in rgb.chunks_exact(row) {
        stored.write_data(&[0])?;
        stored.write_data(cur)?;
    }
    Ok(stored.finish()?.into_inner())
}

/// The Paeth predictor of the PNG specification (left `a`, above `b`, above left `c`),
/// in bytes only (the form png's encoder uses, from FPNGE), so that it vectorizes.
#[inline(always)]
fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let pa = b.max(c) - b.min(c);
    let pb = a.max(c) - a.min(c);
    // |a + b - 2c| is |pa - pb| when c lies between a and b, and otherwise larger than
    // both pa and pb, so it cannot win
    let pc = if (a < c) == (c < b) {
        pa.max(pb) - pa.min(pb)
    } else {
        255
    };
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// The mean of two bytes, rounded down, without widening.
#[inline(always)]
fn mean(a: u8, b: u8) -> u8 {
    (a & b) + ((a ^ b) >> 1)
}

/// What png's heuristic adds up for one filtered byte: its distance from 0 as a signed
/// byte (0 to 128).
#[inline(always)]
fn weight(d: u8) -> u8 {
    d.min(d.wrapping_neg())
}

/// Bytes summed per step of [`choose`]: 32 weights of at most 128 fit a `u16`.
const STEP: usize = 32;

/// The four sums of one [`STEP`] of bytes `x` with their left `a`, above `b` and above
/// left `c` neighbours: Sub, Up, Avg, Paeth. Where the step and its left neighbours are
/// as in the row above (`x == b`, `a == c`: most of a chart), Up and Paeth predict every
/// byte exactly and add nothing, so only Sub and Avg are summed.
#[inline(always)]
fn step_sums(x: &[u8; STEP], a: &[u8; STEP], b: &[u8; STEP], c: &[u8; STEP]) -> [u16; 4] {
    let (mut sub, mut up, mut avg, mut pae) = (0u16, 0u16, 0u16, 0u16);
    for i in 0..STEP {
        sub += u16::from(weight(x[i].wrapping_sub(a[i])));
        avg += u16::from(weight(x[i].wrapping_sub(mean(a[i], b[i]))));
    }
    if x != b || a != c {
        for i in 0..STEP {
            up += u16::from(weight(x[i].wrapping_sub(b[i])));
            pae += u16::from(weight(x[i].wrapping_sub(paeth(a[i], b[i], c[i]))));
        }
    }
    [sub, up, avg, pae]
}

/// A step of `bytes` from `at`.
#[inline(always)]
fn step(bytes: &[u8], at: usize) -> &[u8; STEP] {
    bytes[at..at + STEP].try_into().expect("a whole step")
}

/// png's choice for the row `cur` under `prev`: the smallest sum of [`weight`]s over the
/// row filtered by Sub, Up, Avg and Paeth, tried in that order, the last of equal sums
/// winning. The four sums are taken in one pass; nothing is written.
fn choose(prev: &[u8], cur: &[u8]) -> Filter {
    let mut sums = [0u64; 4];
    // the first pixel has no left neighbour: a and c are 0
    for (&x, &b) in cur[..BPP].iter().zip(&prev[..BPP]) {
        sums[0] += u64::from(weight(x));
        sums[1] += u64::from(weight(x.wrapping_sub(b)));
        sums[2] += u64::from(weight(x.wrapping_sub(b >> 1)));
        sums[3] += u64::from(weight(x.wrapping_sub(paeth(0, b, 0))));
    }
    let rest = cur.len() - BPP;
    let (x, a, b, c) = (&cur[BPP..], &cur[..rest], &prev[BPP..], &prev[..rest]);
    let whole = rest - rest % STEP;
    for at in (0..whole).step_by(STEP) {
        let four = step_sums(step(x, at), step(a, at), step(b, at), step(c, at));
        for (sum, s) in sums.iter_mut().zip(four) {
            *sum += u64::from(s);
        }
    }
    for i in whole..rest {
        let (x, a, b, c) = (x[i], a[i], b[i], c[i]);
        sums[0] += u64::from(weight(x.wrapping_sub(a)));
        sums[1] += u64::from(weight(x.wrapping_sub(b)));
        sums[2] += u64::from(weight(x.wrapping_sub(mean(a, b))));
        sums[3] += u64::from(weight(x.wrapping_sub(paeth(a, b, c))));
    }
    let mut best = (u64::MAX, Filter::Sub);
    for (sum, filter) in sums
        .into_iter()
        .zip([Filter::Sub, Filter::Up, Filter::Avg, Filter::Paeth])
    {
        if sum <= best.0 {
            best = (sum, filter);
        }
    }
    best.1
}

/// Writes the row `cur` filtered by `filter` (under `prev`) into `out`.
fn apply(filter: Filter, prev: &[u8], cur: &[u8], out: &mut [u8]) {
    let rest = cur.len() - BPP;
    let (head, tail) = out.split_at_mut(BPP);
    let (x, a, b, c) = (&cur[BPP..], &cur[..rest], &prev[BPP..], &prev[..rest]);
    match filter {
        Filter::Sub => {
            head.copy_from_slice(&cur[..BPP]);
            for ((o, &x), &a) in tail.iter_mut().zip(x).zip(a) {
                *o = x.wrapping_sub(a);
            }
        }
        Filter::Up => {
            for ((o, &x), &b) in out.iter_mut().zip(cur).zip(prev) {
                *o = x.wrapping_sub(b);
            }
        }
        Filter::Avg => {
            for ((o, &x), &b) in head.iter_mut().zip(cur).zip(prev) {
                *o = x.wrapping_sub(b >> 1);
            }
            for (((o, &x), &a), &b) in tail.iter_mut().zip(x).zip(a).zip(b) {
                *o = x.wrapping_sub(mean(a, b));
            }
        }
        Filter::Paeth => {
            for ((o, &x), &b) in head.iter_mut().zip(cur).zip(prev) {
                *o = x.wrapping_sub(paeth(0, b, 0));
            }
            // as in [`step_sums`]: where the row repeats the one above, Paeth leaves 0
            let whole = rest - rest % STEP;
            for (at, o) in (0..whole).step_by(STEP).zip(tail.chunks_exact_mut(STEP)) {
                let (x, a, b, c) = (step(x, at), step(a, at), step(b, at), step(c, at));
                if x == b && a == c {
                    o.fill(0);
                } else {
                    for i in 0..STEP {
                        o[i] = x[i].wrapping_sub(paeth(a[i], b[i], c[i]));
                    }
                }
            }
            for i in whole..rest {
                tail[i] = x[i].wrapping_sub(paeth(a[i], b[i], c[i]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageEncoder;
    use proptest::prelude::*;

    /// What plotters' own save and the charts wrote before: image's PNG encoder.
    fn reference(rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(rgb, width, height, image::ColorType::Rgb8)
            .unwrap();
        out
    }

    /// Images as charts are (few colours; rows repeated whole, or repeated with a few
    /// pixels changed, as where a bar's edge or a glyph crosses) and as noise (which
    /// fdeflate cannot shrink, so png falls back to stored blocks).
    fn image() -> impl Strategy<Value = (Vec<u8>, u32, u32)> {
        (1u32..64, 1u32..12, any::<bool>()).prop_flat_map(|(w, h, noisy)| {
            let n = (w * h * 3) as usize;
            let pixels = if noisy {
                prop::collection::vec(any::<u8>(), n).boxed()
            } else {
                prop::collection::vec(prop::sample::select(vec![0u8, 1, 127, 128, 200, 255]), n)
                    .boxed()
            };
            // per row: 0 fresh, 1 the row above, 2 the row above but for one pixel
            let rows = prop::collection::vec((0u8..3, 0..w), h as usize);
            (pixels, Just(w), Just(h), rows).prop_map(|(mut rgb, w, h, rows)| {
                let row = (w * 3) as usize;
                for (y, &(how, x)) in rows.iter().enumerate().skip(1) {
                    if how == 0 {
                        continue;
                    }
                    let (above, here) = rgb.split_at_mut(y * row);
                    let keep = here[x as usize * 3..x as usize * 3 + 3].to_vec();
                    here[..row].copy_from_slice(&above[(y - 1) * row..]);
                    if how == 2 {
                        here[x as usize * 3..x as usize * 3 + 3].copy_from_slice(&keep);
                    }
                }
                (rgb, w, h)
            })
        })
    }

    proptest! {
        // small images are cheap: more cases than the default 256
        #![proptest_config(ProptestConfig::with_cases(1024))]
        #[test]
        fn the_bytes_are_image_s((rgb, w, h) in image()) {
            prop_assert_eq!(png_rgb(&rgb, w, h).unwrap(), reference(&rgb, w, h));
        }
    }

    #[test]
    fn a_gradient_through_every_byte_value_filters_as_png_does() {
        // 256 × 256 pixels whose channels run through every byte value across, down and
        // mixed, so the filters meet neighbours far apart and near
        let (w, h) = (256u32, 256u32);
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                rgb.extend([x as u8, y as u8, (x ^ y).wrapping_mul(7) as u8]);
            }
        }
        assert_eq!(png_rgb(&rgb, w, h).unwrap(), reference(&rgb, w, h));
    }

    #[test]
    fn a_pixel_changed_anywhere_beside_a_bar_s_top_filters_as_png_does() {
        // white, then a row with a bar's top edge (Paeth is png's choice for it: Up pays
        // for the whole bar, Paeth and Sub for its ends) and one pixel inked. Where a step
        // of 32 bytes repeats the row above but the pixel just left of it was inked,
        // Paeth still leaves something: the steps skipped must be exactly the others.
        let (w, h) = (64u32, 3u32);
        let row = w as usize * 3;
        for x in 0..40 {
            for ink in [[0u8, 0, 0], [38, 110, 190], [254, 255, 255]] {
                let mut rgb = vec![255u8; (w * h * 3) as usize];
                for bar in 44..60 {
                    rgb[row + bar * 3..row + bar * 3 + 3].copy_from_slice(&[222, 122, 36]);
                }
                rgb[row + x * 3..row + x * 3 + 3].copy_from_slice(&ink);
                assert_eq!(
                    png_rgb(&rgb, w, h).unwrap(),
                    reference(&rgb, w, h),
                    "pixel {x}, ink {ink:?}"
                );
            }
        }
    }

    #[test]
    fn paeth_is_the_specification_s_for_every_three_bytes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                for c in 0..=255u8 {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    let spec = if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    };
                    assert_eq!(paeth(a, b, c), spec, "{a} {b} {c}");
                }
            }
        }
    }

    #[test]
    fn a_buffer_of_the_wrong_size_is_refused() {
        assert!(png_rgb(&[0; 8], 1, 3).is_err());
        assert!(png_rgb(&[], 0, 0).is_err());
    }
}
