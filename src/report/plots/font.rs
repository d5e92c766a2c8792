//! The chart font: the embedded WenQuanYi Micro Hei or a `--font` file, registered with
//! plotters under a family string that doubles as the SVG `font-family` list.
//!
//! A font given by the user is checked before any chart is drawn (readable, a font,
//! with Chinese glyphs), so a bad file is one clear Chinese error and not ten charts
//! of empty boxes. Fonts are read with ttf-parser, the parser ab_glyph draws with; of a
//! collection (.ttc) that is face 0, the face plotters registers.

use std::fs;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};
use ttf_parser::{name_id, Face, FaceParsingError, PlatformId};

use super::metrics::Metrics;

/// The embedded font: WenQuanYi Micro Hei 0.2.0-beta, face 0 of the collection (Apache-2.0).
pub(super) static EMBEDDED_FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");
pub(super) const EMBEDDED_NAME: &str = "WenQuanYi Micro Hei";
/// Families an SVG viewer may fall back to when it lacks the font the layout used.
const FALLBACKS: &str =
    "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Source Han Sans SC, SimHei, sans-serif";

/// Registers the chart font and returns the family string to draw with, which is also
/// the CSS `font-family` list written into the SVGs.
///
/// # Errors
/// The file at `path` cannot be read, is not a usable font or has no Chinese glyphs.
pub(super) fn load_font(path: Option<&Path>) -> Result<(&'static str, Option<Metrics>)> {
    let Some(path) = path else {
        return load_embedded();
    };
    let bytes = fs::read(path).with_context(|| format!("无法读取字体文件 {}", path.display()))?;
    if let Err(e) = Face::parse(&bytes, 0) {
        return Err(unusable(path, parse_error(e)));
    }
    let family: &'static str = Box::leak(family_list(path, &bytes).into_boxed_str());
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    register_font(family, FontStyle::Normal, bytes)
        .map_err(|_| unusable(path, "绘图库无法读取该字体"))?;
    if !has_chinese_glyphs(family) {
        return Err(anyhow!(
            "字体文件 {} 不含中文字形，图表中的中文无法显示：请换用中文字体（如文泉驿微米黑、思源黑体）",
            path.display()
        ));
    }
    Ok((family, Metrics::parse(bytes)))
}

fn unusable(path: &Path, why: &str) -> anyhow::Error {
    anyhow!(
        "字体文件 {} 不是可用的字体（{why}）：请提供 TrueType/OpenType 字体（.ttf、.otf 或 .ttc）",
        path.display()
    )
}

/// Registers the embedded font, also as plotters' `sans-serif`.
fn load_embedded() -> Result<(&'static str, Option<Metrics>)> {
    static FAMILY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let family: &'static str = FAMILY.get_or_init(|| format!("{EMBEDDED_NAME}, {FALLBACKS}"));
    register_font(family, FontStyle::Normal, EMBEDDED_FONT)
        .and_then(|()| register_font("sans-serif", FontStyle::Normal, EMBEDDED_FONT))
        .map_err(|_| anyhow!("内置字体无法加载"))?;
    Ok((family, Metrics::parse(EMBEDDED_FONT)))
}

/// The family list for a font file: its own name (from its tables, else the file
/// name) in quotes, stripped of characters that would break the SVG attribute, then
/// the embedded font and the usual fallbacks.
fn family_list(path: &Path, bytes: &[u8]) -> String {
    let name = font_family_name(bytes)
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
    format!("'{name}', {fallbacks}")
}

/// True when two different ideographs render differently, i.e. neither is the
/// font's "missing glyph" box.
pub(super) fn has_chinese_glyphs(family: &'static str) -> bool {
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
/// the first face of a collection (the face plotters draws); None when it cannot be read.
pub(super) fn font_family_name(data: &[u8]) -> Option<String> {
    let face = Face::parse(data, 0).ok()?;
    face.names()
        .into_iter()
        .filter(|n| n.name_id == name_id::FAMILY)
        .filter_map(|n| {
            // rank: Windows English, Windows other language, Unicode, Macintosh
            let (rank, text) = match n.platform_id {
                PlatformId::Windows if n.language_id == 0x0409 => (0, n.to_string()?),
                PlatformId::Windows => (1, n.to_string()?),
                PlatformId::Unicode => (2, n.to_string()?),
                PlatformId::Macintosh => (3, n.name.iter().map(|&b| b as char).collect()),
                _ => return None,
            };
            let text = text.trim().to_string();
            (!text.is_empty()).then_some((rank, text))
        })
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, text)| text)
}

/// Why `bytes` is not a font face plotters can draw with, in words for the user.
fn parse_error(e: FaceParsingError) -> &'static str {
    match e {
        FaceParsingError::UnknownMagic => "文件开头没有 TrueType/OpenType 字体标记",
        FaceParsingError::FaceIndexOutOfBounds => "字体集中没有字体",
        FaceParsingError::MalformedFont => "字体文件已损坏或不完整",
        FaceParsingError::NoHeadTable
        | FaceParsingError::NoHheaTable
        | FaceParsingError::NoMaxpTable => "缺少必需的字体表，文件可能已损坏或不完整",
    }
}
