//! Glyph spacing read straight from the font's tables, because plotters' PNG text
//! renderer gets it wrong for full-width punctuation.

use super::font::{be16, be32, table};

/// Horizontal metrics of the chart font, read from its cmap, hhea and hmtx tables.
///
/// plotters' ab_glyph renderer draws each glyph flush with its pen position and drops
/// the left side bearing, which shoves full-width brackets and colons against the
/// previous character (`建成(  重点区`). PNG text is therefore set glyph by glyph at
/// pen + bearing, and every layout width comes from here, for PNG and SVG alike.
pub(super) struct Metrics {
    data: &'static [u8],
    cmap: usize,
    format: u16,
    hmtx: usize,
    long_metrics: usize,
    /// Ascent − descent in font units: the height ab_glyph scales to the font size.
    pub(super) height: f64,
}

impl Metrics {
    /// The metrics of the first face of `data`; None when a table it needs is missing
    /// or unreadable, or has no Unicode cmap of format 4 or 12.
    pub(super) fn parse(data: &'static [u8]) -> Option<Metrics> {
        let (cmap, hhea, hmtx) = (
            table(data, b"cmap")?,
            table(data, b"hhea")?,
            table(data, b"hmtx")?,
        );
        let (cmap, format) = unicode_cmap(data, cmap)?;
        let height = line_height(data, hhea)?;
        let long_metrics = be16(data, hhea + 34)? as usize;
        (height > 0.0 && long_metrics > 0).then_some(Metrics {
            data,
            cmap,
            format,
            hmtx,
            long_metrics,
            height,
        })
    }

    /// The glyph index of `c`, 0 (the missing glyph) when the font lacks it.
    pub(super) fn glyph(&self, c: char) -> usize {
        let found = if self.format == 12 {
            self.glyph_in_groups(c as usize)
        } else {
            self.glyph_in_segments(c as usize)
        };
        found.unwrap_or(0)
    }

    /// Looks `c` up in a format 12 subtable (sequential groups).
    fn glyph_in_groups(&self, c: usize) -> Option<usize> {
        let (d, sub) = (self.data, self.cmap);
        // a corrupt group count must not make this loop for billions of rounds
        let groups = be32(d, sub + 12)
            .unwrap_or(0)
            .min(d.len().saturating_sub(sub) / 12);
        (0..groups).map(|i| sub + 16 + 12 * i).find_map(|g| {
            let (start, end) = (be32(d, g)?, be32(d, g + 4)?);
            (start..=end)
                .contains(&c)
                .then(|| Some(be32(d, g + 8)? + c - start))
                .flatten()
        })
    }

    /// Looks `c` up in a format 4 subtable (segments with deltas and range offsets).
    fn glyph_in_segments(&self, c: usize) -> Option<usize> {
        let (d, sub) = (self.data, self.cmap);
        let seg2 = be16(d, sub + 6).unwrap_or(0) as usize;
        let (ends, starts) = (sub + 14, sub + 16 + seg2);
        (0..seg2 / 2)
            .find(|i| be16(d, ends + 2 * i).is_some_and(|e| c <= e as usize))
            .and_then(|i| {
                let start = be16(d, starts + 2 * i)? as usize;
                let delta = be16(d, starts + seg2 + 2 * i)? as usize;
                let range_at = starts + 2 * seg2 + 2 * i;
                let range = be16(d, range_at)? as usize;
                match (c >= start, range) {
                    (false, _) => None,
                    (true, 0) => Some((c + delta) & 0xFFFF),
                    (true, _) => match be16(d, range_at + range + 2 * (c - start))? {
                        0 => None,
                        g => Some((g as usize + delta) & 0xFFFF),
                    },
                }
            })
    }

    /// Advance and left side bearing of `c`, in font units.
    pub(super) fn advance_and_bearing(&self, c: char) -> (f64, f64) {
        let (d, g, n) = (self.data, self.glyph(c), self.long_metrics);
        let advance = be16(d, self.hmtx + 4 * g.min(n - 1)).unwrap_or(0);
        let bearing = match g < n {
            true => be16(d, self.hmtx + 4 * g + 2),
            false => be16(d, self.hmtx + 4 * n + 2 * (g - n)),
        };
        (f64::from(advance), f64::from(bearing.unwrap_or(0) as i16))
    }

    /// Width of `s` in pixels at `size`.
    pub(super) fn width(&self, s: &str, size: f64) -> f64 {
        s.chars()
            .map(|c| self.advance_and_bearing(c).0)
            .sum::<f64>()
            * size
            / self.height
    }
}

/// The best Unicode subtable of the cmap at `cmap` (full repertoire before BMP) as
/// (offset, format); None when there is none or a record cannot be read.
fn unicode_cmap(data: &[u8], cmap: usize) -> Option<(usize, u16)> {
    let mut chosen: Option<(u8, usize, u16)> = None;
    for i in 0..be16(data, cmap + 2)? as usize {
        let rec = cmap + 4 + 8 * i;
        let (platform, encoding) = (be16(data, rec)?, be16(data, rec + 2)?);
        let sub = cmap + be32(data, rec + 4)?;
        let format = be16(data, sub)?;
        let rank = match (platform, encoding, format) {
            (3, 10, 12) | (0, 4, 12) | (0, 6, 12) => 0,
            (3, 1, 4) | (0, 3, 4) => 1,
            (0, _, 4) => 2,
            _ => continue,
        };
        if chosen.is_none_or(|(r, _, _)| rank < r) {
            chosen = Some((rank, sub, format));
        }
    }
    chosen.map(|(_, sub, format)| (sub, format))
}

/// Ascent − descent in font units, from OS/2 when it asks to be used (USE_TYPO_METRICS),
/// else from hhea.
fn line_height(data: &[u8], hhea: usize) -> Option<f64> {
    let os2 = table(data, b"OS/2");
    let typo = os2
        .and_then(|o| be16(data, o + 62))
        .is_some_and(|sel| sel & 0x80 != 0);
    let (asc, desc) = match (typo, os2) {
        (true, Some(o)) => (be16(data, o + 68)?, be16(data, o + 70)?),
        _ => (be16(data, hhea + 4)?, be16(data, hhea + 6)?),
    };
    Some(f64::from(asc as i16) - f64::from(desc as i16))
}
