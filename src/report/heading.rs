//! Column headings that break between words, never inside one (技术合同 / 成交额, not
//! 技术合同成交 / 额). Excel and LibreOffice wrap Chinese text at any character, so a
//! heading that must wrap gets explicit line breaks at word boundaries, and a column is
//! made wide enough for the longest word it cannot break.
//!
//! A heading is split into words: the words of xtic's own headings listed below, a part
//! in brackets (（万元）), and whatever lies between them, which is kept whole (a plan's
//! industry or function name is never broken). `：`, `、`, `/` and a space end a word.
//!
//! Column widths follow from the same rule: a table's column is as wide as its own
//! width, its title's longest word and its widest figure or short name ask
//! ([`Table::widths`]).

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::report::table::{Table, V};

/// Words of the fixed headings of the report, feedback workbooks and templates. Where
/// one word begins another, the longer is listed first.
const WORDS: &[&str] = &[
    "县（市、区）",
    "技术合同",
    "成交额",
    "检验检测",
    "服务企业",
    "服务机构",
    "服务情况",
    "服务",
    "创新券",
    "兑付",
    "新增",
    "孵化企业",
    "引进",
    "高层次人才",
    "创新团队",
    "专利申请",
    "研发投入",
    "累计建成",
    "累计",
    "完成投资",
    "计划总投资",
    "核心场所",
    "面积",
    "入驻",
    "财政资金",
    "社会资本",
    "其中：",
    "已用",
    "报表数",
    "缺报",
    "月数",
    "读取",
    "拒收",
    "行数",
    "考核",
    "未通过",
    "通过",
    "奖励资金",
    "报送",
    "单位数",
    "按进度",
    "应建成",
    "本月",
    "目标",
];

/// Characters after which a heading may break.
const BREAK_AFTER: [char; 5] = ['：', '、', '/', ' ', '，'];

/// Display width of text, CJK characters counting two (as Excel's column width does
/// with a CJK default font).
pub fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
}

/// The column width a heading line needs: bold text runs a little wider than regular,
/// and a cell keeps about a character of padding.
pub fn need(line: &str) -> f64 {
    text_width(line) * 1.07 + 1.0
}

/// The words of one line of a heading, in order; joined they give the line back.
fn words(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if let Some(w) = WORDS.iter().find(|w| rest.starts_with(**w)) {
            flush(&mut run, &mut out);
            out.push(w.to_string());
            rest = &rest[w.len()..];
            continue;
        }
        if c == '（' || c == '(' {
            flush(&mut run, &mut out);
            let close = if c == '（' { '）' } else { ')' };
            let end = rest
                .find(close)
                .map_or(rest.len(), |i| i + close.len_utf8());
            out.push(rest[..end].to_string());
            rest = &rest[end..];
            continue;
        }
        run.push(c);
        rest = &rest[c.len_utf8()..];
        if BREAK_AFTER.contains(&c) {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn flush(run: &mut String, out: &mut Vec<String>) {
    if !run.is_empty() {
        out.push(std::mem::take(run));
    }
}

/// `title` with line breaks between words so that each line fits a column `width`
/// characters wide (explicit breaks in `title` are kept), and the width the column then
/// needs: `width`, or more when a word is longer than that.
pub fn wrap(title: &str, width: f64) -> (String, f64) {
    let mut lines: Vec<String> = Vec::new();
    for part in title.split('\n') {
        let mut line = String::new();
        for w in words(part) {
            let joined = format!("{line}{w}");
            if line.is_empty() || need(joined.trim_end()) <= width {
                line = joined;
            } else {
                lines.push(line.trim_end().to_string());
                line = w;
            }
        }
        lines.push(line.trim_end().to_string());
    }
    let needed = lines.iter().map(|l| need(l)).fold(width, f64::max);
    (lines.join("\n"), needed)
}

/// Width of a stacked title: one CJK character and padding.
const STACKED_WIDTH: f64 = 3.2;

/// The longest text (in width units) a column keeps on one line; longer text wraps.
const SHORT: f64 = 16.0;

/// Characters a number takes in `#,##0` (`decimals` = 0) or `#,##0.00` (2).
fn number_width(n: f64, decimals: usize) -> f64 {
    let digits = format!("{:.0}", n.abs().trunc()).len();
    let commas = (digits.saturating_sub(1)) / 3;
    let tail = if decimals > 0 { decimals + 1 } else { 0 };
    (digits + commas + tail + usize::from(n < 0.0)) as f64
}

/// The width a value needs to show whole: numbers never wrap (Excel shows ### instead),
/// nor do short words and names; running text wraps and needs nothing.
pub(crate) fn value_need(v: &V) -> f64 {
    match v {
        V::N(n) | V::Sum(n, _) => number_width(n.round(), 0) + 1.5,
        V::W(n) | V::F(n) => number_width(*n, 2) + 1.5,
        V::P(p) => format!("{:.1}%", p * 100.0).len() as f64 + 1.5,
        V::C(s) => text_width(s) + 1.0,
        V::T(_) => 3.0,
        // a short name (a unit, an industry, a month) is a word: kept on one line
        V::S(s) if text_width(s) <= SHORT && !s.contains(['\n', ' ']) => text_width(s) + 1.0,
        V::S(_) | V::Blank => 0.0,
    }
}

/// Writes a two-row column heading at `top`: a column outside any group is merged over
/// both rows; a group's title is merged over its columns, their titles under it.
/// `cols` are (title, group) in sheet order. Shared by the sample and the templates.
///
/// # Errors
/// Only rust_xlsxwriter's own limits.
pub fn two_row_heading(
    ws: &mut Worksheet,
    top: u32,
    cols: &[(&str, Option<&str>)],
    head: &Format,
) -> Result<(), XlsxError> {
    let mut c = 0;
    while c < cols.len() {
        let (title, group) = cols[c];
        let Some(g) = group else {
            ws.merge_range(top, c as u16, top + 1, c as u16, title, head)?;
            c += 1;
            continue;
        };
        let end = (c..cols.len())
            .take_while(|&i| cols[i].1 == Some(g))
            .last()
            .unwrap_or(c);
        if end > c {
            ws.merge_range(top, c as u16, top, end as u16, g, head)?;
        } else {
            ws.write_string_with_format(top, c as u16, g, head)?;
        }
        for (i, (t, _)) in cols.iter().enumerate().take(end + 1).skip(c) {
            ws.write_string_with_format(top + 1, i as u16, *t, head)?;
        }
        c = end + 1;
    }
    Ok(())
}

/// Where a table's columns lie on the sheet while it is written.
pub(crate) struct Columns<'s> {
    /// First sheet column of each table column, and how many sheet columns it spans.
    pub(crate) pos: &'s [u16],
    pub(crate) spans: &'s [u16],
    /// The last sheet column.
    pub(crate) last: u16,
    /// The sheet columns the title spans, and those the 制表机关 and unit lines and the
    /// notes span.
    pub(crate) title_span: (u16, u16),
    pub(crate) text_span: (u16, u16),
    /// Titles broken between words, and widths.
    pub(crate) cols: Vec<(String, f64)>,
}

impl Columns<'_> {
    /// The width of the table's columns within sheet columns `a..=b`.
    pub(crate) fn width(&self, (a, b): (u16, u16)) -> f64 {
        self.cols
            .iter()
            .zip(self.pos)
            .filter(|(_, p)| (a..=b).contains(*p))
            .map(|((_, w), _)| w)
            .sum()
    }
}

impl Table<'_> {
    /// Each column's title, broken between words, and the width it is set to: its own
    /// width, widened to the longest word of its title and its widest number.
    pub(crate) fn columns(&self) -> Vec<(String, f64)> {
        self.cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let values = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(value_need)
                    .fold(0.0, f64::max);
                let total = match &self.total {
                    Some(cols) if cols.contains(&i) => value_need(&self.column_total(i)) + 0.5,
                    _ => 0.0,
                };
                let least = c.width.max(values).max(total);
                if c.stacked {
                    (c.title.clone(), least.max(STACKED_WIDTH))
                } else {
                    wrap(&c.title, least)
                }
            })
            .collect()
    }

    /// The widths the table sets its columns to (see [`Table::columns`]).
    pub fn widths(&self) -> Vec<f64> {
        self.columns().into_iter().map(|(_, w)| w).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_between_words_only() {
        // the two headings that broke mid-word before
        assert_eq!(
            wrap("技术合同成交额\n（万元）", 11.0).0,
            "技术合同\n成交额\n（万元）"
        );
        assert_eq!(
            wrap("其中：财政资金\n（万元）", 11.0).0,
            "其中：\n财政资金\n（万元）"
        );
        // wide enough: left alone
        assert_eq!(
            wrap("技术合同成交额\n（万元）", 16.0).0,
            "技术合同成交额\n（万元）"
        );
        assert_eq!(wrap("考核通过（家）", 11.0).0, "考核通过\n（家）");
    }

    #[test]
    fn unknown_words_stay_whole_and_widen_the_column() {
        let (text, width) = wrap("高端装备制造", 7.0);
        assert_eq!(text, "高端装备制造");
        assert!(width >= need("高端装备制造"));
        let (text, width) = wrap("县（市、区）", 8.0);
        assert_eq!(text, "县（市、区）");
        assert!(width > 12.0);
    }

    #[test]
    fn every_line_fits_the_width_returned() {
        for title in [
            "引进高层次人才\n（人）",
            "报送表2的\n单位数",
            "入驻服务机构\n（家）",
            "核心场所面积\n（平方米）",
            "表1 综合体基本情况",
        ] {
            for w in [4.0, 8.0, 10.0, 12.0, 20.0] {
                let (text, width) = wrap(title, w);
                assert_eq!(
                    text.replace(['\n', ' '], ""),
                    title.replace(['\n', ' '], "")
                );
                assert!(
                    text.split('\n').all(|l| need(l) <= width + 1e-9),
                    "{title} at {w}: {text}"
                );
            }
        }
    }
}
