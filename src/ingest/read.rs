//! Reading one return: open it, find its unit and month, and type its rows.
//!
//! [`read_file`] reads a file found below the inputs folder; [`read_bytes`] reads a
//! workbook already in memory (the fuzz targets drive it). Both check the limits of
//! [`guard`] before any reader sees the bytes, return a [`FileOutcome`] and never panic
//! (a reader that does is caught in `workbook`). The binary runs them in worker
//! processes (see `pool`), so that even a reader that aborts costs one file.

use std::io::Read;

use sha2::{Digest, Sha256};

use crate::ingest::discover::FoundFile;
use crate::ingest::guard;
use crate::ingest::identify::identify;
use crate::ingest::locate::{self, find_titles, HeaderLines, TitleMap, DATE_LABELS};
use crate::ingest::tables::{read_table1, read_table2};
use crate::ingest::workbook::{Book, Grid, OpenFailure, SheetError};
use crate::issue::{Issue, Rule};
use crate::model::{FileOutcome, Return};
use crate::normalize::{parse_date, Parsed};
use crate::plan::Plan;
use crate::schema::{Field, Table1Titles};
use crate::validate::Ctx;

/// Reads one file found below the inputs folder: a regular file of at most
/// [`guard::MAX_FILE_BYTES`], read whole, then [`read_bytes`].
pub fn read_file(found: &FoundFile, plan: &Plan) -> FileOutcome {
    match load(found) {
        Ok(bytes) => read_bytes(&bytes, &found.ext, &found.rel, plan),
        Err(issue) => rejected(&found.rel, String::new(), None, vec![*issue]),
    }
}

/// The file's bytes, or why they were not read (not a regular file, too large,
/// unreadable). Never reads more than the limit, even from a file that grows.
fn load(found: &FoundFile) -> Result<Vec<u8>, Box<Issue>> {
    let unreadable = |e: std::io::Error| {
        Box::new(Issue::new(
            Rule::FileUnreadable,
            &found.rel,
            format!("无法读取文件：{}。", crate::exit::io_reason(&e)),
        ))
    };
    let too_large = |m: String| Box::new(Issue::new(Rule::FileTooLarge, &found.rel, m));
    // opened first, then looked at through the handle: one look-up of the path
    let (file, meta) = super::open_nonblocking(&found.path).map_err(unreadable)?;
    if !meta.is_file() {
        let msg = "不是普通文件（可能是设备、管道或链接），未读取。".to_string();
        return Err(Box::new(Issue::new(Rule::FileUnreadable, &found.rel, msg)));
    }
    guard::check_size(meta.len()).map_err(too_large)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(guard::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    guard::check_size(bytes.len() as u64).map_err(too_large)?;
    Ok(bytes)
}

/// Reads one workbook from memory: `ext` is its lower-case extension (it picks the
/// reader to try first), `rel` the name its problems carry.
pub fn read_bytes(bytes: &[u8], ext: &str, rel: &str, plan: &Plan) -> FileOutcome {
    let sha256 = format!("{:x}", Sha256::digest(bytes));
    let guarded = guard::check_size(bytes.len() as u64).and_then(|()| guard::check_zip(bytes));
    if let Err(msg) = guarded {
        let issue = Issue::new(Rule::FileTooLarge, rel, msg);
        return rejected(rel, sha256, None, vec![issue]);
    }
    match Book::open(bytes, ext) {
        Ok(book) => read_book(book, rel, sha256, plan),
        Err(f) => {
            let rule = if f == OpenFailure::Encrypted {
                Rule::FileEncrypted
            } else {
                Rule::FileUnreadable
            };
            rejected(rel, sha256, None, vec![Issue::new(rule, rel, f.message())])
        }
    }
}

/// 表1: its sheet, its cells, and its title rows when found.
type Table1 = (String, Grid, Option<TitleMap<Field>>);

/// Picks 表1: the first candidate sheet whose title row is found; failing that, the
/// first readable candidate. A damaged or chart sheet is passed over while another may
/// be 表1; a sheet over the cell limit rejects the file.
fn choose_table1(
    book: &mut Book<'_>,
    names: &[String],
    rel: &str,
    plan: &Plan,
) -> Result<Table1, Box<Issue>> {
    let candidates = locate::table1_candidates(names);
    if candidates.is_empty() {
        let msg = "工作簿中没有可读的工作表，找不到“表1 综合体基本情况”。";
        return Err(Box::new(Issue::new(Rule::NoTitleRow, rel, msg)));
    }
    let titles = Table1Titles::for_plan(&plan.functions);
    let mut first: Option<(String, Grid)> = None;
    let mut damaged: Option<Issue> = None;
    for name in candidates {
        let grid = match book.grid(name) {
            Ok(g) => g,
            Err(e @ SheetError::TooLarge) => {
                let msg = format!("{}。请删除多余内容后重新报送。", e.message(name));
                return Err(Box::new(
                    Issue::new(Rule::FileTooLarge, rel, msg).sheet(name),
                ));
            }
            Err(e) => {
                let msg = format!("{}。请另存为 .xlsx 后重新报送。", e.message(name));
                damaged.get_or_insert(Issue::new(Rule::FileUnreadable, rel, msg).sheet(name));
                continue;
            }
        };
        if let Some(t) = find_titles(&grid, &|s| titles.field(s), Field::Name, 3) {
            return Ok((name.clone(), grid, Some(t)));
        }
        if first.is_none() {
            first = Some((name.clone(), grid));
        }
    }
    match (first, damaged) {
        (Some((n, g)), _) => Ok((n, g, None)),
        (None, damaged) => Err(Box::new(damaged.unwrap_or_else(|| {
            Issue::new(Rule::NoTitleRow, rel, "工作簿中没有可读的工作表。")
        }))),
    }
}

fn read_book(mut book: Book<'_>, rel: &str, sha256: String, plan: &Plan) -> FileOutcome {
    let names = book.sheet_names();
    let (sheet1, grid1, titles1) = match choose_table1(&mut book, &names, rel, plan) {
        Ok(t) => t,
        Err(issue) => return rejected(rel, sha256, None, vec![*issue]),
    };
    let header_end = titles1
        .as_ref()
        .map(|t| t.first_title_row)
        .unwrap_or(locate::TITLE_SEARCH_ROWS);
    let lines = HeaderLines::of(&grid1);
    let (unit, month, header_warnings) =
        match identify(&lines, &grid1, &sheet1, header_end, rel, plan) {
            Ok(ident) => ident,
            // neither a title row nor a unit or month: not a return at all, and the
            // missing title row is the reason a clerk can act on
            Err((unit, issues))
                if titles1.is_none()
                    && issues
                        .iter()
                        .all(|i| matches!(i.rule, Rule::UnitUnknown | Rule::MonthUnknown)) =>
            {
                let issue = no_title_row(rel, &sheet1).value(String::new());
                return rejected(rel, sha256, unit, vec![issue]);
            }
            Err((unit, issues)) => return rejected(rel, sha256, unit, issues),
        };
    let reported_at = lines.find(DATE_LABELS, 0..grid1.end_row());
    let mut date_issues = Vec::new();
    let reported = reported_at.as_ref().and_then(|l| match parse_date(&l.value) {
        Parsed::Value(d) => Some(d),
        Parsed::Null => None,
        Parsed::Bad(seen) => {
            date_issues.push(
                Issue::new(Rule::ValueUnparsed, rel, format!("报出日期“{seen}”不是可识别的日期，应写成如“2022年7月5日”。已按未填处理。"))
                    .unit(Some(&unit))
                    .sheet(&sheet1)
                    .at(l.row, Some(l.col))
                    .value(seen),
            );
            None
        }
    });
    let body = match titles1 {
        None => Err(vec![no_title_row(rel, &sheet1).unit(Some(&unit))]),
        Some(t1) => {
            let ctx = Ctx {
                plan,
                file: rel,
                sheet: &sheet1,
                unit: &unit,
                month,
            };
            let mut body = read_table1(&grid1, &t1, &ctx);
            body.issues.extend(date_issues);
            body.issues.extend(header_warnings);
            read_table2(&mut book, &names, &mut body, plan, rel, &unit, month);
            Ok(body)
        }
    };
    FileOutcome::Return(Box::new(Return {
        file: rel.to_string(),
        sha256,
        unit,
        month,
        reported,
        reported_cell: reported_at
            .as_ref()
            .filter(|_| reported.is_some())
            .map(|l| (l.row, l.col)),
        body,
    }))
}

/// A rejected file's outcome, every issue carrying the unit when it is known.
pub fn rejected(
    rel: &str,
    sha256: String,
    unit: Option<String>,
    issues: Vec<Issue>,
) -> FileOutcome {
    let issues = issues
        .into_iter()
        .map(|i| i.unit(unit.as_deref()))
        .collect();
    FileOutcome::Rejected {
        file: rel.to_string(),
        sha256,
        unit,
        issues,
    }
}

fn no_title_row(file: &str, sheet: &str) -> Issue {
    Issue::new(
        Rule::NoTitleRow,
        file,
        format!("在工作表“{sheet}”前 15 行中找不到表头（应有“综合体名称”“建设状态”等列标题），不是科技创新综合体月报表。请使用市科技局下发的报表格式。"),
    )
    .sheet(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_have_text() {
        assert_eq!(crate::normalize::Cell::Number(3.0).display(), "3");
    }

    #[test]
    fn bytes_that_are_no_workbook_are_one_rejected_file() {
        let plan = Plan::builtin();
        for (bytes, ext) in [
            (&b""[..], "xlsx"),
            (b"PK\x03\x04junk", "xlsx"),
            (b"\xd0\xcf", "xls"),
        ] {
            match read_bytes(bytes, ext, "a/b.xlsx", &plan) {
                FileOutcome::Rejected { file, issues, .. } => {
                    assert_eq!(file, "a/b.xlsx");
                    assert_eq!(issues.len(), 1);
                    assert!(issues[0].message.contains('文'), "{}", issues[0].message);
                }
                FileOutcome::Return(_) => panic!("{bytes:?} read as a return"),
            }
        }
    }
}
