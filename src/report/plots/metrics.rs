//! Glyph spacing read from the font's own tables (through ttf-parser), because plotters'
//! PNG text renderer gets it wrong for full-width punctuation.

use ttf_parser::{Face, GlyphId};

/// Horizontal metrics of the chart font: its cmap, hmtx and line height.
///
/// plotters' ab_glyph renderer draws each glyph flush with its pen position and drops
/// the left side bearing, which shoves full-width brackets and colons against the
/// previous character (`建成(  重点区`). PNG text is therefore set glyph by glyph at
/// pen + bearing, and every layout width comes from here, for PNG and SVG alike.
/// The lookups are the ones ab_glyph makes, so widths match what is drawn.
pub(super) struct Metrics {
    face: Face<'static>,
    /// Ascent − descent in font units: the height ab_glyph scales to the font size.
    pub(super) height: f64,
}

impl Metrics {
    /// The metrics of face 0 of `data` (the face plotters draws); None when it cannot be
    /// parsed, has no hmtx table or no Unicode cmap subtable, or has no positive height.
    pub(super) fn parse(data: &'static [u8]) -> Option<Metrics> {
        let face = Face::parse(data, 0).ok()?;
        let tables = face.tables();
        let unicode = tables.cmap?.subtables.into_iter().any(|s| s.is_unicode());
        // ascender/descender follow OS/2 USE_TYPO_METRICS as ab_glyph does
        let height = f64::from(face.ascender()) - f64::from(face.descender());
        (unicode && tables.hmtx.is_some() && height > 0.0).then_some(Metrics { face, height })
    }

    /// The glyph index of `c`, 0 (the missing glyph) when the font lacks it.
    pub(super) fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    /// Advance and left side bearing of `c`, in font units.
    pub(super) fn advance_and_bearing(&self, c: char) -> (f64, f64) {
        let g = GlyphId(self.glyph(c));
        (
            f64::from(self.face.glyph_hor_advance(g).unwrap_or(0)),
            f64::from(self.face.glyph_hor_side_bearing(g).unwrap_or(0)),
        )
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
