//! The statistical tables behind the overview: 分县区进展, 分产业情况, 功能配置, 服务情况
//! and 考核奖励. Each returns where its main table landed when a chart on 总览 links to it.

use anyhow::Result;
use rust_xlsxwriter::{Formula, Worksheet};

use super::{centred, pct, widen, Ctx};
use crate::figures::{Counted, Measure, Progress, Services};
use crate::model::Status;
use crate::normalize::column_letters;
use crate::report::print::Print;
use crate::report::table::{col, rate_bar, status_colors, Col, Placed, Table, V};
use crate::wording::glossary::{
    pace, BUILDING, NO_RETURN, NO_TABLE2, PACE, PLANNING, PRE_PLAN, TARGET_STATUS, UNIT_KIND,
};

/// Columns of 分县区进展 after the per-year pairs: 目标 is `TARGET_COL + 2 × years`.
pub(super) const TARGET_COL: usize = 3;

/// Columns of 分县区进展: 序号, unit, group, a 建成/状态 pair per plan year, then the
/// target, progress and stock columns.
fn unit_cols(ctx: &Ctx) -> Vec<Col> {
    let mut cols = vec![col("序号", 6.0), col(UNIT_KIND, 16.0), col("类别", 16.0)];
    for y in &ctx.plan.years {
        cols.push(col(&format!("{y}年\n建成"), 8.0));
        cols.push(col(&format!("{y}年\n目标状态"), 9.0));
    }
    for (t, w) in [
        ("目标\n（家）", 8.0),
        ("累计建成\n（家）", 9.0),
        ("按进度\n应建成", 9.0),
        ("完成率", 9.0),
        (TARGET_STATUS, 9.0),
        (PACE, 8.0),
        (BUILDING, 7.0),
        (PLANNING, 7.0),
        (PRE_PLAN, 7.0),
        ("本月报送", 10.0),
    ] {
        cols.push(col(t, w));
    }
    cols
}

/// One row of 分县区进展 per unit, in plan order, on the columns of `unit_cols`.
fn unit_rows(ctx: &Ctx) -> Vec<Vec<V>> {
    ctx.fig
        .summary
        .units
        .iter()
        .zip(&ctx.fig.unit_counts)
        .enumerate()
        .map(|(i, (u, n))| {
            let mut row: Vec<V> = vec![
                V::N(i as f64 + 1.0),
                u.unit.clone().into(),
                ctx.plan.group(&u.group).label.clone().into(),
            ];
            for y in &ctx.plan.years {
                row.push(V::N(u.built_by_year[y] as f64));
                row.push(
                    u.status_by_year
                        .get(y)
                        .map(|s| centred(s.chinese()))
                        .unwrap_or(centred("—")),
                );
            }
            row.extend([
                V::N(u.target as f64),
                V::N(u.built as f64),
                V::F(u.expected_by_now),
                pct(u.completion),
                centred(u.status.chinese()),
                centred(pace(u.behind)),
                V::N(n.under_construction as f64),
                V::N(n.planned as f64),
                V::N(n.pre_plan as f64),
                centred(u.submission.chinese()),
            ]);
            row
        })
        .collect()
}

/// 分县区进展: the unit table with traffic lights and a data bar on 完成率.
pub(super) fn by_unit(ws: &mut Worksheet, ctx: &Ctx) -> Result<Placed> {
    let (mut cols, rows) = (unit_cols(ctx), unit_rows(ctx));
    // every column as narrow as its title's words and its figures allow, so that a
    // five-year plan still fits across A3
    for c in &mut cols {
        c.width = 0.0;
    }
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
    t.notes = vec![ctx.words().units_note()];
    // A3 for three plan years; a longer plan splits before 目标, 序号 and 县 repeated
    let print = Print::new(t.widths()).keys(2, &[(TARGET_COL + 2 * n) as u16]);
    let placed = t.write_for(ws, 0, &print)?;
    placed.filter(ws)?;
    if let Some(last) = placed.last_row() {
        let c = (TARGET_COL + 2 * n) as u16;
        status_colors(ws, &ctx.f, (placed.first_row, 3), (last, c + 9))?;
        rate_bar(ws, c + 3, placed.first_row, last)?;
    }
    if let Some(r) = placed.total_row {
        // 合计's rate: the units' built added up (the city's) over their targets added up
        if let Some(result) = ctx.fig.unit_targets.completion {
            let c = (TARGET_COL + 2 * n) as u16 + 3;
            // as a formula on its 累计建成 and 目标 cells
            let cell = |c: u16| format!("{}{}", column_letters(u32::from(c)), r + 1);
            let rate = Formula::new(format!("={}/{}", cell(c - 2), cell(c - 3)))
                .set_result(format!("{result}"));
            ws.write_formula_with_format(r, c, rate, &ctx.f.total_rate)?;
        }
    }
    target_sums_table(ctx).write_under(ws, placed.next_row, &[(TARGET_COL + 2 * n) as u16])?;
    ws.set_freeze_panes(placed.first_row, 2)?;
    print.repeat(placed.head_row, placed.head_row).apply(ws)?;
    Ok(placed)
}

/// The city's target beside the units' targets added up (the 合计 row above), each
/// labelled, laid under 分县区进展's target columns.
fn target_sums_table<'a>(ctx: &'a Ctx) -> Table<'a> {
    let c = &ctx.fig.summary.city;
    let t = &ctx.fig.unit_targets;
    let n = ctx.plan.years.len();
    let rows = vec![
        vec![
            "全市目标（行动计划对全市的要求）".into(),
            V::N(c.target as f64),
            V::N(c.built as f64),
            V::F(c.expected_by_now),
            pct(c.completion),
            centred(c.status.chinese()),
            centred(pace(c.behind)),
        ],
        vec![
            format!("各{UNIT_KIND}目标之和（上表合计行）").into(),
            V::N(t.target as f64),
            V::N(c.built as f64),
            V::F(t.expected_by_now),
            pct(t.completion),
            centred("—"),
            centred("—"),
        ],
    ];
    let lead: f64 = unit_cols(ctx)[..TARGET_COL + 2 * n]
        .iter()
        .map(|c| c.width)
        .sum();
    let cols = vec![
        col("口径", lead),
        col("目标\n（家）", 8.0),
        col("累计建成\n（家）", 9.0),
        col("按进度\n应建成", 9.0),
        col("完成率", 9.0),
        col(TARGET_STATUS, 9.0),
        col(PACE, 8.0),
    ];
    let mut table = ctx.subtable(
        &format!("全市目标与各{UNIT_KIND}目标之和"),
        Some("家"),
        cols,
        rows,
    );
    table.notes = vec![format!("注：{}", ctx.words().target_sums_note(ctx.fig))];
    table
}

pub(super) fn by_industry(ws: &mut Worksheet, ctx: &Ctx) -> Result<Placed> {
    let s = &ctx.fig.summary;
    let rows: Vec<Vec<V>> = s
        .industries
        .iter()
        .map(|i| {
            let mut row: Vec<V> = vec![i.industry.clone().into(), i.category.clone().into()];
            row.extend(progress_cells(&i.progress, &i.services));
            row
        })
        .collect();
    let mut cols = vec![col("主导产业", 14.0), col("产业类别", 10.0)];
    cols.extend(progress_cols());
    let mut t = ctx.table("建设情况（分产业）", Some("家、万元、家次"), cols, rows);
    t.total = Some(vec![2, 3, 4, 5, 6, 7, 8]);
    t.notes = vec![ctx.words().industries_note()];
    let placed = t.write(ws, 0)?;
    placed.filter(ws)?;
    let tc = category_table(ctx);
    let pc = tc.write_under(ws, placed.next_row, &[2])?;
    let t2 = unit_industry_table(ctx);
    let p2 = t2.write_under(ws, pc.next_row, &[])?;
    let widths = widen(ws, &[&t, &t2])?;
    ws.set_freeze_panes(placed.first_row, 1)?;
    // the two industry tables on the first page, the unit × industry table from the
    // next, its titles repeated should it run longer
    Print::new(widths)
        .keys(1, &[])
        .repeat(p2.head_row, p2.head_row)
        .breaks(&[pc.next_row])
        .heights(&[placed.height + 15.0 + pc.height, p2.height])
        .apply(ws)?;
    Ok(placed)
}

/// The columns shared by the industry and category tables.
fn progress_cols() -> Vec<Col> {
    vec![
        col(PLANNING, 8.0),
        col(BUILDING, 8.0),
        col("建成\n（计划年度）", 11.0),
        col(PRE_PLAN, 8.0),
        col("累计完成投资\n（万元）", 14.0),
        col("服务企业\n（家次）", 11.0),
        col("技术合同成交额\n（万元）", 15.0),
    ]
}

/// Their cells: planned, building, built, pre-plan; investment; firms served and
/// contract value.
fn progress_cells(p: &Progress, services: &Services) -> Vec<V> {
    let mut row: Vec<V> = [p.planned, p.under_construction, p.built, p.pre_plan]
        .iter()
        .map(|n| V::N(*n as f64))
        .collect();
    row.extend([
        V::W(p.invest_done_wan),
        V::N(services[Measure::FirmsServed]),
        V::W(services[Measure::ContractValue]),
    ]);
    row
}

/// The industries added up by category, laid under the industry table so that each
/// figure stands under its column there (the category name spans 主导产业 and 产业类别).
fn category_table<'a>(ctx: &'a Ctx) -> Table<'a> {
    let rows: Vec<Vec<V>> = ctx
        .fig
        .categories
        .iter()
        .map(|c| {
            let mut row: Vec<V> = vec![c.category.clone().into()];
            row.extend(progress_cells(&c.progress, &c.services));
            row
        })
        .collect();
    let mut cols = vec![col("产业类别", 24.0)];
    cols.extend(progress_cols());
    let mut t = ctx.subtable("建设情况（分产业类别）", Some("家、万元、家次"), cols, rows);
    t.total = Some(vec![1, 2, 3, 4, 5, 6, 7]);
    t
}

/// Unit × industry: complexes built in plan years, laid under 分产业情况's first table
/// on the same columns.
fn unit_industry_table<'a>(ctx: &'a Ctx) -> Table<'a> {
    let s = &ctx.fig.summary;
    let names: Vec<String> = s.industries.iter().map(|i| i.industry.clone()).collect();
    let mut cols = vec![col(UNIT_KIND, 16.0)];
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
            row.push(V::Sum(counts.iter().sum::<u32>() as f64, 1));
            row
        })
        .collect();
    let mut t2 = ctx.subtable("建成情况（分县区×产业）", Some("家"), cols, rows);
    t2.total = Some((1..=names.len() + 1).collect());
    t2
}

pub(super) fn functions(ws: &mut Worksheet, ctx: &Ctx) -> Result<Placed> {
    let mut cols = vec![
        col(UNIT_KIND, 14.0),
        col("综合体名称", 30.0),
        col("建设状态", 9.0),
    ];
    // ticks under vertical titles: nine narrow columns keep the sheet on A4
    cols.extend(ctx.plan.functions.iter().map(|f| col(f, 3.0).stacked()));
    cols.push(col("具备功能数", 9.0));
    let rows: Vec<Vec<V>> = ctx
        .fig
        .state
        .iter()
        .map(|s| {
            let c = &s.complex;
            let mut row: Vec<V> = vec![
                c.unit.clone().into(),
                c.name.clone().into(),
                c.status.map(Status::chinese).unwrap_or("").into(),
            ];
            row.extend(c.functions.iter().map(|f| V::T(*f)));
            row.push(V::N(s.functions as f64));
            row
        })
        .collect();
    let n = ctx.plan.functions.len();
    let mut t = ctx.table("功能配置", Some("个、家"), cols, rows);
    t.total = Some((3..3 + n).collect());
    t.notes = vec![ctx.words().functions_note(ctx.fig)];
    let placed = t.write(ws, 0)?;
    placed.filter(ws)?;
    // the counts are Figures' own (they equal the ticks summed)
    for (i, (_, count)) in ctx.fig.function_counts.iter().enumerate().take(n) {
        placed.total(ws, 3 + i as u16, *count as f64, &ctx.f.total_count)?;
    }
    ws.set_freeze_panes(placed.first_row, 2)?;
    Print::new(t.widths())
        .repeat(placed.head_row, placed.head_row)
        .apply(ws)?;
    Ok(placed)
}

fn measure_cols(first: &str) -> Vec<Col> {
    let mut cols = vec![col(first, 16.0)];
    cols.extend(Measure::ALL.iter().map(|m| {
        let m = m.schema();
        col(&format!("{}\n（{}）", m.title, m.unit), 10.0)
    }));
    cols
}

fn measure_values(s: &Services) -> Vec<V> {
    s.iter()
        .map(|(m, v)| if m.schema().integer { V::N(v) } else { V::W(v) })
        .collect()
}

pub(super) fn services(ws: &mut Worksheet, ctx: &Ctx) -> Result<Placed> {
    let mut cols = measure_cols("月份");
    cols.push(col("报送表2的\n单位数", 10.0));
    cols.push(col(&format!("{NO_RETURN}的\n单位数"), 10.0));
    cols.push(col(&format!("{NO_TABLE2}的\n单位数"), 10.0));
    let rows: Vec<Vec<V>> = ctx
        .fig
        .services_by_month
        .iter()
        .map(|m| {
            let mut row: Vec<V> = vec![m.month.to_string().into()];
            row.extend(measure_values(&m.services));
            row.push(V::N(m.units_reporting as f64));
            row.push(V::N(m.units_no_return as f64));
            row.push(V::N(m.units_no_table2 as f64));
            row
        })
        .collect();
    let mut t = ctx.subtable("服务情况（分月）", Some("见各列"), cols, rows);
    t.total = Some((1..=10).chain([12, 13]).collect());
    t.notes = vec![ctx.words().services_note()];
    let mut cols = measure_cols(UNIT_KIND);
    cols.push(col(&format!("{NO_RETURN}\n月数"), 9.0));
    cols.push(col(&format!("{NO_TABLE2}\n月数"), 9.0));
    let rows: Vec<Vec<V>> = ctx
        .fig
        .services_by_unit
        .iter()
        .zip(&ctx.fig.summary.units)
        .zip(&ctx.fig.unit_counts)
        .map(|((u, uf), n)| {
            let mut row: Vec<V> = vec![u.unit.clone().into()];
            row.extend(measure_values(&u.total));
            row.push(V::N(uf.months_missing.len() as f64));
            row.push(V::N(n.months_no_table2.len() as f64));
            row
        })
        .collect();
    let title = format!("服务情况（分{UNIT_KIND}，计划年度累计）");
    let mut t2 = ctx.table(&title, Some("见各列"), cols, rows);
    t2.total = Some((1..=12).collect());
    // the units (one page) first, then the months, a table that runs over pages with
    // its titles repeated: a sheet repeats one set of rows, so the long table goes last
    let top = t2.write(ws, 0)?;
    top.filter(ws)?;
    let placed = t.write_under(ws, top.next_row, &[])?;
    let widths = widen(ws, &[&t, &t2])?;
    ws.set_freeze_panes(top.first_row, 1)?;
    Print::new(widths)
        .repeat(placed.head_row, placed.head_row)
        .breaks(&[top.next_row])
        .heights(&[top.height, placed.height])
        .apply(ws)?;
    Ok(placed)
}

pub(super) fn rewards(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let rows: Vec<Vec<V>> = ctx
        .fig
        .summary
        .units
        .iter()
        .zip(&ctx.fig.unit_counts)
        .map(|(u, n)| {
            vec![
                u.unit.clone().into(),
                V::N(u.built as f64),
                V::N(n.passed as f64),
                V::N(n.failed as f64),
                V::W(u.reward_wan),
                V::N(n.pre_plan_passed as f64),
                V::N(n.pre_plan_failed as f64),
            ]
        })
        .collect();
    let years = ctx.words().years();
    let cols = vec![
        col(UNIT_KIND, 16.0),
        col(&format!("{years}\n建成（家）"), 12.0),
        col("考核通过\n（家）", 10.0),
        col("考核未通过\n（家）", 10.0),
        col("奖励资金\n（万元）", 12.0),
        col(&format!("{PRE_PLAN}：考核通过\n（家，不计奖励）"), 16.0),
        col(&format!("{PRE_PLAN}：考核未通过\n（家）"), 14.0),
    ];
    let mut t = ctx.table("考核奖励", Some("家、万元"), cols, rows);
    t.total = Some(vec![1, 2, 3, 4, 5, 6]);
    t.notes = vec![ctx.words().rewards_note()];
    let placed = t.write(ws, 0)?;
    placed.filter(ws)?;
    let mut print = Print::new(t.widths()).repeat(placed.head_row, placed.head_row);
    let assessed = assessment_rows(ctx);
    if !assessed.is_empty() {
        let cols = vec![
            col(UNIT_KIND, 16.0),
            col("综合体名称", 34.0),
            col("依托单位", 30.0),
            col("建成时间", 11.0),
            col("建成时期", 14.0),
            col("考核结果", 10.0),
            col("奖励资金\n（万元）", 12.0),
        ];
        let mut t2 = ctx.subtable("考核结果明细", Some("万元"), cols, assessed);
        t2.total = Some(vec![6]);
        let p2 = t2.write_under(ws, placed.next_row, &[])?;
        // the detail list starts a page and runs over pages with its own titles
        // repeated (a sheet repeats one set of rows)
        print = Print::new(widen(ws, &[&t, &t2])?)
            .repeat(p2.head_row, p2.head_row)
            .breaks(&[placed.next_row])
            .heights(&[placed.height, p2.height]);
    }
    ws.set_freeze_panes(placed.first_row, 1)?;
    print.apply(ws)?;
    Ok(())
}

/// 考核奖励's detail rows: every assessed complex with its result, the plan it belongs
/// to and its reward under this plan (none for 存量).
fn assessment_rows(ctx: &Ctx) -> Vec<Vec<V>> {
    let years = ctx.words().years();
    ctx.fig
        .assessed
        .iter()
        .map(|a| {
            let (when, reward) = match a.counted {
                Counted::Plan => (format!("{years}建成"), V::W(a.reward_wan)),
                Counted::PrePlan => (PRE_PLAN.to_string(), centred("不计奖励")),
                Counted::AfterPlan => ("计划期后建成".to_string(), centred("不计奖励")),
            };
            vec![
                a.unit.clone().into(),
                a.complex.clone().into(),
                a.host.clone().into(),
                a.built
                    .map(|m| m.chinese_short())
                    .unwrap_or_default()
                    .into(),
                centred(&when),
                centred(if a.passed { "通过" } else { "未通过" }),
                reward,
            ]
        })
        .collect()
}
