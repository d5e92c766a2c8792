//! A statistical table on a worksheet, in the form Chinese statisticians expect: a
//! merged title, the 制表机关 / 报告期 line, bold bordered column titles, the rows, an
//! optional 合计 row, and notes (注：) below. Shared by the report and feedback workbooks.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// The workbook's one font.
pub const FONT: &str = "宋体";

/// A value in a table cell.
#[derive(Debug, Clone)]
pub enum V {
    S(String),
    /// A count: `#,##0`.
    N(f64),
    /// Money in 万元: `#,##0.00`.
    W(f64),
    /// A rate: `0.0%`.
    P(f64),
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
    pub count: Format,
    pub money: Format,
    pub rate: Format,
    pub note: Format,
    pub total_text: Format,
    pub total_count: Format,
    pub total_money: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(10.5);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: base
                .clone()
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: base.clone().set_font_size(10),
            head: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color("#DDEBF7"),
            text: cell.clone().set_text_wrap(),
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
            total_money: cell.set_bold().set_num_format("#,##0.00"),
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

/// Where a table ended up on its sheet.
pub struct Placed {
    pub head_row: u32,
    pub first_row: u32,
    /// The next free row.
    pub next_row: u32,
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
    /// Writes the table at `start` and sets column widths, print titles and panes.
    ///
    /// # Errors
    /// Only rust_xlsxwriter's own limits (a sheet is never that large here).
    pub fn write(&self, ws: &mut Worksheet, start: u32) -> Result<Placed, XlsxError> {
        let f = self.formats;
        let last_col = self.cols.len().saturating_sub(1) as u16;
        let mut r = start;
        ws.merge_range(r, 0, r, last_col, &self.title, &f.title)?;
        ws.set_row_height(r, 30)?;
        r += 1;
        ws.merge_range(r, 0, r, last_col, &self.subtitle, &f.subtitle)?;
        r += 1;
        if let Some(u) = &self.unit_line {
            ws.merge_range(r, 0, r, last_col, u, &f.subtitle)?;
            r += 1;
        }
        let head_row = r;
        let head_lines = self
            .cols
            .iter()
            .map(|c| (text_width(&c.title) / c.width.max(1.0)).ceil())
            .fold(1.0, f64::max);
        for (i, c) in self.cols.iter().enumerate() {
            ws.write_string_with_format(r, i as u16, &c.title, &f.head)?;
            ws.set_column_width(i as u16, c.width)?;
        }
        ws.set_row_height(r, 15.0 * head_lines.min(4.0) + 4.0)?;
        r += 1;
        let first_row = r;
        for row in &self.rows {
            for (i, v) in row.iter().enumerate() {
                write_value(ws, r, i as u16, v, f, false)?;
            }
            r += 1;
        }
        if let Some(sum_cols) = &self.total {
            ws.write_string_with_format(r, 0, "合计", &f.total_text)?;
            for i in 1..self.cols.len() {
                if sum_cols.contains(&i) {
                    let money = self
                        .rows
                        .iter()
                        .any(|row| matches!(row.get(i), Some(V::W(_))));
                    let total: f64 = self
                        .rows
                        .iter()
                        .map(|row| match row.get(i) {
                            Some(V::N(n)) | Some(V::W(n)) => *n,
                            _ => 0.0,
                        })
                        .sum();
                    let v = if money { V::W(total) } else { V::N(total) };
                    write_value(ws, r, i as u16, &v, f, true)?;
                } else {
                    ws.write_blank(r, i as u16, &f.total_text)?;
                }
            }
            r += 1;
        }
        for note in &self.notes {
            ws.merge_range(r, 0, r, last_col, note, &f.note)?;
            let width: f64 = self.cols.iter().map(|c| c.width).sum();
            ws.set_row_height(
                r,
                14.0 * (text_width(note) / width.max(1.0)).ceil().max(1.0),
            )?;
            r += 1;
        }
        Ok(Placed {
            head_row,
            first_row,
            next_row: r + 1,
        })
    }
}

pub fn write_value(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: &V,
    f: &Formats,
    bold: bool,
) -> Result<(), XlsxError> {
    match v {
        V::S(s) => {
            ws.write_string_with_format(r, c, s, if bold { &f.total_text } else { &f.text })?
        }
        V::N(n) => {
            ws.write_number_with_format(r, c, *n, if bold { &f.total_count } else { &f.count })?
        }
        V::W(n) => {
            ws.write_number_with_format(r, c, *n, if bold { &f.total_money } else { &f.money })?
        }
        V::P(n) => ws.write_number_with_format(r, c, *n, &f.rate)?,
        V::Blank => ws.write_blank(r, c, &f.text)?,
    };
    Ok(())
}

/// A4 landscape, one page wide, title rows repeated, page numbers in the footer.
pub fn print_setup(ws: &mut Worksheet, repeat_to: u32) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, repeat_to)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}
