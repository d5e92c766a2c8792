//! The leadership workbook (SPEC §6 item 1): ten sheets in the SPEC's order, each a
//! statistical table built from Figures and the selection, never recomputing a figure.

use anyhow::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};

use crate::aggregate::state_at;
use crate::figures::{Figures, TargetStatus};
use crate::model::Status;
use crate::normalize::{format_number, YearMonth};
use crate::plan::Plan;
use crate::report::table::{col, print_setup, Formats, Table, V};
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

/// Builds the workbook in memory.
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
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        match name {
            "总览" => overview(ws, ctx)?,
            "分县区进展" => by_unit(ws, ctx)?,
            "分产业情况" => by_industry(ws, ctx)?,
            "功能配置" => functions(ws, ctx)?,
            "服务情况" => services(ws, ctx)?,
            "考核奖励" => rewards(ws, ctx)?,
            "综合体名录" => directory(ws, ctx)?,
            "报送情况" => submissions(ws, ctx)?,
            "数据问题" => problems(ws, ctx)?,
            _ => about(ws, ctx)?,
        }
    }
    Ok(wb.save_to_buffer()?)
}

fn status_note() -> String {
    "注：1. 建成数只计建设状态为“建成运营”且建成时间在计划年度（2020—2022年）内的综合体；2020年以前建成的为存量，单列，不计入目标。2. 目标状态：达标＝已完成目标；未达标＝目标年度已结束仍未完成（重点区任一年度未完成即为未达标）；进行中＝目标年度内尚未完成；未到期＝目标年度尚未开始。3. 按进度应建成＝目标×已过月数÷计划总月数（重点区按年度目标：已结束年度目标之和＋当年目标×当年已过月数÷12）；建成数低于该值为“滞后”。".into()
}

fn pct(built: u32, target: u32) -> V {
    if target == 0 {
        V::Blank
    } else {
        V::P(built as f64 / target as f64)
    }
}

fn overview(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
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
    let rows: Vec<Vec<V>> = vec![
        vec![
            "全市累计建成（计划年度内）".into(),
            V::N(c.built as f64),
            format!("目标 {} 家，{}", c.target, c.status.chinese()).into(),
        ],
        vec![
            "目标完成率".into(),
            pct(c.built, c.target),
            "建成数 ÷ 目标数".into(),
        ],
        vec![
            "按进度应建成".into(),
            V::N(c.expected_by_now),
            format!(
                "{}（实际{}）",
                if c.behind { "滞后" } else { "未滞后" },
                format_diff(c.built as f64 - c.expected_by_now)
            )
            .into(),
        ],
        vec![
            "已覆盖县（市、区）".into(),
            V::N(c.units_covered as f64),
            format!(
                "共 {} 个，全覆盖{}",
                c.units_total,
                crate::rules::cumulative_status(ctx.plan, c.units_covered, c.units_total, ctx.p)
                    .chinese()
            )
            .into(),
        ],
        vec![
            "重点区进度正常".into(),
            V::N(on_track as f64),
            format!("共 {} 个重点区", priority.len()).into(),
        ],
        vec![
            "进度滞后单位".into(),
            V::N(ctx.fig.behind_units.len() as f64),
            behind.into(),
        ],
        vec!["在建".into(), V::N(c.under_construction as f64), "".into()],
        vec!["谋划".into(), V::N(c.planned as f64), "".into()],
        vec![
            "存量（2020年前建成）".into(),
            V::N(c.pre_plan as f64),
            "不计入目标".into(),
        ],
        vec![
            "考核通过".into(),
            V::N(s.assessment.passed as f64),
            format!("未通过 {} 家", s.assessment.failed).into(),
        ],
        vec![
            "奖励资金（万元）".into(),
            V::W(s.assessment.reward_wan),
            format!("每家 {} 万元", format_number(ctx.plan.reward_wan)).into(),
        ],
        vec![
            "数据问题".into(),
            V::N((s.issues.errors + s.issues.warnings) as f64),
            format!("错误 {} 条，警告 {} 条", s.issues.errors, s.issues.warnings).into(),
        ],
    ];
    let mut t = ctx.table(
        "建设进展总览",
        Some("家、万元"),
        vec![col("指标", 28.0), col("数值", 14.0), col("说明", 60.0)],
        rows,
    );
    t.notes = vec![format!("　　{}", ctx.narrative), status_note()];
    let placed = t.write(ws, 0)?;
    let mut r = placed.next_row;
    let changes: Vec<Vec<V>> = ctx
        .fig
        .changes
        .iter()
        .map(|ch| {
            vec![
                ch.unit.clone().into(),
                ch.complex.clone().into(),
                ch.kind.clone().into(),
                ch.detail.clone().into(),
            ]
        })
        .collect();
    let mut ct = ctx.table(
        "本月变化",
        None,
        vec![
            col("单位", 16.0),
            col("综合体", 34.0),
            col("变化", 12.0),
            col("说明", 40.0),
        ],
        changes,
    );
    ct.title = format!("与上月相比的变化（{}）", ctx.p.chinese_short());
    if ct.rows.is_empty() {
        ct.rows
            .push(vec!["—".into(), "本月无变化".into(), V::Blank, V::Blank]);
    }
    r = ct.write(ws, r)?.next_row;
    let _ = r;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 34)?;
    ws.set_column_width(2, 60)?;
    ws.set_column_width(3, 40)?;
    print_setup(ws, 3)?;
    Ok(())
}

fn format_diff(d: f64) -> String {
    if d >= 0.0 {
        format!("超出 {:.2} 家", d)
    } else {
        format!("落后 {:.2} 家", -d)
    }
}

fn by_unit(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let s = &ctx.fig.summary;
    let mut cols = vec![
        col("序号", 6.0),
        col("县（市、区）", 16.0),
        col("类别", 14.0),
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
                        .map(|s| V::from(s.chinese()))
                        .unwrap_or(V::from("—")),
                );
            }
            row.extend([
                V::N(u.target as f64),
                V::N(u.built as f64),
                V::N(u.expected_by_now),
                pct(u.built, u.target),
                u.status.chinese().into(),
                (if u.behind { "滞后" } else { "正常" }).into(),
                V::N(count(&u.unit, &|c| c.status == Some(Status::Building))),
                V::N(count(&u.unit, &|c| c.status == Some(Status::Planned))),
                V::N(count(&u.unit, &|c| {
                    c.status == Some(Status::Built) && c.built.is_some_and(|b| b.year < first)
                })),
                u.submission.chinese().into(),
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
    ws.set_freeze_panes(placed.first_row, 2)?;
    print_setup(ws, placed.head_row)?;
    Ok(())
}

fn by_industry(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
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
    // unit × industry: complexes built in plan years
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
    let mut t2 = ctx.table("建成情况（分县区×产业）", Some("家"), cols, rows);
    t2.total = Some((1..=names.len() + 1).collect());
    let p2 = t2.write(ws, placed.next_row)?;
    let _ = p2;
    ws.set_freeze_panes(placed.first_row, 1)?;
    print_setup(ws, placed.head_row)?;
    Ok(())
}

fn functions(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
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
            row.extend(
                c.functions
                    .iter()
                    .map(|f| V::from(if *f { "√" } else { "" })),
            );
            row.push(V::N(c.functions.iter().filter(|f| **f).count() as f64));
            row
        })
        .collect();
    let mut t = ctx.table("功能配置", Some("个"), cols, rows);
    let n = ctx.plan.functions.len();
    t.notes = vec![format!(
        "注：行动计划要求综合体集{}等功能于一体。√ 表示具备该功能。各功能具备的综合体数：{}。",
        ctx.plan.functions.join("、"),
        ctx.fig
            .function_counts
            .iter()
            .map(|(f, c)| format!("{f} {c} 家"))
            .collect::<Vec<_>>()
            .join("，")
    )];
    let placed = t.write(ws, 0)?;
    // counts row under the table, before the notes
    let _ = n;
    ws.set_freeze_panes(placed.first_row, 2)?;
    print_setup(ws, placed.head_row)?;
    Ok(())
}

fn measure_cols(first: &str) -> Vec<crate::report::table::Col> {
    let mut cols = vec![col(first, 12.0)];
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

fn services(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
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
    let mut t2 = ctx.table(
        "服务情况（分县区，计划年度累计）",
        Some("见各列"),
        cols,
        rows,
    );
    t2.total = Some((1..=10).collect());
    t2.write(ws, placed.next_row)?;
    ws.set_freeze_panes(placed.first_row, 1)?;
    print_setup(ws, placed.head_row)?;
    Ok(())
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
        let mut t2 = ctx.table("考核结果明细", Some("万元"), cols, passed);
        t2.total = Some(vec![4]);
        t2.write(ws, placed.next_row)?;
    }
    print_setup(ws, placed.head_row)?;
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
        col("数据来源", 30.0),
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
                u.submission.chinese().into(),
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
        col("所用报表", 40.0),
        col("报表月份", 10.0),
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
    let mut list: Vec<Vec<V>> = Vec::new();
    for (kind, files) in [
        ("退回", &sel.rejected),
        ("被替代", &sel.superseded),
        ("暂存", &sel.set_aside),
        ("非报表文件", &sel.skipped),
    ] {
        for f in files.iter() {
            list.push(vec![
                kind.into(),
                f.unit.clone().unwrap_or_default().into(),
                f.file.clone().into(),
                month_text(f.month),
                f.note.clone().into(),
            ]);
        }
    }
    if !list.is_empty() {
        let cols = vec![
            col("处理", 10.0),
            col("县（市、区）", 14.0),
            col("文件", 40.0),
            col("报表月份", 10.0),
            col("原因", 60.0),
        ];
        ctx.table("未使用的文件", None, cols, list)
            .write(ws, placed.next_row)?;
    }
    ws.set_freeze_panes(placed.first_row, 1)?;
    print_setup(ws, placed.head_row)?;
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
        col("文件", 32.0),
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
        vec![col("项目", 14.0), col("内容", 100.0)],
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
        cols: vec![col("序号", 6.0), col("文件", 50.0), col("SHA-256", 70.0)],
        rows: files,
        total: None,
        notes: Vec::new(),
        formats: &ctx.f,
    };
    ft.write(ws, placed.next_row)?;
    ws.set_column_width(1, 60)?;
    print_setup(ws, placed.head_row)?;
    Ok(())
}
