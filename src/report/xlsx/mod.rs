//! The leadership workbook (docs/报表格式.md §十一, item 1): ten sheets in the order given there, each a
//! statistical table built from Figures and the selection, never recomputing a figure.
//!
//! This module holds what every sheet shares (the context, titles, document properties
//! and the order in which sheets are filled); the sheets themselves live in
//! `overview` (总览), `progress` (the statistical tables), `lists` (directory, submissions,
//! problems, notes) and `charts` (the native charts on 总览).

mod charts;
mod lists;
mod overview;
mod progress;
#[cfg(test)]
mod tests;

use anyhow::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};

use crate::figures::Figures;
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::report::table::{Formats, Placed, Table, V};
use crate::select::Selection;

pub use lists::{problem_cols, problem_rows};

use lists::{about, directory, problems, submissions};
use overview::overview;
use progress::{by_industry, by_unit, functions, rewards, services};

pub const SHEETS: [&str; 10] = [
    "总览",
    "分县区进展",
    "分产业情况",
    "功能配置",
    "服务情况",
    "考核奖励",
    "综合体名录",
    "报送情况",
    "数据问题",
    "说明",
];

/// The workbook's file name for month P under `plan`.
pub fn file_name(plan: &Plan, p: YearMonth) -> String {
    plan.wording().report_file(p)
}

pub struct Ctx<'a> {
    pub fig: &'a Figures,
    pub sel: &'a Selection,
    pub plan: &'a Plan,
    pub p: YearMonth,
    pub narrative: &'a str,
    pub f: Formats,
}

impl Ctx<'_> {
    fn words(&self) -> crate::wording::Wording<'_> {
        self.plan.wording()
    }

    fn title(&self, what: &str) -> String {
        self.words().title(what, &self.p.chinese_short())
    }

    fn subtitle(&self) -> String {
        self.words().table_subtitle(self.p)
    }

    /// A second table on a sheet: a short title and only the report period under it.
    fn subtable(
        &self,
        what: &str,
        unit: Option<&str>,
        cols: Vec<crate::report::table::Col>,
        rows: Vec<Vec<V>>,
    ) -> Table<'_> {
        let mut t = self.table(what, unit, cols, rows);
        t.title = what.to_string();
        t.subtitle = format!("报告期：{}", self.p.chinese_short());
        t
    }

    fn table(
        &self,
        what: &str,
        unit: Option<&str>,
        cols: Vec<crate::report::table::Col>,
        rows: Vec<Vec<V>>,
    ) -> Table<'_> {
        Table {
            title: self.title(what),
            subtitle: self.subtitle(),
            unit_line: unit.map(|u| format!("单位：{u}")),
            cols,
            rows,
            total: None,
            notes: Vec::new(),
            formats: &self.f,
        }
    }
}

/// Document dates come from the report month, so the same inputs give the same bytes.
fn properties(plan: &Plan, p: YearMonth) -> Result<DocProperties> {
    let next = p.next();
    let when = ExcelDateTime::from_ymd(next.year as u16, next.month as u8, 1)?.and_hms(9, 0, 0)?;
    Ok(DocProperties::new()
        .set_title(plan.wording().report_title(p))
        .set_author(plan.authority.as_str())
        .set_company(plan.authority.as_str())
        .set_creation_datetime(&when))
}

/// Where the tables that the overview's charts link to were written.
#[derive(Default)]
struct Anchors {
    /// 分县区进展: one row per unit.
    units: Option<Placed>,
    /// 总览 (beside the printed page): the city's cumulative progress by month.
    monthly: Option<Placed>,
    /// 分产业情况: one row per industry.
    industries: Option<Placed>,
    /// 功能配置: one column per plan function; the 合计 row holds the counts.
    functions: Option<Placed>,
    /// 服务情况: one row per month.
    services: Option<Placed>,
}

/// Builds the workbook in memory. The sheets are created in that order, the second to
/// the last filled side by side (each sheet is its own; what one writes never depends
/// on another, and the bytes are the same whichever thread fills it), and 总览 last,
/// since its charts link to the other sheets' cells.
///
/// # Errors
/// rust_xlsxwriter failures (limits never reached by this data).
pub fn build(ctx: &Ctx) -> Result<Vec<u8>> {
    use rayon::prelude::*;
    let mut wb = Workbook::new();
    wb.set_properties(&properties(ctx.plan, ctx.p)?);
    let default = rust_xlsxwriter::Format::new()
        .set_font_name(crate::report::table::FONT)
        .set_font_size(10.5);
    wb.set_default_format(&default, 20, 64)?;
    for name in SHEETS {
        wb.add_worksheet().set_name(name)?;
    }
    let (first, rest) = wb.worksheets_mut().split_at_mut(1);
    let filled: Vec<Filled> = rest
        .par_iter_mut()
        .zip(&SHEETS[1..])
        .map(|(ws, name)| fill(ws, name, ctx))
        .collect::<Result<_>>()?;
    let mut at = Anchors::default();
    for f in filled {
        match f {
            Filled::Units(p) => at.units = Some(p),
            Filled::Industries(p) => at.industries = Some(p),
            Filled::Functions(p) => at.functions = Some(p),
            Filled::Services(p) => at.services = Some(p),
            Filled::Other => {}
        }
    }
    overview(&mut first[0], ctx, &mut at)?;
    Ok(wb.save_to_buffer()?)
}

/// What filling a sheet left for 总览's charts to link to.
enum Filled {
    Units(Placed),
    Industries(Placed),
    Functions(Placed),
    Services(Placed),
    Other,
}

/// Fills sheet `name` (any but 总览).
fn fill(ws: &mut Worksheet, name: &str, ctx: &Ctx) -> Result<Filled> {
    Ok(match name {
        "分县区进展" => Filled::Units(by_unit(ws, ctx)?),
        "分产业情况" => Filled::Industries(by_industry(ws, ctx)?),
        "功能配置" => Filled::Functions(functions(ws, ctx)?),
        "服务情况" => Filled::Services(services(ws, ctx)?),
        "考核奖励" => {
            rewards(ws, ctx)?;
            Filled::Other
        }
        "综合体名录" => {
            directory(ws, ctx)?;
            Filled::Other
        }
        "报送情况" => {
            submissions(ws, ctx)?;
            Filled::Other
        }
        "数据问题" => {
            problems(ws, ctx)?;
            Filled::Other
        }
        _ => {
            about(ws, ctx)?;
            Filled::Other
        }
    })
}

/// Sets each column to the widest width the tables stacked on a sheet ask for, and
/// returns those widths (for the print set-up).
fn widen(ws: &mut Worksheet, tables: &[&Table]) -> Result<Vec<f64>> {
    let all: Vec<Vec<f64>> = tables.iter().map(|t| t.widths()).collect();
    let n = all.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = Vec::with_capacity(n);
    for i in 0..n {
        let w = all
            .iter()
            .filter_map(|t| t.get(i).copied())
            .fold(0.0, f64::max);
        ws.set_column_width(i as u16, w)?;
        widths.push(w);
    }
    Ok(widths)
}

/// A centred word.
fn centred(s: &str) -> V {
    V::C(s.to_string())
}

/// A completion rate as a percentage, blank without a target.
fn pct(rate: Option<f64>) -> V {
    rate.map_or(V::Blank, V::P)
}
