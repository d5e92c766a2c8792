//! A statistical table on a worksheet, in the form Chinese statisticians expect: a
//! merged title, the 制表机关 / 报告期 line, bold bordered column titles, the rows, an
//! optional 合计 row, and notes (注：) below. Shared by the report and feedback workbooks.

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatDataBar,
    ConditionalFormatType, Format, FormatAlign, FormatBorder, Formula, Worksheet, XlsxError,
};

use crate::normalize::column_letters;
pub(super) use crate::report::heading::Columns;
pub use crate::report::heading::{text_width, two_row_heading};
use crate::report::totals::result_text;

/// The workbook's one font.
pub const FONT: &str = "宋体";

/// A value in a table cell.
#[derive(Debug, Clone)]
pub enum V {
    S(String),
    /// A short word shown centred (status words, ticks).
    C(String),
    /// A count: `#,##0`.
    N(f64),
    /// Money in 万元: `#,##0.00`.
    W(f64),
    /// A rate: `0.0%`.
    P(f64),
    /// A fractional count (pro-rated expectations): `#,##0.00`.
    F(f64),
    /// A tick: 1 shown as √ (so that a 合计 row counts the ticks), or an empty cell.
    T(bool),
    /// A row's 合计: the sum of this row's cells from table column `.1` up to this one,
    /// written as a SUM formula whose cached value is `.0`.
    Sum(f64, usize),
    Blank,
}

impl From<&str> for V {
    fn from(s: &str) -> V {
        V::S(s.to_string())
    }
}
impl From<String> for V {
    fn from(s: String) -> V {
        V::S(s)
    }
}
impl From<u32> for V {
    fn from(n: u32) -> V {
        V::N(n as f64)
    }
}

pub struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub head: Format,
    /// A column title in vertical (stacked) characters, for narrow columns of ticks
    /// and small counts under long names.
    pub head_stacked: Format,
    pub text: Format,
    pub center: Format,
    pub tick: Format,
    pub count: Format,
    pub money: Format,
    pub rate: Format,
    pub note: Format,
    pub total_text: Format,
    pub total_count: Format,
    pub total_money: Format,
    pub total_rate: Format,
    pub decimal: Format,
    pub total_decimal: Format,
    /// Conditional-format fills for status words: met, in progress, missed, not due.
    pub cf_good: Format,
    pub cf_warn: Format,
    pub cf_bad: Format,
    pub cf_idle: Format,
}

/// The three formats every xtic workbook starts from (report, feedback, sample,
/// template): plain text in the one font, a bordered cell, and the merged title.
pub fn base_formats(size: f64) -> (Format, Format, Format) {
    let base = Format::new().set_font_name(FONT).set_font_size(size);
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let title = base
        .clone()
        .set_font_size(16)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    (base, cell, title)
}

impl Formats {
    pub fn new() -> Formats {
        let (base, cell, title) = base_formats(10.5);
        let head = cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_text_wrap()
            .set_background_color("#DDEBF7");
        Formats {
            title,
            subtitle: base
                .clone()
                .set_font_size(10)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            head_stacked: head.clone().set_rotation(270),
            head,
            text: cell.clone().set_text_wrap(),
            center: cell.clone().set_align(FormatAlign::Center),
            tick: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("\"√\";;;"),
            count: cell.clone().set_num_format("#,##0"),
            money: cell.clone().set_num_format("#,##0.00"),
            rate: cell.clone().set_num_format("0.0%"),
            note: base
                .clone()
                .set_font_size(10)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            total_text: cell.clone().set_bold().set_align(FormatAlign::Center),
            total_count: cell.clone().set_bold().set_num_format("#,##0"),
            total_money: cell.clone().set_bold().set_num_format("#,##0.00"),
            total_rate: cell.clone().set_bold().set_num_format("0.0%"),
            decimal: cell.clone().set_num_format("#,##0.00"),
            total_decimal: cell.set_bold().set_num_format("#,##0.00"),
            cf_good: Format::new()
                .set_font_color("#006100")
                .set_background_color("#C6EFCE"),
            cf_warn: Format::new()
                .set_font_color("#9C5700")
                .set_background_color("#FFEB9C"),
            cf_bad: Format::new()
                .set_font_color("#9C0006")
                .set_background_color("#FFC7CE"),
            cf_idle: Format::new()
                .set_font_color("#595959")
                .set_background_color("#E7E6E6"),
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::new()
    }
}

/// A column: its title and width in characters (CJK characters count double). The
/// width is a least width: the table widens a column whose title has a longer word or
/// whose numbers are wider (see [`Table::widths`]).
pub struct Col {
    pub title: String,
    pub width: f64,
    /// The title in vertical characters (a narrow column of ticks or small counts).
    pub stacked: bool,
}

pub fn col(title: &str, width: f64) -> Col {
    Col {
        title: title.to_string(),
        width,
        stacked: false,
    }
}

impl Col {
    /// The same column with its title in vertical characters.
    pub fn stacked(mut self) -> Col {
        self.stacked = true;
        self
    }
}

/// Where a table ended up on its sheet, so that charts and conditional formats can
/// point at its cells.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub head_row: u32,
    pub first_row: u32,
    /// One past the last data row (the 合计 row, if any, is not a data row).
    pub end_row: u32,
    pub total_row: Option<u32>,
    /// The next free row.
    pub next_row: u32,
    /// The table's first and last sheet columns.
    pub first_col: u16,
    pub last_col: u16,
    /// Points from the title row to the last note, on paper at 100 %.
    pub height: f64,
}

/// Height of a row the table leaves alone: the workbooks' default of 20 pixels.
pub const DEFAULT_ROW: f64 = 15.0;

impl Placed {
    /// The last data row, when there is one.
    pub fn last_row(&self) -> Option<u32> {
        self.end_row.checked_sub(1).filter(|r| *r >= self.first_row)
    }
}

/// The sheet columns a table's title spans, and those its 制表机关 and unit lines and
/// its notes span (first, last).
pub(crate) type HeadSpans = ((u16, u16), (u16, u16));

pub struct Table<'a> {
    pub title: String,
    pub subtitle: String,
    pub unit_line: Option<String>,
    pub cols: Vec<Col>,
    pub rows: Vec<Vec<V>>,
    /// Columns to sum in a 合计 row (the first column carries the word 合计).
    pub total: Option<Vec<usize>>,
    pub notes: Vec<String>,
    pub formats: &'a Formats,
}

impl Table<'_> {
    /// Writes the table at row `start`, column A, and sets column widths.
    ///
    /// # Errors
    /// Only rust_xlsxwriter's own limits (a sheet is never that large here).
    pub fn write(&self, ws: &mut Worksheet, start: u32) -> Result<Placed, XlsxError> {
        self.write_at(ws, start, 0)
    }

    /// Writes the table with its top left corner at (`start`, `c0`) and sets the widths
    /// of its columns. Row heights follow the longest wrapped text in each row.
    ///
    /// # Errors
    /// Only rust_xlsxwriter's own limits (a sheet is never that large here).
    pub fn write_at(&self, ws: &mut Worksheet, start: u32, c0: u16) -> Result<Placed, XlsxError> {
        let spans = vec![1; self.cols.len()];
        self.place(ws, start, c0, &spans, (true, None))
    }

    /// Like [`Table::write_at`], for a second table under a first: keeps the column
    /// widths the first table set. Column `i` of this table covers `spans[i]` sheet
    /// columns (merged), so a narrow first-table column can be joined to its neighbours;
    /// each `Col::width` should then be the width of those sheet columns together.
    ///
    /// # Errors
    /// Only rust_xlsxwriter's own limits.
    pub fn write_under(
        &self,
        ws: &mut Worksheet,
        start: u32,
        spans: &[u16],
    ) -> Result<Placed, XlsxError> {
        let mut all = vec![1; self.cols.len()];
        for (a, s) in all.iter_mut().zip(spans) {
            *a = (*s).max(1);
        }
        self.place(ws, start, 0, &all, (false, None))
    }

    pub(crate) fn place(
        &self,
        ws: &mut Worksheet,
        start: u32,
        c0: u16,
        spans: &[u16],
        (widths, head): (bool, Option<HeadSpans>),
    ) -> Result<Placed, XlsxError> {
        let f = self.formats;
        let mut pos = Vec::with_capacity(spans.len());
        let mut next = c0;
        for s in spans {
            pos.push(next);
            next += s;
        }
        let last = next.saturating_sub(1).max(c0);
        let clamp = |(a, b): (u16, u16)| (a.clamp(c0, last), b.clamp(c0, last));
        let (title_span, text_span) = head.unwrap_or(((c0, last), (c0, last)));
        let at = Columns {
            pos: &pos,
            spans,
            last,
            title_span: clamp(title_span),
            text_span: clamp(text_span),
            cols: self.columns(),
        };
        let (mut r, mut height) = self.head_block(ws, start, &at)?;
        let head_row = r;
        height += self.heading(ws, r, &at, widths)?;
        r += 1;
        let first_row = r;
        for row in &self.rows {
            height += self.body_row(ws, r, row, &at)?;
            r += 1;
        }
        let end_row = r;
        let mut total_row = None;
        if self.total.is_some() {
            total_row = Some(r);
            self.total_row(ws, r, (first_row, end_row), &at)?;
            height += DEFAULT_ROW;
            r += 1;
        }
        let width = at.width(at.text_span);
        for note in &self.notes {
            let (a, b) = at.text_span;
            ws.merge_range(r, a, r, b, note, &f.note)?;
            let h = 14.0 * lines(note, width * 1.05) + 2.0;
            ws.set_row_height(r, h)?;
            height += h;
            r += 1;
        }
        Ok(Placed {
            height,
            head_row,
            first_row,
            end_row,
            total_row,
            next_row: r + 1,
            first_col: c0,
            last_col: at.last,
        })
    }

    /// The title, the 制表机关 / 报告期 line and the unit line; returns the next row and
    /// the height of the rows written.
    fn head_block(
        &self,
        ws: &mut Worksheet,
        start: u32,
        at: &Columns,
    ) -> Result<(u32, f64), XlsxError> {
        let (f, (t0, t1), (c0, last)) = (self.formats, at.title_span, at.text_span);
        let mut r = start;
        ws.merge_range(r, t0, r, t1, &self.title, &f.title)?;
        ws.set_row_height(r, 30)?;
        r += 1;
        let width = at.width(at.text_span);
        ws.merge_range(r, c0, r, last, &self.subtitle, &f.subtitle)?;
        let sub_lines = lines(&self.subtitle, width);
        let mut height = 30.0 + DEFAULT_ROW;
        if sub_lines > 1.0 {
            ws.set_row_height(r, 14.0 * sub_lines + 3.0)?;
            height += 14.0 * sub_lines + 3.0 - DEFAULT_ROW;
        }
        r += 1;
        if let Some(u) = &self.unit_line {
            ws.merge_range(r, c0, r, last, u, &f.subtitle)?;
            height += DEFAULT_ROW;
            r += 1;
        }
        Ok((r, height))
    }

    /// The column titles at row `r`, and the column widths when `widths`; returns the
    /// row's height.
    fn heading(
        &self,
        ws: &mut Worksheet,
        r: u32,
        at: &Columns,
        widths: bool,
    ) -> Result<f64, XlsxError> {
        let f = self.formats;
        let mut height = 18.0_f64;
        for (i, (title, w)) in at.cols.iter().enumerate() {
            let stacked = self.cols[i].stacked;
            let format = if stacked { &f.head_stacked } else { &f.head };
            put(
                ws,
                r,
                (at.pos[i], at.spans[i]),
                &V::S(title.clone()),
                f,
                Some(format),
            )?;
            if widths {
                ws.set_column_width(at.pos[i], *w)?;
            }
            height = height.max(if stacked {
                13.0 * title.chars().count() as f64 + 8.0
            } else {
                14.0 * lines(title, *w).min(5.0) + 4.0
            });
        }
        ws.set_row_height(r, height)?;
        Ok(height)
    }

    /// One data row; returns its height.
    fn body_row(
        &self,
        ws: &mut Worksheet,
        r: u32,
        row: &[V],
        at: &Columns,
    ) -> Result<f64, XlsxError> {
        let f = self.formats;
        let mut height = 1.0_f64;
        for (i, v) in row.iter().enumerate().take(at.pos.len()) {
            let c = at.pos[i];
            if let V::Sum(value, from) = v {
                let (a, b) = (
                    column_letters(u32::from(at.pos[*from])),
                    column_letters(u32::from(c - 1)),
                );
                let formula = Formula::new(format!("=SUM({a}{n}:{b}{n})", n = r + 1))
                    .set_result(result_text(*value));
                ws.write_formula_with_format(r, c, formula, &f.count)?;
                continue;
            }
            put(ws, r, (c, at.spans[i]), v, f, None)?;
            if let (V::S(s) | V::C(s), Some((_, w))) = (v, at.cols.get(i)) {
                height = height.max(lines(s, *w));
            }
        }
        if height > 1.0 {
            ws.set_row_height(r, 14.0 * height.min(8.0) + 3.0)?;
            return Ok(14.0 * height.min(8.0) + 3.0);
        }
        Ok(DEFAULT_ROW)
    }

    /// The 合计 of column `i`, in the format of the column's values.
    pub(super) fn column_total(&self, i: usize) -> V {
        let mut kind = 'N';
        let mut total = 0.0;
        for row in &self.rows {
            match row.get(i) {
                Some(V::N(n) | V::Sum(n, _)) => total += n,
                Some(V::T(true)) => total += 1.0,
                Some(V::W(n)) => {
                    kind = 'W';
                    total += n
                }
                Some(V::F(n)) => {
                    kind = 'F';
                    total += n
                }
                _ => {}
            }
        }
        match kind {
            'W' => V::W(total),
            'F' => V::F(total),
            _ => V::N(total),
        }
    }
}

/// Lines a text needs in a column `width` characters wide (explicit breaks count).
pub fn lines(s: &str, width: f64) -> f64 {
    let w = (width - 0.3).max(1.0);
    s.split('\n')
        .map(|part| (text_width(part) / w).ceil().max(1.0))
        .sum()
}

/// The format a value is written in, in a body row.
fn body_format<'f>(v: &V, f: &'f Formats) -> &'f Format {
    match v {
        V::S(_) | V::Blank => &f.text,
        V::C(_) => &f.center,
        V::T(_) => &f.tick,
        V::N(_) | V::Sum(..) => &f.count,
        V::W(_) => &f.money,
        V::P(_) => &f.rate,
        V::F(_) => &f.decimal,
    }
}

/// The format a value is written in, in a 合计 row.
pub(super) fn total_format<'f>(v: &V, f: &'f Formats) -> &'f Format {
    match v {
        V::S(_) | V::C(_) | V::T(_) | V::Blank => &f.total_text,
        V::N(_) | V::Sum(..) => &f.total_count,
        V::W(_) => &f.total_money,
        V::P(_) => &f.total_rate,
        V::F(_) => &f.total_decimal,
    }
}

/// Writes `v` at row `r` over `span` columns from `c` (merged when more than one), in
/// `format` or else the value's body format.
pub(super) fn put(
    ws: &mut Worksheet,
    r: u32,
    (c, span): (u16, u16),
    v: &V,
    f: &Formats,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let fmt = format.unwrap_or_else(|| body_format(v, f));
    if span > 1 {
        ws.merge_range(r, c, r, c + span - 1, "", fmt)?;
    }
    match v {
        V::S(s) | V::C(s) => ws.write_string_with_format(r, c, s, fmt)?,
        V::N(n) | V::W(n) | V::P(n) | V::F(n) | V::Sum(n, _) => {
            ws.write_number_with_format(r, c, *n, fmt)?
        }
        V::T(true) => ws.write_number_with_format(r, c, 1.0, fmt)?,
        V::T(false) | V::Blank => ws.write_blank(r, c, fmt)?,
    };
    Ok(())
}

/// Traffic-light colours on a range of status words (docs/报表格式.md §六): 达标 green, 进行中 amber,
/// 未达标 and 滞后 red, 未到期 grey; 逾期报送 amber and 未报送 red for submissions; 错误
/// red and 警告 amber for data problems.
/// Conditional formats, so a corrected cell recolours itself.
///
/// # Errors
/// rust_xlsxwriter's range checks.
pub fn status_colors(
    ws: &mut Worksheet,
    f: &Formats,
    (r0, c0): (u32, u16),
    (r1, c1): (u32, u16),
) -> Result<(), XlsxError> {
    if r1 < r0 || c1 < c0 {
        return Ok(());
    }
    for (word, fmt) in [
        ("达标", &f.cf_good),
        ("进行中", &f.cf_warn),
        ("未达标", &f.cf_bad),
        ("滞后", &f.cf_bad),
        ("未到期", &f.cf_idle),
        ("逾期报送", &f.cf_warn),
        ("未报送", &f.cf_bad),
        ("错误", &f.cf_bad),
        ("警告", &f.cf_warn),
    ] {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(word))
            .set_format(fmt);
        ws.add_conditional_format(r0, c0, r1, c1, &cf)?;
    }
    Ok(())
}

/// A data bar on a column of rates, scaled from 0 to 100 % so that a full bar means
/// the target is met.
///
/// # Errors
/// rust_xlsxwriter's range checks.
pub fn rate_bar(ws: &mut Worksheet, c: u16, r0: u32, r1: u32) -> Result<(), XlsxError> {
    if r1 < r0 {
        return Ok(());
    }
    let bar = ConditionalFormatDataBar::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_maximum(ConditionalFormatType::Number, 1)
        .set_fill_color("#5B9BD5");
    ws.add_conditional_format(r0, c, r1, c, &bar)?;
    Ok(())
}
