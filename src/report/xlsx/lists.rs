//! The list sheets: 综合体名录 (with the full list of this month's changes when the
//! overview shows only some), 报送情况, 数据问题 and 说明. The problem table's rows and
//! columns are shared with the per-county feedback workbooks.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::overview::CHANGES_SHOWN;
use super::{centred, Ctx};
use crate::model::Status;
use crate::normalize::YearMonth;
use crate::report::print::Print;
use crate::report::table::{col, status_colors, Col, Table, V};
use crate::select::Selection;
use crate::wording::glossary::{NO_RETURN, NO_TABLE2, PLANNED_MARK, PRE_PLAN, UNIT_KIND};

fn month_text(m: Option<YearMonth>) -> V {
    m.map(|m| V::S(m.chinese_short())).unwrap_or(V::Blank)
}

/// 建成时间 as written: a 在建 or 谋划 row's month is a plan, and says so.
fn built_text(c: &crate::model::Complex) -> V {
    match (c.built, c.status) {
        (Some(m), Some(Status::Building | Status::Planned)) => {
            V::S(format!("{}{PLANNED_MARK}", m.chinese_short()))
        }
        (m, _) => month_text(m),
    }
}

fn opt_w(v: Option<f64>) -> V {
    v.map(V::W).unwrap_or(V::Blank)
}

/// Columns of 综合体名录: every field of 表1 a reader may want to filter on, and the
/// file each complex was read from.
fn directory_cols() -> Vec<Col> {
    vec![
        col("序号", 6.0),
        col(UNIT_KIND, 14.0),
        col("综合体编号", 12.0),
        col("综合体名称", 28.0),
        col("依托单位", 26.0),
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
        col("数据来源", 32.0),
    ]
}

pub(super) fn directory(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let cols = directory_cols();
    let rows: Vec<Vec<V>> = ctx
        .fig
        .state
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let c = &s.complex;
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
                built_text(c),
                c.area_m2.map(V::N).unwrap_or(V::Blank),
                opt_w(c.invest_planned),
                opt_w(c.invest_done),
                opt_w(c.invest_gov),
                opt_w(c.invest_private),
                V::N(s.functions as f64),
                c.resident_orgs.map(V::N).unwrap_or(V::Blank),
                c.assessment.chinese().into(),
                s.file.clone().into(),
            ]
        })
        .collect();
    let mut t = ctx.table("名录", Some("平方米、万元、家"), cols, rows);
    t.notes = vec![ctx.words().directory_note()];
    // 22 columns: A3, split across two pages with 序号 to 综合体名称 on each, the
    // figures (from 核心场所面积) on the second; the change list below stays on screen
    let print = Print::new(t.widths()).keys(4, &[13]);
    let placed = t.write_for(ws, 0, &print)?;
    placed.filter(ws)?;
    ws.set_freeze_panes(placed.first_row, 4)?;
    Print {
        area: Some((0, 0, placed.next_row - 2, placed.last_col)),
        ..print.repeat(placed.head_row, placed.head_row)
    }
    .apply(ws)?;
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
                ch.kind.chinese().into(),
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
            col(UNIT_KIND, 14.0),
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

/// One row of 报送情况 per unit: what it sent this month and what became of its files
/// and rows.
fn submission_rows(ctx: &Ctx) -> Vec<Vec<V>> {
    let f = ctx.fig;
    f.summary
        .units
        .iter()
        .zip(&f.unit_counts)
        .zip(&f.unit_returns)
        .map(|((u, n), r)| {
            let n_of = |v: u32| V::N(v as f64);
            vec![
                u.unit.clone().into(),
                centred(u.submission.chinese()),
                r.state_file.clone().map_or(V::from("—"), V::S),
                r.state_month
                    .map_or(V::from("—"), |m| V::S(m.chinese_short())),
                r.state_reported
                    .map(|d| V::S(d.format("%Y-%m-%d").to_string()))
                    .unwrap_or(V::from("未填")),
                n_of(r.used),
                V::N(u.months_missing.len() as f64),
                V::N(n.months_no_table2.len() as f64),
                n_of(r.superseded),
                n_of(r.set_aside),
                n_of(r.rejected),
                n_of(r.rows_read),
                n_of(r.rows_rejected),
            ]
        })
        .collect()
}

pub(super) fn submissions(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let sel = ctx.sel;
    let rows = submission_rows(ctx);
    let cols = vec![
        col(UNIT_KIND, 14.0),
        col("本月报送", 10.0),
        col("所用报表", 34.0),
        col("报表月份", 11.0),
        col("报出日期", 11.0),
        col("已用报表数", 9.0),
        col(&format!("{NO_RETURN}\n月数"), 8.0),
        col(&format!("{NO_TABLE2}\n月数"), 8.0),
        col("被替代", 7.0),
        col("暂存", 7.0),
        col("退回", 7.0),
        col("读取行数", 8.0),
        col("拒收行数", 8.0),
    ];
    let mut t = ctx.table("报表报送情况", Some("份、行、月"), cols, rows);
    t.total = Some(vec![5, 6, 7, 8, 9, 10, 11, 12]);
    let i = &ctx.fig.summary.inputs;
    t.notes = vec![
        ctx.words().submissions_note(),
        format!(
            "文件核对：共发现文件 {} 个 ＝ 非报表文件 {} ＋ 退回 {} ＋ 暂存（月份晚于报告期）{} ＋ 被替代 {} ＋ 已用 {}；数据行：读取 {} 行 ＝ 接收 {} ＋ 拒收 {}。",
            i.files_found, i.files_skipped, i.files_rejected, i.files_set_aside, i.files_superseded, i.files_read, i.rows_read, i.rows_accepted, i.rows_rejected
        ),
    ];
    let placed = t.write(ws, 0)?;
    placed.filter(ws)?;
    if let Some(last) = placed.last_row() {
        status_colors(ws, &ctx.f, (placed.first_row, 1), (last, 1))?;
    }
    let mut print = Print::new(t.widths()).repeat(placed.head_row, placed.head_row);
    let list = unused_files(sel);
    if !list.is_empty() {
        let cols = vec![
            col(UNIT_KIND, 14.0),
            col("处理", 10.0),
            col("文件", 50.0),
            col("报表月份", 11.0),
            col("原因", 73.0),
        ];
        // 原因 spans the nine count columns of the table above
        let p2 = ctx.subtable("未使用的文件", None, cols, list).write_under(
            ws,
            placed.next_row,
            &[1, 1, 1, 1, 9],
        )?;
        // the file list starts a page and runs over pages with its own titles repeated
        print = print
            .repeat(p2.head_row, p2.head_row)
            .breaks(&[placed.next_row])
            .heights(&[placed.height, p2.height]);
    }
    ws.set_freeze_panes(placed.first_row, 1)?;
    print.apply(ws)?;
    Ok(())
}

/// The files not used this month (退回, 被替代, 暂存, 非报表文件, in that order), with the
/// reason for each.
fn unused_files(sel: &Selection) -> Vec<Vec<V>> {
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
    list
}

/// 说明's rows: the plan in use, in its own words, and how this report was made.
fn about_rows(ctx: &Ctx) -> Vec<Vec<V>> {
    let plan = ctx.plan;
    let w = ctx.words();
    let mut rows: Vec<Vec<V>> = vec![
        vec!["依据".into(), w.basis().into()],
        vec!["城市".into(), w.city().into()],
        vec!["计划年度".into(), w.years().into()],
        vec!["目标".into(), w.targets().into()],
    ];
    for g in &plan.groups {
        let units: Vec<&str> = plan.units_of(&g.id).map(|u| u.name.as_str()).collect();
        rows.push(vec![
            g.label.clone().into(),
            format!("{}：{}", w.group_target(g), units.join("、")).into(),
        ]);
    }
    let coverage = if w.coverage_is_target() {
        format!("是本计划的目标：{UNIT_KIND}全覆盖")
    } else {
        "不是本计划的目标（已覆盖单位数照常统计）".into()
    };
    rows.extend([
        vec!["全市目标".into(), w.city_target().into()],
        vec!["全覆盖".into(), coverage.into()],
        vec![
            PRE_PLAN.into(),
            format!("{}的综合体，单列，不计入目标", w.pre_plan_meaning()).into(),
        ],
        vec!["奖励".into(), w.reward_rule().into()],
        vec!["报送截止".into(), w.deadline_rule().into()],
        vec![
            "退回重报截止".into(),
            format!(
                "退回的报表与下一期报表同时报送，截止 {}",
                w.resubmit_by(ctx.p).format("%Y-%m-%d")
            )
            .into(),
        ],
        vec!["报告月份".into(), ctx.p.chinese_short().into()],
    ]);
    if !plan.warnings.is_empty() {
        rows.push(vec!["计划文件警告".into(), plan.warnings.join("\n").into()]);
    }
    if !plan.defaults.is_empty() {
        let list: Vec<String> = plan
            .defaults
            .iter()
            .map(|(f, v)| format!("{f}：{v}"))
            .collect();
        rows.push(vec!["计划文件缺省值".into(), list.join("\n").into()]);
    }
    // warnings about the run as a whole (a month outside the plan, no usable return)
    for n in &ctx.sel.notices {
        rows.push(vec!["注意".into(), n.clone().into()]);
    }
    rows.push(vec![
        "生成工具".into(),
        format!("xtic {}", env!("CARGO_PKG_VERSION")).into(),
    ]);
    rows
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

pub fn problem_cols() -> Vec<Col> {
    // narrow enough for A4 landscape at a readable size: 文件 and 说明 wrap
    vec![
        col("序号", 5.0),
        col("类别", 5.0),
        col(UNIT_KIND, 12.0),
        col("文件", 26.0),
        col("工作表", 15.0),
        col("单元格", 7.0),
        col("问题", 14.0),
        col("所填内容", 12.0),
        col("说明及改正方法", 39.0),
    ]
}

pub(super) fn problems(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let issues: Vec<_> = ctx.sel.issues.iter().collect();
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
    placed.filter(ws)?;
    ws.set_freeze_panes(placed.first_row, 0)?;
    Print::new(t.widths())
        .repeat(placed.head_row, placed.head_row)
        .apply(ws)?;
    Ok(())
}

pub(super) fn about(ws: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let rows = about_rows(ctx);
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
        subtitle: format!(
            "共 {} 个文件（报表及非报表文件，锁文件和隐藏文件除外）",
            files.len()
        ),
        unit_line: Some("注：本表不打印（打印范围止于上表）。".into()),
        cols: vec![col("序号", 14.0), col("文件", 66.0), col("SHA-256", 68.0)],
        rows: files,
        total: None,
        notes: Vec::new(),
        formats: &ctx.f,
    };
    ft.write(ws, placed.next_row)?;
    ws.set_freeze_panes(placed.first_row, 0)?;
    // the print ends with the first table: the file list (hundreds of hashes) stays in
    // the workbook, off the paper
    Print {
        area: Some((0, 0, placed.next_row - 2, placed.last_col)),
        ..Print::new(t.widths()).repeat(placed.head_row, placed.head_row)
    }
    .apply(ws)?;
    Ok(())
}
