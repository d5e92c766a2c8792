//! 总览, the one-page summary for leadership: the headline table, the narrative, this
//! month's changes and the monthly city series the line chart links to; the charts
//! themselves are built in `charts`.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::charts::{overview_charts, OVERVIEW_WIDTHS};
use super::{centred, pct, Anchors, Ctx};
use crate::figures::TargetStatus;
use crate::report::print::{Paper, Print};
use crate::report::table::{col, rate_bar, status_colors, Placed, V};
use crate::wording::glossary::{
    pace, BUILDING, ERROR, EXPECTED, PLANNING, TARGET_STATUS, UNIT_KIND, WARNING,
};
use crate::wording::sentences::{pace_words, rate};

/// The overview's headline rows: 指标, 数值, 状态 (coloured), 说明.
fn headline_rows(ctx: &Ctx) -> Vec<Vec<V>> {
    let mut rows = progress_rows(ctx);
    rows.extend(stock_and_data_rows(ctx));
    rows
}

/// Headline rows on progress against the plan: built, rate, pace, coverage, each
/// group's pace and target status, and the units behind.
fn progress_rows(ctx: &Ctx) -> Vec<Vec<V>> {
    let s = &ctx.fig.summary;
    let c = &s.city;
    let w = ctx.words();
    let sums = &ctx.fig.unit_targets;
    let behind = if ctx.fig.behind_units.is_empty() {
        "无".to_string()
    } else {
        ctx.fig.behind_units.join("、")
    };
    let coverage = match ctx.fig.coverage_status {
        Some(st) => (
            centred(st.chinese()),
            format!("共 {} 个；全覆盖是本计划的目标", c.units_total),
        ),
        None => (
            V::Blank,
            format!("共 {} 个；全覆盖不是本计划的目标", c.units_total),
        ),
    };
    let mut rows = vec![
        vec![
            format!("全市累计建成（{}建成）", w.years()).into(),
            V::N(c.built as f64),
            centred(c.status.chinese()),
            format!(
                "全市目标 {} 家；各{UNIT_KIND}目标之和 {} 家（见“分县区进展”表注）",
                c.target, sums.target
            )
            .into(),
        ],
        vec![
            "全市目标完成率".into(),
            pct(c.completion),
            V::Blank,
            format!(
                "建成数 ÷ 全市目标；按各单位目标之和计为 {}",
                rate(sums.completion)
            )
            .into(),
        ],
        vec![
            EXPECTED.into(),
            V::F(c.expected_by_now),
            centred(pace(c.behind)),
            format!(
                "全市目标的按进度应建成数；{}",
                pace_words(c.built, c.expected_by_now, c.behind)
            )
            .into(),
        ],
        vec![
            format!("已覆盖{UNIT_KIND}").into(),
            V::N(c.units_covered as f64),
            coverage.0,
            coverage.1.into(),
        ],
    ];
    for g in &ctx.fig.groups {
        rows.push(vec![
            format!("{}：进度正常", g.label).into(),
            V::N(g.on_schedule() as f64),
            V::Blank,
            format!("共 {} 个。{}", g.units.len(), group_status(g)).into(),
        ]);
    }
    rows.push(vec![
        "进度滞后单位".into(),
        V::N(ctx.fig.behind_units.len() as f64),
        centred(pace(!ctx.fig.behind_units.is_empty())),
        behind.into(),
    ]);
    rows
}

/// `目标状态：达标 5 个、未达标 1 个（任泽区）`.
fn group_status(g: &crate::figures::GroupFigures) -> String {
    let parts: Vec<String> = g
        .by_status
        .iter()
        .filter(|(_, u)| !u.is_empty())
        .map(|(st, u)| {
            if *st == TargetStatus::Missed {
                format!("{} {} 个（{}）", st.chinese(), u.len(), u.join("、"))
            } else {
                format!("{} {} 个", st.chinese(), u.len())
            }
        })
        .collect();
    format!("{TARGET_STATUS}：{}", parts.join("、"))
}

/// Headline rows on what is not yet built, the assessment and the data problems.
fn stock_and_data_rows(ctx: &Ctx) -> Vec<Vec<V>> {
    let s = &ctx.fig.summary;
    let c = &s.city;
    let w = ctx.words();
    let pre = &ctx.fig.pre_plan_assessment;
    let mut assessed = format!("未通过 {} 家", s.assessment.failed);
    if pre.passed + pre.failed > 0 {
        assessed.push_str(&format!(
            "；存量综合体考核通过 {} 家、未通过 {} 家，不计奖励",
            pre.passed, pre.failed
        ));
    }
    vec![
        vec![
            BUILDING.into(),
            V::N(c.under_construction as f64),
            V::Blank,
            V::Blank,
        ],
        vec![PLANNING.into(), V::N(c.planned as f64), V::Blank, V::Blank],
        vec![
            w.pre_plan_label().into(),
            V::N(c.pre_plan as f64),
            V::Blank,
            "不计入目标".into(),
        ],
        vec![
            format!("考核通过（{}建成）", w.years()).into(),
            V::N(s.assessment.passed as f64),
            V::Blank,
            assessed.into(),
        ],
        vec![
            "奖励资金（万元）".into(),
            V::W(s.assessment.reward_wan),
            V::Blank,
            w.reward_each().into(),
        ],
        vec![
            "数据问题".into(),
            V::N((s.issues.errors + s.issues.warnings) as f64),
            V::Blank,
            format!(
                "{ERROR} {} 条，{WARNING} {} 条",
                s.issues.errors, s.issues.warnings
            )
            .into(),
        ],
    ]
}

/// Changes shown on the overview; the full list goes under the directory.
pub(super) const CHANGES_SHOWN: usize = 10;

fn change_row(ch: &crate::figures::Change) -> Vec<V> {
    vec![
        ch.unit.clone().into(),
        ch.complex.clone().into(),
        ch.kind.chinese().into(),
        ch.detail.clone().into(),
    ]
}

/// 总览: headline table and narrative on the left, this month's changes on the right,
/// the five charts below; one A4 landscape page.
pub(super) fn overview(ws: &mut Worksheet, ctx: &Ctx, at: &mut Anchors) -> Result<()> {
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
            col(UNIT_KIND, 14.0),
            col("综合体", 30.0),
            col("变化", 10.0),
            col("说明", 54.0),
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
        "注：“进度”（正常、滞后）比较建成数与按进度应建成数；“目标状态”（达标、未达标、进行中、未到期）看目标是否完成，二者口径见“分县区进展”表注。下方图表的数据链接“分县区进展”“分产业情况”“功能配置”“服务情况”各表。".to_string(),
    ];
    let end = text_blocks(ws, ctx, &texts, right.next_row - 1)?;

    let top = left.next_row.max(end + 1);
    let bottom = overview_charts(ws, ctx, at, top)?;
    // the leadership page: the tables, the narrative and the five charts on one sheet
    // of A3, where A4 would shrink them to 5 pt
    Print {
        one_page: true,
        paper: Some(Paper::A3),
        area: Some((0, 0, bottom, 8)),
        ..Print::new(OVERVIEW_WIDTHS.to_vec())
    }
    .apply(ws)?;
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

/// First column of the monthly table on 总览, right of the printed area (K).
pub(super) const MONTHLY_COL: u16 = 10;

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
                m.month.to_string().into(),
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
            col(EXPECTED, 13.0),
            col("全市目标", 10.0),
        ],
        rows,
    );
    t.notes = vec!["注：左侧“全市累计建成与目标进度”图的数据，不在打印范围内。".into()];
    Ok(t.write_at(ws, 0, MONTHLY_COL)?)
}
