//! A statistical table on a worksheet, in the form Chinese statisticians expect: a
//! merged title, the 制表机关 / 报告期 line, bold bordered column titles, the rows, an
//! optional 合计 row, and notes (注：) below. Shared by the report and feedback workbooks.

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatDataBar,
    ConditionalFormatType, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

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
        Formats {
            title,
            subtitle: base
                .clone()
                .set_font_size(10)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            head: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color("#DDEBF7"),
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
                .set_font_size(9.5)
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

/// A column: its title and width in characters (CJK characters count double).
pub struct Col {
    pub title: String,
    pub width: f64,
}

pub fn col(title: &str, width: f64) -> Col {
    Col {
        title: title.to_string(),
        width,
    }
}

/// Display width of text, CJK characters counting two.
pub fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
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
}

impl Placed {
    /// The last data row, when there is one.
    pub fn last_row(&self) -> Option<u32> {
        self.end_row.checked_sub(1).filter(|r| *r >= self.first_row)
    }
}

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
        self.place(ws, start, c0, &spans, true)
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
        self.place(ws, start, 0, &all, false)
    }

    fn place(
        &self,
        ws: &mut Worksheet,
        start: u32,
        c0: u16,
        spans: &[u16],
        widths: bool,
    ) -> Result<Placed, XlsxError> {
        let f = self.formats;
        let mut pos = Vec::with_capacity(spans.len());
        let mut next = c0;
        for s in spans {
            pos.push(next);
            next += s;
        }
        let last_col = next.saturating_sub(1).max(c0);
        let mut r = start;
        ws.merge_range(r, c0, r, last_col, &self.title, &f.title)?;
        ws.set_row_height(r, 30)?;
        r += 1;
        let width: f64 = self.cols.iter().map(|c| c.width).sum();
        ws.merge_range(r, c0, r, last_col, &self.subtitle, &f.subtitle)?;
        let sub_lines = lines(&self.subtitle, width);
        if sub_lines > 1.0 {
            ws.set_row_height(r, 14.0 * sub_lines + 3.0)?;
        }
        r += 1;
        if let Some(u) = &self.unit_line {
            ws.merge_range(r, c0, r, last_col, u, &f.subtitle)?;
            r += 1;
        }
        let head_row = r;
        let head_lines = self
            .cols
            .iter()
            .map(|c| lines(&c.title, c.width))
            .fold(1.0, f64::max);
        for (i, c) in self.cols.iter().enumerate() {
            put(
                ws,
                r,
                (pos[i], spans[i]),
                &V::S(c.title.clone()),
                f,
                Some(&f.head),
            )?;
            if widths {
                ws.set_column_width(pos[i], c.width)?;
            }
        }
        ws.set_row_height(r, 14.0 * head_lines.min(4.0) + 4.0)?;
        r += 1;
        let first_row = r;
        for row in &self.rows {
            let mut height = 1.0_f64;
            for (i, v) in row.iter().enumerate().take(pos.len()) {
                put(ws, r, (pos[i], spans[i]), v, f, None)?;
                if let (V::S(s) | V::C(s), Some(c)) = (v, self.cols.get(i)) {
                    height = height.max(lines(s, c.width));
                }
            }
            if height > 1.0 {
                ws.set_row_height(r, 14.0 * height.min(8.0) + 3.0)?;
            }
            r += 1;
        }
        let end_row = r;
        let mut total_row = None;
        if let Some(sum_cols) = &self.total {
            total_row = Some(r);
            for i in 0..self.cols.len() {
                let v = if i == 0 {
                    V::S("合计".into())
                } else if sum_cols.contains(&i) {
                    self.column_total(i)
                } else {
                    V::Blank
                };
                put(ws, r, (pos[i], spans[i]), &v, f, Some(total_format(&v, f)))?;
            }
            r += 1;
        }
        for note in &self.notes {
            ws.merge_range(r, c0, r, last_col, note, &f.note)?;
            ws.set_row_height(r, 14.0 * lines(note, width * 1.05) + 2.0)?;
            r += 1;
        }
        Ok(Placed {
            head_row,
            first_row,
            end_row,
            total_row,
            next_row: r + 1,
        })
    }

    /// The 合计 of column `i`, in the format of the column's values.
    fn column_total(&self, i: usize) -> V {
        let mut kind = 'N';
        let mut total = 0.0;
        for row in &self.rows {
            match row.get(i) {
                Some(V::N(n)) => total += n,
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
        V::N(_) => &f.count,
        V::W(_) => &f.money,
        V::P(_) => &f.rate,
        V::F(_) => &f.decimal,
    }
}

/// The format a value is written in, in a 合计 row.
fn total_format<'f>(v: &V, f: &'f Formats) -> &'f Format {
    match v {
        V::S(_) | V::C(_) | V::T(_) | V::Blank => &f.total_text,
        V::N(_) => &f.total_count,
        V::W(_) => &f.total_money,
        V::P(_) => &f.total_rate,
        V::F(_) => &f.total_decimal,
    }
}

/// Writes `v` at row `r` over `span` columns from `c` (merged when more than one), in
/// `format` or else the value's body format.
fn put(
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
        V::N(n) | V::W(n) | V::P(n) | V::F(n) => ws.write_number_with_format(r, c, *n, fmt)?,
        V::T(true) => ws.write_number_with_format(r, c, 1.0, fmt)?,
        V::T(false) | V::Blank => ws.write_blank(r, c, fmt)?,
    };
    Ok(())
}

/// A4 landscape, one page wide, title rows repeated, page numbers in the footer.
///
/// # Errors
/// rust_xlsxwriter's range checks.
pub fn print_setup(ws: &mut Worksheet, repeat_to: u32) -> Result<(), XlsxError> {
    print_setup_repeating(ws, 0, repeat_to)
}

/// Like [`print_setup`], repeating rows `first..=last` on the pages after the one they
/// appear on (the column titles of a long second table on the sheet).
///
/// # Errors
/// rust_xlsxwriter's range checks.
pub fn print_setup_repeating(ws: &mut Worksheet, first: u32, last: u32) -> Result<(), XlsxError> {
    print_pages(ws)?;
    ws.set_repeat_rows(first, last)?;
    Ok(())
}

fn print_pages(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}

/// Traffic-light colours on a range of status words (SPEC §4): 达标 green, 进行中 amber,
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
