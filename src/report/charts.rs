//! Charts as PNG and SVG, drawn with plotters, for pasting into briefing slides.
//!
//! Five charts (SPEC §6 item 2) are laid out by hand in pixels on a 1600 × 900 canvas:
//! plotters' automatic meshes quote string labels and pick their own ticks, and a slide
//! needs big Chinese text placed exactly. Chinese must render on a machine with no fonts
//! installed, so WenQuanYi Micro Hei is embedded in the binary and registered with
//! plotters' ab_glyph renderer; the same family name, followed by common fallbacks, is
//! written into the SVG text so a viewer without it still shows Chinese.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle, RGBColor};

use crate::figures::Figures;
use crate::plan::{Plan, UNCLASSIFIED};

/// The embedded font: WenQuanYi Micro Hei 0.2.0-beta, face 0 of the collection (Apache-2.0).
static EMBEDDED_FONT: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");
const EMBEDDED_NAME: &str = "WenQuanYi Micro Hei";
/// Families an SVG viewer may fall back to when it lacks the font the layout used.
const FALLBACKS: &str =
    "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Source Han Sans SC, SimHei, sans-serif";

const WIDTH: u32 = 1600;
const HEIGHT: u32 = 900;
/// Left edge of titles, subtitles and axis units; right edge of legends.
const MARGIN: i32 = 40;
const RIGHT: i32 = WIDTH as i32 - MARGIN;

const TITLE: f64 = 40.0;
const SUBTITLE: f64 = 25.0;
const LABEL: f64 = 24.0;
const TICK: f64 = 22.0;

const INK: RGBColor = RGBColor(33, 37, 41);
const MUTED: RGBColor = RGBColor(88, 96, 108);
const GRID: RGBColor = RGBColor(222, 226, 231);
const AXIS: RGBColor = RGBColor(120, 128, 138);
const WHITE_INK: RGBColor = RGBColor(255, 255, 255);
const TARGET: RGBColor = RGBColor(196, 202, 210);
const BLUE: RGBColor = RGBColor(38, 110, 190);
const ORANGE: RGBColor = RGBColor(222, 122, 36);
const AMBER: RGBColor = RGBColor(242, 172, 56);
const PALE: RGBColor = RGBColor(184, 200, 220);
const RED: RGBColor = RGBColor(200, 52, 44);
const GROUP_COLOURS: [RGBColor; 4] = [ORANGE, BLUE, RGBColor(60, 150, 90), RGBColor(130, 90, 170)];
const GROUP_SHADES: [RGBColor; 2] = [RGBColor(253, 243, 232), RGBColor(255, 255, 255)];

/// The five charts, in the order they are written.
#[derive(Debug, Clone, Copy)]
enum Chart {
    Units,
    Cumulative,
    Industries,
    Functions,
    Services,
}

const CHARTS: [Chart; 5] = [
    Chart::Units,
    Chart::Cumulative,
    Chart::Industries,
    Chart::Functions,
    Chart::Services,
];

impl Chart {
    fn file_stem(self) -> &'static str {
        match self {
            Chart::Units => "分县区进展",
            Chart::Cumulative => "全市累计进展",
            Chart::Industries => "分产业情况",
            Chart::Functions => "功能配置",
            Chart::Services => "服务情况",
        }
    }

    fn title(self, city: &str, period: &str) -> String {
        let what = match self {
            Chart::Units => "建设进展：分县区",
            Chart::Cumulative => "建设进展：全市累计",
            Chart::Industries => "建设进展：分产业",
            Chart::Functions => "功能配置",
            Chart::Services => "服务情况：分月",
        };
        format!("{city}科技创新综合体{what}（截至{period}）")
    }

    fn draw<DB: DrawingBackend>(self, p: &Painter<DB>, fig: &Figures, plan: &Plan) -> Result<()> {
        let title = self.title(&city_name(plan), &period_label(&fig.summary.period));
        p.fill_white()?;
        p.text(&title, (MARGIN, 48), TITLE, INK, HPos::Left)?;
        match self {
            Chart::Units => draw_units(p, fig, plan),
            Chart::Cumulative => draw_cumulative(p, fig),
            Chart::Industries => draw_industries(p, fig, plan),
            Chart::Functions => draw_functions(p, fig),
            Chart::Services => draw_services(p, fig),
        }
    }
}

/// Writes the five charts into `dir` (created if needed), each as `<name>.png`
/// (1600 × 900) and `<name>.svg`, and returns the paths written, PNG before SVG.
///
/// `font` replaces the embedded WenQuanYi Micro Hei with a TrueType/OpenType file.
///
/// # Errors
/// The font file cannot be read, is not a usable font or has no Chinese glyphs; the
/// folder cannot be created; a file cannot be written.
pub fn write_charts(
    fig: &Figures,
    plan: &Plan,
    dir: &Path,
    font: Option<&Path>,
) -> Result<Vec<PathBuf>> {
    let (family, metrics) = load_font(font)?;
    fs::create_dir_all(dir).with_context(|| format!("无法创建图表文件夹 {}", dir.display()))?;
    let mut written = Vec::with_capacity(CHARTS.len() * 2);
    for chart in CHARTS {
        let png = dir.join(format!("{}.png", chart.file_stem()));
        {
            let root = BitMapBackend::new(&png, (WIDTH, HEIGHT)).into_drawing_area();
            let painter = Painter {
                area: &root,
                family,
                metrics: metrics.as_ref(),
                per_glyph: true,
                lift: PNG_LIFT,
            };
            chart.draw(&painter, fig, plan)?;
            root.present()
                .map_err(|e| anyhow!("无法写入图表 {}：{e}", png.display()))?;
        }
        written.push(png);
        let svg = dir.join(format!("{}.svg", chart.file_stem()));
        {
            let root = SVGBackend::new(&svg, (WIDTH, HEIGHT)).into_drawing_area();
            let painter = Painter {
                area: &root,
                family,
                metrics: metrics.as_ref(),
                per_glyph: false,
                lift: SVG_LIFT,
            };
            chart.draw(&painter, fig, plan)?;
            root.present()
                .map_err(|e| anyhow!("无法写入图表 {}：{e}", svg.display()))?;
        }
        written.push(svg);
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------------
// Fonts

/// Registers the chart font and returns the family string to draw with, which is also
/// the CSS `font-family` list written into the SVGs.
fn load_font(path: Option<&Path>) -> Result<(&'static str, Option<Metrics>)> {
    let Some(path) = path else {
        static FAMILY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let family: &'static str = FAMILY.get_or_init(|| format!("{EMBEDDED_NAME}, {FALLBACKS}"));
        register_font(family, FontStyle::Normal, EMBEDDED_FONT)
            .and_then(|()| register_font("sans-serif", FontStyle::Normal, EMBEDDED_FONT))
            .map_err(|_| anyhow!("内置字体无法加载"))?;
        return Ok((family, Metrics::parse(EMBEDDED_FONT)));
    };
    let bytes = fs::read(path).with_context(|| format!("无法读取字体文件 {}", path.display()))?;
    let name = font_family_name(&bytes)
        .or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let mut name: String = name
        .chars()
        .filter(|c| !"'\",;<>&\\".contains(*c))
        .collect();
    if name.trim().is_empty() {
        name = "xtic chart font".to_string();
    }
    let fallbacks = match name == EMBEDDED_NAME {
        true => FALLBACKS.to_string(),
        false => format!("{EMBEDDED_NAME}, {FALLBACKS}"),
    };
    let family: &'static str = Box::leak(format!("'{name}', {fallbacks}").into_boxed_str());
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    register_font(family, FontStyle::Normal, bytes).map_err(|_| {
        anyhow!(
            "字体文件 {} 不是可用的字体：请提供 TrueType/OpenType 字体（.ttf、.otf 或 .ttc）",
            path.display()
        )
    })?;
    if !has_chinese_glyphs(family) {
        return Err(anyhow!(
            "字体文件 {} 不含中文字形，图表中的中文无法显示：请换用中文字体（如文泉驿微米黑、思源黑体）",
            path.display()
        ));
    }
    Ok((family, Metrics::parse(bytes)))
}

/// True when two different ideographs render differently, i.e. neither is the
/// font's "missing glyph" box.
fn has_chinese_glyphs(family: &'static str) -> bool {
    let render = |c: &str| -> Option<Vec<u8>> {
        let mut buf = vec![255u8; 48 * 48 * 3];
        {
            let root = BitMapBackend::with_buffer(&mut buf, (48, 48)).into_drawing_area();
            let style = TextStyle::from((family, 40.0).into_font()).color(&BLACK);
            root.draw_text(c, &style, (2, 14)).ok()?;
            root.present().ok()?;
        }
        Some(buf)
    };
    match (render("邢"), render("台")) {
        (Some(a), Some(b)) => a != b && a.iter().any(|&v| v < 128),
        _ => false,
    }
}

/// The family name (name ID 1, English if present) of a TrueType/OpenType font or of
/// the first face of a collection; None when the tables cannot be read.
fn font_family_name(data: &[u8]) -> Option<String> {
    let name = table(data, b"name")?;
    let strings = name + be16(data, name + 4)? as usize;
    let mut best: Option<(u8, String)> = None;
    for i in 0..be16(data, name + 2)? as usize {
        let rec = name + 6 + 12 * i;
        let (platform, language, id) =
            (be16(data, rec)?, be16(data, rec + 4)?, be16(data, rec + 6)?);
        let (len, off) = (
            be16(data, rec + 8)? as usize,
            be16(data, rec + 10)? as usize,
        );
        let Some(raw) = data.get(strings + off..strings + off + len) else {
            continue;
        };
        let (rank, text) = match (id, platform) {
            (1, 3) => {
                let units: Vec<u16> = raw
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                (
                    if language == 0x0409 { 0 } else { 1 },
                    String::from_utf16_lossy(&units),
                )
            }
            (1, 1) => (2, raw.iter().map(|&b| b as char).collect()),
            _ => continue,
        };
        if !text.trim().is_empty() && best.as_ref().is_none_or(|(r, _)| rank < *r) {
            best = Some((rank, text.trim().to_string()));
        }
    }
    best.map(|(_, t)| t)
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn be32(data: &[u8], at: usize) -> Option<usize> {
    data.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// Offset of a table of the font (the first face of a collection).
fn table(data: &[u8], tag: &[u8; 4]) -> Option<usize> {
    let base = if data.get(..4) == Some(b"ttcf") {
        be32(data, 12)?
    } else {
        0
    };
    (0..be16(data, base + 4)? as usize)
        .map(|i| base + 12 + 16 * i)
        .find(|&rec| data.get(rec..rec + 4) == Some(tag))
        .and_then(|rec| be32(data, rec + 8))
}

/// Horizontal metrics of the chart font, read from its cmap, hhea and hmtx tables.
///
/// plotters' ab_glyph renderer draws each glyph flush with its pen position and drops
/// the left side bearing, which shoves full-width brackets and colons against the
/// previous character (`建成(  重点区`). PNG text is therefore set glyph by glyph at
/// pen + bearing, and every layout width comes from here, for PNG and SVG alike.
struct Metrics {
    data: &'static [u8],
    cmap: usize,
    format: u16,
    hmtx: usize,
    long_metrics: usize,
    /// Ascent − descent in font units: the height ab_glyph scales to the font size.
    height: f64,
}

impl Metrics {
    fn parse(data: &'static [u8]) -> Option<Metrics> {
        let (cmap, hhea, hmtx) = (
            table(data, b"cmap")?,
            table(data, b"hhea")?,
            table(data, b"hmtx")?,
        );
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
        let (_, cmap, format) = chosen?;
        let os2 = table(data, b"OS/2");
        let typo = os2
            .and_then(|o| be16(data, o + 62))
            .is_some_and(|sel| sel & 0x80 != 0);
        let (asc, desc) = match (typo, os2) {
            (true, Some(o)) => (be16(data, o + 68)?, be16(data, o + 70)?),
            _ => (be16(data, hhea + 4)?, be16(data, hhea + 6)?),
        };
        let height = f64::from(asc as i16) - f64::from(desc as i16);
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

    fn glyph(&self, c: char) -> usize {
        let (d, sub, c) = (self.data, self.cmap, c as usize);
        let found = if self.format == 12 {
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
        } else {
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
        };
        found.unwrap_or(0)
    }

    /// Advance and left side bearing of `c`, in font units.
    fn advance_and_bearing(&self, c: char) -> (f64, f64) {
        let (d, g, n) = (self.data, self.glyph(c), self.long_metrics);
        let advance = be16(d, self.hmtx + 4 * g.min(n - 1)).unwrap_or(0);
        let bearing = match g < n {
            true => be16(d, self.hmtx + 4 * g + 2),
            false => be16(d, self.hmtx + 4 * n + 2 * (g - n)),
        };
        (f64::from(advance), f64::from(bearing.unwrap_or(0) as i16))
    }

    /// Width of `s` in pixels at `size`.
    fn width(&self, s: &str, size: f64) -> f64 {
        s.chars()
            .map(|c| self.advance_and_bearing(c).0)
            .sum::<f64>()
            * size
            / self.height
    }
}

// ---------------------------------------------------------------------------------------
// Drawing primitives

/// How far above its visual centre a text's top anchor sits, as a fraction of its size.
/// ab_glyph (PNG) and an SVG viewer put the baseline at different depths below a
/// top anchor, so each backend gets its own constant (measured on WenQuanYi Micro Hei).
const PNG_LIFT: f64 = 0.18;
const SVG_LIFT: f64 = 0.31;

/// A drawing area with the chart font, and pixel-level helpers every chart uses.
struct Painter<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    family: &'static str,
    /// The font's own metrics, when its tables could be read.
    metrics: Option<&'a Metrics>,
    /// Set glyphs one by one at their side bearings (the PNG backend, see [`Metrics`]).
    per_glyph: bool,
    lift: f64,
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

    fn fill_white(&self) -> Result<()> {
        self.area.fill(&WHITE).map_err(draw_error)
    }

    /// Draws `s` with its visual centre on `y`, anchored at `x` by `h`.
    fn text(&self, s: &str, (x, y): (i32, i32), size: f64, color: RGBColor, h: HPos) -> Result<()> {
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
    fn vertical_text(
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

    fn text_width(&self, s: &str, size: f64) -> i32 {
        if let Some(m) = self.metrics {
            return m.width(s, size).round() as i32;
        }
        self.area
            .estimate_text_size(s, &self.style(size, INK, HPos::Left))
            .map(|(w, _)| w as i32)
            .unwrap_or(0)
    }

    fn rect(&self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), color: RGBColor) -> Result<()> {
        self.area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], color.filled()))
            .map_err(draw_error)
    }

    fn line(&self, points: Vec<(i32, i32)>, color: RGBColor, width: u32) -> Result<()> {
        self.area
            .draw(&PathElement::new(points, color.stroke_width(width)))
            .map_err(draw_error)
    }

    fn dot(&self, at: (i32, i32), radius: i32, color: RGBColor) -> Result<()> {
        self.area
            .draw(&Circle::new(at, radius, color.filled()))
            .map_err(draw_error)
    }

    /// A dashed polyline: dashes of `dash` pixels with gaps as long, measured along the path.
    fn dashed(&self, points: &[(i32, i32)], color: RGBColor, width: u32, dash: f64) -> Result<()> {
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
    fn header(&self, sub: &str, items: &[(Mark, &str)]) -> Result<()> {
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

    fn no_data(&self, plot: &Plot) -> Result<()> {
        let c = ((plot.l + plot.r) / 2, (plot.t + plot.b) / 2);
        self.text("暂无数据", c, 36.0, AXIS, HPos::Center)
    }
}

#[derive(Clone, Copy)]
enum Mark {
    Box(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
    Rule(RGBColor),
}

/// A value axis: 0 to `max` in ticks of `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    max: f64,
    step: f64,
}

impl Scale {
    /// Ticks that hold `value` with room for a label above it, about five of them.
    fn nice(value: f64) -> Scale {
        Scale::fit(value * 1.12)
    }

    /// Ticks that just hold `value`, about five of them.
    fn fit(value: f64) -> Scale {
        let v = if value.is_finite() && value > 0.0 {
            value
        } else {
            5.0
        };
        let step = nice_step(v / 5.0).max(1.0).floor();
        Scale {
            max: (v / step).ceil().max(1.0) * step,
            step,
        }
    }

    /// A second axis with as many ticks as `self`, so both share the grid lines.
    fn aligned(&self, value: f64) -> Scale {
        let n = self.ticks();
        let v = if value.is_finite() && value > 0.0 {
            value * 1.12
        } else {
            n as f64
        };
        let step = nice_step(v / n as f64);
        Scale {
            max: step * n as f64,
            step,
        }
    }

    fn ticks(&self) -> usize {
        (self.max / self.step).round() as usize
    }

    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        (0..=self.ticks()).map(|i| i as f64 * self.step)
    }
}

fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * 0.999_999)
        .unwrap_or(10.0 * mag)
}

/// The plot rectangle in pixels.
#[derive(Debug, Clone, Copy)]
struct Plot {
    l: i32,
    t: i32,
    r: i32,
    b: i32,
}

impl Plot {
    fn y(&self, v: f64, s: Scale) -> i32 {
        self.b - ((clean(v) / s.max).min(1.05) * (self.b - self.t) as f64).round() as i32
    }

    fn x(&self, v: f64, s: Scale) -> i32 {
        self.l + ((clean(v) / s.max).min(1.05) * (self.r - self.l) as f64).round() as i32
    }

    /// Centre of slot `i` of `n` across the width.
    fn slot_x(&self, i: usize, n: usize) -> i32 {
        self.l + ((i as f64 + 0.5) * self.slot(n)).round() as i32
    }

    fn slot(&self, n: usize) -> f64 {
        (self.r - self.l) as f64 / n.max(1) as f64
    }
}

/// A drawable value: finite and not negative.
fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// Horizontal grid lines with tick labels on the left (or right) of the plot.
fn y_grid<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: &Plot,
    s: Scale,
    right: bool,
    lines: bool,
) -> Result<()> {
    for v in s.values() {
        let y = plot.y(v, s);
        if lines && v > 0.0 {
            p.line(vec![(plot.l, y), (plot.r, y)], GRID, 1)?;
        }
        let label = format_number(v, decimals_for(s.step));
        match right {
            false => p.text(&label, (plot.l - 12, y), TICK, MUTED, HPos::Right)?,
            true => p.text(&label, (plot.r + 12, y), TICK, MUTED, HPos::Left)?,
        }
    }
    p.line(vec![(plot.l, plot.b), (plot.r, plot.b)], AXIS, 2)
}

/// Month ticks and labels under the plot: `1月 4月 7月 10月` and a year row below.
fn month_axis<DB: DrawingBackend>(p: &Painter<DB>, plot: &Plot, months: &[String]) -> Result<()> {
    let n = months.len();
    let slot = plot.slot(n);
    let every = [1, 3, 6, 12]
        .into_iter()
        .find(|k| slot * *k as f64 >= 62.0)
        .unwrap_or(12);
    let mut year_start: Option<(usize, String)> = None;
    for (i, m) in months.iter().enumerate() {
        let x = plot.slot_x(i, n);
        let (year, month) = split_month(m);
        p.line(vec![(x, plot.b), (x, plot.b + 6)], AXIS, 1)?;
        if month.is_none_or(|mm| (mm - 1) % every == 0) || n == 1 {
            let label = month.map_or_else(|| m.clone(), |mm| format!("{mm}月"));
            p.text(&label, (x, plot.b + 24), TICK, MUTED, HPos::Center)?;
        }
        let new_year = year_start.as_ref().is_none_or(|(_, y)| *y != year);
        if new_year {
            if let Some((start, y)) = year_start.take() {
                year_label(p, plot, start, i, n, &y)?;
            }
            year_start = Some((i, year));
        }
    }
    if let Some((start, y)) = year_start {
        year_label(p, plot, start, n, n, &y)?;
    }
    Ok(())
}

fn year_label<DB: DrawingBackend>(
    p: &Painter<DB>,
    plot: &Plot,
    from: usize,
    to: usize,
    n: usize,
    year: &str,
) -> Result<()> {
    let slot = plot.slot(n);
    let x0 = plot.l + (from as f64 * slot).round() as i32;
    let x1 = plot.l + (to as f64 * slot).round() as i32;
    if from > 0 {
        p.line(vec![(x0, plot.b), (x0, plot.b + 76)], AXIS, 1)?;
    }
    if !year.is_empty() {
        p.text(
            &format!("{year}年"),
            ((x0 + x1) / 2, plot.b + 62),
            LABEL,
            INK,
            HPos::Center,
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The charts

/// Chart 1: Target vs built by unit, clustered columns, one colour per group.
fn draw_units<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures, plan: &Plan) -> Result<()> {
    let city = &fig.summary.city;
    let mut sub = format!(
        "全市累计建成{}家，目标{}家；{}/{}个县(市、区)已实现建成",
        city.built, city.target, city.units_covered, city.units_total
    );
    match fig.behind_units.len() {
        0 => {}
        1..=3 => sub.push_str(&format!("；低于序时进度：{}", fig.behind_units.join("、"))),
        n => sub.push_str(&format!("；{n}个低于序时进度（红色数字）")),
    }

    let group_index = |id: &str| {
        plan.groups
            .iter()
            .position(|g| g.id == id)
            .unwrap_or(plan.groups.len())
    };
    let mut units: Vec<_> = fig.summary.units.iter().collect();
    units.sort_by_key(|u| group_index(&u.group));
    let groups: Vec<(usize, String)> = plan
        .groups
        .iter()
        .enumerate()
        .filter(|(i, _)| units.iter().any(|u| group_index(&u.group) == *i))
        .map(|(i, g)| (i, g.label.clone()))
        .collect();
    let built_label: Vec<String> = groups.iter().map(|(_, l)| format!("建成（{l}）")).collect();
    let mut legend = vec![(Mark::Box(TARGET), "目标")];
    for ((i, _), label) in groups.iter().zip(&built_label) {
        legend.push((
            Mark::Box(GROUP_COLOURS[i % GROUP_COLOURS.len()]),
            label.as_str(),
        ));
    }
    p.header(&sub, &legend)?;

    let plot = Plot {
        l: 110,
        t: 215,
        r: RIGHT,
        b: 660,
    };
    let n = units.len();
    if n == 0 {
        return p.no_data(&plot);
    }
    let top = units
        .iter()
        .map(|u| u.target.max(u.built))
        .max()
        .unwrap_or(0);
    let s = Scale::nice(top as f64);
    let slot = plot.slot(n);
    // shade each group and label it above the plot
    let mut start = 0;
    for (k, (gi, label)) in groups.iter().enumerate() {
        let count = units[start..]
            .iter()
            .take_while(|u| group_index(&u.group) == *gi)
            .count();
        let x0 = plot.l + (start as f64 * slot).round() as i32;
        let x1 = plot.l + ((start + count) as f64 * slot).round() as i32;
        p.rect((x0, plot.t), (x1, plot.b), GROUP_SHADES[k % 2])?;
        p.line(vec![(x0 + 6, plot.t - 14), (x1 - 6, plot.t - 14)], INK, 2)?;
        p.line(vec![(x0 + 6, plot.t - 14), (x0 + 6, plot.t - 4)], INK, 2)?;
        p.line(vec![(x1 - 6, plot.t - 14), (x1 - 6, plot.t - 4)], INK, 2)?;
        let fits = p.text_width(label, LABEL) < x1 - x0;
        let size = if fits { LABEL } else { TICK };
        p.text(label, ((x0 + x1) / 2, plot.t - 38), size, INK, HPos::Center)?;
        start += count;
    }
    p.text(
        "单位：家",
        (MARGIN - 20, plot.t - 38),
        TICK,
        MUTED,
        HPos::Left,
    )?;
    y_grid(p, &plot, s, false, true)?;

    let bar = (slot * 0.34).clamp(2.0, 34.0);
    let name_size = (slot * 0.8).clamp(10.0, LABEL);
    let longest = units
        .iter()
        .map(|u| u.unit.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let line = (name_size * 1.08).min(190.0 / longest);
    let name_size = name_size.min(line / 1.02);
    let value_size = (slot * 0.6).clamp(10.0, TICK);
    for (i, u) in units.iter().enumerate() {
        let cx = plot.slot_x(i, n);
        let colour = GROUP_COLOURS[group_index(&u.group) % GROUP_COLOURS.len()];
        let (tx0, bx0) = (
            cx - (bar * 1.05).round() as i32,
            cx + (bar * 0.05).round() as i32,
        );
        let w = bar.round() as i32;
        p.rect((tx0, plot.y(u.target as f64, s)), (tx0 + w, plot.b), TARGET)?;
        let yb = plot.y(u.built as f64, s);
        p.rect((bx0, yb), (bx0 + w, plot.b), colour)?;
        let ink = if u.behind { RED } else { INK };
        p.text(
            &u.built.to_string(),
            (bx0 + w / 2, yb - 16),
            value_size,
            ink,
            HPos::Center,
        )?;
        p.vertical_text(
            &u.unit,
            (cx, plot.b + 14 + (line / 2.0) as i32),
            name_size,
            line,
            INK,
        )?;
    }
    Ok(())
}

/// Chart 2: The city's cumulative built count by month, against the target and the
/// pro-rated expectation.
fn draw_cumulative<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures) -> Result<()> {
    let city = &fig.summary.city;
    let mut sub = format!(
        "全市累计建成{}家，目标{}家，按序时进度应建成{}家",
        city.built,
        city.target,
        format_number(city.expected_by_now, decimals_of(city.expected_by_now))
    );
    if city.behind {
        sub.push_str("，滞后于序时进度");
    }
    let target_label = format!("目标（{}家）", city.target);
    p.header(
        &sub,
        &[
            (Mark::Line(BLUE), "累计建成"),
            (Mark::Dashed(AXIS), "序时进度"),
            (Mark::Rule(RED), &target_label),
        ],
    )?;

    let plot = Plot {
        l: 110,
        t: 200,
        r: RIGHT - 20,
        b: 760,
    };
    let months = &fig.monthly;
    let top = months
        .iter()
        .map(|m| (m.built_cumulative as f64).max(m.expected))
        .fold(city.target as f64, f64::max);
    let s = Scale::nice(top);
    p.text(
        "单位：家",
        (MARGIN - 20, plot.t - 36),
        TICK,
        MUTED,
        HPos::Left,
    )?;
    y_grid(p, &plot, s, false, true)?;
    if months.is_empty() {
        return p.no_data(&plot);
    }
    let n = months.len();
    month_axis(
        p,
        &plot,
        &months.iter().map(|m| m.month.clone()).collect::<Vec<_>>(),
    )?;

    let yt = plot.y(city.target as f64, s);
    p.line(vec![(plot.l, yt), (plot.r, yt)], RED, 3)?;
    p.text(
        &format!("目标 {}家", city.target),
        (plot.l + 12, yt - 20),
        TICK,
        RED,
        HPos::Left,
    )?;

    let expected: Vec<_> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (plot.slot_x(i, n), plot.y(m.expected, s)))
        .collect();
    p.dashed(&expected, AXIS, 3, 10.0)?;
    let built: Vec<_> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (plot.slot_x(i, n), plot.y(m.built_cumulative as f64, s)))
        .collect();
    if n > 1 {
        p.line(built.clone(), BLUE, 5)?;
    }
    for (i, (m, &pt)) in months.iter().zip(&built).enumerate() {
        let year_end = split_month(&m.month).1 == Some(12);
        p.dot(pt, if year_end || i + 1 == n { 8 } else { 4 }, BLUE)?;
        if year_end || i + 1 == n {
            p.text(
                &m.built_cumulative.to_string(),
                (pt.0, pt.1 - 28),
                LABEL,
                BLUE,
                HPos::Center,
            )?;
        }
    }
    Ok(())
}

/// Chart 3: Complexes by lead industry, stacked (built, building, planned), grouped by category.
fn draw_industries<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures, plan: &Plan) -> Result<()> {
    let list = &fig.summary.industries;
    let (planned, building, built) = list.iter().fold((0, 0, 0), |(a, b, c), i| {
        (a + i.planned, b + i.under_construction, c + i.built)
    });
    let sub = format!("计划期内建成{built}家，在建{building}家，谋划{planned}家");
    p.header(
        &sub,
        &[
            (Mark::Box(BLUE), "建成"),
            (Mark::Box(AMBER), "在建"),
            (Mark::Box(PALE), "谋划"),
        ],
    )?;

    let plot = Plot {
        l: 420,
        t: 170,
        r: RIGHT - 70,
        b: 815,
    };
    // categories in plan order, then any other (未分类) in the order met
    let mut categories: Vec<&str> = plan.categories.iter().map(String::as_str).collect();
    for i in list {
        if !categories.contains(&i.category.as_str()) {
            categories.push(i.category.as_str());
        }
    }
    let blocks: Vec<(&str, Vec<_>)> = categories
        .iter()
        .map(|c| {
            (
                *c,
                list.iter().filter(|i| i.category == *c).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    let rows: usize = blocks.iter().map(|(_, r)| r.len()).sum();
    if rows == 0 {
        return p.no_data(&plot);
    }
    let gap = 0.5;
    let row = (plot.b - plot.t) as f64 / (rows as f64 + gap * (blocks.len() as f64 - 1.0));
    let top = list
        .iter()
        .map(|i| i.planned + i.under_construction + i.built)
        .max()
        .unwrap_or(0);
    let s = Scale::fit(top as f64);
    let spans: Vec<(f64, f64)> = blocks
        .iter()
        .scan(plot.t as f64, |y, (_, items)| {
            let span = (*y, *y + row * items.len() as f64);
            *y = span.1 + row * gap;
            Some(span)
        })
        .collect();
    for (y0, y1) in spans.iter().step_by(2) {
        p.rect(
            (MARGIN - 20, *y0 as i32),
            (plot.r + 60, *y1 as i32),
            RGBColor(244, 246, 249),
        )?;
    }
    for v in s.values() {
        let x = plot.x(v, s);
        let (colour, width) = if v == 0.0 { (AXIS, 2) } else { (GRID, 1) };
        p.line(vec![(x, plot.t), (x, plot.b)], colour, width)?;
        p.text(
            &format_number(v, 0),
            (x, plot.b + 24),
            TICK,
            MUTED,
            HPos::Center,
        )?;
    }
    p.text("单位：家", (MARGIN, plot.b + 24), TICK, MUTED, HPos::Left)?;

    let (thick, name_size) = ((row * 0.64).max(2.0), (row * 0.68).min(TICK));
    let h = (thick / 2.0).round() as i32;
    for ((category, items), (y0, y1)) in blocks.iter().zip(&spans) {
        let label = if *category == UNCLASSIFIED {
            "未分类"
        } else {
            category
        };
        let csize = if items.len() == 1 { name_size } else { LABEL };
        p.text(
            label,
            (115, ((y0 + y1) / 2.0) as i32),
            csize,
            INK,
            HPos::Center,
        )?;
        p.line(vec![(205, *y0 as i32 + 6), (205, *y1 as i32 - 6)], AXIS, 2)?;
        for (j, ind) in items.iter().enumerate() {
            let cy = (y0 + row * (j as f64 + 0.5)).round() as i32;
            p.text(
                &ind.industry,
                (plot.l - 14, cy),
                name_size,
                INK,
                HPos::Right,
            )?;
            let mut x = plot.l;
            let mut acc = 0.0;
            let parts = [
                (ind.built, BLUE, WHITE_INK),
                (ind.under_construction, AMBER, INK),
                (ind.planned, PALE, INK),
            ];
            for (v, colour, ink) in parts {
                acc += v as f64;
                let x1 = plot.x(acc, s);
                if v > 0 {
                    p.rect((x, cy - h), (x1, cy + h), colour)?;
                    let t = v.to_string();
                    if p.text_width(&t, name_size) + 8 <= x1 - x {
                        p.text(&t, ((x + x1) / 2, cy), name_size, ink, HPos::Center)?;
                    }
                }
                x = x1;
            }
            let total = ind.built + ind.under_construction + ind.planned;
            p.text(&total.to_string(), (x + 10, cy), name_size, INK, HPos::Left)?;
        }
    }
    Ok(())
}

/// Chart 4: How many complexes have each of the plan's functions.
fn draw_functions<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures) -> Result<()> {
    let counts = &fig.function_counts;
    let most = counts.iter().map(|(_, c)| *c).max().unwrap_or(0);
    let leaders: Vec<&str> = counts
        .iter()
        .filter(|(_, c)| *c == most)
        .map(|(f, _)| f.as_str())
        .collect();
    let sub = match (most, leaders.len()) {
        (0, _) => "具备各项功能的综合体数量".to_string(),
        (_, 1) => format!(
            "具备各项功能的综合体数量；最多的是{}（{most}家）",
            leaders[0]
        ),
        (_, 2..=3) => format!(
            "具备各项功能的综合体数量；最多的是{}（各{most}家）",
            leaders.join("、")
        ),
        _ => format!("具备各项功能的综合体数量；最多{most}家"),
    };
    p.header(&sub, &[(Mark::Box(BLUE), "具备该功能的综合体")])?;
    let plot = Plot {
        l: 110,
        t: 190,
        r: RIGHT,
        b: 740,
    };
    let s = Scale::nice(counts.iter().map(|(_, c)| *c).max().unwrap_or(0) as f64);
    p.text(
        "单位：家",
        (MARGIN - 20, plot.t - 36),
        TICK,
        MUTED,
        HPos::Left,
    )?;
    y_grid(p, &plot, s, false, true)?;
    let n = counts.len();
    if n == 0 {
        return p.no_data(&plot);
    }
    let slot = plot.slot(n);
    let longest = counts
        .iter()
        .map(|(f, _)| p.text_width(f, LABEL))
        .max()
        .unwrap_or(0);
    let horizontal = (longest as f64) < slot - 8.0;
    let w = (slot * 0.5).min(90.0).round() as i32;
    for (i, (name, c)) in counts.iter().enumerate() {
        let cx = plot.slot_x(i, n);
        let y = plot.y(*c as f64, s);
        p.rect((cx - w / 2, y), (cx + w / 2, plot.b), BLUE)?;
        p.text(&format!("{c}家"), (cx, y - 20), LABEL, INK, HPos::Center)?;
        if horizontal {
            p.text(name, (cx, plot.b + 30), LABEL, INK, HPos::Center)?;
        } else {
            let size = (slot * 0.8).clamp(10.0, TICK);
            p.vertical_text(name, (cx, plot.b + 22), size, size * 1.05, INK)?;
        }
    }
    Ok(())
}

/// Chart 5: Firms served by month (columns) and technology contract value (line, right axis).
fn draw_services<DB: DrawingBackend>(p: &Painter<DB>, fig: &Figures) -> Result<()> {
    let months = &fig.services_by_month;
    let firms = |i: usize| clean(months[i].services.0[0]);
    let value = |i: usize| clean(months[i].services.0[2]);
    let reported = |i: usize| months[i].units_reporting > 0;
    let n = months.len();
    let missing = (0..n).filter(|&i| !reported(i)).count();
    let sub = if missing == n {
        "尚无服务情况数据".to_string()
    } else {
        let (total_firms, total_value) =
            (0..n).fold((0.0, 0.0), |(f, v), i| (f + firms(i), v + value(i)));
        let mut sub = format!(
            "累计服务企业{}家次，技术合同成交额{}万元",
            format_number(total_firms, 0),
            format_number(total_value, decimals_of(total_value))
        );
        if missing > 0 {
            sub.push_str(&format!("（{missing}个月无报表）"));
        }
        sub
    };
    p.header(
        &sub,
        &[
            (Mark::Box(BLUE), "服务企业（家次）"),
            (Mark::Line(ORANGE), "技术合同成交额（万元）"),
        ],
    )?;

    let plot = Plot {
        l: 120,
        t: 200,
        r: RIGHT - 110,
        b: 760,
    };
    let left = Scale::nice((0..n).map(firms).fold(0.0, f64::max));
    let right = left.aligned((0..n).map(value).fold(0.0, f64::max));
    p.text(
        "单位：家次",
        (MARGIN - 20, plot.t - 36),
        TICK,
        MUTED,
        HPos::Left,
    )?;
    p.text("单位：万元", (RIGHT, plot.t - 36), TICK, MUTED, HPos::Right)?;
    y_grid(p, &plot, left, false, true)?;
    y_grid(p, &plot, right, true, false)?;
    if missing == n {
        return p.no_data(&plot);
    }
    month_axis(
        p,
        &plot,
        &months.iter().map(|m| m.month.clone()).collect::<Vec<_>>(),
    )?;
    let w = (plot.slot(n) * 0.56).clamp(2.0, 80.0).round() as i32;
    let bar_top = |i: usize| (plot.slot_x(i, n), plot.y(firms(i), left));
    for i in (0..n).filter(|&i| reported(i)) {
        let (cx, y) = bar_top(i);
        p.rect((cx - w / 2, y), (cx + w / 2, plot.b), BLUE)?;
    }
    let note = (plot.slot(n) * 0.5).clamp(10.0, 18.0);
    for i in (0..n).filter(|&i| !reported(i)) {
        let x = plot.slot_x(i, n);
        p.vertical_text(
            "无报表",
            (x, plot.b - (3.5 * note * 1.05) as i32),
            note,
            note * 1.05,
            AXIS,
        )?;
    }
    let point = |i: usize| (plot.slot_x(i, n), plot.y(value(i), right));
    for i in 1..n {
        if reported(i - 1) && reported(i) {
            p.line(vec![point(i - 1), point(i)], ORANGE, 4)?;
        }
    }
    for i in (0..n).filter(|&i| reported(i)) {
        p.dot(point(i), 6, ORANGE)?;
    }
    // With a year or less, label every month: the column's count above it, and the
    // contract value on a white tag above its point, or below when the two would meet.
    if n <= 12 {
        for i in (0..n).filter(|&i| reported(i)) {
            let (cx, y) = bar_top(i);
            p.text(
                &format_number(firms(i), 0),
                (cx, y - 18),
                TICK,
                BLUE,
                HPos::Center,
            )?;
            let (x, y) = point(i);
            let clash = ((y - 28) - (bar_top(i).1 - 18)).abs() < 30;
            let ly = if clash { y + 28 } else { y - 28 };
            let text = format_number(value(i), decimals_of(value(i)));
            let half = p.text_width(&text, TICK) / 2 + 6;
            p.rect((x - half, ly - 14), (x + half, ly + 14), WHITE_INK)?;
            p.text(&text, (x, ly), TICK, ORANGE, HPos::Center)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Text helpers

/// The city's name for titles, taken from the plan title (`邢台市科技创新综合体…`),
/// else from the authority (`邢台市科学技术局`).
fn city_name(plan: &Plan) -> String {
    if let Some((city, _)) = plan.title.split_once("科技创新综合体") {
        if !city.is_empty() {
            return city.to_string();
        }
    }
    plan.authority
        .trim_end_matches("科学技术局")
        .trim_end_matches("科技局")
        .to_string()
}

/// `2022-12` → `2022年12月`; anything else unchanged.
fn period_label(period: &str) -> String {
    match split_month(period) {
        (y, Some(m)) => format!("{y}年{m}月"),
        _ => period.to_string(),
    }
}

/// `YYYY-MM` → (year, Some(month)); otherwise (the text, None).
fn split_month(s: &str) -> (String, Option<u32>) {
    match s.split_once('-') {
        Some((y, m)) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => {
            match m.parse::<u32>() {
                Ok(m) if (1..=12).contains(&m) => (y.to_string(), Some(m)),
                _ => (String::new(), None),
            }
        }
        _ => (String::new(), None),
    }
}

/// Decimals that tick labels in steps of `step` need (0.25 → 2).
fn decimals_for(step: f64) -> usize {
    (0..4)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(4)
}

/// One decimal for values that have a fraction, none for whole numbers.
fn decimals_of(v: f64) -> usize {
    if (v - v.round()).abs() < 0.05 {
        0
    } else {
        1
    }
}

/// `12345.6` → `12,345.6`.
fn format_number(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, clean(v));
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::figures::{
        AssessmentFigures, CityFigures, IndustryFigures, InputCounts, IssueCounts, MonthPoint,
        ServiceMonth, Services, Submission, Summary, TargetStatus, UnitFigures,
    };

    /// Plausible figures for `months` plan months from 2020-01; all zero when `empty`.
    pub(crate) fn figures(plan: &Plan, months: usize, empty: bool) -> Figures {
        let k: u32 = if empty { 0 } else { 1 };
        let month = |i: usize| format!("{}-{:02}", plan.first_year() + (i / 12) as i32, i % 12 + 1);
        let units: Vec<UnitFigures> = plan
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let priority = u.group == "priority";
                UnitFigures {
                    unit: u.name.clone(),
                    group: u.group.clone(),
                    return_period: Some(month(months.saturating_sub(1))),
                    submission: Submission::Received,
                    months_missing: vec![],
                    built_by_year: BTreeMap::new(),
                    target_by_year: BTreeMap::new(),
                    status_by_year: BTreeMap::new(),
                    built: k * (i as u32 * 7 % 5),
                    target: if priority { 3 } else { 1 },
                    expected_by_now: 1.0,
                    behind: false,
                    status: TargetStatus::InProgress,
                    covered: !empty && i % 4 != 0,
                    reward_wan: 0.0,
                }
            })
            .collect();
        let built: u32 = units.iter().map(|u| u.built).sum();
        let mut industries: Vec<IndustryFigures> = plan
            .industries
            .iter()
            .enumerate()
            .map(|(i, ind)| IndustryFigures {
                industry: ind.name.clone(),
                category: ind.category.clone(),
                planned: k * (i as u32 % 3),
                under_construction: k * (i as u32 * 5 % 4),
                built: k * (i as u32 * 3 % 7),
                pre_plan: 0,
                invest_done_wan: 0.0,
            })
            .collect();
        if !empty {
            let (cat, name) = (UNCLASSIFIED.to_string(), UNCLASSIFIED.to_string());
            industries.push(IndustryFigures {
                industry: name,
                category: cat,
                planned: 1,
                under_construction: 0,
                built: 2,
                pre_plan: 0,
                invest_done_wan: 0.0,
            });
        }
        let monthly = (0..months)
            .map(|i| MonthPoint {
                month: month(i),
                built_cumulative: k * ((i as u32 + 1) * built / 36),
                expected: 30.0 * (i + 1) as f64 / 36.0,
            })
            .collect();
        let services_by_month = (0..months)
            .filter(|_| !empty)
            .map(|i| {
                let mut s = [0.0; 10];
                s[0] = (40 + i * 9 + i * i % 17) as f64;
                s[2] = 150.0 + (i * 37 % 90) as f64 * 12.5;
                ServiceMonth {
                    month: month(i),
                    services: Services(s),
                    units_reporting: if i == 7 { 0 } else { 20 },
                }
            })
            .collect();
        let period = month(months.saturating_sub(1));
        Figures {
            summary: Summary {
                schema: 1,
                period,
                inputs: InputCounts::default(),
                issues: IssueCounts::default(),
                city: CityFigures {
                    built,
                    target: 30,
                    expected_by_now: 30.0 * months as f64 / 36.0,
                    behind: built < 30,
                    status: TargetStatus::InProgress,
                    pre_plan: 0,
                    under_construction: 5,
                    planned: 4,
                    units_covered: units.iter().filter(|u| u.covered).count() as u32,
                    units_total: units.len() as u32,
                },
                units,
                industries,
                services_by_year: BTreeMap::new(),
                assessment: AssessmentFigures {
                    passed: 0,
                    failed: 0,
                    reward_wan: 0.0,
                },
            },
            monthly,
            services_by_month,
            services_by_unit: vec![],
            services_by_industry: vec![],
            function_counts: plan
                .functions
                .iter()
                .enumerate()
                .map(|(i, f)| (f.clone(), k * (31 - i as u32 * 3) % 32))
                .collect(),
            unit_industry_built: vec![],
            changes: vec![],
            behind_units: vec![],
        }
    }

    fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn writes_ten_legible_files_identical_across_runs() {
        let plan = Plan::builtin();
        let fig = figures(&plan, 36, false);
        let dir = tempfile::TempDir::new().unwrap();
        let out = dir.path().join("charts");
        let files = write_charts(&fig, &plan, &out, None).unwrap();
        assert_eq!(files.len(), 10);
        let again = write_charts(&fig, &plan, &dir.path().join("again"), None).unwrap();
        for (x, y) in files.iter().zip(&again) {
            assert!(
                fs::read(x).unwrap() == fs::read(y).unwrap(),
                "{} differs",
                x.display()
            );
        }
        for chart in CHARTS {
            let title = chart.title("邢台市", "2022年12月");
            let png = out.join(format!("{}.png", chart.file_stem()));
            let (w, h, pixels) = decode(&png);
            assert_eq!((w, h), (1600, 900), "{}", png.display());
            let ink = pixels
                .chunks(3)
                .filter(|p| p.iter().any(|&v| v < 200))
                .count();
            let colours: std::collections::BTreeSet<&[u8]> = pixels.chunks(3).collect();
            assert!(
                ink > 20_000 && colours.len() > 50,
                "{} looks blank",
                png.display()
            );
            let svg = fs::read_to_string(out.join(format!("{}.svg", chart.file_stem()))).unwrap();
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
            assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
            assert!(svg.contains(&title), "{title} missing from the SVG");
            assert!(svg.contains("font-family=\"WenQuanYi Micro Hei, Microsoft YaHei"));
            assert!(svg.contains("sans-serif\""));
        }
    }

    #[test]
    fn empty_first_month_does_not_panic() {
        let plan = Plan::builtin();
        let fig = figures(&plan, 1, true);
        assert_eq!(fig.summary.period, "2020-01");
        let dir = tempfile::TempDir::new().unwrap();
        assert_eq!(
            write_charts(&fig, &plan, dir.path(), None).unwrap().len(),
            10
        );
        let mut none = fig.clone();
        none.monthly.clear();
        none.function_counts.clear();
        none.summary.units.clear();
        none.summary.industries.clear();
        assert_eq!(
            write_charts(&none, &plan, dir.path(), None).unwrap().len(),
            10
        );
    }

    #[test]
    fn bad_font_is_a_chinese_error() {
        let plan = Plan::builtin();
        let fig = figures(&plan, 3, false);
        let dir = tempfile::TempDir::new().unwrap();
        let junk = dir.path().join("坏字体.ttf");
        fs::write(&junk, b"this is not a font").unwrap();
        let err = write_charts(&fig, &plan, dir.path(), Some(&junk)).unwrap_err();
        assert!(format!("{err:#}").contains("不是可用的字体"), "{err:#}");
        let missing = dir.path().join("没有.ttf");
        let err = write_charts(&fig, &plan, dir.path(), Some(&missing)).unwrap_err();
        assert!(format!("{err:#}").contains("无法读取字体文件"), "{err:#}");
    }

    #[test]
    fn font_file_is_used_and_named() {
        let plan = Plan::builtin();
        let fig = figures(&plan, 12, false);
        let dir = tempfile::TempDir::new().unwrap();
        let font = dir.path().join("font.ttc");
        fs::write(&font, EMBEDDED_FONT).unwrap();
        write_charts(&fig, &plan, &dir.path().join("c"), Some(&font)).unwrap();
        let svg = fs::read_to_string(dir.path().join("c/功能配置.svg")).unwrap();
        assert!(svg.contains("font-family=\"&apos;WenQuanYi Micro Hei&apos;, Microsoft YaHei"));
    }

    #[test]
    fn font_without_chinese_is_refused() {
        // DejaVu Sans ships with most Linux systems; skip where it is absent.
        let dejavu = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        if !dejavu.exists() {
            return;
        }
        assert_eq!(
            font_family_name(&fs::read(dejavu).unwrap()).as_deref(),
            Some("DejaVu Sans")
        );
        let plan = Plan::builtin();
        let dir = tempfile::TempDir::new().unwrap();
        let err =
            write_charts(&figures(&plan, 3, false), &plan, dir.path(), Some(dejavu)).unwrap_err();
        assert!(format!("{err:#}").contains("不含中文字形"), "{err:#}");
    }

    #[test]
    fn reads_the_family_name_of_a_collection() {
        assert_eq!(
            font_family_name(EMBEDDED_FONT).as_deref(),
            Some(EMBEDDED_NAME)
        );
        assert_eq!(font_family_name(b"ttcf"), None);
        assert_eq!(font_family_name(&[]), None);
        assert!(has_chinese_glyphs(load_font(None).unwrap().0));
        let m = Metrics::parse(EMBEDDED_FONT).unwrap();
        assert_eq!(m.height, 2401.0);
        assert_ne!(m.glyph('邢'), 0);
        assert_ne!(m.glyph('（'), m.glyph('邢'));
        assert_eq!(m.glyph('\u{10FFFF}'), 0);
        let (advance, bearing) = m.advance_and_bearing('（');
        assert!(
            advance > 0.0 && bearing > advance / 3.0,
            "{advance} {bearing}"
        );
    }

    #[test]
    fn axes_and_labels() {
        assert_eq!(
            Scale::nice(0.0),
            Scale {
                max: 5.0,
                step: 1.0
            }
        );
        assert_eq!(
            Scale::nice(30.0),
            Scale {
                max: 40.0,
                step: 10.0
            }
        );
        assert_eq!(
            Scale::nice(3.0),
            Scale {
                max: 4.0,
                step: 1.0
            }
        );
        let left = Scale::nice(520.0);
        assert_eq!(left.aligned(1234.0).ticks(), left.ticks());
        assert_eq!(format_number(1234567.6, 1), "1,234,567.6");
        assert_eq!(format_number(f64::NAN, 0), "0");
        assert_eq!(
            (decimals_for(0.25), decimals_for(0.5), decimals_for(250.0)),
            (2, 1, 0)
        );
        assert_eq!(period_label("2022-06"), "2022年06月".replace("06月", "6月"));
        assert_eq!(period_label("坏"), "坏");
        assert_eq!(city_name(&Plan::builtin()), "邢台市");
    }
}
