//! Writes one return as a clerk's workbook: the header block, the column titles (one
//! row, or two with merged groups), the rows, a 合计 row and the footer, in the habits
//! (`Style`) of the clerk who filled it in.

use chrono::Datelike;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};

use super::month::{status_word, ReturnDoc, Row1, Row2};
use super::scenario::Status;
use super::style::{MonthForm, Style};
use super::Forms;
use crate::normalize::{column_letters, format_number, YearMonth};
use crate::schema::{Field, FUNCTION_GROUP, MEASURES, SERVICE_GROUP, TABLE1_HEAD, TABLE1_TAIL};

pub(super) const SHEET1: &str = "表1 综合体基本情况";
pub(super) const SHEET2: &str = "表2 服务情况";

/// A value as it goes into a cell.
enum Val {
    Text(String),
    /// A number with this many decimals shown.
    Num(Option<f64>, usize),
    Month(Option<YearMonth>),
    YesNo(bool),
}

struct Formats {
    title: Format,
    info: Format,
    info_date: Format,
    head: Format,
    text: Format,
    center: Format,
    num0: Format,
    num1: Format,
    month: Format,
    total_label: Format,
    total0: Format,
    total1: Format,
    foot: Format,
    foot_date: Format,
}

impl Formats {
    fn new() -> Formats {
        let (base, cell, title) = crate::report::table::base_formats(10.0);
        Formats {
            title,
            info: base.clone().set_align(FormatAlign::Left),
            info_date: base
                .clone()
                .set_align(FormatAlign::Left)
                .set_num_format("yyyy\"年\"m\"月\""),
            head: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(0xF2F2F2),
            text: cell.clone(),
            center: cell.clone().set_align(FormatAlign::Center),
            num0: cell.clone().set_num_format("#,##0"),
            num1: cell.clone().set_num_format("#,##0.0"),
            month: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("yyyy\"年\"m\"月\""),
            total_label: cell.clone().set_bold().set_align(FormatAlign::Center),
            total0: cell.clone().set_bold().set_num_format("#,##0"),
            total1: cell.clone().set_bold().set_num_format("#,##0.0"),
            foot: base.clone().set_align(FormatAlign::Left),
            foot_date: base
                .set_align(FormatAlign::Left)
                .set_num_format("yyyy\"年\"m\"月\"d\"日\""),
        }
    }
}

/// The workbook's bytes.
///
/// # Errors
/// rust_xlsxwriter refuses a value (not expected for what the sample writes).
pub(super) fn write(doc: &ReturnDoc, forms: &Forms) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let next = doc.month.next();
    let created =
        ExcelDateTime::from_ymd(next.year as u16, next.month as u8, 1)?.and_hms(9, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(forms.titles[0].as_str())
            .set_author(doc.people[2].as_str())
            .set_company(doc.unit_label.as_str())
            .set_creation_datetime(&created),
    );
    wb.push_worksheet(table1(doc, forms, &f)?);
    if doc.table2.is_some() {
        wb.push_worksheet(table2(doc, forms, &f)?);
    }
    wb.save_to_buffer()
}

fn new_sheet(name: &str) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    Ok(ws)
}

/// Title, 表号 / 制表机关, 填报单位 / 报告期; returns the first free row.
fn header_block(
    ws: &mut Worksheet,
    (doc, f): (&ReturnDoc, &Formats),
    forms: &Forms,
    which: usize,
    ncols: u16,
) -> Result<u32, XlsxError> {
    let last = ncols - 1;
    let right = ncols.saturating_sub(6).max(5);
    ws.merge_range(0, 0, 0, last, &forms.titles[which], &f.title)?;
    ws.set_row_height(0, 30)?;
    let number = format!("表    号：{}", forms.numbers[which]);
    ws.merge_range(1, 0, 1, 4, &number, &f.info)?;
    ws.merge_range(1, right, 1, last, &forms.authority, &f.info)?;
    ws.merge_range(
        2,
        0,
        2,
        4,
        &format!("填报单位：{}", doc.unit_label),
        &f.info,
    )?;
    if doc.style.period_date_cell {
        ws.write_string_with_format(2, right, "报告期：", &f.info)?;
        ws.merge_range(2, right + 1, 2, last, "", &f.info_date)?;
        let d = ExcelDateTime::from_ymd(doc.month.year as u16, doc.month.month as u8, 1)?;
        ws.write_datetime_with_format(2, right + 1, &d, &f.info_date)?;
    } else {
        let text = format!("报告期：{}", doc.month.chinese_short());
        ws.merge_range(2, right, 2, last, &text, &f.info)?;
    }
    Ok(3)
}

/// A column: its field, title, group title (two-row headings only) and width.
pub(super) struct Column {
    /// None on 表2.
    pub field: Option<Field>,
    pub title: String,
    pub group: Option<&'static str>,
    pub width: f64,
}

pub(super) fn table1_columns(style: &Style, functions: &[String]) -> Vec<Column> {
    let titled = |t: &str| {
        if style.wrap_titles {
            t.replacen('（', "\n（", 1)
        } else {
            t.to_string()
        }
    };
    let mut cols = Vec::new();
    for def in TABLE1_HEAD
        .iter()
        .filter(|d| style.unit_column || d.field != Field::Unit)
    {
        let (title, group) = match def.group {
            Some(g) if style.two_row => {
                (def.title.trim_end_matches("（万元）").to_string(), Some(g))
            }
            _ => (titled(def.title), None),
        };
        cols.push(Column {
            field: Some(def.field),
            title,
            group,
            width: width_of(def.field),
        });
    }
    for (i, name) in functions.iter().enumerate() {
        cols.push(Column {
            field: Some(Field::Function(i)),
            title: name.clone(),
            group: style.two_row.then_some(FUNCTION_GROUP),
            width: 5.5,
        });
    }
    for def in TABLE1_TAIL {
        cols.push(Column {
            field: Some(def.field),
            title: titled(def.title),
            group: None,
            width: width_of(def.field),
        });
    }
    cols
}

fn width_of(field: Field) -> f64 {
    match field {
        Field::Seq => 5.0,
        Field::Id => 12.0,
        Field::Name => 36.0,
        Field::Host => 32.0,
        Field::Unit | Field::Industry | Field::OperatingModel => 12.0,
        Field::Started | Field::Built => 11.0,
        Field::Note => 22.0,
        _ => 9.5,
    }
}

/// Writes the column titles from row `top`; returns the first data row.
fn headings(
    ws: &mut Worksheet,
    cols: &[Column],
    top: u32,
    two_row: bool,
    f: &Formats,
) -> Result<u32, XlsxError> {
    for (c, col) in cols.iter().enumerate() {
        ws.set_column_width(c as u16, col.width)?;
    }
    if !two_row {
        ws.set_row_height(top, 42)?;
        for (c, col) in cols.iter().enumerate() {
            ws.write_string_with_format(top, c as u16, &col.title, &f.head)?;
        }
        return Ok(top + 1);
    }
    ws.set_row_height(top, 24)?;
    ws.set_row_height(top + 1, 36)?;
    let heads: Vec<(&str, Option<&str>)> =
        cols.iter().map(|c| (c.title.as_str(), c.group)).collect();
    crate::report::table::two_row_heading(ws, top, &heads, &f.head)?;
    Ok(top + 2)
}

fn value1(doc: &ReturnDoc, seq: usize, r: &Row1, field: Field) -> Val {
    let text = |s: &str| Val::Text(s.to_string());
    match field {
        Field::Seq => Val::Num(Some(seq as f64), 0),
        Field::Id => text(&r.id),
        Field::Name => text(&r.name),
        Field::Unit => text(&doc.unit_cell),
        Field::Host => text(&r.host),
        Field::Industry => text(&r.industry),
        Field::BuildMode => text(r.build_mode),
        Field::Funding => text(r.funding),
        Field::OperatingModel => text(r.model),
        Field::Status => match r.status {
            Status::Built => text(doc.style.built_word),
            s => text(status_word(s)),
        },
        Field::Started => Val::Month(r.started),
        Field::Built => Val::Month(r.built),
        Field::Area => Val::Num(r.area, 0),
        Field::InvestPlanned => Val::Num(r.invest_planned, 1),
        Field::InvestDone => Val::Num(r.invest_done, 1),
        Field::InvestGov => Val::Num(r.invest_gov, 1),
        Field::InvestPrivate => Val::Num(r.invest_private, 1),
        Field::Function(i) => Val::YesNo(r.functions.get(i).copied().unwrap_or(false)),
        Field::ResidentOrgs => Val::Num(r.resident_orgs, 0),
        Field::Assessment => match r.assessment {
            Some(a) => text(a),
            None if doc.style.explicit_unassessed => text("未考核"),
            None => text(""),
        },
        Field::Note => text(&r.note),
    }
}

/// `1200.5` as a clerk types it into a text cell: `1,200.5`.
fn spelled(v: f64, decimals: usize) -> String {
    let s = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.decimals$}")
    };
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

fn month_text(m: YearMonth, form: MonthForm) -> String {
    match form {
        MonthForm::Dash => format!("{}-{:02}", m.year, m.month),
        _ => m.chinese_short(),
    }
}

fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    val: &Val,
    style: &Style,
    f: &Formats,
) -> Result<(), XlsxError> {
    match val {
        Val::Text(s) if s.is_empty() => ws.write_blank(row, col, &f.text)?,
        Val::Text(s) if s.chars().count() <= 6 => {
            ws.write_string_with_format(row, col, s, &f.center)?
        }
        Val::Text(s) => ws.write_string_with_format(row, col, s, &f.text)?,
        Val::Num(None, _) => ws.write_blank(row, col, &f.text)?,
        Val::Num(Some(v), d) if style.text_numbers => {
            ws.write_string_with_format(row, col, spelled(*v, *d), &f.center)?
        }
        Val::Num(Some(v), 0) => ws.write_number_with_format(row, col, *v, &f.num0)?,
        Val::Num(Some(v), _) => ws.write_number_with_format(row, col, *v, &f.num1)?,
        Val::Month(None) => ws.write_blank(row, col, &f.text)?,
        Val::Month(Some(m)) if style.month_form == MonthForm::Date => {
            let d = ExcelDateTime::from_ymd(m.year as u16, m.month as u8, 1)?;
            ws.write_datetime_with_format(row, col, &d, &f.month)?
        }
        Val::Month(Some(m)) => {
            ws.write_string_with_format(row, col, month_text(*m, style.month_form), &f.center)?
        }
        Val::YesNo(yes) => match (yes, style.tick_yes_no) {
            (true, true) => ws.write_string_with_format(row, col, "√", &f.center)?,
            (false, true) => ws.write_blank(row, col, &f.center)?,
            (true, false) => ws.write_string_with_format(row, col, "是", &f.center)?,
            (false, false) => ws.write_string_with_format(row, col, "否", &f.center)?,
        },
    };
    Ok(())
}

/// Where a table's rows are: data from `first` to the 合计 row `total`, over `ncols`
/// columns, the name in `name_col`.
struct Shape {
    first: u32,
    total: u32,
    ncols: u16,
    name_col: u16,
}

/// A column to total: where it is, how many decimals it shows, its rows' values.
type Sum = (u16, usize, Vec<Option<f64>>);

/// The 合计 row: the label in the 序号 (merged up to the name) or the name column, and
/// a SUM (with its cached result) under each numeric column.
fn total_row(
    ws: &mut Worksheet,
    t: &Shape,
    sums: &[Sum],
    style: &Style,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (row, first_data, ncols, name_col) = (t.total, t.first, t.ncols, t.name_col);
    let label = if style.spaced_total {
        "合  计"
    } else {
        "合计"
    };
    for c in 0..ncols {
        ws.write_blank(row, c, &f.text)?;
    }
    if style.total_in_name {
        ws.write_string_with_format(row, name_col, label, &f.total_label)?;
    } else {
        ws.merge_range(row, 0, row, name_col, label, &f.total_label)?;
    }
    for (col, decimals, values) in sums {
        let sum: f64 = values.iter().flatten().sum();
        // adding 0.0 turns the -0.0 of an empty sum into 0
        let sum = (sum * 100.0).round() / 100.0 + 0.0;
        let fmt = if *decimals == 0 { &f.total0 } else { &f.total1 };
        if style.text_numbers {
            ws.write_string_with_format(row, *col, spelled(sum, *decimals), &f.total_label)?;
        } else if row > first_data {
            let letters = column_letters(u32::from(*col));
            let formula = Formula::new(format!(
                "=SUM({letters}{}:{letters}{})",
                first_data + 1,
                row
            ))
            .set_result(format_number(sum));
            ws.write_formula_with_format(row, *col, formula, fmt)?;
        } else {
            ws.write_number_with_format(row, *col, 0.0, fmt)?;
        }
    }
    Ok(())
}

fn table1(doc: &ReturnDoc, forms: &Forms, f: &Formats) -> Result<Worksheet, XlsxError> {
    let style = &doc.style;
    let cols = table1_columns(style, &forms.functions);
    let ncols = cols.len() as u16;
    let mut ws = new_sheet(SHEET1)?;
    let top = header_block(&mut ws, (doc, f), forms, 0, ncols)?;
    let first = headings(&mut ws, &cols, top, style.two_row, f)?;
    let mut row = first;
    for (i, r) in doc.table1.iter().enumerate() {
        for (c, col) in cols.iter().enumerate() {
            if let Some(field) = col.field {
                put(
                    &mut ws,
                    row,
                    c as u16,
                    &value1(doc, i + 1, r, field),
                    style,
                    f,
                )?;
            }
        }
        row += 1;
    }
    let summed = [
        Field::Area,
        Field::InvestPlanned,
        Field::InvestDone,
        Field::InvestGov,
        Field::InvestPrivate,
        Field::ResidentOrgs,
    ];
    let sums: Vec<Sum> = cols
        .iter()
        .enumerate()
        .filter_map(|(c, col)| col.field.filter(|fd| summed.contains(fd)).map(|fd| (c, fd)))
        .map(|(c, field)| {
            let values = doc
                .table1
                .iter()
                .map(|r| match value1(doc, 0, r, field) {
                    Val::Num(v, _) => v,
                    _ => None,
                })
                .collect();
            let decimals = if matches!(field, Field::Area | Field::ResidentOrgs) {
                0
            } else {
                1
            };
            (c as u16, decimals, values)
        })
        .collect();
    let name_col = cols
        .iter()
        .position(|c| c.field == Some(Field::Name))
        .unwrap_or(2) as u16;
    let shape = Shape {
        first,
        total: row,
        ncols,
        name_col,
    };
    total_row(&mut ws, &shape, &sums, style, f)?;
    footer(&mut ws, doc, row + 2, ncols, true, f)?;
    if style.notes_row {
        ws.write_string_with_format(
            row + 3,
            0,
            "注：1.建设状态填写“谋划”“在建”或“建成运营”；2.具备的功能填“√”或“是”；3.金额单位为万元，面积单位为平方米。",
            &f.foot,
        )?;
    }
    Ok(ws)
}

/// 单位负责人 … 报出日期 on one line (表2 gives only 填表人 and 联系电话).
fn footer(
    ws: &mut Worksheet,
    doc: &ReturnDoc,
    row: u32,
    ncols: u16,
    full: bool,
    f: &Formats,
) -> Result<(), XlsxError> {
    let step = (ncols / 5).max(2);
    let [head, stats, clerk] = &doc.people;
    if !full {
        ws.write_string_with_format(row, 0, format!("填表人：{clerk}"), &f.foot)?;
        ws.write_string_with_format(row, step * 2, format!("联系电话：{}", doc.phone), &f.foot)?;
        return Ok(());
    }
    ws.write_string_with_format(row, 0, format!("单位负责人：{head}"), &f.foot)?;
    ws.write_string_with_format(row, step, format!("统计负责人：{stats}"), &f.foot)?;
    ws.write_string_with_format(row, step * 2, format!("填表人：{clerk}"), &f.foot)?;
    ws.write_string_with_format(row, step * 3, format!("联系电话：{}", doc.phone), &f.foot)?;
    let at = (step * 4).min(ncols - 4);
    match doc.submitted {
        None => {
            ws.write_string_with_format(row, at, "报出日期：", &f.foot)?;
        }
        Some(d) if doc.style.submitted_date_cell => {
            ws.write_string_with_format(row, at, "报出日期：", &f.foot)?;
            ws.merge_range(row, at + 1, row, at + 3, "", &f.foot_date)?;
            let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, at + 1, &x, &f.foot_date)?;
        }
        Some(d) => {
            let text = format!("报出日期：{}年{}月{}日", d.year(), d.month(), d.day());
            ws.write_string_with_format(row, at, &text, &f.foot)?;
        }
    }
    Ok(())
}

fn table2(doc: &ReturnDoc, forms: &Forms, f: &Formats) -> Result<Worksheet, XlsxError> {
    let rows: &[Row2] = doc.table2.as_deref().unwrap_or_default();
    let style = &doc.style;
    let cols = table2_columns(style);
    let ncols = cols.len() as u16;
    let mut ws = new_sheet(SHEET2)?;
    let top = header_block(&mut ws, (doc, f), forms, 1, ncols)?;
    let first = headings(&mut ws, &cols, top, style.services_group, f)?;
    let mut row = first;
    for (i, r) in rows.iter().enumerate() {
        let seq = Val::Num(Some((i + 1) as f64), 0);
        put(&mut ws, row, 0, &seq, style, f)?;
        put(&mut ws, row, 1, &Val::Text(r.id.clone()), style, f)?;
        put(&mut ws, row, 2, &Val::Text(r.name.clone()), style, f)?;
        for (j, v) in r.values.iter().enumerate() {
            let value = Val::Num(*v, if MEASURES[j].integer { 0 } else { 1 });
            put(&mut ws, row, 3 + j as u16, &value, style, f)?;
        }
        row += 1;
    }
    let sums: Vec<Sum> = MEASURES
        .iter()
        .enumerate()
        .map(|(j, m)| {
            let values = rows
                .iter()
                .map(|r| r.values.get(j).copied().flatten())
                .collect();
            (3 + j as u16, if m.integer { 0 } else { 1 }, values)
        })
        .collect();
    let shape = Shape {
        first,
        total: row,
        ncols,
        name_col: 2,
    };
    total_row(&mut ws, &shape, &sums, style, f)?;
    footer(&mut ws, doc, row + 2, ncols, false, f)?;
    Ok(ws)
}

/// 表2's columns: 序号, 编号, 名称 and the ten measures, titled in the clerk's style.
fn table2_columns(style: &Style) -> Vec<Column> {
    let plain = |title: &str, width| Column {
        field: None,
        title: title.into(),
        group: None,
        width,
    };
    let mut cols = vec![
        plain("序号", 6.0),
        plain("综合体编号", 12.0),
        plain("综合体名称", 36.0),
    ];
    for m in &MEASURES {
        let sep = if style.wrap_titles { "\n" } else { "" };
        cols.push(Column {
            field: None,
            title: format!("{}{sep}（{}）", m.title, m.unit),
            group: style.services_group.then_some(SERVICE_GROUP),
            width: 11.0,
        });
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_spelled_as_clerks_type_them() {
        assert_eq!(spelled(1200.5, 1), "1,200.5");
        assert_eq!(spelled(35.0, 0), "35");
        assert_eq!(spelled(1234567.0, 1), "1,234,567");
        assert_eq!(spelled(999.0, 0), "999");
        assert_eq!(spelled(0.4, 1), "0.4");
    }
}
