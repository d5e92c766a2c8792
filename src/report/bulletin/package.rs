//! Packs the document and makes the file the same for the same inputs.
//!
//! docx-rs writes the parts; its archive takes zip's "now" as each entry's time when
//! any crate in the build enables zip's `time` feature, its font table always lists
//! the same three Latin fonts, and its core properties have no title or author. The
//! package is therefore copied entry by entry into a new archive with a fixed time
//! (1980-01-01, zip's epoch) and deflate, with three parts replaced or touched:
//!
//! - `word/fontTable.xml`: every font the document asks for, with its GB2312 charset
//!   and an alternative (`w:altName`) Word falls back to when the font is missing:
//!   仿宋_GB2312 → 仿宋, 方正小标宋简体 → 黑体, 黑体 → SimHei, 仿宋 → FangSong,
//!   宋体 → SimSun; where the alternative is missing too, Word picks a font by the
//!   charset and PANOSE, which is 宋体 on a Chinese system. LibreOffice ignores
//!   altName and substitutes through its own table and fontconfig (the installed CJK
//!   font: WenQuanYi Micro Hei here), which is legible.
//! - `docProps/core.xml`: the title, the authority as author, the 成文日期 as the
//!   created and modified time, language zh-CN.
//! - `word/document.xml`: each table's heading row (marked by its height, see
//!   [`HEADER_ROW_H`]) repeats on every page the table runs over.

use std::io::{Cursor, Read, Write};

use anyhow::{anyhow, Context, Result};
use docx_rs::Docx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::layout::HEADER_ROW_H;
use super::order;

/// Document properties written into `docProps/core.xml`.
pub struct Props<'a> {
    pub title: &'a str,
    pub author: &'a str,
    /// `2023-01-11`.
    pub date: &'a str,
}

/// The finished .docx bytes of `docx`.
pub fn finish(docx: Docx, props: &Props) -> Result<Vec<u8>> {
    let mut raw = Cursor::new(Vec::new());
    docx.pack(&mut raw).map_err(|e| anyhow!("docx-rs: {e}"))?;
    let mut input = ZipArchive::new(Cursor::new(raw.into_inner())).context("docx-rs 输出")?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..input.len() {
        let mut entry = input.by_index(i)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name()?.to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        let bytes = match name.as_str() {
            "word/fontTable.xml" => FONT_TABLE.as_bytes().to_vec(),
            "docProps/core.xml" => core_xml(props).into_bytes(),
            "[Content_Types].xml" => insert_before(&bytes, "</Types>", THEME_TYPE)?,
            "word/_rels/document.xml.rels" => insert_before(&bytes, "</Relationships>", THEME_REL)?,
            "word/document.xml" => {
                order::normalize(repeat_heading_rows(&String::from_utf8(bytes)?).as_bytes())?
            }
            n if n.starts_with("word/") && n.ends_with(".xml") => order::normalize(&bytes)?,
            _ => bytes,
        };
        out.start_file(name, options)?;
        out.write_all(&bytes)?;
    }
    out.start_file("word/theme/theme1.xml", options)?;
    out.write_all(THEME.as_bytes())?;
    Ok(out.finish()?.into_inner())
}

/// `xml` with `insert` placed before its closing tag `end`.
fn insert_before(xml: &[u8], end: &str, insert: &str) -> Result<Vec<u8>> {
    let text = String::from_utf8(xml.to_vec())?;
    let at = text
        .rfind(end)
        .with_context(|| format!("docx-rs 输出缺少 {end}"))?;
    Ok(format!("{}{insert}{}", &text[..at], &text[at..]).into_bytes())
}

/// The row height docx-rs writes for a heading row, and the same with `w:tblHeader`.
fn repeat_heading_rows(xml: &str) -> String {
    let mark = format!(
        r#"<w:trHeight w:val="{}" w:hRule="atLeast" />"#,
        HEADER_ROW_H as u32
    );
    xml.replace(&mark, &format!("{mark}<w:tblHeader />"))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn core_xml(p: &Props) -> String {
    let (title, author, date) = (escape(p.title), escape(p.author), escape(p.date));
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:modified>"#,
            "<dc:language>zh-CN</dc:language></cp:coreProperties>"
        ),
        title = title,
        author = author,
        date = date
    )
}

const THEME_TYPE: &str = r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />"#;
const THEME_REL: &str = r#"<Relationship Id="rIdTheme1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" />"#;

/// A minimal theme (Word expects one; docx-rs writes none): Office colours, the
/// document's fonts as the theme fonts, plain fills and lines.
const THEME: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="xtic">"#,
    r#"<a:themeElements><a:clrScheme name="Office">"#,
    r#"<a:dk1><a:sysClr val="windowText" lastClr="000000" /></a:dk1>"#,
    r#"<a:lt1><a:sysClr val="window" lastClr="FFFFFF" /></a:lt1>"#,
    r#"<a:dk2><a:srgbClr val="44546A" /></a:dk2><a:lt2><a:srgbClr val="E7E6E6" /></a:lt2>"#,
    r#"<a:accent1><a:srgbClr val="4472C4" /></a:accent1><a:accent2><a:srgbClr val="ED7D31" /></a:accent2>"#,
    r#"<a:accent3><a:srgbClr val="A5A5A5" /></a:accent3><a:accent4><a:srgbClr val="FFC000" /></a:accent4>"#,
    r#"<a:accent5><a:srgbClr val="5B9BD5" /></a:accent5><a:accent6><a:srgbClr val="70AD47" /></a:accent6>"#,
    r#"<a:hlink><a:srgbClr val="0563C1" /></a:hlink><a:folHlink><a:srgbClr val="954F72" /></a:folHlink>"#,
    r#"</a:clrScheme><a:fontScheme name="xtic">"#,
    r#"<a:majorFont><a:latin typeface="Times New Roman" /><a:ea typeface="黑体" /><a:cs typeface="" /></a:majorFont>"#,
    r#"<a:minorFont><a:latin typeface="Times New Roman" /><a:ea typeface="仿宋_GB2312" /><a:cs typeface="" /></a:minorFont>"#,
    r#"</a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst>"#,
    r#"<a:solidFill><a:schemeClr val="phClr" /></a:solidFill><a:solidFill><a:schemeClr val="phClr" /></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr" /></a:solidFill></a:fillStyleLst><a:lnStyleLst>"#,
    r#"<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr" /></a:solidFill></a:ln>"#,
    r#"<a:ln w="12700"><a:solidFill><a:schemeClr val="phClr" /></a:solidFill></a:ln>"#,
    r#"<a:ln w="19050"><a:solidFill><a:schemeClr val="phClr" /></a:solidFill></a:ln>"#,
    r#"</a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst /></a:effectStyle>"#,
    r#"<a:effectStyle><a:effectLst /></a:effectStyle><a:effectStyle><a:effectLst /></a:effectStyle>"#,
    r#"</a:effectStyleLst><a:bgFillStyleLst>"#,
    r#"<a:solidFill><a:schemeClr val="phClr" /></a:solidFill><a:solidFill><a:schemeClr val="phClr" /></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr" /></a:solidFill></a:bgFillStyleLst></a:fmtScheme>"#,
    r#"</a:themeElements><a:objectDefaults /><a:extraClrSchemeLst /></a:theme>"#
);

/// Every font the styles name (see `layout`), with its fallback.
const FONT_TABLE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304" />"#,
    r#"<w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" /><w:panose1 w:val="02010609030101010101" />"#,
    r#"<w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
    r#"<w:font w:name="仿宋"><w:altName w:val="FangSong" /><w:panose1 w:val="02010609060101010101" />"#,
    r#"<w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
    r#"<w:font w:name="方正小标宋简体"><w:altName w:val="黑体" /><w:panose1 w:val="02000000000000000000" />"#,
    r#"<w:charset w:val="86" /><w:family w:val="auto" /><w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="黑体"><w:altName w:val="SimHei" /><w:panose1 w:val="02010609060101010101" />"#,
    r#"<w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
    r#"<w:font w:name="宋体"><w:altName w:val="SimSun" /><w:panose1 w:val="02010600030101010101" />"#,
    r#"<w:charset w:val="86" /><w:family w:val="auto" /><w:pitch w:val="variable" /></w:font>"#,
    "</w:fonts>"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_rows_are_marked_to_repeat() {
        let row = r#"<w:trPr><w:cantSplit /><w:trHeight w:val="454" w:hRule="atLeast" /></w:trPr>"#;
        let out = repeat_heading_rows(row);
        assert!(
            out.contains(r#"w:hRule="atLeast" /><w:tblHeader />"#),
            "{out}"
        );
    }

    #[test]
    fn properties_are_escaped() {
        let xml = core_xml(&Props {
            title: "A&B<通报>",
            author: "局",
            date: "2023-01-11",
        });
        assert!(xml.contains("<dc:title>A&amp;B&lt;通报&gt;</dc:title>"));
        assert!(xml.contains(">2023-01-11T00:00:00Z</dcterms:created>"));
    }
}
