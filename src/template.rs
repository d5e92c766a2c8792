//! The returns xtic hands out (`xtic template`): blank, or prefilled, for the units to fill in (docs/报表格式.md §十三).
//!
//! The surest way to get returns xtic can read is to hand out the workbook it reads
//! best. The template is laid out from the same column table the reader matches
//! (`crate::schema`), with drop-down lists for every coded column, number checks, input
//! hints, a protected layout and a 填报说明 sheet; a template filled in correctly reads
//! back with no problems. [`build`] takes optional rows so that tests can fill a
//! template exactly as a clerk would.

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Formula, Workbook, Worksheet, XlsxError,
};

use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::report::heading::wrap;
use crate::report::print::Print;
use crate::schema::{Field, ServiceField};
use crate::wording::Form;

mod guide;
mod layout;
pub mod prefill;
mod rows;

use crate::report::table::DEFAULT_ROW;
use layout::{
    code_lists, codes_sheet, list_formula, new_sheet, protect, table1_columns, table2_columns,
    CodeList, Column, Formats, Input,
};
#[cfg(test)]
use rows::choices_message;
use rows::{data_rows, footer, tall_rows};

const SHEET1: &str = "表1 综合体基本情况";
const SHEET2: &str = "表2 服务情况";
const CODES: &str = "代码表";
const GUIDE: &str = "填报说明";
/// Rows a blank template offers (more can be inserted).
const BLANK_ROWS: u32 = 30;
/// Open rows a prefilled form offers below its complexes (at least `BLANK_ROWS` in all).
const OPEN_ROWS: u32 = 10;
/// First column-title row (0-based); titles take two rows.
const TOP: u32 = 3;
/// First data row (0-based).
const FIRST: u32 = TOP + 2;

/// `清河县_2023年01月_科技创新综合体月报表.xlsx`.
pub fn file_name(unit: &str, period: YearMonth) -> String {
    let unit: String = unit
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    format!("{unit}_{}_科技创新综合体月报表.xlsx", period.chinese())
}

/// A value typed into a cell.
#[derive(Debug, Clone)]
pub enum Entry {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// The footer a clerk signs.
#[derive(Debug, Clone)]
pub struct Signature {
    pub head: String,
    pub stats: String,
    pub clerk: String,
    pub phone: String,
    pub reported: NaiveDate,
}

/// What a clerk types into a template: 表1 rows, 表2 rows, the footer. The blank
/// template is `Fill::default()`.
#[derive(Debug, Clone, Default)]
pub struct Fill {
    pub complexes: Vec<Vec<(Field, Entry)>>,
    pub services: Vec<Vec<(ServiceField, Entry)>>,
    pub signature: Option<Signature>,
    /// The first rows of 表1 and 表2 are complexes carried over from an earlier
    /// return: their 编号 and 名称 cells are locked (a rename goes in 备注), the sheets
    /// get filters, and open rows follow for new complexes.
    pub prefilled: usize,
    /// The month of the return the prefilled rows come from.
    pub source: Option<YearMonth>,
}

/// The return workbook for `unit` and `period`, with `fill` typed into it.
///
/// # Errors
/// rust_xlsxwriter refuses a value (a plan with names too long for a sheet list).
pub fn build(
    plan: &Plan,
    unit: &str,
    period: YearMonth,
    fill: &Fill,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let open = if fill.prefilled > 0 {
        fill.prefilled as u32 + OPEN_ROWS
    } else {
        0
    };
    let rows = BLANK_ROWS
        .max(fill.complexes.len().max(fill.services.len()) as u32)
        .max(open);
    let codes = code_lists(plan, unit);
    let ctx = Ctx {
        plan,
        unit,
        period,
        rows,
        prefilled: fill.prefilled as u32,
        source: fill.source,
        f: &f,
        codes: &codes,
    };
    let mut wb = Workbook::new();
    // the report's default font: column widths print the same in every xtic workbook
    let default = rust_xlsxwriter::Format::new()
        .set_font_name(crate::report::table::FONT)
        .set_font_size(10.5);
    wb.set_default_format(&default, 20, 64)?;
    let next = period.next();
    let created =
        ExcelDateTime::from_ymd(next.year as u16, next.month as u8, 1)?.and_hms(8, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(plan.wording().form_title(Form::Complexes))
            .set_subject(format!("{unit} {}", period.chinese_short()))
            .set_author(plan.authority.as_str())
            .set_company(plan.authority.as_str())
            .set_creation_datetime(&created),
    );
    wb.push_worksheet(table1(&ctx, fill)?);
    wb.push_worksheet(table2(&ctx, fill)?);
    wb.push_worksheet(codes_sheet(&codes, &f)?);
    wb.push_worksheet(guide::sheet(&ctx)?);
    wb.save_to_buffer()
}

/// What every sheet builder needs.
struct Ctx<'a> {
    plan: &'a Plan,
    unit: &'a str,
    period: YearMonth,
    /// Data rows on 表1 and 表2.
    rows: u32,
    /// Leading rows carried over from an earlier return (keys locked).
    prefilled: u32,
    /// The month of that return.
    source: Option<YearMonth>,
    f: &'a Formats,
    codes: &'a [CodeList],
}

/// Title, 表号 / 制表机关, 填报单位 / 报告期, in the plan's words.
fn header_block(ws: &mut Worksheet, ctx: &Ctx, form: Form, ncols: u16) -> Result<(), XlsxError> {
    let f = ctx.f;
    let w = ctx.plan.wording();
    let last = ncols - 1;
    let right = ncols.saturating_sub(8).max(6);
    ws.merge_range(0, 0, 0, last, &w.form_title(form), &f.title)?;
    ws.set_row_height(0, 32)?;
    // 表号 and 填报单位 over the columns repeated on every page across
    let number = format!("表    号：{}", w.form_number(form));
    ws.merge_range(1, 0, 1, 2, &number, &f.info)?;
    ws.merge_range(1, right, 1, last, &w.authority_line(), &f.info)?;
    let unit = format!("填报单位：{}科技局", ctx.unit);
    ws.merge_range(2, 0, 2, 2, &unit, &f.info)?;
    let period = format!("报告期：{}", ctx.period.chinese_short());
    ws.merge_range(2, right, 2, last, &period, &f.info)?;
    Ok(())
}

/// Two title rows: a group title merged over its columns, other titles merged down.
/// Titles break between words; a column is widened to its longest word. Returns the
/// column widths.
fn headings(ws: &mut Worksheet, cols: &[Column], f: &Formats) -> Result<Vec<f64>, XlsxError> {
    let mut titles = Vec::with_capacity(cols.len());
    let mut widths = Vec::with_capacity(cols.len());
    // the second row holds a group's sub-titles; a title merged over both rows also
    // has the first row's 22 points
    let mut second = 30.0_f64;
    for (c, col) in cols.iter().enumerate() {
        let (title, width) = if col.stacked {
            (col.title.clone(), col.width)
        } else {
            wrap(&col.title, col.width)
        };
        let need = if col.stacked {
            13.0 * title.chars().count() as f64 + 8.0
        } else {
            14.0 * title.lines().count() as f64 + 6.0
        };
        second = second.max(if col.group.is_some() {
            need
        } else {
            need - 22.0
        });
        ws.set_column_width(c as u16, width)?;
        titles.push(title);
        widths.push(width);
    }
    ws.set_row_height(TOP, 22)?;
    ws.set_row_height(TOP + 1, second)?;
    let heads: Vec<(&str, Option<&str>, bool)> = cols
        .iter()
        .zip(&titles)
        .map(|(c, t)| (t.as_str(), c.group, c.stacked))
        .collect();
    two_row_heading(ws, &heads, f)?;
    Ok(widths)
}

/// The two heading rows at `TOP`, stacked titles in vertical characters.
fn two_row_heading(
    ws: &mut Worksheet,
    heads: &[(&str, Option<&str>, bool)],
    f: &Formats,
) -> Result<(), XlsxError> {
    let plain: Vec<(&str, Option<&str>)> = heads.iter().map(|(t, g, _)| (*t, *g)).collect();
    crate::report::table::two_row_heading(ws, TOP, &plain, &f.head)?;
    for (c, (t, group, stacked)) in heads.iter().enumerate() {
        if *stacked {
            let row = if group.is_some() { TOP + 1 } else { TOP };
            ws.write_string_with_format(row, c as u16, *t, &f.head_stacked)?;
        }
    }
    Ok(())
}

/// 表1's print: too wide for a page, it is split across pages of A3 with 序号, 编号
/// and 名称 on each, a page starting where a group of columns does.
fn table1_print(cols: &[Column], widths: Vec<f64>) -> Print {
    let mut starts: Vec<u16> = Vec::new();
    for (c, pair) in cols.windows(2).enumerate() {
        if pair[1].group.is_some() && pair[1].group != pair[0].group {
            starts.push(c as u16 + 1);
        }
    }
    Print::new(widths).repeat(TOP, TOP + 1).keys(3, &starts)
}

/// The positions of `fields` among a sheet's columns.
fn key_columns<F: PartialEq + Copy, C>(defs: &[(Option<F>, C)], fields: &[F]) -> Vec<usize> {
    defs.iter()
        .enumerate()
        .filter(|(_, (d, _))| d.is_some_and(|d| fields.contains(&d)))
        .map(|(c, _)| c)
        .collect()
}

/// The sheet's protection; a prefilled form also gets a filter over its titles and
/// rows, which the protection lets the clerk use.
fn filters(ws: &mut Worksheet, ctx: &Ctx, ncols: u16) -> Result<(), XlsxError> {
    if ctx.prefilled == 0 {
        protect(ws, false);
        return Ok(());
    }
    ws.autofilter(TOP + 1, 0, FIRST + ctx.rows - 1, ncols - 1)?;
    protect(ws, true);
    Ok(())
}

/// The filled values of each row, keyed by the column they go in.
fn place_fill<'a, F: PartialEq + Copy, C>(
    defs: &[(Option<F>, C)],
    rows: &'a [Vec<(F, Entry)>],
) -> Vec<Vec<(usize, &'a Entry)>> {
    rows.iter()
        .map(|row| {
            row.iter()
                .filter_map(|(field, e)| {
                    defs.iter()
                        .position(|(d, _)| *d == Some(*field))
                        .map(|c| (c, e))
                })
                .collect()
        })
        .collect()
}

fn table1(ctx: &Ctx, fill: &Fill) -> Result<Worksheet, XlsxError> {
    let defs = table1_columns(ctx.plan);
    let cols: Vec<Column> = defs.iter().map(|(_, c)| c.clone_shape()).collect();
    let ncols = cols.len() as u16;
    let mut ws = new_sheet(SHEET1)?;
    let print = table1_print(&cols, headings(&mut ws, &cols, ctx.f)?);
    // the title block over the first page across
    let first_page = print.layout().col_breaks.first().copied().unwrap_or(ncols);
    header_block(&mut ws, ctx, Form::Complexes, first_page)?;
    let filled = place_fill(&defs, &fill.complexes);
    let keys = key_columns(&defs, &[Field::Id, Field::Name]);
    data_rows(&mut ws, ctx, &cols, &filled, &keys)?;
    // Columns 3..=10 lie in the schema's fixed head, whatever the plan's functions, on
    // the first printed page and right of the columns every page repeats.
    let slots = [
        ("单位负责人：", 0, 3, 4, 4),
        ("统计负责人：", 0, 5, 6, 7),
        ("填表人：", 0, 8, 9, 10),
        ("联系电话：", 1, 3, 4, 4),
        ("报出日期：", 1, 5, 6, 7),
    ];
    let sign = fill.signature.as_ref().map(|s| {
        vec![
            Entry::Text(s.head.clone()),
            Entry::Text(s.stats.clone()),
            Entry::Text(s.clerk.clone()),
            Entry::Text(s.phone.clone()),
            Entry::Date(s.reported),
        ]
    });
    footer(&mut ws, ctx, &slots, sign)?;
    ws.set_freeze_panes(FIRST, 3)?;
    print.apply(&mut ws)?;
    filters(&mut ws, ctx, ncols)?;
    Ok(ws)
}

fn table2(ctx: &Ctx, fill: &Fill) -> Result<Worksheet, XlsxError> {
    let defs = table2_columns();
    let cols: Vec<Column> = defs.iter().map(|(_, c)| c.clone_shape()).collect();
    let ncols = cols.len() as u16;
    let filled = place_fill(&defs, &fill.services);
    // rows made taller by wrapped prefilled names cost blank rows at the bottom, so that
    // the form still prints on one page with its signature line
    let added: f64 = tall_rows(ctx, &cols, &filled)
        .iter()
        .map(|(_, h)| h - DEFAULT_ROW)
        .sum();
    let fewer = (added / DEFAULT_ROW).ceil() as u32;
    let rows = ctx
        .rows
        .saturating_sub(fewer)
        .max(ctx.prefilled + OPEN_ROWS);
    let ctx = &Ctx { rows, ..*ctx };
    let mut ws = new_sheet(SHEET2)?;
    header_block(&mut ws, ctx, Form::Services, ncols)?;
    let widths = headings(&mut ws, &cols, ctx.f)?;
    let keys = key_columns(&defs, &[ServiceField::Id, ServiceField::Name]);
    data_rows(&mut ws, ctx, &cols, &filled, &keys)?;
    let slots = [("填表人：", 0, 0, 2, 2), ("联系电话：", 0, 3, 5, 6)];
    let sign = fill
        .signature
        .as_ref()
        .map(|s| vec![Entry::Text(s.clerk.clone()), Entry::Text(s.phone.clone())]);
    footer(&mut ws, ctx, &slots, sign)?;
    ws.set_freeze_panes(FIRST, 3)?;
    Print::new(widths).repeat(TOP, TOP + 1).apply(&mut ws)?;
    filters(&mut ws, ctx, ncols)?;
    Ok(ws)
}

#[cfg(test)]
mod tests;
