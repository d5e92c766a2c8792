//! 退回 workbooks (docs/报表格式.md §十一, item 4): for each unit with problems, a workbook listing its
//! own problems with file and cell, for the clerk to correct and send again.

use anyhow::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::issue::Issue;
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::report::print::Print;
use crate::report::table::{Formats, Table, FONT};
use crate::report::xlsx::{problem_cols, problem_rows};
use crate::wording::glossary::{ERROR, WARNING};

/// File name of a unit's feedback workbook.
pub fn file_name(unit: &str, p: YearMonth) -> String {
    format!("{unit}_数据问题_{}.xlsx", p.chinese())
}

/// Builds one unit's feedback workbook.
///
/// # Errors
/// rust_xlsxwriter failures.
pub fn build(unit: &str, issues: &[&Issue], p: YearMonth, plan: &Plan) -> Result<Vec<u8>> {
    let authority = plan.authority.as_str();
    let mut wb = Workbook::new();
    let next = p.next();
    let when = ExcelDateTime::from_ymd(next.year as u16, next.month as u8, 1)?.and_hms(9, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{unit}报表数据问题（{}）", p.chinese_short()))
            .set_author(authority)
            .set_creation_datetime(&when),
    );
    // the report's default font, so that columns are as wide as the report's
    let default = rust_xlsxwriter::Format::new()
        .set_font_name(FONT)
        .set_font_size(10.5);
    wb.set_default_format(&default, 20, 64)?;
    let f = Formats::new();
    let ws = wb.add_worksheet();
    ws.set_name("数据问题")?;
    let errors = issues.iter().filter(|i| i.is_error()).count();
    let t = Table {
        title: format!("{unit}科技创新综合体月报表数据问题清单（{}）", p.chinese_short()),
        subtitle: format!("制表机关：{authority}　　　共 {} 条：{ERROR} {errors} 条（该行或该文件未计入统计），{WARNING} {} 条（已计入统计，请核实）", issues.len(), issues.len() - errors),
        unit_line: None,
        cols: problem_cols(),
        rows: problem_rows(issues),
        total: None,
        notes: plan.wording().feedback_notes(issues, p),
        formats: &f,
    };
    let placed = t.write(ws, 0)?;
    placed.filter(ws)?;
    ws.set_freeze_panes(placed.first_row, 0)?;
    Print::new(t.widths())
        .repeat(placed.head_row, placed.head_row)
        .apply(ws)?;
    Ok(wb.save_to_buffer()?)
}
