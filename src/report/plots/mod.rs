//! Charts as PNG and SVG, drawn with plotters, for pasting into briefing slides.
//!
//! Five charts (docs/报表格式.md §十一, item 2) are laid out by hand in pixels on a 1600 × 900 canvas:
//! plotters' automatic meshes quote string labels and pick their own ticks, and a slide
//! needs big Chinese text placed exactly. Chinese must render on a machine with no fonts
//! installed, so WenQuanYi Micro Hei is embedded in the binary and registered with
//! plotters' ab_glyph renderer; the same family name, followed by common fallbacks, is
//! written into the SVG text so a viewer without it still shows Chinese.
//!
//! This module holds the canvas, the palette and the list of charts; `font` and
//! `metrics` load the font, `paint`, `axes` and `labels` are the drawing kit, and each
//! chart has a file of its own.

mod axes;
mod cumulative;
mod encode;
mod font;
mod functions;
mod industries;
mod labels;
mod metrics;
mod paint;
mod services;
mod units;

#[cfg(test)]
pub(crate) mod tests;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use plotters::style::RGBColor;
use rayon::prelude::*;

use crate::figures::Figures;
use crate::plan::Plan;

use font::load_font;
use labels::period_label;
use metrics::Metrics;
use paint::{Painter, PNG_LIFT, SVG_LIFT};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
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

    fn title(self, plan: &Plan, period: &str) -> String {
        let what = match self {
            Chart::Units => "建设进展：分县区",
            Chart::Cumulative => "建设进展：全市累计",
            Chart::Industries => "建设进展：分产业",
            Chart::Functions => "功能配置",
            Chart::Services => "服务情况：分月",
        };
        plan.wording().title(what, period)
    }

    fn draw<DB: DrawingBackend>(self, p: &Painter<DB>, fig: &Figures, plan: &Plan) -> Result<()> {
        let title = self.title(plan, &period_label(fig.summary.period));
        p.fill_white()?;
        p.text(&title, (MARGIN, 48), TITLE, INK, HPos::Left)?;
        match self {
            Chart::Units => units::draw(p, fig, plan),
            Chart::Cumulative => cumulative::draw(p, fig),
            Chart::Industries => industries::draw(p, fig, plan),
            Chart::Functions => functions::draw(p, fig, plan),
            Chart::Services => services::draw(p, fig),
        }
    }
}

/// Checks a `--font` file (readable, a font, with Chinese glyphs) before a run reads
/// or writes anything.
///
/// # Errors
/// As for the charts: the file cannot be read, is not a font or has no Chinese glyphs.
pub fn check_font(font: &Path) -> Result<()> {
    load_font(Some(font)).map(|_| ())
}

/// The charts of one run as written, with the PNG bytes of each (the 通报 embeds one).
pub struct Drawn {
    /// The paths written, PNG before SVG, chart by chart.
    pub files: Vec<PathBuf>,
    pngs: Vec<(Chart, Vec<u8>)>,
}

impl Drawn {
    /// The PNG of `chart`, byte for byte the file written: 1600 × 900.
    pub fn png(&self, chart: Chart) -> Option<(Vec<u8>, (u32, u32))> {
        let (_, png) = self.pngs.iter().find(|(c, _)| *c == chart)?;
        Some((png.clone(), (WIDTH, HEIGHT)))
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
    draw_charts(fig, plan, dir, font).map(|d| d.files)
}

/// [`write_charts`], keeping each PNG's bytes: a chart drawn once serves its file and
/// the 通报.
///
/// # Errors
/// As [`write_charts`].
pub fn draw_charts(fig: &Figures, plan: &Plan, dir: &Path, font: Option<&Path>) -> Result<Drawn> {
    let (family, metrics) = load_font(font)?;
    fs::create_dir_all(dir).with_context(|| format!("无法创建图表文件夹 {}", dir.display()))?;
    let job = Job {
        fig,
        plan,
        family,
        metrics: metrics.as_ref(),
    };
    // each chart on a core of its own (they are drawn from the same figures, so the
    // bytes do not depend on the order); the first failure, in chart order, is reported
    let each: Vec<Result<(PathBuf, Vec<u8>, PathBuf)>> = CHARTS
        .par_iter()
        .map(|&chart| {
            let path = dir.join(format!("{}.png", chart.file_stem()));
            let png = job.png(chart, &path)?;
            fs::write(&path, &png).map_err(|e| {
                tracing::debug!("chart not written: {e}");
                not_written(&path)
            })?;
            let svg = dir.join(format!("{}.svg", chart.file_stem()));
            job.svg(chart, &svg)?;
            Ok((path, png, svg))
        })
        .collect();
    let mut files = Vec::with_capacity(CHARTS.len() * 2);
    let mut pngs = Vec::with_capacity(CHARTS.len());
    for (chart, drawn) in CHARTS.into_iter().zip(each) {
        let (path, png, svg) = drawn?;
        files.extend([path, svg]);
        pngs.push((chart, png));
    }
    Ok(Drawn { files, pngs })
}

fn not_written(path: &Path) -> anyhow::Error {
    anyhow!(
        "无法写入图表 {}（磁盘已满、没有写入权限或文件夹不可用）",
        path.display()
    )
}

/// Draws `chart` again, on its own, as the same 1600 × 900 PNG that [`write_charts`]
/// writes (the tests compare the two). Returns the PNG bytes and the size in pixels.
///
/// # Errors
/// As [`write_charts`] for the font; the image cannot be encoded.
#[cfg(test)]
pub fn png_bytes(
    chart: Chart,
    fig: &Figures,
    plan: &Plan,
    font: Option<&Path>,
) -> Result<(Vec<u8>, (u32, u32))> {
    let (family, metrics) = load_font(font)?;
    let job = Job {
        fig,
        plan,
        family,
        metrics: metrics.as_ref(),
    };
    let name = PathBuf::from(format!("{}.png", chart.file_stem()));
    Ok((job.png(chart, &name)?, (WIDTH, HEIGHT)))
}

thread_local! {
    /// The canvas a thread draws its charts into, kept from one chart to the next: a
    /// fresh 4 MB buffer for each chart cost a third as much as encoding it (page faults).
    static CANVAS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What every chart of one run is drawn from: the figures, the plan and the font.
struct Job<'a> {
    fig: &'a Figures,
    plan: &'a Plan,
    family: &'static str,
    metrics: Option<&'a Metrics>,
}

impl Job<'_> {
    /// Draws `chart` as a 1600 × 900 PNG, glyph by glyph (see [`Metrics`]), in memory;
    /// `path` is where it is going, for messages.
    fn png(&self, chart: Chart, path: &Path) -> Result<Vec<u8>> {
        CANVAS.with_borrow_mut(|rgb| {
            rgb.clear();
            rgb.resize((WIDTH * HEIGHT * 3) as usize, 0);
            self.draw_rgb(chart, path, rgb)?;
            encode::png_rgb(rgb, WIDTH, HEIGHT)
                .map_err(|e| anyhow!("无法生成图表 {}：{e}", chart.file_stem()))
        })
    }

    /// Draws `chart` into `rgb`, a 1600 × 900 RGB buffer, rows top to bottom.
    fn draw_rgb(&self, chart: Chart, path: &Path, rgb: &mut [u8]) -> Result<()> {
        let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
        self.render(chart, &root, true, PNG_LIFT, path)
    }

    /// Draws `chart` as an SVG at `path`, text left to the viewer's font engine.
    fn svg(&self, chart: Chart, path: &Path) -> Result<()> {
        let root = SVGBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
        self.render(chart, &root, false, SVG_LIFT, path)
    }

    fn render<DB: DrawingBackend>(
        &self,
        chart: Chart,
        root: &DrawingArea<DB, Shift>,
        per_glyph: bool,
        lift: f64,
        path: &Path,
    ) -> Result<()> {
        let painter = Painter {
            area: root,
            family: self.family,
            metrics: self.metrics,
            per_glyph,
            lift,
        };
        chart.draw(&painter, self.fig, self.plan)?;
        root.present().map_err(|e| {
            tracing::debug!("chart not written: {e:?}");
            not_written(path)
        })
    }
}
