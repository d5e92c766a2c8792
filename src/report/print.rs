//! Page set-up for every printed sheet xtic writes (docs/报表格式.md §八): A4 landscape where the
//! table fits at a readable size, A3 landscape where it is wide, and a wide table split
//! over pages with its key columns repeated; column headings repeated on every page.
//!
//! Nothing is shrunk below [`MIN_SCALE`]: the body text (10–10.5 pt) stays about 8 pt or
//! larger on paper. Widths are estimated as LibreOffice lays them out with the fonts of
//! a Linux machine (宋体 falls back to WenQuanYi Micro Hei, whose digits are wider than
//! SimSun's), which is the widest of the programs xtic's workbooks open in: Excel and
//! WPS, with SimSun, draw a column of width w in 5.25 × w + 3.75 pt, narrower, so a page
//! that fits here fits there with room to spare.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::report::heading::need;
use crate::report::table::{Placed, Table};

/// The smallest print scale: 10.5 pt body text prints at 8.4 pt, 10 pt at 8 pt.
pub const MIN_SCALE: f64 = 0.80;

/// Left and right margins, and top and bottom ones (page numbers sit in the bottom
/// margin), inches.
const SIDE_MARGIN: f64 = 0.4;
const TOP_MARGIN: f64 = 0.6;

/// Points a column `w` characters wide takes on paper at 100 % (LibreOffice, workbook
/// default font 宋体 10.5 pt; measured on rendered pages: 6.65 pt per character, and the
/// 5/7 character of padding rust_xlsxwriter adds to every width).
pub fn column_pt(w: f64) -> f64 {
    6.66 * (w + 5.0 / 7.0)
}

/// Points the columns take side by side.
pub fn columns_pt(widths: &[f64]) -> f64 {
    widths.iter().map(|w| column_pt(*w)).sum()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
}

impl Paper {
    /// Excel's paper code.
    fn code(self) -> u8 {
        match self {
            Paper::A4 => 9,
            Paper::A3 => 8,
        }
    }

    /// Printable height in landscape, points.
    pub fn printable_height(self) -> f64 {
        let short = match self {
            Paper::A4 => 595.28,
            Paper::A3 => 841.89,
        };
        short - 2.0 * 72.0 * TOP_MARGIN
    }

    /// Printable width in landscape, points.
    pub fn printable(self) -> f64 {
        let long = match self {
            Paper::A4 => 841.89,
            Paper::A3 => 1190.55,
        };
        long - 2.0 * 72.0 * SIDE_MARGIN
    }

    pub fn chinese(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
        }
    }
}

/// How a sheet prints: what [`Print::layout`] chose.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub paper: Paper,
    /// A fixed scale in per cent, or `None` for "fit to one page wide".
    pub scale: Option<u16>,
    /// Columns that start a new page across (the key columns repeat on each).
    pub col_breaks: Vec<u16>,
}

/// The print set-up of one sheet.
#[derive(Debug, Clone, Default)]
pub struct Print {
    /// Widths of the printed columns from A, in characters.
    pub widths: Vec<f64>,
    /// The column-title rows repeated at the top of every page after the first.
    pub repeat_rows: Option<(u32, u32)>,
    /// Columns A.. that identify a row (序号, 名称 …), repeated on every page across when
    /// the table is split.
    pub keys: u16,
    /// Columns a split should start a page at when it can (the first column of a group
    /// of columns under one merged title).
    pub prefer: Vec<u16>,
    /// Rows that start a new page (the title of a second table on the sheet).
    pub row_breaks: Vec<u32>,
    /// Heights in points at 100 % of the parts the row breaks cut the sheet into, when
    /// known: a part a little taller than a page is printed smaller (never below
    /// [`MIN_SCALE`]) so that it ends on its page rather than leave a row or two over.
    pub heights: Vec<f64>,
    /// Print only this range (first row, first column, last row, last column).
    pub area: Option<(u32, u16, u32, u16)>,
    /// Fit the whole sheet on one page (总览).
    pub one_page: bool,
    /// Paper to use whatever the width.
    pub paper: Option<Paper>,
}

/// A scale in per cent that fits `pt` points into `room`, a little under the exact
/// value so that rounding in the spreadsheet program never pushes a column over.
fn scale_for(room: f64, pt: f64) -> u16 {
    let s = (room * 0.98 / pt).min(1.0);
    (s * 100.0).floor() as u16
}

impl Print {
    pub fn new(widths: Vec<f64>) -> Print {
        Print {
            widths,
            ..Print::default()
        }
    }

    /// Repeats rows `first..=last` at the top of every page.
    pub fn repeat(mut self, first: u32, last: u32) -> Print {
        self.repeat_rows = Some((first, last));
        self
    }

    /// Splits across pages, if it must, with columns `0..keys` on every page.
    pub fn keys(mut self, keys: u16, prefer: &[u16]) -> Print {
        self.keys = keys;
        self.prefer = prefer.to_vec();
        self
    }

    /// Starts a new page at each of these rows.
    pub fn breaks(mut self, rows: &[u32]) -> Print {
        self.row_breaks = rows.to_vec();
        self
    }

    /// The heights of the parts between row breaks (see [`Print::heights`]).
    pub fn heights(mut self, heights: &[f64]) -> Print {
        self.heights = heights.to_vec();
        self
    }

    /// The fixed scale for `paper`: the width fitted, then lowered (down to
    /// [`MIN_SCALE`]) until each part that can end on one page does.
    fn fixed_scale(&self, paper: Paper, width_pt: f64) -> u16 {
        let mut scale = scale_for(paper.printable(), width_pt);
        let room = paper.printable_height() * 0.98;
        for h in &self.heights {
            let s = f64::from(scale) / 100.0;
            if h * s > room && h * MIN_SCALE <= room {
                scale = scale.min((room / h * 100.0).floor() as u16);
            }
        }
        scale
    }

    fn pt(&self, from: usize, to: usize) -> f64 {
        columns_pt(&self.widths[from.min(self.widths.len())..to.min(self.widths.len())])
    }

    /// Paper, scale and column breaks: A4 when the sheet fits across it at
    /// [`MIN_SCALE`] or more, else A3, else A3 split into pages across that each hold
    /// the key columns and as many further columns as fit.
    pub fn layout(&self) -> Layout {
        let n = self.widths.len();
        let total = self.pt(0, n);
        let papers = match self.paper {
            Some(p) => vec![p],
            None => vec![Paper::A4, Paper::A3],
        };
        let last = *papers.last().unwrap_or(&Paper::A3);
        let fits = |p: &&Paper| total * MIN_SCALE <= p.printable();
        // a table with no key columns is never split: it gets the largest paper
        let whole = papers
            .iter()
            .find(fits)
            .copied()
            .or((self.keys == 0).then_some(last));
        if let Some(paper) = whole {
            let fixed = !self.row_breaks.is_empty() || !self.heights.is_empty();
            return Layout {
                paper,
                scale: fixed.then(|| self.fixed_scale(paper, total)),
                col_breaks: Vec::new(),
            };
        }
        let paper = last;
        let col_breaks = self.split(paper);
        let widest = self
            .pages_across(&col_breaks)
            .into_iter()
            .fold(0.0, f64::max);
        Layout {
            paper,
            scale: Some(self.fixed_scale(paper, widest)),
            col_breaks,
        }
    }

    /// Where pages across start, filling each page at [`MIN_SCALE`] and starting a page at
    /// a preferred column when one lies within the page that overflows.
    fn split(&self, paper: Paper) -> Vec<u16> {
        let room = paper.printable() / MIN_SCALE;
        let keys = self.pt(0, self.keys as usize);
        let mut breaks = Vec::new();
        let mut start = self.keys as usize;
        let mut c = start;
        while c < self.widths.len() {
            if c > start && keys + self.pt(start, c + 1) > room {
                let at = self
                    .prefer
                    .iter()
                    .map(|p| *p as usize)
                    .filter(|p| *p > start && *p <= c)
                    .max()
                    .unwrap_or(c);
                breaks.push(at as u16);
                start = at;
                c = at;
            }
            c += 1;
        }
        breaks
    }

    /// Width in points of each page across: the key columns and the page's own.
    pub fn pages_across(&self, breaks: &[u16]) -> Vec<f64> {
        let keys = self.pt(0, self.keys as usize);
        let mut edges: Vec<usize> = vec![0];
        edges.extend(breaks.iter().map(|b| *b as usize));
        edges.push(self.widths.len());
        edges
            .windows(2)
            .enumerate()
            .map(|(i, w)| {
                let own = self.pt(w[0], w[1]);
                if i == 0 {
                    own
                } else {
                    keys + own
                }
            })
            .collect()
    }

    /// Applies the set-up to `ws`, with page numbers in the footer.
    ///
    /// # Errors
    /// rust_xlsxwriter's range checks.
    pub fn apply(&self, ws: &mut Worksheet) -> Result<Layout, XlsxError> {
        let layout = self.layout();
        ws.set_landscape();
        ws.set_paper_size(layout.paper.code());
        ws.set_margins(SIDE_MARGIN, SIDE_MARGIN, TOP_MARGIN, TOP_MARGIN, 0.3, 0.3);
        ws.set_footer("&C第 &P 页，共 &N 页");
        match (self.one_page, layout.scale) {
            (true, _) => ws.set_print_fit_to_pages(1, 1),
            (false, Some(s)) => ws.set_print_scale(s),
            (false, None) => ws.set_print_fit_to_pages(1, 0),
        };
        if let Some((first, last)) = self.repeat_rows {
            ws.set_repeat_rows(first, last)?;
        }
        if !layout.col_breaks.is_empty() {
            if self.keys > 0 {
                ws.set_repeat_columns(0, self.keys - 1)?;
            }
            let cols: Vec<u32> = layout.col_breaks.iter().map(|c| u32::from(*c)).collect();
            ws.set_vertical_page_breaks(&cols)?;
            // over, then down: the pages of one block of rows come one after another
            ws.set_page_order(false);
        }
        if !self.row_breaks.is_empty() {
            ws.set_page_breaks(&self.row_breaks)?;
        }
        if let Some((r0, c0, r1, c1)) = self.area {
            ws.set_print_area(r0, c0, r1, c1)?;
        }
        Ok(layout)
    }
}

impl Table<'_> {
    /// Like [`Table::write`], for a table printed split across pages with columns
    /// `0..keys` repeated on each and the first page ending before column `page_end`.
    /// Where the key columns are wide enough for the title, the title block and the
    /// notes stand over them, so that every page across shows them whole; else the
    /// title is centred over the first page and the lines under it start after the key
    /// columns, so that no other page shows a cut-off piece of them.
    ///
    /// # Errors
    /// Only rust_xlsxwriter's own limits.
    pub fn write_keyed(
        &self,
        ws: &mut Worksheet,
        start: u32,
        (keys, page_end): (u16, u16),
    ) -> Result<Placed, XlsxError> {
        let spans = vec![1; self.cols.len()];
        let widths = self.widths();
        let key_width: f64 = widths.iter().take(keys as usize).sum();
        // the title is 16 pt bold: half as wide again as a 10.5 pt heading
        let last_key = keys.saturating_sub(1);
        let page_last = page_end.saturating_sub(1).max(keys);
        let head = if need(&self.title) * 1.55 <= key_width {
            ((0, last_key), (0, last_key))
        } else {
            ((0, page_last), (keys.min(page_last), page_last))
        };
        self.place(ws, start, 0, &spans, (true, Some(head)))
    }

    /// Writes the table at row `start`, column A, as `print` lays the sheet out: when
    /// it is split across pages, the title block stands over the key columns, which
    /// every page repeats.
    ///
    /// # Errors
    /// Only rust_xlsxwriter's own limits.
    pub fn write_for(
        &self,
        ws: &mut Worksheet,
        start: u32,
        print: &Print,
    ) -> Result<Placed, XlsxError> {
        let breaks = print.layout().col_breaks;
        if let (true, Some(first)) = (print.keys > 0, breaks.first()) {
            self.write_keyed(ws, start, (print.keys, *first))
        } else {
            self.write(ws, start)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_sheets_print_on_a4_fitted_to_the_width() {
        let l = Print::new(vec![16.0, 10.0, 12.0, 13.0, 14.0]).layout();
        assert_eq!(l.paper, Paper::A4);
        assert_eq!(l.scale, None);
        assert!(l.col_breaks.is_empty());
    }

    #[test]
    fn wide_sheets_go_to_a3_then_split_with_keys_at_a_readable_scale() {
        // about 170 characters: too wide for A4 at 80 %, fine on A3
        let l = Print::new(vec![10.0; 17]).layout();
        assert_eq!(l.paper, Paper::A3);
        // about 320 characters with four key columns: split on A3
        let mut widths = vec![6.0, 14.0, 12.0, 30.0];
        widths.extend([12.0; 22]);
        let p = Print::new(widths).keys(4, &[13]).repeat(3, 3);
        let l = p.layout();
        assert_eq!(l.paper, Paper::A3);
        assert!(!l.col_breaks.is_empty());
        assert_eq!(
            l.col_breaks[0], 13,
            "the preferred column starts the second page"
        );
        let scale = f64::from(l.scale.expect("a fixed scale")) / 100.0;
        assert!(scale >= MIN_SCALE, "{scale}");
        for w in p.pages_across(&l.col_breaks) {
            assert!(w * scale <= Paper::A3.printable(), "{w} at {scale}");
        }
    }

    #[test]
    fn page_breaks_need_a_fixed_scale() {
        let l = Print::new(vec![15.0; 8]).breaks(&[30]).layout();
        assert_eq!(l.paper, Paper::A4);
        let s = l.scale.expect("fixed");
        assert!((80..=100).contains(&s), "{s}");
    }
}
