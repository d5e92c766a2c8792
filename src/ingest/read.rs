//! Reading one return: open it, find its unit and month, and type its rows.
//!
//! Runs on a worker thread per file; returns a [`FileOutcome`] and never panics
//! (a reader that does is caught in `workbook`).

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::ingest::discover::FoundFile;
use crate::ingest::locate::{
    self, find_labelled, find_titles, Labelled, TitleMap, DATE_LABELS, MONTH_LABELS, UNIT_LABELS,
};
use crate::ingest::rows::{classify, RowKind};
use crate::ingest::workbook::{Book, Grid, OpenFailure};
use crate::issue::{Issue, Rule};
use crate::model::{Body, ComplexRow, FileOutcome, Return, ServiceRow};
use crate::normalize::{
    find_month_in_text, fold, parse_date, parse_month, Cell, Parsed, YearMonth,
};
use crate::plan::Plan;
use crate::schema::{table1_field, table2_field, Field, ServiceField};
use crate::validate::{self, Ctx};

/// Reads one file found below the inputs folder.
pub fn read_file(found: &FoundFile, plan: &Plan) -> FileOutcome {
    let bytes = match std::fs::read(&found.path) {
        Ok(b) => b,
        Err(e) => {
            return rejected(
                found,
                String::new(),
                None,
                vec![Issue::new(
                    Rule::FileUnreadable,
                    &found.rel,
                    format!("无法读取文件：{e}"),
                )],
            );
        }
    };
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let mut book = match Book::open(&bytes, &found.ext) {
        Ok(b) => b,
        Err(f) => {
            let rule = if f == OpenFailure::Encrypted {
                Rule::FileEncrypted
            } else {
                Rule::FileUnreadable
            };
            return rejected(
                found,
                sha256,
                None,
                vec![Issue::new(rule, &found.rel, f.message())],
            );
        }
    };
    drop(bytes);
    let names = book.sheet_names();
    let candidates = locate::table1_candidates(&names);
    if candidates.is_empty() {
        let msg = "工作簿中没有可读的工作表，找不到“表1 综合体基本情况”。".to_string();
        return rejected(
            found,
            sha256,
            None,
            vec![Issue::new(Rule::NoTitleRow, &found.rel, msg)],
        );
    }
    // the first candidate whose title row is found is 表1; failing that, the first
    let functions = &plan.functions;
    let mut first: Option<(String, Grid)> = None;
    let mut chosen: Option<(String, Grid, TitleMap<Field>)> = None;
    let mut damaged: Option<Issue> = None;
    for name in candidates {
        // a damaged or chart sheet is passed over while another may be 表1
        let grid = match book.grid(name) {
            Ok(g) => g,
            Err(e) => {
                let msg =
                    format!("工作表“{name}”已损坏，无法读取（{e}）。请另存为 .xlsx 后重新报送。");
                damaged
                    .get_or_insert(Issue::new(Rule::FileUnreadable, &found.rel, msg).sheet(name));
                continue;
            }
        };
        if let Some(t) = find_titles(&grid, &|s| table1_field(s, functions), Field::Name, 3) {
            chosen = Some((name.clone(), grid, t));
            break;
        }
        if first.is_none() {
            first = Some((name.clone(), grid));
        }
    }
    let (sheet1, grid1, titles1) = match chosen {
        Some((n, g, t)) => (n, g, Some(t)),
        None => match (first, damaged) {
            (Some((n, g)), _) => (n, g, None),
            (None, damaged) => {
                let issue = damaged.unwrap_or_else(|| {
                    Issue::new(Rule::NoTitleRow, &found.rel, "工作簿中没有可读的工作表。")
                });
                return rejected(found, sha256, None, vec![issue]);
            }
        },
    };
    let header_end = titles1
        .as_ref()
        .map(|t| t.first_title_row)
        .unwrap_or(locate::TITLE_SEARCH_ROWS);
    let ident = identify(&grid1, &sheet1, header_end, found, plan);
    let (unit, month, header_warnings) = match ident {
        Ok(ident) => ident,
        // neither a title row nor a unit or month: not a return at all, and the
        // missing title row is the reason a clerk can act on
        Err((unit, issues))
            if titles1.is_none()
                && issues
                    .iter()
                    .all(|i| matches!(i.rule, Rule::UnitUnknown | Rule::MonthUnknown)) =>
        {
            let issue = no_title_row(&found.rel, &sheet1).value(String::new());
            return rejected(found, sha256, unit, vec![issue]);
        }
        Err((unit, issues)) => return rejected(found, sha256, unit, issues),
    };
    let reported_at = find_labelled(&grid1, DATE_LABELS, 0..grid1.end_row());
    let mut date_issues = Vec::new();
    let reported = reported_at.as_ref().and_then(|l| match parse_date(&l.value) {
        Parsed::Value(d) => Some(d),
        Parsed::Null => None,
        Parsed::Bad(seen) => {
            date_issues.push(
                Issue::new(Rule::ValueUnparsed, &found.rel, format!("报出日期“{seen}”不是可识别的日期，应写成如“2022年7月5日”。已按未填处理。"))
                    .unit(Some(&unit))
                    .sheet(&sheet1)
                    .at(l.row, Some(l.col))
                    .value(seen),
            );
            None
        }
    });
    let body = match titles1 {
        None => Err(vec![no_title_row(&found.rel, &sheet1).unit(Some(&unit))]),
        Some(t1) => {
            let ctx = Ctx {
                plan,
                file: &found.rel,
                sheet: &sheet1,
                unit: &unit,
                month,
            };
            let mut body = read_table1(&grid1, &t1, &ctx);
            body.issues.extend(date_issues);
            body.issues.extend(header_warnings);
            read_table2(&mut book, &names, &mut body, plan, &found.rel, &unit, month);
            Ok(body)
        }
    };
    FileOutcome::Return(Box::new(Return {
        file: found.rel.clone(),
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

fn rejected(
    found: &FoundFile,
    sha256: String,
    unit: Option<String>,
    issues: Vec<Issue>,
) -> FileOutcome {
    let issues = issues
        .into_iter()
        .map(|i| i.unit(unit.as_deref()))
        .collect();
    FileOutcome::Rejected {
        file: found.rel.clone(),
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

/// A return's unit and month, with warnings about how its header wrote them.
type Identity = (String, YearMonth, Vec<Issue>);
/// The unit if known, and the file errors that reject it.
type Unidentified = (Option<String>, Vec<Issue>);

/// What the header block or the file name says about the unit.
enum Said<T> {
    Nothing,
    Value(T, String),
    Unknown(String),
}

/// Finds the unit and month: from the header block, else from the file name; a
/// conflict between the two, or a unit that cannot be mapped, rejects the file.
fn identify(
    grid: &Grid,
    sheet: &str,
    header_end: u32,
    found: &FoundFile,
    plan: &Plan,
) -> Result<Identity, Unidentified> {
    let file = found.rel.as_str();
    // a problem with a header value points at the cell it came from
    let at = |issue: Issue, l: Option<&Labelled>| match l {
        Some(l) => issue.sheet(sheet).at(l.row, Some(l.col)),
        None => issue,
    };
    let name = Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rows = 0..header_end.max(1);
    let unit_cell = find_labelled(grid, UNIT_LABELS, rows.clone());
    let month_cell = find_labelled(grid, MONTH_LABELS, rows);

    // A dissolved unit anywhere in the header or the name cannot be mapped.
    let header_text = unit_cell
        .as_ref()
        .map(|l| l.value.display())
        .unwrap_or_default();
    for (text, cell) in [
        (header_text.as_str(), unit_cell.as_ref()),
        (name.as_str(), None),
    ] {
        if let Some(d) = plan.find_dissolved_in_text(text) {
            let msg = plan.wording().dissolved_message(d);
            return Err((
                None,
                vec![at(
                    Issue::new(Rule::UnitDissolved, file, msg).value(text),
                    cell,
                )],
            ));
        }
    }
    let header_unit = match &unit_cell {
        None => Said::Nothing,
        Some(l) => {
            let text = l.value.display();
            match plan
                .match_unit_exact(&text)
                .or_else(|| plan.find_unit_in_text(&text))
            {
                Some(u) => Said::Value(u.to_string(), text),
                None if is_blank_unit(&text) => Said::Nothing,
                None => Said::Unknown(text),
            }
        }
    };
    let name_unit = match plan.find_unit_in_text(&name) {
        Some(u) => Said::Value(u.to_string(), name.clone()),
        None => Said::Nothing,
    };
    let unit = match (header_unit, name_unit) {
        (Said::Unknown(text), _) => {
            let msg = format!("表头填报单位“{text}”不是计划中的县（市、区）名称，无法识别。请填写如“清河县科技局”。");
            return Err((
                None,
                vec![at(
                    Issue::new(Rule::UnitUnknown, file, msg).value(text),
                    unit_cell.as_ref(),
                )],
            ));
        }
        (Said::Value(h, ht), Said::Value(n, _)) if h != n => {
            let msg = format!("表头填报单位为“{ht}”（{h}），文件名却是“{name}”（{n}），两者不一致，无法确定是哪个单位的报表。请核实后改正文件名或表头。");
            return Err((
                None,
                vec![at(
                    Issue::new(Rule::UnitConflict, file, msg).value(ht),
                    unit_cell.as_ref(),
                )],
            ));
        }
        (Said::Value(h, _), _) => h,
        (Said::Nothing, Said::Value(n, _)) => n,
        _ => {
            let msg = "表头没有“填报单位：××县科技局”，文件名中也没有单位名称，无法识别是哪个单位的报表。请在表头填写填报单位。".to_string();
            return Err((None, vec![Issue::new(Rule::UnitUnknown, file, msg)]));
        }
    };
    let fail = |rule, msg: String, value: String, cell: Option<&Labelled>| {
        Err((
            Some(unit.clone()),
            vec![at(Issue::new(rule, file, msg).value(value), cell)],
        ))
    };
    let mut warnings = Vec::new();
    let header_month = match &month_cell {
        None => match title_month(grid, header_end) {
            Some((m, text)) => Said::Value(m, text),
            None => Said::Nothing,
        },
        Some(Labelled { value, .. }) => match parse_month(value) {
            Parsed::Value(v) => {
                if v.maybe_october {
                    let y = v.month.year;
                    let msg = format!("报告期填的是数字 {y}.1，按 {y}年1月 读取；如本意是 {y}年10月，Excel 会把 {y}.10 存成 {y}.1，请改为文本“{y}年10月”。");
                    let w = Issue::new(Rule::MonthMaybeOctober, file, msg).value(value.display());
                    warnings.push(at(w, month_cell.as_ref()));
                }
                Said::Value(v.month, value.display())
            }
            Parsed::Null => Said::Nothing,
            Parsed::Bad(seen) => Said::Unknown(seen),
        },
    };
    let name_month = match find_month_in_text(&name) {
        Some(m) => Said::Value(m, name.clone()),
        None => Said::Nothing,
    };
    let month = match (header_month, name_month) {
        (Said::Unknown(seen), _) => {
            return fail(
                Rule::MonthUnknown,
                format!("表头报告期“{seen}”不是可识别的月份，应写成如“报告期：2022年6月”。"),
                seen,
                month_cell.as_ref(),
            );
        }
        (Said::Value(h, ht), Said::Value(n, _)) if h != n => {
            let msg = format!("表头报告期为“{ht}”（{}），文件名“{name}”却是 {}，两者不一致。请核实后改正文件名或表头。", h.chinese_short(), n.chinese_short());
            return fail(Rule::MonthConflict, msg, ht, month_cell.as_ref());
        }
        (Said::Value(h, _), _) => h,
        (Said::Nothing, Said::Value(n, _)) => n,
        _ => match find_month_in_text(file) {
            Some(m) => m,
            None => {
                let msg = "表头没有“报告期：××××年×月”，文件名中也没有月份，无法识别是哪个月的报表。请在表头填写报告期。".to_string();
                return fail(Rule::MonthUnknown, msg, String::new(), None);
            }
        },
    };
    for w in &mut warnings {
        w.unit = Some(unit.clone());
    }
    Ok((unit, month, warnings))
}

/// A month in the form's title (`…月报表（2022年6月）`), for a header without 报告期.
fn title_month(grid: &Grid, header_end: u32) -> Option<(YearMonth, String)> {
    for row in 0..header_end.min(locate::TITLE_SEARCH_ROWS) {
        for col in 0..grid.end_col() {
            let Cell::Text(text) = grid.get(row, col) else {
                continue;
            };
            let f = fold(text);
            let is_title = f.contains("月报") || f.contains("报表") || f.contains("情况表");
            let is_date = DATE_LABELS.iter().any(|l| f.contains(l));
            if is_title && !is_date && f.contains('年') && f.contains('月') {
                if let Some(m) = find_month_in_text(&f) {
                    return Some((m, text.trim().to_string()));
                }
            }
        }
    }
    None
}

/// `（盖章）`, `科技局` and the like: a header that names no unit at all.
fn is_blank_unit(text: &str) -> bool {
    let mut f = fold(text);
    for w in [
        "(盖章)",
        "盖章",
        "科学技术局",
        "科技局",
        "科技和工业信息化局",
        "(",
        ")",
        ":",
        "：",
        "_",
    ] {
        f = f.replace(w, "");
    }
    f.is_empty()
}

fn read_table1(grid: &Grid, titles: &TitleMap<Field>, ctx: &Ctx) -> Body {
    let columns: Vec<u32> = titles.columns.values().copied().collect();
    let mut complexes: Vec<ComplexRow> = Vec::new();
    let mut totals = Vec::new();
    let mut data_rows = Vec::new();
    for row in titles.last_title_row + 1..grid.end_row() {
        match classify(grid, row, &columns, titles.col(Field::Seq)) {
            RowKind::Skip => {}
            RowKind::Total => totals.push(row),
            RowKind::Data => {
                data_rows.push(row);
                complexes.push(validate::complex_row(grid, titles, row, ctx));
            }
        }
    }
    validate::check_duplicates(&mut complexes, ctx);
    let numeric = validate::table1_numeric(titles, ctx.plan);
    let mut issues: Vec<Issue> = totals
        .iter()
        .flat_map(|t| validate::check_total(grid, *t, &data_rows, &numeric, ctx))
        .collect();
    issues.extend(unknown_columns(grid, titles, &data_rows, ctx));
    Body {
        sheet1: ctx.sheet.to_string(),
        complexes,
        sheet2: None,
        services: Vec::new(),
        issues,
    }
}

/// Columns with a title xtic does not know and data under it: nothing is dropped
/// silently, so each gets one warning.
fn unknown_columns<F: Copy + Eq + std::hash::Hash>(
    grid: &Grid,
    titles: &TitleMap<F>,
    data_rows: &[u32],
    ctx: &Ctx,
) -> Vec<Issue> {
    let mut out = Vec::new();
    for col in 0..grid.end_col() {
        if titles.columns.values().any(|c| *c == col) {
            continue;
        }
        let title = (titles.first_title_row..=titles.last_title_row)
            .rev()
            .map(|r| (r, grid.get(r, col)))
            .find(|(_, v)| !v.is_empty());
        let Some((row, title)) = title else { continue };
        if !data_rows.iter().any(|r| !grid.get(*r, col).is_empty()) {
            continue;
        }
        let text = title.display();
        let msg = format!("表头“{text}”不是本表的栏目，该列的数据未读取。如是规定栏目的别称，请改用报表中的标准栏目名称；如是自加的栏目，可忽略。");
        out.push(
            ctx.issue(Rule::ColumnUnknown, row, Some(col), msg)
                .value(text),
        );
    }
    out
}

fn read_table2(
    book: &mut Book,
    names: &[String],
    body: &mut Body,
    plan: &Plan,
    file: &str,
    unit: &str,
    month: YearMonth,
) {
    let missing = |why: String| Issue::new(Rule::Table2Missing, file, why).unit(Some(unit));
    let Some(sheet2) = locate::table2_sheet(names).cloned() else {
        body.issues.push(missing(
            "报表中没有“表2 服务情况”工作表，本月服务情况按缺报处理。请补报表2。".into(),
        ));
        return;
    };
    let grid = match book.grid(&sheet2) {
        Ok(g) => g,
        Err(e) => {
            body.issues.push(
                missing(format!(
                    "工作表“{sheet2}”已损坏，无法读取（{e}），本月服务情况按缺报处理。"
                ))
                .sheet(&sheet2),
            );
            return;
        }
    };
    let Some(titles) = find_titles(&grid, &table2_field, ServiceField::Name, 3)
        .or_else(|| find_titles(&grid, &table2_field, ServiceField::Id, 3))
    else {
        body.issues.push(missing(format!("工作表“{sheet2}”前 15 行中找不到表头（应有“综合体名称”“服务企业”等列标题），本月服务情况按缺报处理。")).sheet(&sheet2));
        return;
    };
    let ctx = Ctx {
        plan,
        file,
        sheet: &sheet2,
        unit,
        month,
    };
    let columns: Vec<u32> = titles.columns.values().copied().collect();
    let mut services: Vec<ServiceRow> = Vec::new();
    let mut totals = Vec::new();
    let mut data_rows = Vec::new();
    for row in titles.last_title_row + 1..grid.end_row() {
        match classify(&grid, row, &columns, titles.col(ServiceField::Seq)) {
            RowKind::Skip => {}
            RowKind::Total => totals.push(row),
            RowKind::Data => {
                data_rows.push(row);
                services.push(validate::service_row(&grid, &titles, row, &ctx));
            }
        }
    }
    validate::match_services(
        &mut services,
        &body.complexes,
        (titles.col(ServiceField::Id), titles.col(ServiceField::Name)),
        &ctx,
    );
    let numeric = validate::table2_numeric(&titles);
    for t in totals {
        body.issues
            .extend(validate::check_total(&grid, t, &data_rows, &numeric, &ctx));
    }
    body.issues
        .extend(unknown_columns(&grid, &titles, &data_rows, &ctx));
    body.sheet2 = Some(sheet2);
    body.services = services;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_from_the_title_when_no_label() {
        let t = |s: &str| Cell::Text(s.into());
        let grid = Grid::from_rows(
            "表1",
            vec![
                vec![t("邢台市科技创新综合体建设情况月报表（2022年6月）")],
                vec![t("报出日期：2022年7月5日")],
                vec![t("序号"), t("综合体名称")],
            ],
        );
        let (m, _) = title_month(&grid, 2).unwrap();
        assert_eq!(m, YearMonth::new(2022, 6).unwrap());
        // a 报出日期 line is never taken for the report month
        let grid = Grid::from_rows("表1", vec![vec![t("报表报出日期：2022年7月5日")]]);
        assert!(title_month(&grid, 1).is_none());
    }

    #[test]
    fn blank_unit_headers() {
        assert!(is_blank_unit("（盖章）"));
        assert!(is_blank_unit("科技局"));
        assert!(!is_blank_unit("某某县科技局"));
    }

    #[test]
    fn cells_have_text() {
        assert_eq!(crate::normalize::Cell::Number(3.0).display(), "3");
    }
}
