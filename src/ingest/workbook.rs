//! Opening a workbook of any supported format, from bytes, with every failure (and any
//! panic inside a reader) turned into a reason a clerk can act on.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{open_workbook_from_rs, Data, DataRef, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

pub use crate::ingest::grid::{Grid, TooManyCells, MAX_CELLS};
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

/// Converts a calamine value; date-formatted numbers become dates.
pub fn cell_of(data: &Data) -> Cell {
    cell_from(data.clone())
}

/// [`cell_of`], taking the value: its text is moved, not copied.
pub fn cell_from(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(i as f64),
        Data::Float(f) => Cell::Number(f),
        Data::String(s) => Cell::Text(s),
        Data::Bool(b) => Cell::Bool(b),
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
            match NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s),
            }
        }
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// The cells of a range a reader built whole (.xls and .ods read every sheet at once).
fn grid_of(range: &Range<Data>) -> Result<Grid, TooManyCells> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    Grid::from_cells(
        range
            .used_cells()
            .map(|(r, c, v)| (row0 + r as u32, col0 + c as u32, cell_of(v))),
    )
}

/// Why a sheet could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetError {
    /// The sheet's part of the file is damaged (the reader's words).
    Damaged(String),
    /// More than [`MAX_CELLS`] cells hold something.
    TooLarge,
}

impl SheetError {
    /// What is wrong with sheet `name`, as a clause of a Chinese message.
    pub fn message(&self, name: &str) -> String {
        match self {
            SheetError::Damaged(e) => format!("工作表“{name}”已损坏，无法读取（{e}）"),
            SheetError::TooLarge => format!(
                "工作表“{name}”中有内容的单元格超过 {MAX_CELLS} 个（xtic 的上限），远超月报表的规模，未读取"
            ),
        }
    }
}

/// Reads a sheet cell by cell (.xlsx, .xlsb), never building the dense rows × columns
/// range that a stray cell far below the table would make huge.
fn grid_streamed<'a, E: ToString>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
) -> Result<Grid, SheetError> {
    let mut failure = None;
    let cells = std::iter::from_fn(|| match next() {
        Ok(Some(c)) => {
            let (r, col) = c.get_position();
            Some((r, col, cell_from(Data::from(c.get_value().clone()))))
        }
        Ok(None) => None,
        Err(e) => {
            failure = Some(e.to_string());
            None
        }
    });
    let grid = Grid::from_cells(cells).map_err(|TooManyCells| SheetError::TooLarge)?;
    match failure {
        Some(e) => Err(SheetError::Damaged(e)),
        None => Ok(grid),
    }
}

/// An open workbook, reading from the file's bytes where they are (no copy).
pub struct Book<'b> {
    sheets: Sheets<Cursor<&'b [u8]>>,
}

fn open_as<'b>(bytes: &'b [u8], ext: &str) -> Result<Sheets<Cursor<&'b [u8]>>, String> {
    let c = Cursor::new(bytes);
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

impl<'b> Book<'b> {
    /// Opens a workbook from its bytes: by its extension first, then by its content
    /// (a .xls that is really an .xlsx, as WPS sometimes saves, still reads).
    ///
    /// # Errors
    /// Empty, password-protected, or not readable as any workbook format.
    pub fn open(bytes: &'b [u8], ext: &str) -> Result<Book<'b>, OpenFailure> {
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
    pub fn grid(&mut self, name: &str) -> Result<Grid, SheetError> {
        let sheets = &mut self.sheets;
        match guarded(|| Ok(read_sheet(sheets, name))) {
            Ok(r) => r,
            Err(panic) => Err(SheetError::Damaged(panic)),
        }
    }
}

fn read_sheet(sheets: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Result<Grid, SheetError> {
    let damaged = |e: &dyn std::fmt::Display| SheetError::Damaged(e.to_string());
    let dense = |r: Range<Data>| grid_of(&r).map_err(|TooManyCells| SheetError::TooLarge);
    match sheets {
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(name) {
            Ok(mut reader) => grid_streamed(|| reader.next_cell()),
            Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Grid::default()),
            Err(e) => Err(damaged(&e)),
        },
        Sheets::Xlsb(x) => match x.worksheet_cells_reader(name) {
            Ok(mut reader) => grid_streamed(|| reader.next_cell()),
            Err(e) => Err(damaged(&e)),
        },
        other => other
            .worksheet_range(name)
            .map_err(|e| damaged(&e))
            .and_then(dense),
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
