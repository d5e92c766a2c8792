//! The page and type of the 通报 (GB/T 9704-2012 §5, §7): A4 portrait, 天头 37 mm,
//! 订口 28 mm, a 156 × 225 mm type area; title in 方正小标宋简体 2号, body in
//! 仿宋_GB2312 3号 at 22 lines a page, headings 一、… in 黑体, page numbers
//! `— 1 —` in 4号宋体 below the type area (odd pages right, even pages left, one
//! character in). Fonts a machine lacks are declared with fallbacks in the font table
//! (see `package`); Latin letters and digits are set in Times New Roman.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Pic, Run, RunFonts, SpecialIndentType, Style, StyleType, Table, TableAlignmentType,
    TableCell, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

pub const TITLE_FONT: &str = "方正小标宋简体";
pub const BODY_FONT: &str = "仿宋_GB2312";
pub const HEADING_FONT: &str = "黑体";
pub const NUMBER_FONT: &str = "宋体";
pub const LATIN_FONT: &str = "Times New Roman";

/// Twips per millimetre.
const MM: f64 = 56.692_913;
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
/// 156 mm: the type area's width.
pub const TEXT_W: usize = 8_844;
/// 3号 = 16 pt, in half-points; one character of body text is 320 twips.
const BODY_SIZE: usize = 32;
const CHAR: i32 = 320;
/// 22 lines in 225 mm: 28.95 pt a line.
const BODY_LINE: i32 = 579;
const TITLE_SIZE: usize = 44;
/// 五号 (10.5 pt) in tables, on 15 pt lines.
const TABLE_SIZE: usize = 21;
const TABLE_LINE: i32 = 300;
const FOOTER_SIZE: usize = 28;
/// The height given to every table's heading row (marks it for `package`, which makes
/// it repeat on each page the table runs over).
pub const HEADER_ROW_H: f32 = 454.0;

fn mm(v: f64) -> i32 {
    (v * MM).round() as i32
}

fn fonts(east_asia: &str, latin: &str) -> RunFonts {
    RunFonts::new()
        .ascii(latin)
        .hi_ansi(latin)
        .east_asia(east_asia)
        .cs(latin)
        .hint("eastAsia")
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
        .before(0)
        .after(0)
}

/// A table: a caption, column widths in twips (adding up to [`TEXT_W`]), one heading
/// row and the body rows.
pub struct Grid {
    pub caption: String,
    pub widths: Vec<usize>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Merge {
    No,
    /// The first cell of a vertically merged run.
    Start,
    /// A cell merged into the one above.
    Continue,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    /// Columns the cell spans.
    pub span: usize,
    pub merge: Merge,
    /// Numbers are centred; names are too, except where `left` says otherwise.
    pub left: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            span: 1,
            merge: Merge::No,
            left: false,
        }
    }
    pub fn span(mut self, n: usize) -> Cell {
        self.span = n;
        self
    }
    pub fn merge(mut self, m: Merge) -> Cell {
        self.merge = m;
        self
    }
    pub fn left(mut self) -> Cell {
        self.left = true;
        self
    }
}

/// The document being built. Paragraph ids are numbered here, so that the same input
/// gives the same ids (docx-rs would draw them from a per-thread counter).
pub struct Doc {
    docx: Docx,
    next_id: u32,
}

impl Doc {
    pub fn new() -> Doc {
        let mut docx = Docx::new()
            .page_size(PAGE_W, PAGE_H)
            .page_margin(
                PageMargin::new()
                    .top(mm(37.0))
                    .bottom(mm(35.0))
                    .left(mm(28.0))
                    .right(mm(26.0))
                    .header(mm(15.0))
                    .footer(mm(24.0))
                    .gutter(0),
            )
            .default_fonts(fonts(BODY_FONT, LATIN_FONT))
            .default_size(BODY_SIZE)
            .default_line_spacing(exact(BODY_LINE));
        for style in styles() {
            docx = docx.add_style(style);
        }
        let mut doc = Doc { docx, next_id: 1 };
        let odd = doc.footer(AlignmentType::Right);
        let even = doc.footer(AlignmentType::Left);
        doc.docx = doc.docx.footer(odd).even_footer(even);
        doc
    }

    fn para(&mut self) -> Paragraph {
        let id = format!("{:08X}", 0x1000_0000 + self.next_id);
        self.next_id += 1;
        Paragraph::new().id(id)
    }

    fn push(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    /// `— 1 —`, one character in from the outer edge.
    fn footer(&mut self, align: AlignmentType) -> Footer {
        let inset = Some(FOOTER_SIZE as i32 * 10);
        let (left, right) = match align {
            AlignmentType::Left => (inset, None),
            _ => (None, inset),
        };
        let dash = || Run::new().add_text("— ");
        let p = self
            .para()
            .style("PageNumber")
            .align(align)
            .indent(left, None, right, None)
            .add_run(dash())
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" —"));
        Footer::new().add_paragraph(p)
    }

    /// The title, one paragraph a line, and the blank line below it.
    pub fn title(&mut self, lines: &[String]) {
        for line in lines {
            let p = self
                .para()
                .style("DocTitle")
                .add_run(Run::new().add_text(line));
            self.push(p);
        }
        let blank = self.para();
        self.push(blank);
    }

    /// The 主送机关 line: flush left, ending with a full-width colon.
    pub fn addressee(&mut self, text: &str) {
        let p = self
            .para()
            .style("Addressee")
            .add_run(Run::new().add_text(text));
        self.push(p);
    }

    pub fn body(&mut self, text: &str) {
        let p = self
            .para()
            .style("BodyText")
            .add_run(Run::new().add_text(text));
        self.push(p);
    }

    /// A paragraph kept whole and on the page of the one after it: the last paragraph of
    /// the text and the closing line (特此通报。), so that 特此通报 and the signature never
    /// stand on a page of their own.
    pub fn body_kept(&mut self, text: &str) {
        let p = self
            .para()
            .style("BodyText")
            .keep_next(true)
            .keep_lines(true)
            .add_run(Run::new().add_text(text));
        self.push(p);
    }

    /// A section heading, kept on the page of the text below it.
    pub fn heading(&mut self, text: &str) {
        let p = self
            .para()
            .style("Heading1")
            .keep_next(true)
            .add_run(Run::new().add_text(text));
        self.push(p);
    }

    /// A note under a table: table type, flush left, hanging after `注：`.
    pub fn note(&mut self, text: &str) {
        let p = self.para().style("Note").add_run(Run::new().add_text(text));
        self.push(p);
    }

    /// A picture as wide as the type area, centred on a line of its own.
    pub fn picture(&mut self, png: &[u8], (w, h): (u32, u32)) {
        let emu_w = (TEXT_W as u64 * 635) as u32;
        let emu_h = (emu_w as u64 * h as u64 / w.max(1) as u64) as u32;
        let pic = Pic::new_with_dimensions(png.to_vec(), w, h)
            .id("rIdImage1")
            .size(emu_w, emu_h);
        let p = self
            .para()
            .style("Figure")
            .add_run(Run::new().add_image(pic));
        self.push(p);
    }

    /// A caption and the table, centred. A table may run over pages between rows, its
    /// heading row repeated; the caption, the heading and the first two rows stay
    /// together, so do the last two rows, and those with the paragraph after the table
    /// when `keep_last` (a note).
    pub fn table(&mut self, grid: Grid, keep_last: bool) {
        let caption = self
            .para()
            .style("Caption")
            .keep_next(true)
            .add_run(Run::new().add_text(&grid.caption));
        self.push(caption);
        let mut rows = vec![self.header_row(&grid)];
        for (r, row) in grid.rows.iter().enumerate() {
            let n = grid.rows.len();
            let keep = r < 1 || r + 2 == n || (r + 1 == n && keep_last);
            let cells: Vec<TableCell> = row
                .iter()
                .enumerate()
                .map(|(i, c)| self.cell(c, width_of(&grid.widths, row, i), "TableText", keep))
                .collect();
            rows.push(TableRow::new(cells).cant_split());
        }
        let table = Table::new(rows)
            .set_grid(grid.widths.clone())
            .width(TEXT_W, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .align(TableAlignmentType::Center);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(table);
    }

    /// A little space after a table (and its note).
    pub fn space(&mut self) {
        let p = self.para().style("AfterTable");
        self.push(p);
    }

    fn header_row(&mut self, grid: &Grid) -> TableRow {
        let cells = grid
            .header
            .iter()
            .zip(&grid.widths)
            .map(|(h, w)| self.cell(&Cell::new(h.clone()), *w, "TableHead", true))
            .collect();
        TableRow::new(cells)
            .cant_split()
            .row_height(HEADER_ROW_H)
            .height_rule(docx_rs::HeightRule::AtLeast)
    }

    /// A cell; a `\n` in its text is a line break.
    fn cell(&mut self, c: &Cell, width: usize, style: &str, keep: bool) -> TableCell {
        let align = match c.left {
            true => AlignmentType::Left,
            false => AlignmentType::Center,
        };
        let mut run = Run::new();
        for (i, piece) in c.text.split('\n').enumerate() {
            if i > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            run = run.add_text(piece);
        }
        let p = self
            .para()
            .style(style)
            .align(align)
            .keep_next(keep)
            .add_run(run);
        let mut cell = TableCell::new()
            .add_paragraph(p)
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Center);
        if c.span > 1 {
            cell = cell.grid_span(c.span);
        }
        match c.merge {
            Merge::No => cell,
            Merge::Start => cell.vertical_merge(VMergeType::Restart),
            Merge::Continue => cell.vertical_merge(VMergeType::Continue),
        }
    }

    /// 发文机关署名 and 成文日期 (GB/T 9704 §7.3.5.2, unsealed): one blank line below the
    /// text; the authority two characters in from the right; the date on the next
    /// line, its first character two characters right of the authority's first (when
    /// the date is the longer, it sits two characters in and the authority is centred
    /// over it).
    pub fn signature(&mut self, authority: &str, date: &str) {
        let (a, d) = (width_in_halves(authority), width_in_halves(date));
        let (auth_in, date_in) = if d <= a {
            (4, a - d)
        } else {
            (4 + (d - a) / 2, 4)
        };
        let blank = self.para().keep_next(true);
        self.push(blank);
        for (text, halves, keep) in [(authority, auth_in, true), (date, date_in, false)] {
            let p = self
                .para()
                .style("Signature")
                .keep_next(keep)
                .indent(None, None, Some(halves * CHAR / 2), None)
                .add_run(Run::new().add_text(text));
            self.push(p);
        }
    }

    pub fn into_docx(self) -> Docx {
        self.docx
    }
}

/// The width of cell `i` of `row`, adding up the columns it spans.
fn width_of(widths: &[usize], row: &[Cell], i: usize) -> usize {
    let start: usize = row[..i].iter().map(|c| c.span).sum();
    widths.iter().skip(start).take(row[i].span).sum()
}

/// Width of a line of body text in half characters: CJK characters count two, ASCII
/// (digits) one.
pub fn width_in_halves(text: &str) -> i32 {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn styles() -> Vec<Style> {
    let para = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .q_format(true)
    };
    let body_indent = |s: Style| {
        s.indent(
            None,
            Some(SpecialIndentType::FirstLine(2 * CHAR)),
            None,
            None,
        )
        .first_line_chars(200)
    };
    // docx-rs writes the Normal style itself; the document defaults carry the body
    // type (fonts, size, line), so every style below starts from it.
    vec![
        para("DocTitle", "Title")
            .fonts(fonts(TITLE_FONT, TITLE_FONT))
            .size(TITLE_SIZE)
            .align(AlignmentType::Center)
            .line_spacing(exact(700)),
        para("Addressee", "Salutation").align(AlignmentType::Both),
        body_indent(para("BodyText", "Body Text")).align(AlignmentType::Both),
        body_indent(para("Heading1", "heading 1"))
            .fonts(fonts(HEADING_FONT, HEADING_FONT))
            .outline_lvl(0),
        para("Caption", "caption")
            .fonts(fonts(HEADING_FONT, LATIN_FONT))
            .size(FOOTER_SIZE)
            .align(AlignmentType::Center)
            .line_spacing(exact(480).before(120)),
        para("TableHead", "Table Heading")
            .fonts(fonts(HEADING_FONT, LATIN_FONT))
            .size(TABLE_SIZE)
            .line_spacing(exact(TABLE_LINE)),
        para("TableText", "Table Contents")
            .size(TABLE_SIZE)
            .line_spacing(exact(TABLE_LINE)),
        para("Note", "Note")
            .size(TABLE_SIZE)
            .line_spacing(exact(360).before(60))
            .indent(None, Some(SpecialIndentType::Hanging(3 * 240)), None, None)
            .hanging_chars(300),
        para("AfterTable", "Table Spacing").line_spacing(exact(160)),
        para("Figure", "Figure")
            .align(AlignmentType::Center)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(240)
                    .before(120)
                    .after(120),
            ),
        para("Signature", "Signature").align(AlignmentType::Right),
        para("PageNumber", "Footer Page Number")
            .fonts(fonts(NUMBER_FONT, NUMBER_FONT))
            .size(FOOTER_SIZE)
            .line_spacing(exact(360)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_digits_as_half_characters() {
        assert_eq!(width_in_halves("邢台市科学技术局"), 16);
        assert_eq!(width_in_halves("2023年1月11日"), 13);
    }

    #[test]
    fn a_spanning_cell_is_as_wide_as_its_columns() {
        let row = vec![Cell::new("全市").span(2), Cell::new("30"), Cell::new("33")];
        let widths = [1000, 2000, 300, 400];
        assert_eq!(width_of(&widths, &row, 0), 3000);
        assert_eq!(width_of(&widths, &row, 1), 300);
        assert_eq!(width_of(&widths, &row, 2), 400);
    }
}
