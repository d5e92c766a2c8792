//! Reading xtic's outputs back: workbook sheets as text grids (calamine), every word a
//! file holds (the XML parts of an .xlsx, the text of an SVG), and the files of a folder.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};

/// A cell as the text a reader sees (numbers without a trailing `.0`).
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other}"),
    }
}

/// One sheet: its cells, and lookups by a row's first-column text or header text.
pub struct Grid {
    pub cells: Vec<Vec<Data>>,
}

impl Grid {
    pub fn open(book: &Path, sheet: &str) -> Grid {
        let mut wb: Xlsx<_> =
            open_workbook(book).unwrap_or_else(|e| panic!("{}: {e}", book.display()));
        let range = wb
            .worksheet_range(sheet)
            .unwrap_or_else(|e| panic!("{}: sheet {sheet}: {e}", book.display()));
        Grid {
            cells: range.rows().map(|r| r.to_vec()).collect(),
        }
    }

    pub fn text(&self, r: usize, c: usize) -> String {
        self.cells
            .get(r)
            .and_then(|row| row.get(c))
            .map(cell_text)
            .unwrap_or_default()
    }

    pub fn num(&self, r: usize, c: usize) -> f64 {
        match self.cells.get(r).and_then(|row| row.get(c)) {
            Some(Data::Float(f)) => *f,
            Some(Data::Int(i)) => *i as f64,
            other => panic!("({r}, {c}) is not a number: {other:?}"),
        }
    }

    /// The first row at or after `from` whose column `c` reads `key`.
    pub fn row_where(&self, from: usize, c: usize, key: &str) -> usize {
        (from..self.cells.len())
            .find(|&r| self.text(r, c) == key)
            .unwrap_or_else(|| panic!("no row with {key} in column {c} after {from}"))
    }

    /// The row holding column title `title` (line breaks ignored) and its column.
    pub fn header(&self, title: &str) -> (usize, usize) {
        for (r, row) in self.cells.iter().enumerate() {
            if let Some(c) = row
                .iter()
                .position(|d| cell_text(d).replace('\n', "") == title)
            {
                return (r, c);
            }
        }
        panic!("no column title {title}")
    }

    /// Column `title` in header row `r`.
    pub fn col_in(&self, r: usize, title: &str) -> usize {
        self.cells[r]
            .iter()
            .position(|d| cell_text(d).replace('\n', "") == title)
            .unwrap_or_else(|| panic!("no column {title} in row {r}"))
    }

    /// Every cell's text, one per line.
    pub fn all_text(&self) -> String {
        let mut out = String::new();
        for row in &self.cells {
            for d in row {
                out.push_str(&cell_text(d));
                out.push('\n');
            }
        }
        out
    }
}

/// Every word an .xlsx holds: the text of all its XML parts (cells, shared strings,
/// document properties, headers and footers, data-validation hints, chart titles).
pub fn xlsx_words(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap();
            out.push_str(&text.replace("&quot;", "\"").replace("&amp;", "&"));
            out.push('\n');
        }
    }
    out
}

/// Every file below `dir`, sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every word of every output file below `dir`: workbooks, JSON, text and SVG charts.
pub fn words_below(dir: &Path) -> Vec<(PathBuf, String)> {
    files_below(dir)
        .into_iter()
        .filter_map(|p| {
            let ext = p.extension()?.to_string_lossy().to_string();
            let text = match ext.as_str() {
                "xlsx" => xlsx_words(&p),
                "json" | "txt" | "svg" => std::fs::read_to_string(&p).unwrap(),
                _ => return None,
            };
            Some((p, text))
        })
        .collect()
}
