//! Opening a workbook of any supported format, from bytes, with every failure (and any
//! panic inside a reader) turned into a reason a clerk can act on.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{open_workbook_from_rs, Data, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

use crate::normalize::Cell;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenFailure {
    Empty,
    Encrypted,
    Corrupt(String),
}

impl OpenFailure {
    pub fn message(&self) -> String {
        match self {
            OpenFailure::Empty => "文件为空（0 字节），不是有效的报表。请重新保存后报送。".into(),
            OpenFailure::Encrypted => {
                "文件设有打开密码，无法读取。请取消密码（文件→信息→保护工作簿）后重新报送。".into()
            }
            OpenFailure::Corrupt(why) => format!(
                "文件已损坏或不是 Excel/WPS 表格（{why}），无法打开。请用 Excel 或 WPS 打开确认后另存为 .xlsx 重新报送。"
            ),
        }
    }
}

/// A sheet's cells, addressed by absolute (zero-based) row and column.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    rows: Vec<Vec<Cell>>,
    row0: u32,
    col0: u32,
}

impl Grid {
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        if row < self.row0 || col < self.col0 {
            return &EMPTY;
        }
        self.rows
            .get((row - self.row0) as usize)
            .and_then(|r| r.get((col - self.col0) as usize))
            .unwrap_or(&EMPTY)
    }

    /// One past the last row holding anything.
    pub fn end_row(&self) -> u32 {
        self.row0 + self.rows.len() as u32
    }

    pub fn end_col(&self) -> u32 {
        self.col0 + self.rows.iter().map(Vec::len).max().unwrap_or(0) as u32
    }

    /// Builds a grid from rows of cells starting at A1 (for tests).
    #[cfg(test)]
    pub fn from_rows(_name: &str, rows: Vec<Vec<Cell>>) -> Grid {
        Grid {
            rows,
            row0: 0,
            col0: 0,
        }
    }
}

/// Converts a calamine value; date-formatted numbers become dates.
pub fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                match dt.as_datetime() {
                    Some(d) => Cell::Date(d.date()),
                    None => Cell::Number(dt.as_f64()),
                }
            } else {
                Cell::Number(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => {
            match NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

fn grid_of(range: &Range<Data>) -> Grid {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|r| {
            let mut cells: Vec<Cell> = r.iter().map(cell_of).collect();
            while cells.last().is_some_and(Cell::is_empty) {
                cells.pop();
            }
            cells
        })
        .collect::<Vec<_>>();
    let mut g = Grid { rows, row0, col0 };
    while g.rows.last().is_some_and(Vec::is_empty) {
        g.rows.pop();
    }
    g
}

/// An open workbook.
pub struct Book {
    sheets: Sheets<Cursor<Vec<u8>>>,
}

fn open_as(bytes: &[u8], ext: &str) -> Result<Sheets<Cursor<Vec<u8>>>, String> {
    let c = Cursor::new(bytes.to_vec());
    match ext {
        "xls" => open_workbook_from_rs::<Xls<_>, _>(c)
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        "xlsb" => open_workbook_from_rs::<Xlsb<_>, _>(c)
            .map(Sheets::Xlsb)
            .map_err(|e| e.to_string()),
        "ods" => open_workbook_from_rs::<Ods<_>, _>(c)
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        _ => open_workbook_from_rs::<Xlsx<_>, _>(c)
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
    }
}

fn looks_encrypted(bytes: &[u8]) -> bool {
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.starts_with(CFB) && bytes.windows(marker.len()).any(|w| w == marker.as_slice())
}

impl Book {
    /// Opens a workbook from its bytes: by its extension first, then by its content
    /// (a .xls that is really an .xlsx, as WPS sometimes saves, still reads).
    ///
    /// # Errors
    /// Empty, password-protected, or not readable as any workbook format.
    pub fn open(bytes: &[u8], ext: &str) -> Result<Book, OpenFailure> {
        if bytes.is_empty() {
            return Err(OpenFailure::Empty);
        }
        if looks_encrypted(bytes) {
            return Err(OpenFailure::Encrypted);
        }
        let first = guarded(|| open_as(bytes, ext));
        let err = match first {
            Ok(sheets) => return Ok(Book { sheets }),
            Err(e) => e,
        };
        for other in ["xlsx", "xls", "ods", "xlsb"] {
            if other != ext {
                if let Ok(sheets) = guarded(|| open_as(bytes, other)) {
                    return Ok(Book { sheets });
                }
            }
        }
        if err.to_lowercase().contains("password") {
            return Err(OpenFailure::Encrypted);
        }
        Err(OpenFailure::Corrupt(err))
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// Reads one sheet's cells.
    ///
    /// # Errors
    /// The sheet's part of the file is damaged.
    pub fn grid(&mut self, name: &str) -> Result<Grid, String> {
        let sheets = &mut self.sheets;
        guarded(|| {
            sheets
                .worksheet_range(name)
                .map(|r| grid_of(&r))
                .map_err(|e| e.to_string())
        })
    }
}

/// Runs a reader call, turning a panic into an error message.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!("读取程序内部错误 {what}"))
        }
    }
}
