//! The two tables of a return, row by row: 表1's complexes and 表2's services, their
//! 合计 rows, columns xtic does not know, and stray cells far below the table.

use std::collections::HashSet;

use crate::ingest::locate::{self, find_titles_of, TitleMap};
use crate::ingest::rows::{classify, RowKind};
use crate::ingest::workbook::{Book, Grid};
use crate::issue::{Issue, Rule};
use crate::model::{Body, ComplexRow, ServiceRow};
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::schema::{table2_field, Field, ServiceField};
use crate::validate::{self, Ctx, Row};

/// Blank rows after which what follows is no longer the table: a cell typed that far
/// below (Ctrl+↓ and a keystroke) is reported, not read as a row.
pub const STRAY_GAP: u32 = 1_000;

/// The rows below a table's titles, sorted out.
struct Walk {
    data: Vec<u32>,
    totals: Vec<u32>,
    /// The first cell far below the table (row, column, value) and how many there are.
    stray: Option<(u32, u32, String, usize)>,
    /// The last row of the table proper, above the gap.
    before: u32,
}

/// Walks the rows that hold something below `title_row`, in order.
fn walk(grid: &Grid, title_row: u32, columns: &[u32], seq_col: Option<u32>) -> Walk {
    let mut w = Walk {
        data: Vec::new(),
        totals: Vec::new(),
        stray: None,
        before: title_row,
    };
    let mut last = title_row;
    for row in grid.rows_from(title_row + 1) {
        if let Some((_, _, _, n)) = &mut w.stray {
            *n += grid.row(row).iter().filter(|(_, v)| !v.is_empty()).count();
            continue;
        }
        if row - last > STRAY_GAP {
            let cells = grid.row(row).iter().filter(|(_, v)| !v.is_empty());
            let n = cells.clone().count();
            if let Some((col, v)) = cells.clone().next() {
                w.stray = Some((row, *col, v.display(), n));
                w.before = last;
            }
            continue;
        }
        last = row;
        match classify(grid, row, columns, seq_col) {
            RowKind::Skip => {}
            RowKind::Total => w.totals.push(row),
            RowKind::Data => w.data.push(row),
        }
    }
    w
}

/// The warning for cells far below the table.
fn stray_issue(w: &Walk, ctx: &Ctx) -> Option<Issue> {
    let (row, col, value, n) = w.stray.as_ref()?;
    let more = if *n > 1 {
        format!("（此处以下共 {n} 个有内容的单元格）")
    } else {
        String::new()
    };
    let msg = format!(
        "表格下方隔了 {} 个空行的第 {} 行有内容{more}，不像是报表数据（超过 {STRAY_GAP} 个空行即视为表格已结束），未作为数据读取。如是误输入，请删除。",
        row - w.before - 1,
        row + 1
    );
    Some(
        ctx.issue(Rule::StrayCells, *row, Some(*col), msg)
            .value(value.clone()),
    )
}

/// Checks every 合计 row against the data rows' sums (computed once).
fn totals(grid: &Grid, w: &Walk, numeric: &[(u32, String)], ctx: &Ctx) -> Vec<Issue> {
    let rows: Vec<Row> = w.data.iter().map(|r| grid.at(*r)).collect();
    let sums = validate::column_sums(&rows, numeric);
    w.totals
        .iter()
        .flat_map(|t| validate::check_total(grid.at(*t), &sums, numeric, ctx))
        .collect()
}

pub(super) fn read_table1(grid: &Grid, titles: &TitleMap<Field>, ctx: &Ctx) -> Body {
    let columns: Vec<u32> = titles.columns.values().copied().collect();
    let w = walk(
        grid,
        titles.last_title_row,
        &columns,
        titles.col(Field::Seq),
    );
    let mut complexes: Vec<ComplexRow> = w
        .data
        .iter()
        .map(|row| validate::complex_row(grid.at(*row), titles, ctx))
        .collect();
    validate::check_duplicates(&mut complexes, ctx);
    let numeric = validate::table1_numeric(titles, ctx.plan);
    let mut issues = totals(grid, &w, &numeric, ctx);
    issues.extend(unknown_columns(grid, titles, &w.data, ctx));
    issues.extend(stray_issue(&w, ctx));
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
    let filled: HashSet<u32> = data_rows
        .iter()
        .flat_map(|r| grid.row(*r).iter().filter(|(_, v)| !v.is_empty()))
        .map(|(c, _)| *c)
        .collect();
    for col in 0..grid.end_col() {
        if titles.columns.values().any(|c| *c == col) {
            continue;
        }
        let title = (titles.first_title_row..=titles.last_title_row)
            .rev()
            .map(|r| (r, grid.get(r, col)))
            .find(|(_, v)| !v.is_empty());
        let Some((row, title)) = title else { continue };
        if !filled.contains(&col) {
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

pub(super) fn read_table2(
    book: &mut Book<'_>,
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
                missing(format!("{}，本月服务情况按缺报处理。", e.message(&sheet2))).sheet(&sheet2),
            );
            return;
        }
    };
    let musts = [ServiceField::Name, ServiceField::Id];
    let Some(titles) = find_titles_of(&grid, &table2_field, &musts, 3) else {
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
    let w = walk(
        &grid,
        titles.last_title_row,
        &columns,
        titles.col(ServiceField::Seq),
    );
    let mut services: Vec<ServiceRow> = w
        .data
        .iter()
        .map(|row| validate::service_row(grid.at(*row), &titles, &ctx))
        .collect();
    validate::match_services(
        &mut services,
        &body.complexes,
        (titles.col(ServiceField::Id), titles.col(ServiceField::Name)),
        &ctx,
    );
    let numeric = validate::table2_numeric(&titles);
    body.issues.extend(totals(&grid, &w, &numeric, &ctx));
    body.issues
        .extend(unknown_columns(&grid, &titles, &w.data, &ctx));
    body.issues.extend(stray_issue(&w, &ctx));
    body.sheet2 = Some(sheet2);
    body.services = services;
}
