//! The leadership workbook (SPEC §6 item 1): ten sheets in the SPEC's order, each a
//! statistical table built from Figures and the selection, never recomputing a figure.

use anyhow::Result;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartAxisLabelPosition, ChartDataLabel, ChartFont, ChartFormat,
    ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType,
    ChartSolidFill, ChartType, DocProperties, ExcelDateTime, Workbook, Worksheet,
};

use crate::aggregate::state_at;
use crate::figures::{Figures, TargetStatus};
use crate::model::Status;
use crate::normalize::{format_number, YearMonth};
use crate::plan::Plan;
use crate::report::table::{
    col, print_setup, print_setup_repeating, rate_bar, status_colors, Formats, Placed, Table, FONT,
    V,
};
use crate::schema::MEASURES;
use crate::select::Selection;

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

/// The workbook's file name for month P.
pub fn file_name(p: YearMonth) -> String {
    format!("邢台市科技创新综合体建设进展报告_{}.xlsx", p.chinese())
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
    fn title(&self, what: &str) -> String {
        format!(
            "邢台市科技创新综合体{what}（截至{}）",
            self.p.chinese_short()
        )
    }

    fn subtitle(&self) -> String {
        format!(
            "制表机关：{}　　　报告期：{}　　　依据：{}（{}）",
            self.plan.authority,
            self.p.chinese_short(),
            self.plan.title,
            self.plan.document
        )
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
fn properties(p: YearMonth) -> Result<DocProperties> {
    let next = p.next();
    let when = ExcelDateTime::from_ymd(next.year as u16, next.month as u8, 1)?.and_hms(9, 0, 0)?;
    Ok(DocProperties::new()
        .set_title(format!(
            "邢台市科技创新综合体建设进展报告（{}）",
            p.chinese_short()
        ))
        .set_author("邢台市科学技术局")
        .set_company("邢台市科学技术局")
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

/// Builds the workbook in memory. The sheets are created in SPEC order, filled from the
/// second on, and 总览 last, since its charts link to the other sheets' cells.
///
/// # Errors
/// rust_xlsxwriter failures (limits never reached by this data).
pub fn build(ctx: &Ctx) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(ctx.p)?);
    let default = rust_xlsxwriter::Format::new()
        .set_font_name(crate::report::table::FONT)
        .set_font_size(10.5);
    wb.set_default_format(&default, 20, 64)?;
    for name in SHEETS {
        wb.add_worksheet().set_name(name)?;
    }
    let mut at = Anchors::default();
    for name in &SHEETS[1..] {
        let ws = wb.worksheet_from_name(name)?;
        match *name {
            "分县区进展" => {
                at.units = Some(by_unit(ws, ctx)?);
            }
            "分产业情况" => at.industries = Some(by_industry(ws, ctx)?),
            "功能配置" => at.functions = Some(functions(ws, ctx)?),
            "服务情况" => at.services = Some(services(ws, ctx)?),
            "考核奖励" => rewards(ws, ctx)?,
            "综合体名录" => directory(ws, ctx)?,
            "报送情况" => submissions(ws, ctx)?,
            "数据问题" => problems(ws, ctx)?,
            _ => about(ws, ctx)?,
        }
    }
    overview(wb.worksheet_from_name(SHEETS[0])?, ctx, &mut at)?;
    Ok(wb.save_to_buffer()?)
}

fn status_note() -> String {
    "注：1. 建成数只计建设状态为“建成运营”且建成时间在计划年度（2020—2022年）内的综合体；2020年以前建成的为存量，单列，不计入目标。2. 目标状态：达标＝已完成目标；未达标＝目标年度已结束仍未完成（重点区任一年度未完成即为未达标）；进行中＝目标年度内尚未完成；未到期＝目标年度尚未开始。3. 按进度应建成＝目标×已过月数÷计划总月数（重点区按年度目标：已结束年度目标之和＋当年目标×当年已过月数÷12）；建成数低于该值为“滞后”。".into()
}

/// Sets each column to the widest width the tables stacked on a sheet ask for.
fn widen(ws: &mut Worksheet, tables: &[&Table]) -> Result<()> {
    let n = tables.iter().map(|t| t.cols.len()).max().unwrap_or(0);
    for i in 0..n {
        let w = tables
            .iter()
            .filter_map(|t| t.cols.get(i).map(|c| c.width))
            .fold(0.0, f64::max);
        ws.set_column_width(i as u16, w)?;
    }
    Ok(())
}

/// A centred word.
fn centred(s: &str) -> V {
    V::C(s.to_string())
}

fn pct(built: u32, target: u32) -> V {
    if target == 0 {
        V::Blank
    } else {
        V::P(built as f64 / target as f64)
    }
}

/// The overview's headline rows: 指标, 数值, 状态 (coloured), 说明.
fn headline_rows(ctx: &Ctx) -> Vec<Vec<V>> {
    let s = &ctx.fig.summary;
    let c = &s.city;
    let priority: Vec<_> = s.units.iter().filter(|u| u.group == "priority").collect();
    let on_track = priority
        .iter()
        .filter(|u| u.status != TargetStatus::Missed && !u.behind)
        .count();
    let behind = if ctx.fig.behind_units.is_empty() {
        "无".to_string()
    } else {
        ctx.fig.behind_units.join("、")
    };
    let coverage = crate::rules::cumulative_status(ctx.plan, c.units_covered, c.units_total, ctx.p);
    let pace = |late: bool| centred(if late { "滞后" } else { "正常" });
    vec![
        vec![
            "全市累计建成（计划年度内）".into(),
            V::N(c.built as f64),
            centred(c.status.chinese()),
            format!("目标 {} 家", c.target).into(),
        ],
        vec![
            "目标完成率".into(),
            pct(c.built, c.target),
            V::Blank,
            "建成数 ÷ 目标数".into(),
        ],
        vec![
            "按进度应建成".into(),
            V::F(c.expected_by_now),
            pace(c.behind),
            format!("实际{}", format_diff(c.built as f64 - c.expected_by_now)).into(),
        ],
        vec![
            "已覆盖县（市、区）".into(),
            V::N(c.units_covered as f64),
            centred(coverage.chinese()),
            format!("共 {} 个，目标全覆盖", c.units_total).into(),
        ],
        vec![
            "重点区进度正常".into(),
            V::N(on_track as f64),
            V::Blank,
            format!("共 {} 个重点区", priority.len()).into(),
        ],
        vec![
            "进度滞后单位".into(),
            V::N(ctx.fig.behind_units.len() as f64),
            pace(!ctx.fig.behind_units.is_empty()),
            behind.into(),
        ],
        vec![
            "在建".into(),
            V::N(c.under_construction as f64),
            V::Blank,
            V::Blank,
        ],
        vec!["谋划".into(), V::N(c.planned as f64), V::Blank, V::Blank],
        vec![
            "存量（2020年前建成）".into(),
            V::N(c.pre_plan as f64),
            V::Blank,
            "不计入目标".into(),
        ],
        vec![
            "考核通过".into(),
            V::N(s.assessment.passed as f64),
            V::Blank,
            format!("未通过 {} 家", s.assessment.failed).into(),
        ],
        vec![
            "奖励资金（万元）".into(),
            V::W(s.assessment.reward_wan),
            V::Blank,
            format!("每家 {} 万元", format_number(ctx.plan.reward_wan)).into(),
        ],
        vec![
            "数据问题".into(),
            V::N((s.issues.errors + s.issues.warnings) as f64),
            V::Blank,
            format!("错误 {} 条，警告 {} 条", s.issues.errors, s.issues.warnings).into(),
        ],
    ]
}

/// Changes shown on the overview; the full list goes under the directory.
const CHANGES_SHOWN: usize = 10;

fn change_row(ch: &crate::figures::Change) -> Vec<V> {
    vec![
        ch.unit.clone().into(),
        ch.complex.clone().into(),
        ch.kind.clone().into(),
        ch.detail.clone().into(),
    ]
}

/// 总览: headline table and narrative on the left, this month's changes on the right,
/// the five charts below; one A4 landscape page.
fn overview(ws: &mut Worksheet, ctx: &Ctx, at: &mut Anchors) -> Result<()> {
    // chart data first: the tables written after it set the heights of shared rows
    at.monthly = Some(city_by_month(ws, ctx)?);
    let t = ctx.table(
        "建设进展总览",
        Some("家、万元"),
        vec![
            col("指标", 28.0),
            col("数值", 10.0),
            col("状态", 8.0),
            col("说明", 40.0),
        ],
        headline_rows(ctx),
    );
    let all = &ctx.fig.changes;
    let mut rows: Vec<Vec<V>> = all.iter().take(CHANGES_SHOWN).map(change_row).collect();
    if rows.is_empty() {
        rows.push(vec!["—".into(), "本月无变化".into(), V::Blank, V::Blank]);
    }
    let mut ct = ctx.table(
        "",
        None,
        vec![
            col("县（市、区）", 14.0),
            col("综合体", 34.0),
            col("变化", 10.0),
            col("说明", 60.0),
        ],
        rows,
    );
    ct.title = format!("与上月相比的变化（{}）", ctx.p.chinese_short());
    ct.subtitle = format!("共 {} 项", all.len());
    if all.len() > CHANGES_SHOWN {
        ct.notes = vec![format!(
            "注：仅列前 {CHANGES_SHOWN} 项，其余 {} 项详见“综合体名录”表下方的“本月变化明细”。",
            all.len() - CHANGES_SHOWN
        )];
    }
    // the right table first: where both need taller rows, the headline table wins
    let right = ct.write_at(ws, 0, 5)?;
    let left = t.write(ws, 0)?;
    if let Some(last) = left.last_row() {
        status_colors(ws, &ctx.f, (left.first_row, 2), (last, 2))?;
        rate_bar(ws, 1, left.first_row + 1, left.first_row + 1)?;
    }
    let texts = [
        format!("　　{}", ctx.narrative),
        "注：目标状态和“按进度应建成”的口径见“分县区进展”表注；下方图表的数据链接“分县区进展”“分产业情况”“功能配置”“服务情况”各表。".to_string(),
    ];
    let end = text_blocks(ws, ctx, &texts, right.next_row - 1)?;

    let top = left.next_row.max(end + 1);
    let bottom = overview_charts(ws, ctx, at, top)?;
    print_setup(ws, left.head_row)?;
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_area(0, 0, bottom, 8)?;
    Ok(())
}

/// The narrative and the note under the changes table (columns F–I), each merged over
/// enough rows to hold it whatever heights the headline rows beside them have.
/// Returns the next free row.
fn text_blocks(ws: &mut Worksheet, ctx: &Ctx, texts: &[String], start: u32) -> Result<u32> {
    let width: f64 = OVERVIEW_WIDTHS[5..].iter().sum();
    let mut r = start;
    for text in texts {
        // a default row (15 pt) holds one line of 10.5 pt text
        let rows = crate::report::table::lines(text, width) as u32;
        ws.merge_range(r, 5, r + rows.max(1), 8, text, &ctx.f.note)?;
        r += rows.max(1) + 1;
    }
    Ok(r)
}

// ---- charts on 总览 ----

const BLUE: &str = "#266EBE";
const AMBER: &str = "#F2AC38";
const PALE: &str = "#B8C8DC";
const GREY: &str = "#A6AEB8";
const RED: &str = "#C8342C";
const ORANGE: &str = "#DE7A24";

/// Column widths of 总览 (A–I), in characters; the charts span exactly these.
const OVERVIEW_WIDTHS: [f64; 9] = [28.0, 10.0, 8.0, 40.0, 2.0, 14.0, 34.0, 10.0, 60.0];
/// Heights of the two rows of charts: the second holds the long category lists.
const CHART_HEIGHTS: [u32; 2] = [360, 470];
const CHART_GAP: u32 = 10;

/// Pixels of a column `w` characters wide, as Excel computes them for the default font.
fn column_px(w: f64) -> u32 {
    (w * 7.0).round() as u32 + 5
}

fn chart_font(size: f64) -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(FONT).set_size(size);
    f
}

fn fill(color: &str) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_solid_fill(ChartSolidFill::new().set_color(color));
    f
}

fn stroke(color: &str, width: f64, dash: ChartLineDashType) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_line(
        ChartLine::new()
            .set_color(color)
            .set_width(width)
            .set_dash_type(dash),
    );
    f
}

fn value_labels() -> ChartDataLabel {
    let mut l = ChartDataLabel::new();
    l.show_value()
        .set_font(&chart_font(8.0))
        .set_num_format("#,##0;-#,##0;;");
    l
}

/// A chart with the house look: 宋体 everywhere, Chinese title and axis titles, legend below.
fn new_chart(kind: ChartType, title: &str, x: &str, y: &str) -> Chart {
    let mut c = Chart::new(kind);
    let mut bold = chart_font(11.0);
    bold.set_bold();
    c.title().set_name(title).set_font(&bold);
    c.x_axis()
        .set_font(&chart_font(8.0))
        .set_name_font(&chart_font(9.0));
    // vertical axis titles in East Asian vertical text, upright characters
    let mut upright = chart_font(9.0);
    upright.set_rotation(271);
    c.y_axis()
        .set_font(&chart_font(8.0))
        .set_name_font(&upright);
    c.y2_axis()
        .set_font(&chart_font(8.0))
        .set_name_font(&upright);
    if !x.is_empty() {
        c.x_axis().set_name(x);
    }
    if !y.is_empty() {
        c.y_axis().set_name(y);
    }
    c.legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&chart_font(9.0));
    c
}

/// Whole-number ticks on a count axis whose values stay small (no 0.5 家).
fn count_axis(axis: &mut rust_xlsxwriter::ChartAxis, max: u32) {
    axis.set_min(0)
        .set_major_gridlines(true)
        .set_num_format("0");
    if max <= 10 {
        axis.set_major_unit(1);
    }
}

/// Rows `first..=last` of a placed table, if it has any.
fn span(p: &Option<Placed>) -> Option<(u32, u32)> {
    p.as_ref()
        .and_then(|p| p.last_row().map(|last| (p.first_row, last)))
}

/// (a) Target against built, by unit, from 分县区进展.
fn chart_units(ctx: &Ctx, at: &Anchors) -> Option<Chart> {
    let (r0, r1) = span(&at.units)?;
    let sheet = SHEETS[1];
    let target = (TARGET_COL + 2 * ctx.plan.years.len()) as u16;
    let mut c = new_chart(
        ChartType::Column,
        "分县区目标与累计建成",
        "县（市、区）",
        "家",
    );
    for (name, col, color) in [("目标", target, GREY), ("累计建成", target + 1, BLUE)] {
        c.add_series()
            .set_name(name)
            .set_categories((sheet, r0, 1, r1, 1))
            .set_values((sheet, r0, col, r1, col))
            .set_format(&mut fill(color))
            .set_data_label(&value_labels())
            .set_gap(60);
    }
    let mut rotated = chart_font(8.0);
    rotated.set_rotation(-45);
    c.x_axis().set_font(&rotated);
    let units = &ctx.fig.summary.units;
    let max = units
        .iter()
        .map(|u| u.target.max(u.built))
        .max()
        .unwrap_or(0);
    count_axis(c.y_axis(), max);
    Some(c)
}

/// (b) The city's cumulative built count by month, the expectation and the target.
fn chart_city(ctx: &Ctx, at: &Anchors) -> Option<Chart> {
    let (r0, r1) = span(&at.monthly)?;
    let sheet = SHEETS[0];
    let mut c = new_chart(ChartType::Line, "全市累计建成与目标进度", "月份", "家");
    let n = (r1 - r0 + 1) as usize;
    let mut last_only: Vec<ChartDataLabel> = (1..n)
        .map(|_| ChartDataLabel::new().set_hidden().to_custom())
        .collect();
    last_only.push(
        ChartDataLabel::new()
            .show_value()
            .set_font(&chart_font(9.0))
            .to_custom(),
    );
    let series = [
        (
            "累计建成".to_string(),
            MONTHLY_COL + 1,
            stroke(BLUE, 2.25, ChartLineDashType::Solid),
            true,
        ),
        (
            "按进度应建成".to_string(),
            MONTHLY_COL + 2,
            stroke(ORANGE, 1.5, ChartLineDashType::Dash),
            false,
        ),
        (
            format!("全市目标（{}家）", ctx.fig.summary.city.target),
            MONTHLY_COL + 3,
            stroke(RED, 1.25, ChartLineDashType::SquareDot),
            false,
        ),
    ];
    for (name, col, mut format, labelled) in series {
        let s = c
            .add_series()
            .set_name(name.as_str())
            .set_categories((sheet, r0, MONTHLY_COL, r1, MONTHLY_COL))
            .set_values((sheet, r0, col, r1, col))
            .set_format(&mut format);
        if labelled {
            s.set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(3)
                    .set_format(&mut fill(BLUE)),
            )
            .set_custom_data_labels(&last_only);
        } else {
            s.set_marker(ChartMarker::new().set_none());
        }
    }
    let step = if n > 12 { 3 } else { 1 };
    c.x_axis()
        .set_label_interval(step)
        .set_tick_interval(step)
        .set_label_position(ChartAxisLabelPosition::Low);
    c.y_axis().set_min(0).set_major_gridlines(true);
    Some(c)
}

/// (c) Planned, building and built by industry, stacked, from 分产业情况.
fn chart_industries(ctx: &Ctx, at: &Anchors) -> Option<Chart> {
    let (r0, r1) = span(&at.industries)?;
    let sheet = SHEETS[2];
    let mut c = new_chart(ChartType::BarStacked, "分产业建设情况", "家", "");
    for (name, col, color) in [
        ("建成（计划年度）", 4, BLUE),
        ("在建", 3, AMBER),
        ("谋划", 2, PALE),
    ] {
        c.add_series()
            .set_name(name)
            .set_categories((sheet, r0, 0, r1, 0))
            .set_values((sheet, r0, col, r1, col))
            .set_format(&mut fill(color))
            .set_data_label(&value_labels())
            .set_gap(50);
    }
    table_order(&mut c);
    let industries = &ctx.fig.summary.industries;
    let max = industries
        .iter()
        .map(|i| i.planned + i.under_construction + i.built)
        .max()
        .unwrap_or(0);
    count_axis(c.x_axis(), max);
    Some(c)
}

/// In a bar chart the category axis is the vertical one (rust_xlsxwriter's y axis) and
/// draws the first category at the bottom: reverse it to keep the table's order, with
/// the value axis still at the bottom.
fn table_order(c: &mut Chart) {
    c.y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
}

/// (d) How many complexes have each plan function: the 合计 row of 功能配置.
fn chart_functions(ctx: &Ctx, at: &Anchors) -> Option<Chart> {
    let p = at.functions.as_ref()?;
    let total = p.total_row?;
    let n = ctx.plan.functions.len() as u16;
    if n == 0 {
        return None;
    }
    let (sheet, head, c0, c1) = (SHEETS[3], p.head_row, 3, 3 + n - 1);
    let mut c = new_chart(ChartType::Bar, "功能覆盖情况", "家", "");
    c.add_series()
        .set_name("具备该功能的综合体")
        .set_categories((sheet, head, c0, head, c1))
        .set_values((sheet, total, c0, total, c1))
        .set_format(&mut fill(BLUE))
        .set_data_label(&value_labels())
        .set_gap(60);
    table_order(&mut c);
    let max = ctx.fig.function_counts.iter().map(|(_, n)| *n).max();
    count_axis(c.x_axis(), max.unwrap_or(0));
    c.legend().set_hidden();
    Some(c)
}

/// (e) Enterprises served (columns) and technology contract value (line, right axis)
/// by month, from 服务情况.
fn chart_services(at: &Anchors) -> Option<Chart> {
    let (r0, r1) = span(&at.services)?;
    let sheet = SHEETS[4];
    let column_of = |title: &str, fallback: usize| {
        1 + MEASURES
            .iter()
            .position(|m| m.title == title)
            .unwrap_or(fallback) as u16
    };
    let (served, contracts) = (column_of("服务企业", 0), column_of("技术合同成交额", 2));
    let n = r1 - r0 + 1;
    let mut c = new_chart(ChartType::Column, "分月服务情况", "月份", "家次");
    let bars = c
        .add_series()
        .set_name("服务企业（家次）")
        .set_categories((sheet, r0, 0, r1, 0))
        .set_values((sheet, r0, served, r1, served))
        .set_format(&mut fill(BLUE))
        .set_gap(50);
    if n <= 12 {
        bars.set_data_label(&value_labels());
    }
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name("技术合同成交额（万元）")
        .set_categories((sheet, r0, 0, r1, 0))
        .set_values((sheet, r0, contracts, r1, contracts))
        .set_format(&mut stroke(ORANGE, 2.0, ChartLineDashType::Solid))
        .set_marker(ChartMarker::new().set_none())
        .set_secondary_axis(true);
    c.combine(&line);
    c.y2_axis().set_name("万元");
    let step = if n > 12 { 3 } else { 1 };
    c.x_axis().set_label_interval(step).set_tick_interval(step);
    c.y_axis().set_min(0).set_major_gridlines(true);
    Some(c)
}

/// Places the five charts under the overview's tables, two on the first row and three
/// on the second, spanning columns A–I. Returns the last row they cover.
fn overview_charts(ws: &mut Worksheet, ctx: &Ctx, at: &Anchors, top: u32) -> Result<u32> {
    for (i, w) in OVERVIEW_WIDTHS.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let total: u32 = OVERVIEW_WIDTHS.iter().map(|w| column_px(*w)).sum();
    let rows: [Vec<Option<Chart>>; 2] = [
        vec![chart_units(ctx, at), chart_city(ctx, at)],
        vec![
            chart_industries(ctx, at),
            chart_functions(ctx, at),
            chart_services(at),
        ],
    ];
    for (k, charts) in rows.into_iter().enumerate() {
        let n = charts.len() as u32;
        let width = (total - CHART_GAP * (n - 1)) / n;
        let y = CHART_HEIGHTS[..k].iter().map(|h| h + CHART_GAP).sum();
        for (i, chart) in charts.into_iter().enumerate() {
            let Some(mut chart) = chart else { continue };
            chart.set_width(width).set_height(CHART_HEIGHTS[k]);
            let x = i as u32 * (width + CHART_GAP);
            ws.insert_chart_with_offset(top, 0, &chart, x, y)?;
        }
    }
    // rows under the tables keep the default height of 20 pixels
    let height: u32 = CHART_HEIGHTS.iter().sum::<u32>() + CHART_GAP;
    Ok(top + height.div_ceil(20))
}

fn format_diff(d: f64) -> String {
    if d >= 0.0 {
        format!("超出 {:.2} 家", d)
    } else {
        format!("落后 {:.2} 家", -d)
    }
}

/// Columns of 分县区进展 after the per-year pairs: 目标 is `TARGET_COL + 2 × years`.
const TARGET_COL: usize = 3;

/// 分县区进展: the unit table with traffic lights and a data bar on 完成率.
fn by_unit(ws: &mut Worksheet, ctx: &Ctx) -> Result<Placed> {
    let s = &ctx.fig.summary;
    let mut cols = vec![
        col("序号", 6.0),
        col("县（市、区）", 16.0),
        col("类别", 16.0),
    ];
    for y in &ctx.plan.years {
        cols.push(col(&format!("{y}年\n建成"), 8.0));
        cols.push(col(&format!("{y}年\n状态"), 9.0));
    }
    for (t, w) in [
        ("目标\n（家）", 8.0),
        ("累计建成\n（家）", 9.0),
        ("按进度\n应建成", 9.0),
        ("完成率", 9.0),
        ("目标状态", 9.0),
        ("进度", 8.0),
        ("在建", 7.0),
        ("谋划", 7.0),
        ("存量", 7.0),
        ("本月报送", 10.0),
    ] {
        cols.push(col(t, w));
    }
    let state = state_at(ctx.sel, ctx.plan, ctx.p);
    let count = |unit: &str, pred: &dyn Fn(&crate::model::Complex) -> bool| {
        state
            .iter()
            .filter(|x| x.complex.unit == unit && pred(x.complex))
            .count() as f64
    };
    let first = ctx.plan.first_year();
    let rows: Vec<Vec<V>> = s
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let mut row: Vec<V> = vec![
                V::N(i as f64 + 1.0),
                u.unit.clone().into(),
                ctx.plan.group(&u.group).label.clone().into(),
            ];
            for y in &ctx.plan.years {
                row.push(V::N(u.built_by_year[&y.to_string()] as f64));
                row.push(
                    u.status_by_year
                        .get(&y.to_string())
                        .map(|s| centred(s.chinese()))
                        .unwrap_or(centred("—")),
                );
            }
            row.extend([
                V::N(u.target as f64),
                V::N(u.built as f64),
                V::F(u.expected_by_now),
                pct(u.built, u.target),
                centred(u.status.chinese()),
                centred(if u.behind { "滞后" } else { "正常" }),
                V::N(count(&u.unit, &|c| c.status == Some(Status::Building))),
                V::N(count(&u.unit, &|c| c.status == Some(Status::Planned))),
                V::N(count(&u.unit, &|c| {
                    c.status == Some(Status::Built) && c.built.is_some_and(|b| b.year < first)
                })),
                centred(u.submission.chinese()),
            ]);
            row
        })
        .collect();
    let n = ctx.plan.years.len();
    let mut sums: Vec<usize> = (0..n).map(|i| 3 + 2 * i).collect();
    sums.extend([
        3 + 2 * n,
        4 + 2 * n,
        5 + 2 * n,
        9 + 2 * n,
        10 + 2 * n,
        11 + 2 * n,
    ]);
    let mut t = ctx.table("建设进展（分县区）", Some("家"), cols, rows);
    t.total = Some(sums);
    t.notes = vec![status_note()];
    let placed = t.write(ws, 0)?;
    if let Some(last) = placed.last_row() {
        let c = (TARGET_COL + 2 * n) as u16;
        status_colors(ws, &ctx.f, (placed.first_row, 3), (last, c + 9))?;
        rate_bar(ws, c + 3, placed.first_row, last)?;
    }
    if let Some(r) = placed.total_row {
        let (built, target) = s
            .units
            .iter()
            .fold((0, 0), |(b, t), u| (b + u.built, t + u.target));
        if target > 0 {
            let c = (TARGET_COL + 2 * n) as u16 + 3;
            ws.write_number_with_format(r, c, built as f64 / target as f64, &ctx.f.total_rate)?;
        }
    }
    ws.set_freeze_panes(placed.first_row, 2)?;
    print_setup(ws, placed.head_row)?;
    Ok(placed)
}

/// First column of the monthly table on 总览, right of the printed area (K).
const MONTHLY_COL: u16 = 10;

/// The city's cumulative built count by plan month against the expectation and the
/// target: the data of the overview's line chart, on 总览 beside the printed page.
fn city_by_month(ws: &mut Worksheet, ctx: &Ctx) -> Result<Placed> {
    let target = ctx.fig.summary.city.target as f64;
    let rows: Vec<Vec<V>> = ctx
        .fig
        .monthly
        .iter()
        .map(|m| {
            vec![
                m.month.clone().into(),
                V::N(m.built_cumulative as f64),
                V::F(m.expected),
                V::N(target),
            ]
        })
        .collect();
    let mut t = ctx.subtable(
        "全市累计建成（分月）",
        Some("家"),
        vec![
            col("月份", 10.0),
            col("累计建成", 10.0),
            col("按进度应建成", 13.0),
            col("全市目标", 10.0),
        ],
        rows,
    );
    t.notes = vec!["注：左侧“全市累计建成与目标进度”图的数据，不在打印范围内。".into()];
    Ok(t.write_at(ws, 0, MONTHLY_COL)?)
}

fn by_industry(ws: &mut Worksheet, ctx: &Ctx) -> Result<Placed> {
    let s = &ctx.fig.summary;
    let svc = |name: &str| {
        ctx.fig
            .services_by_industry
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| *s)
            .unwrap_or_default()
    };
    let rows: Vec<Vec<V>> = s
        .industries
        .iter()
        .map(|i| {
            let sv = svc(&i.industry);
            vec![
                i.industry.clone().into(),
                i.category.clone().into(),
                V::N(i.planned as f64),
                V::N(i.under_construction as f64),
                V::N(i.built as f64),
                V::N(i.pre_plan as f64),
                V::W(i.invest_done_wan),
                V::N(sv.0[0]),
                V::W(sv.0[2]),
            ]
        })
        .collect();
    let cols = vec![
        col("主导产业", 14.0),
        col("产业类别", 10.0),
        col("谋划", 8.0),
        col("在建", 8.0),
        col("建成\n（计划年度）", 11.0),
        col("存量", 8.0),
        col("累计完成投资\n（万元）", 14.0),
        col("服务企业\n（家次）", 11.0),
        col("技术合同成交额\n（万元）", 15.0),
    ];
    let mut t = ctx.table("建设情况（分产业）", Some("家、万元、家次"), cols, rows);
    t.total = Some(vec![2, 3, 4, 5, 6, 7, 8]);
    t.notes = vec!["注：主导产业按计划的产业目录归类，县区报送的本地产业名称（如羊绒、自行车童车、光伏新能源）按别名对应；无法对应的计入“未分类”。服务情况为计划年度内各月之和，表2中无法对应到综合体的服务数据不计入任何产业。".into()];
    let placed = t.write(ws, 0)?;
    // unit × industry: complexes built in plan years, on the same columns
    let names: Vec<String> = s.industries.iter().map(|i| i.industry.clone()).collect();
    let mut cols = vec![col("县（市、区）", 16.0)];
    cols.extend(names.iter().map(|n| col(n, 7.0)));
    cols.push(col("合计", 7.0));
    let rows: Vec<Vec<V>> = ctx
        .fig
        .unit_industry_built
        .iter()
        .map(|(u, counts)| {
            let mut row: Vec<V> = vec![u.clone().into()];
            row.extend(
                counts
                    .iter()
                    .map(|c| if *c == 0 { V::Blank } else { V::N(*c as f64) }),
            );
            row.push(V::N(counts.iter().sum::<u32>() as f64));
            row
        })
        .collect();
    let mut t2 = ctx.subtable("建成情况（分县区×产业）", Some("家"), cols, rows);
    t2.total = Some((1..=names.len() + 1).collect());
    t2.write_under(ws, placed.next_row, &[])?;
    widen(ws, &[&t, &t2])?;
    ws.set_freeze_panes(placed.first_row, 1)?;
    print_setup(ws, placed.head_row)?;
    // two short tables: one page, so the repeated titles never head the wrong table
    ws.set_print_fit_to_pages(1, 1);
    Ok(placed)
}

fn functions(ws: &mut Worksheet, ctx: &Ctx) -> Result<Placed> {
    let state = state_at(ctx.sel, ctx.plan, ctx.p);
    let mut cols = vec![
        col("县（市、区）", 14.0),
        col("综合体名称", 30.0),
        col("建设状态", 9.0),
    ];
    cols.extend(ctx.plan.functions.iter().map(|f| col(f, 7.0)));
    cols.push(col("具备功能数", 9.0));
    let rows: Vec<Vec<V>> = state
        .iter()
        .map(|s| {
            let c = s.complex;
            let mut row: Vec<V> = vec![
                c.unit.clone().into(),
                c.name.clone().into(),
                c.status.map(Status::chinese).unwrap_or("").into(),
            ];
            row.extend(c.functions.iter().map(|f| V::T(*f)));
            row.push(V::N(c.functions.iter().filter(|f| **f).count() as f64));
            row
        })
        .collect();
    let n = ctx.plan.functions.len();
    let mut t = ctx.table("功能配置", Some("个、家"), cols, rows);
    t.total = Some((3..3 + n).collect());
    t.notes = vec![format!(
        "注：行动计划要求综合体集{}等功能于一体。√ 表示具备该功能；合计行为具备该功能的综合体数（家）。",
        ctx.plan.functions.join("、"),
    )];
    let placed = t.write(ws, 0)?;
    if let Some(r) = placed.total_row {
        // the counts are Figures' own (they equal the ticks summed)
        for (i, (_, count)) in ctx.fig.function_counts.iter().enumerate().take(n) {
            ws.write_number_with_format(r, 3 + i as u16, *count as f64, &ctx.f.total_count)?;
        }
    }
    ws.set_freeze_panes(placed.first_row, 2)?;
    print_setup(ws, placed.head_row)?;
    Ok(placed)
}

fn measure_cols(first: &str) -> Vec<crate::report::table::Col> {
    let mut cols = vec![col(first, 16.0)];
    cols.extend(
        MEASURES
            .iter()
            .map(|m| col(&format!("{}\n（{}）", m.title, m.unit), 11.0)),
    );
    cols
}

fn measure_values(s: &crate::figures::Services) -> Vec<V> {
    MEASURES
        .iter()
        .zip(s.0.iter())
        .map(|(m, v)| if m.integer { V::N(*v) } else { V::W(*v) })
        .collect()
}

fn services(ws: &mut Worksheet, ctx: &Ctx) -> Result<Placed> {
    let mut cols = measure_cols("月份");
    cols.push(col("报送表2的\n单位数", 10.0));
    let rows: Vec<Vec<V>> = ctx
        .fig
        .services_by_month
        .iter()
        .map(|m| {
            let mut row: Vec<V> = vec![m.month.clone().into()];
            row.extend(measure_values(&m.services));
            row.push(V::N(m.units_reporting as f64));
            row
        })
        .collect();
    let mut t = ctx.table("服务情况（分月）", Some("见各列"), cols, rows);
    t.total = Some((1..=10).collect());
    t.notes = vec![format!("注：各月数据为当月各单位所用报表表2之和；某单位某月未报送或缺表2的，该月按缺报处理（不按0计）。报送表2的单位数少于 {} 的月份，合计偏小。", ctx.plan.units.len())];
    let placed = t.write(ws, 0)?;
    let mut cols = measure_cols("县（市、区）");
    cols.push(col("缺报月数", 9.0));
    let rows: Vec<Vec<V>> = ctx
        .fig
        .services_by_unit
        .iter()
        .zip(&ctx.fig.summary.units)
        .map(|(u, uf)| {
            let mut row: Vec<V> = vec![u.unit.clone().into()];
            row.extend(measure_values(&u.total));
            row.push(V::N(uf.months_missing.len() as f64));
            row
        })
        .collect();
    let mut t2 = ctx.subtable(
        "服务情况（分县区，计划年度累计）",
        Some("见各列"),
        cols,
        rows,
    );
    t2.total = Some((1..=10).collect());
    t2.write_under(ws, placed.next_row, &[])?;
    widen(ws, &[&t, &t2])?;
    ws.set_freeze_panes(placed.first_row, 1)?;
    print_setup(ws, placed.head_row)?;
    // two short tables: one page, so the repeated titles never head the wrong table
    ws.set_print_fit_to_pages(1, 1);
    Ok(placed)
}

fn rewards(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let state = state_at(ctx.sel, ctx.plan, ctx.p);
    let rows: Vec<Vec<V>> = ctx
        .fig
        .summary
        .units
        .iter()
        .map(|u| {
            let of = |a| {
                state
                    .iter()
                    .filter(|s| s.complex.unit == u.unit && s.complex.assessment == a)
                    .count() as f64
            };
            vec![
                u.unit.clone().into(),
                V::N(u.built as f64),
                V::N(of(crate::model::Assessment::Passed)),
                V::N(of(crate::model::Assessment::Failed)),
                V::W(u.reward_wan),
            ]
        })
        .collect();
    let cols = vec![
        col("县（市、区）", 16.0),
        col("建成（家）", 10.0),
        col("考核通过（家）", 12.0),
        col("考核未通过（家）", 13.0),
        col("奖励资金（万元）", 14.0),
    ];
    let mut t = ctx.table("考核奖励", Some("家、万元"), cols, rows);
    t.total = Some(vec![1, 2, 3, 4]);
    t.notes = vec![format!("注：依据行动计划“建设期满后，对科技创新综合体进行考核评价，完成考核目标的，给予每家科技创新综合体依托单位{}万元配套奖励资金”，按考核结果为“通过”的综合体计算。", format_number(ctx.plan.reward_wan))];
    let placed = t.write(ws, 0)?;
    let passed: Vec<Vec<V>> = state
        .iter()
        .filter(|s| s.complex.assessment != crate::model::Assessment::NotAssessed)
        .map(|s| {
            let c = s.complex;
            vec![
                c.unit.clone().into(),
                c.name.clone().into(),
                c.host.clone().unwrap_or_default().into(),
                c.assessment.chinese().into(),
                V::W(if c.assessment == crate::model::Assessment::Passed {
                    ctx.plan.reward_wan
                } else {
                    0.0
                }),
            ]
        })
        .collect();
    if !passed.is_empty() {
        let cols = vec![
            col("县（市、区）", 16.0),
            col("综合体名称", 34.0),
            col("依托单位", 30.0),
            col("考核结果", 10.0),
            col("奖励资金（万元）", 14.0),
        ];
        let mut t2 = ctx.subtable("考核结果明细", Some("万元"), cols, passed);
        t2.total = Some(vec![4]);
        t2.write_under(ws, placed.next_row, &[])?;
        widen(ws, &[&t, &t2])?;
    }
    ws.set_freeze_panes(placed.first_row, 1)?;
    // the detail list runs onto later pages: repeat the sheet title, not the column
    // titles of the first table
    print_setup_repeating(ws, 0, placed.head_row - 1)?;
    Ok(())
}

fn month_text(m: Option<YearMonth>) -> V {
    m.map(|m| V::S(m.chinese_short())).unwrap_or(V::Blank)
}

fn opt_w(v: Option<f64>) -> V {
    v.map(V::W).unwrap_or(V::Blank)
}

fn directory(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let state = state_at(ctx.sel, ctx.plan, ctx.p);
    let cols = vec![
        col("序号", 6.0),
        col("县（市、区）", 14.0),
        col("综合体编号", 12.0),
        col("综合体名称", 30.0),
        col("依托单位", 28.0),
        col("主导产业", 12.0),
        col("产业类别", 10.0),
        col("建设方式", 9.0),
        col("投资方式", 10.0),
        col("运营模式", 12.0),
        col("建设状态", 10.0),
        col("开工时间", 11.0),
        col("建成时间", 11.0),
        col("核心场所面积\n（平方米）", 12.0),
        col("计划总投资\n（万元）", 12.0),
        col("累计完成投资\n（万元）", 12.0),
        col("其中：财政资金\n（万元）", 13.0),
        col("其中：社会资本\n（万元）", 13.0),
        col("具备功能数", 9.0),
        col("入驻服务机构\n（家）", 11.0),
        col("考核结果", 9.0),
        col("数据来源", 48.0),
    ];
    let rows: Vec<Vec<V>> = state
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let c = s.complex;
            vec![
                V::N(i as f64 + 1.0),
                c.unit.clone().into(),
                c.id.clone().unwrap_or_default().into(),
                c.name.clone().into(),
                c.host.clone().unwrap_or_default().into(),
                c.industry.clone().into(),
                ctx.plan.category_of(&c.industry).into(),
                c.build_mode.clone().unwrap_or_default().into(),
                c.funding.clone().unwrap_or_default().into(),
                c.operating_model.clone().unwrap_or_default().into(),
                c.status.map(Status::chinese).unwrap_or("").into(),
                month_text(c.started),
                month_text(c.built),
                c.area_m2.map(V::N).unwrap_or(V::Blank),
                opt_w(c.invest_planned),
                opt_w(c.invest_done),
                opt_w(c.invest_gov),
                opt_w(c.invest_private),
                V::N(c.functions.iter().filter(|f| **f).count() as f64),
                c.resident_orgs.map(V::N).unwrap_or(V::Blank),
                c.assessment.chinese().into(),
                s.file.into(),
            ]
        })
        .collect();
    let n = rows.len() as u32;
    let t = ctx.table("名录", Some("平方米、万元、家"), cols, rows);
    let placed = t.write(ws, 0)?;
    ws.autofilter(placed.head_row, 0, placed.head_row + n.max(1), 21)?;
    ws.set_freeze_panes(placed.first_row, 4)?;
    print_setup(ws, placed.head_row)?;
    if ctx.fig.changes.len() > CHANGES_SHOWN {
        all_changes(ws, ctx, placed.next_row)?;
    }
    Ok(())
}

/// Every change since last month, when the overview shows only the first few; laid
/// out on the directory's columns (序号, 县, 编号→变化, 名称, 依托单位→说明).
fn all_changes(ws: &mut Worksheet, ctx: &Ctx, start: u32) -> Result<()> {
    let rows: Vec<Vec<V>> = ctx
        .fig
        .changes
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            vec![
                V::N(i as f64 + 1.0),
                ch.unit.clone().into(),
                ch.kind.clone().into(),
                ch.complex.clone().into(),
                ch.detail.clone().into(),
            ]
        })
        .collect();
    let mut t = ctx.subtable(
        "本月变化明细",
        None,
        vec![
            col("序号", 6.0),
            col("县（市、区）", 14.0),
            col("变化", 12.0),
            col("综合体名称", 30.0),
            col("说明", 50.0),
        ],
        rows,
    );
    t.title = format!("本月变化明细（{}，与上月相比）", ctx.p.chinese_short());
    // 说明 spans the directory's 依托单位, 主导产业 and 产业类别 columns
    t.write_under(ws, start, &[1, 1, 1, 1, 3])?;
    Ok(())
}

fn submissions(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let sel = ctx.sel;
    let count_for = |list: &[crate::select::FileNote], unit: &str| {
        list.iter()
            .filter(|f| f.unit.as_deref() == Some(unit))
            .count() as f64
    };
    let rows: Vec<Vec<V>> = ctx
        .fig
        .summary
        .units
        .iter()
        .map(|u| {
            let used = sel.state_of(&u.unit, ctx.p);
            let (rows_read, rows_rej): (usize, usize) = sel
                .used
                .iter()
                .filter(|x| x.unit == u.unit)
                .fold((0, 0), |(a, b), x| {
                    (
                        a + x.body.complexes.len() + x.body.services.len(),
                        b + x.body.complexes.iter().filter(|c| c.rejected()).count()
                            + x.body.services.iter().filter(|s| s.rejected()).count(),
                    )
                });
            vec![
                u.unit.clone().into(),
                centred(u.submission.chinese()),
                used.map(|x| V::S(x.file.clone())).unwrap_or(V::from("—")),
                used.map(|x| V::S(x.month.chinese_short()))
                    .unwrap_or(V::from("—")),
                used.and_then(|x| x.reported)
                    .map(|d| V::S(d.format("%Y-%m-%d").to_string()))
                    .unwrap_or(V::from("未填")),
                V::N(sel.used.iter().filter(|x| x.unit == u.unit).count() as f64),
                V::N(u.months_missing.len() as f64),
                V::N(count_for(&sel.superseded, &u.unit)),
                V::N(count_for(&sel.set_aside, &u.unit)),
                V::N(count_for(&sel.rejected, &u.unit)),
                V::N(rows_read as f64),
                V::N(rows_rej as f64),
            ]
        })
        .collect();
    let cols = vec![
        col("县（市、区）", 14.0),
        col("本月报送", 10.0),
        col("所用报表", 50.0),
        col("报表月份", 11.0),
        col("报出日期", 11.0),
        col("已用报表数", 9.0),
        col("缺报月数", 8.0),
        col("被替代", 7.0),
        col("暂存", 7.0),
        col("退回", 7.0),
        col("读取行数", 8.0),
        col("拒收行数", 8.0),
    ];
    let mut t = ctx.table("报表报送情况", Some("份、行"), cols, rows);
    t.total = Some(vec![5, 6, 7, 8, 9, 10, 11]);
    let i = &ctx.fig.summary.inputs;
    t.notes = vec![
        format!("注：报送截止日期为次月{}日。按时报送＝报出日期不晚于截止日期（未填报出日期的按按时计并提示）；逾期报送＝晚于截止日期；未报送＝本月无可用报表，以最近一期报表为准。", ctx.plan.deadline_day),
        format!(
            "文件核对：共发现文件 {} 个 ＝ 非报表文件 {} ＋ 退回 {} ＋ 暂存（月份晚于报告期）{} ＋ 被替代 {} ＋ 已用 {}；数据行：读取 {} 行 ＝ 接收 {} ＋ 拒收 {}。",
            i.files_found, i.files_skipped, i.files_rejected, i.files_set_aside, i.files_superseded, i.files_read, i.rows_read, i.rows_accepted, i.rows_rejected
        ),
    ];
    let placed = t.write(ws, 0)?;
    if let Some(last) = placed.last_row() {
        status_colors(ws, &ctx.f, (placed.first_row, 1), (last, 1))?;
    }
    let mut list: Vec<Vec<V>> = Vec::new();
    for (kind, files) in [
        ("退回", &sel.rejected),
        ("被替代", &sel.superseded),
        ("暂存", &sel.set_aside),
        ("非报表文件", &sel.skipped),
    ] {
        for f in files.iter() {
            list.push(vec![
                f.unit.clone().unwrap_or_default().into(),
                kind.into(),
                f.file.clone().into(),
                month_text(f.month),
                f.note.clone().into(),
            ]);
        }
    }
    if !list.is_empty() {
        let cols = vec![
            col("县（市、区）", 14.0),
            col("处理", 10.0),
            col("文件", 50.0),
            col("报表月份", 11.0),
            col("原因", 65.0),
        ];
        // 原因 spans the eight count columns of the table above
        ctx.subtable("未使用的文件", None, cols, list).write_under(
            ws,
            placed.next_row,
            &[1, 1, 1, 1, 8],
        )?;
    }
    ws.set_freeze_panes(placed.first_row, 1)?;
    // the list of unused files runs onto later pages: repeat the sheet title only
    print_setup_repeating(ws, 0, placed.head_row - 1)?;
    Ok(())
}

pub fn problem_rows(issues: &[&crate::issue::Issue]) -> Vec<Vec<V>> {
    issues
        .iter()
        .enumerate()
        .map(|(n, i)| {
            vec![
                V::N(n as f64 + 1.0),
                i.severity.chinese().into(),
                i.unit.clone().unwrap_or_default().into(),
                i.file.clone().into(),
                i.sheet.clone().unwrap_or_default().into(),
                i.cell
                    .clone()
                    .or(i.row.map(|r| format!("第{r}行")))
                    .unwrap_or_default()
                    .into(),
                i.rule.chinese().into(),
                i.value.clone().unwrap_or_default().into(),
                i.message.clone().into(),
            ]
        })
        .collect()
}

pub fn problem_cols() -> Vec<crate::report::table::Col> {
    vec![
        col("序号", 6.0),
        col("类别", 6.0),
        col("县（市、区）", 12.0),
        col("文件", 40.0),
        col("工作表", 16.0),
        col("单元格", 8.0),
        col("问题", 16.0),
        col("所填内容", 14.0),
        col("说明及改正方法", 70.0),
    ]
}

fn problems(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let issues: Vec<_> = ctx.sel.issues.iter().collect();
    let n = issues.len() as u32;
    let mut t = ctx.table(
        "报表数据问题清单",
        None,
        problem_cols(),
        problem_rows(&issues),
    );
    if t.rows.is_empty() {
        t.rows.push(vec![
            V::Blank,
            V::Blank,
            V::Blank,
            "未发现问题".into(),
            V::Blank,
            V::Blank,
            V::Blank,
            V::Blank,
            V::Blank,
        ]);
    }
    let placed = t.write(ws, 0)?;
    if let Some(last) = placed.last_row() {
        status_colors(ws, &ctx.f, (placed.first_row, 1), (last, 1))?;
    }
    ws.autofilter(placed.head_row, 0, placed.head_row + n.max(1), 8)?;
    ws.set_freeze_panes(placed.first_row, 0)?;
    print_setup(ws, placed.head_row)?;
    Ok(())
}

fn about(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let plan = ctx.plan;
    let priority: Vec<&str> = plan
        .units
        .iter()
        .filter(|u| u.group == "priority")
        .map(|u| u.name.as_str())
        .collect();
    let rows: Vec<Vec<V>> = vec![
        vec!["依据".into(), format!("{}（{}）", plan.title, plan.document).into()],
        vec!["目标".into(), "“2020年—2022年，襄都区、信都区、任泽区、南和区、开发区、邢东新区每年新建科技创新综合体不少于1家；其余县(市、区)到2022年至少新建1家。到2022年底全市建成科技创新综合体30家以上，实现县(市、区)全覆盖。”".into()],
        vec!["重点区".into(), priority.join("、").into()],
        vec!["全市目标".into(), format!("{} 家", plan.city_target).into()],
        vec!["奖励".into(), format!("考核通过的综合体，每家奖励依托单位 {} 万元", format_number(plan.reward_wan)).into()],
        vec!["报送截止".into(), format!("每月报表于次月 {} 日前报送", plan.deadline_day).into()],
        vec!["报告月份".into(), ctx.p.chinese_short().into()],
        vec!["生成工具".into(), format!("xtic {}", env!("CARGO_PKG_VERSION")).into()],
    ];
    let t = ctx.table(
        "报告说明",
        None,
        vec![col("项目", 14.0), col("内容", 66.0)],
        rows,
    );
    let placed = t.write(ws, 0)?;
    let files: Vec<Vec<V>> = ctx
        .sel
        .hashes
        .iter()
        .enumerate()
        .map(|(i, (f, h))| vec![V::N(i as f64 + 1.0), f.clone().into(), h.clone().into()])
        .collect();
    let ft = Table {
        title: "输入文件及其 SHA-256 校验值".into(),
        subtitle: format!("共 {} 个报表文件（不含非报表文件）", files.len()),
        unit_line: None,
        cols: vec![col("序号", 14.0), col("文件", 66.0), col("SHA-256", 68.0)],
        rows: files,
        total: None,
        notes: Vec::new(),
        formats: &ctx.f,
    };
    let files = ft.write(ws, placed.next_row)?;
    ws.set_freeze_panes(placed.first_row, 0)?;
    // the file list runs over many pages: repeat its column titles, not the first table's
    print_setup_repeating(ws, files.head_row, files.head_row)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};
    use std::path::Path;

    use calamine::{Data, Reader, Xlsx};

    use super::*;

    /// The workbook of the clean_small fixture for June 2021.
    fn clean_small() -> Vec<u8> {
        let plan = Plan::builtin();
        let p = YearMonth::parse_iso("2021-06").expect("a month");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean_small");
        let sel = crate::pipeline::read_and_select(&dir, Some(p), &plan).expect("fixture reads");
        let fig = crate::aggregate::figures(&sel, &plan, p).expect("figures");
        let ctx = Ctx {
            fig: &fig,
            sel: &sel,
            plan: &plan,
            p,
            narrative: "测试用说明文字。",
            f: Formats::new(),
        };
        build(&ctx).expect("workbook builds")
    }

    fn number(d: &Data) -> f64 {
        match d {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            _ => 0.0,
        }
    }

    #[test]
    fn sheets_totals_and_native_charts() {
        let bytes = clean_small();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone()))
            .expect("calamine opens the workbook");
        assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());

        // 分县区进展: the 合计 row is the sum of the unit rows, column by column
        let range = wb.worksheet_range("分县区进展").expect("sheet");
        let rows: Vec<&[Data]> = range.rows().collect();
        let head = rows
            .iter()
            .position(|r| {
                r.first()
                    .is_some_and(|c| matches!(c, Data::String(s) if s == "序号"))
            })
            .expect("a header row");
        let total = rows
            .iter()
            .position(|r| {
                r.first()
                    .is_some_and(|c| matches!(c, Data::String(s) if s == "合计"))
            })
            .expect("a 合计 row");
        let units = &rows[head + 1..total];
        assert_eq!(units.len(), Plan::builtin().units.len());
        let target = TARGET_COL + 2 * Plan::builtin().years.len();
        for c in [target, target + 1, target + 2] {
            let sum: f64 = units.iter().map(|r| number(&r[c])).sum();
            let shown = number(&rows[total][c]);
            assert!(
                (sum - shown).abs() < 1e-9,
                "column {c}: rows sum to {sum}, 合计 shows {shown}"
            );
        }
        let built: f64 = units.iter().map(|r| number(&r[target + 1])).sum();
        assert!(built > 0.0, "clean_small has built complexes");

        // five native charts, linked to the sheets
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
        let charts: Vec<String> = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.to_string()))
            .filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
            .collect();
        assert!(charts.len() >= 5, "charts: {charts:?}");
        for name in &charts {
            let mut xml = String::new();
            zip.by_name(name)
                .expect("chart part")
                .read_to_string(&mut xml)
                .expect("utf-8");
            assert!(xml.contains("<c:f>"), "{name} is not linked to cells");
            assert!(xml.contains(FONT), "{name} does not use {FONT}");
            // every linked number series points at filled cells (a regression: the
            // target line once pointed at the blank half of a merged column)
            for cache in xml.split("<c:numCache>").skip(1) {
                let cache = &cache[..cache.find("</c:numCache>").unwrap_or(cache.len())];
                let declared = cache
                    .split("<c:ptCount val=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(0);
                let points = cache.matches("<c:pt ").count();
                assert!(declared > 0, "{name}: an empty series");
                assert_eq!(points, declared, "{name}: series over blank cells");
            }
        }
    }

    #[test]
    fn same_inputs_same_bytes() {
        assert_eq!(clean_small(), clean_small());
    }
}
