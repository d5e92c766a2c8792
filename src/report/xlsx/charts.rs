//! The five native charts on 总览. Each links to the cells of the sheet it summarises
//! (Anchors records where those tables landed), so the numbers in the charts are the
//! workbook's own and stay right if someone edits a cell.

use anyhow::Result;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartAxisLabelPosition, ChartDataLabel, ChartFont, ChartFormat,
    ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType,
    ChartSolidFill, ChartType, Worksheet,
};

use super::overview::MONTHLY_COL;
use super::progress::TARGET_COL;
use super::{Anchors, Ctx, SHEETS};
use crate::report::table::{Placed, FONT};
use crate::schema::MEASURES;

const BLUE: &str = "#266EBE";
const AMBER: &str = "#F2AC38";
const PALE: &str = "#B8C8DC";
const GREY: &str = "#A6AEB8";
const RED: &str = "#C8342C";
const ORANGE: &str = "#DE7A24";

/// Column widths of 总览 (A–I), in characters; the charts span exactly these.
pub(super) const OVERVIEW_WIDTHS: [f64; 9] = [28.0, 10.0, 8.0, 40.0, 2.0, 14.0, 30.0, 10.0, 54.0];
/// Heights of the two rows of charts: the second holds the long category lists.
const CHART_HEIGHTS: [u32; 2] = [280, 460];
const CHART_GAP: u32 = 10;

/// Pixels of a column `w` characters wide, as Excel computes them for the default font.
fn column_px(w: f64) -> u32 {
    (w * 7.0).round() as u32 + 5
}

/// Chart text sizes: 总览 prints at about 80 %, so these print at 8.5, 9 and 10.5 pt.
const SMALL: f64 = 10.5;
const MEDIUM: f64 = 11.0;
const LARGE: f64 = 13.0;

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
        .set_font(&chart_font(SMALL))
        .set_num_format("#,##0;-#,##0;;");
    l
}

/// A chart with the house look: 宋体 everywhere, Chinese title and axis titles, legend below.
fn new_chart(kind: ChartType, title: &str, x: &str, y: &str) -> Chart {
    let mut c = Chart::new(kind);
    let mut bold = chart_font(LARGE);
    bold.set_bold();
    c.title().set_name(title).set_font(&bold);
    c.x_axis()
        .set_font(&chart_font(SMALL))
        .set_name_font(&chart_font(MEDIUM));
    // vertical axis titles in East Asian vertical text, upright characters
    let mut upright = chart_font(MEDIUM);
    upright.set_rotation(271);
    c.y_axis()
        .set_font(&chart_font(SMALL))
        .set_name_font(&upright);
    c.y2_axis()
        .set_font(&chart_font(SMALL))
        .set_name_font(&upright);
    if !x.is_empty() {
        c.x_axis().set_name(x);
    }
    if !y.is_empty() {
        c.y_axis().set_name(y);
    }
    c.legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&chart_font(MEDIUM));
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
    let mut rotated = chart_font(SMALL);
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
            .set_font(&chart_font(MEDIUM))
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
        .map(|i| i.progress.counted())
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
        .set_crossing(ChartAxisCrossing::Max)
        // every category named, however short the chart
        .set_label_interval(1);
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
    let base = &ctx.fig.function_base;
    let title = format!(
        "功能覆盖情况（共{}家综合体，含在建{}家、谋划{}家）",
        base.complexes, base.under_construction, base.planned
    );
    let mut c = new_chart(ChartType::Bar, &title, "家", "");
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
pub(super) fn overview_charts(
    ws: &mut Worksheet,
    ctx: &Ctx,
    at: &Anchors,
    top: u32,
) -> Result<u32> {
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
