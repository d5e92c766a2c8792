//! The drawing kit every chart uses: a [`Painter`] that sets Chinese text exactly
//! where the layout says, rectangles, lines, dots and dashes, and legends.

use anyhow::{anyhow, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::RGBColor;

use super::axes::Plot;
use super::metrics::Metrics;
use super::{AXIS, INK, MARGIN, MUTED, RIGHT, SUBTITLE, TICK};

/// How far above its visual centre a text's top anchor sits, as a fraction of its size.
/// ab_glyph (PNG) and an SVG viewer put the baseline at different depths below a
/// top anchor, so each backend gets its own constant (measured on WenQuanYi Micro Hei).
pub(super) const PNG_LIFT: f64 = 0.18;
pub(super) const SVG_LIFT: f64 = 0.31;

/// A drawing area with the chart font, and pixel-level helpers every chart uses.
pub(super) struct Painter<'a, DB: DrawingBackend> {
    pub(super) area: &'a DrawingArea<DB, Shift>,
    pub(super) family: &'static str,
    /// The font's own metrics, when its tables could be read.
    pub(super) metrics: Option<&'a Metrics>,
    /// Set glyphs one by one at their side bearings (the PNG backend, see [`Metrics`]).
    pub(super) per_glyph: bool,
    pub(super) lift: f64,
}

fn draw_error(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("绘制图表失败：{e}")
}

impl<DB: DrawingBackend> Painter<'_, DB> {
    fn style(&self, size: f64, color: RGBColor, h: HPos) -> TextStyle<'static> {
        TextStyle {
            font: (self.family, size).into_font(),
            color: color.to_backend_color(),
            pos: Pos::new(h, VPos::Top),
        }
    }

    pub(super) fn fill_white(&self) -> Result<()> {
        self.area.fill(&WHITE).map_err(draw_error)
    }

    /// Draws `s` with its visual centre on `y`, anchored at `x` by `h`.
    pub(super) fn text(
        &self,
        s: &str,
        (x, y): (i32, i32),
        size: f64,
        color: RGBColor,
        h: HPos,
    ) -> Result<()> {
        let top = y - (size * self.lift).round() as i32;
        let Some(m) = self.metrics.filter(|_| self.per_glyph) else {
            return self
                .area
                .draw_text(s, &self.style(size, color, h), (x, top))
                .map_err(draw_error);
        };
        let scale = size / m.height;
        let mut pen = match h {
            HPos::Left => x as f64,
            HPos::Center => x as f64 - m.width(s, size) / 2.0,
            HPos::Right => x as f64 - m.width(s, size),
        };
        let style = self.style(size, color, HPos::Left);
        for c in s.chars() {
            let (advance, bearing) = m.advance_and_bearing(c);
            if !c.is_whitespace() {
                let at = pen.round() as i32 + (bearing * scale).floor() as i32;
                self.area
                    .draw_text(c.encode_utf8(&mut [0; 4]), &style, (at, top))
                    .map_err(draw_error)?;
            }
            pen += advance * scale;
        }
        Ok(())
    }

    /// Chinese set vertically, one character a line, the first centred on `y`.
    pub(super) fn vertical_text(
        &self,
        s: &str,
        (x, y): (i32, i32),
        size: f64,
        line: f64,
        color: RGBColor,
    ) -> Result<()> {
        for (i, c) in s.chars().enumerate() {
            let cy = y + (i as f64 * line).round() as i32;
            self.text(
                c.encode_utf8(&mut [0; 4]),
                (x, cy),
                size,
                color,
                HPos::Center,
            )?;
        }
        Ok(())
    }

    pub(super) fn text_width(&self, s: &str, size: f64) -> i32 {
        if let Some(m) = self.metrics {
            return m.width(s, size).round() as i32;
        }
        self.area
            .estimate_text_size(s, &self.style(size, INK, HPos::Left))
            .map(|(w, _)| w as i32)
            .unwrap_or(0)
    }

    pub(super) fn rect(
        &self,
        (x0, y0): (i32, i32),
        (x1, y1): (i32, i32),
        color: RGBColor,
    ) -> Result<()> {
        self.area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], color.filled()))
            .map_err(draw_error)
    }

    pub(super) fn line(&self, points: Vec<(i32, i32)>, color: RGBColor, width: u32) -> Result<()> {
        self.area
            .draw(&PathElement::new(points, color.stroke_width(width)))
            .map_err(draw_error)
    }

    pub(super) fn dot(&self, at: (i32, i32), radius: i32, color: RGBColor) -> Result<()> {
        self.area
            .draw(&Circle::new(at, radius, color.filled()))
            .map_err(draw_error)
    }

    /// A dashed polyline: dashes of `dash` pixels with gaps as long, measured along the path.
    pub(super) fn dashed(
        &self,
        points: &[(i32, i32)],
        color: RGBColor,
        width: u32,
        dash: f64,
    ) -> Result<()> {
        let mut phase = 0.0;
        for pair in points.windows(2) {
            let (a, b) = (
                (pair[0].0 as f64, pair[0].1 as f64),
                (pair[1].0 as f64, pair[1].1 as f64),
            );
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            let mut t = 0.0;
            while t < len {
                let on = phase < dash;
                let step = if on { dash - phase } else { 2.0 * dash - phase }.min(len - t);
                if on {
                    let at = |s: f64| {
                        (
                            (a.0 + (b.0 - a.0) * s / len).round() as i32,
                            (a.1 + (b.1 - a.1) * s / len).round() as i32,
                        )
                    };
                    self.line(vec![at(t), at(t + step)], color, width)?;
                }
                t += step;
                phase = (phase + step) % (2.0 * dash);
            }
        }
        Ok(())
    }

    /// The subtitle under the title and the legend at its right, or on a row of its
    /// own below when the two would meet.
    pub(super) fn header(&self, sub: &str, items: &[(Mark, &str)]) -> Result<()> {
        self.text(sub, (MARGIN, 100), SUBTITLE, MUTED, HPos::Left)?;
        let legend: i32 = items
            .iter()
            .map(|(_, s)| 72 + self.text_width(s, TICK))
            .sum();
        let fits = MARGIN + self.text_width(sub, SUBTITLE) + 48 <= RIGHT - legend;
        self.legend(items, if fits { 100 } else { 140 })
    }

    /// A legend row, right-aligned at `RIGHT`, centred on `y`.
    fn legend(&self, items: &[(Mark, &str)], y: i32) -> Result<()> {
        let widths: Vec<i32> = items
            .iter()
            .map(|(_, s)| 44 + self.text_width(s, TICK))
            .collect();
        let mut x = RIGHT - widths.iter().sum::<i32>() - 28 * (items.len() as i32 - 1);
        for ((mark, label), w) in items.iter().zip(&widths) {
            match *mark {
                Mark::Box(c) => self.rect((x, y - 11), (x + 32, y + 11), c)?,
                Mark::Line(c) => {
                    self.line(vec![(x, y), (x + 32, y)], c, 4)?;
                    self.dot((x + 16, y), 5, c)?;
                }
                Mark::Dashed(c) => self.dashed(&[(x, y), (x + 36, y)], c, 3, 6.0)?,
                Mark::Rule(c) => self.line(vec![(x, y), (x + 32, y)], c, 3)?,
            }
            self.text(label, (x + 44, y), TICK, INK, HPos::Left)?;
            x += w + 28;
        }
        Ok(())
    }

    pub(super) fn no_data(&self, plot: &Plot) -> Result<()> {
        let c = ((plot.l + plot.r) / 2, (plot.t + plot.b) / 2);
        self.text("暂无数据", c, 36.0, AXIS, HPos::Center)
    }
}

/// How a legend item is marked: a swatch, a line with a dot, a dashed line or a rule.
#[derive(Clone, Copy)]
pub(super) enum Mark {
    Box(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
    Rule(RGBColor),
}
