//! The chart font: the embedded WenQuanYi Micro Hei or a `--font` file, registered with
//! plotters under a family string that doubles as the SVG `font-family` list.
//!
//! A font given by the user is checked before any chart is drawn (readable, a font,
//! with Chinese glyphs), so a bad file is one clear Chinese error and not ten charts
//! of empty boxes. The few sfnt table readers here are shared with [`super::metrics`].

use std::fs;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

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
    let family: &'static str = Box::leak(family_list(path, &bytes).into_boxed_str());
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
/// the first face of a collection; None when the tables cannot be read.
pub(super) fn font_family_name(data: &[u8]) -> Option<String> {
    let name = table(data, b"name")?;
    let strings = name + be16(data, name + 4)? as usize;
    let mut best: Option<(u8, String)> = None;
    for i in 0..be16(data, name + 2)? as usize {
        let Some((rank, text)) = name_record(data, name + 6 + 12 * i, strings)? else {
            continue;
        };
        if !text.trim().is_empty() && best.as_ref().is_none_or(|(r, _)| rank < *r) {
            best = Some((rank, text.trim().to_string()));
        }
    }
    best.map(|(_, t)| t)
}

/// The family name in the name record at `rec`, ranked (0 = Windows English, 1 =
/// Windows other language, 2 = Macintosh); `Some(None)` for a record of no use and
/// None when the record itself cannot be read.
fn name_record(data: &[u8], rec: usize, strings: usize) -> Option<Option<(u8, String)>> {
    let (platform, language, id) = (be16(data, rec)?, be16(data, rec + 4)?, be16(data, rec + 6)?);
    let (len, off) = (
        be16(data, rec + 8)? as usize,
        be16(data, rec + 10)? as usize,
    );
    let Some(raw) = data.get(strings + off..strings + off + len) else {
        return Some(None);
    };
    Some(match (id, platform) {
        (1, 3) => {
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            let rank = if language == 0x0409 { 0 } else { 1 };
            Some((rank, String::from_utf16_lossy(&units)))
        }
        (1, 1) => Some((2, raw.iter().map(|&b| b as char).collect())),
        _ => None,
    })
}

pub(super) fn be16(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

pub(super) fn be32(data: &[u8], at: usize) -> Option<usize> {
    data.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// Offset of a table of the font (the first face of a collection).
pub(super) fn table(data: &[u8], tag: &[u8; 4]) -> Option<usize> {
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
