//! The 填报说明 sheet of a template: what each column means, what counts as 建成运营
//! and toward which target, when the return is due, and the mistakes xtic sends back.
//!
//! Written from the plan's words (`crate::wording`) and the column table, so that a
//! new plan file gives the right instructions; the plan's own target paragraph is
//! quoted when the plan file gives it (`targets_text`).

use chrono::Datelike;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{new_sheet, table1_columns, table2_columns, Ctx, Input, GUIDE};
use crate::plan::Plan;
use crate::schema::{Field, FUNCTION_GROUP};
use crate::wording::glossary::{ERROR, PRE_PLAN, UNCLASSIFIED, UNIT_KIND, WARNING};

enum Line {
    Title(String),
    Heading(String),
    Para(String),
    /// Column titles of a two-column table.
    Header(&'static str, &'static str),
    Pair(String, String),
}

/// Widths of columns A and B, characters.
const COL_A: f64 = 22.0;
const COL_B: f64 = 104.0;

/// Characters per printed line in column B, and across A:B.
const PER_LINE_B: usize = 56;
const PER_LINE_AB: usize = 68;

pub(super) fn sheet(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let f = ctx.f;
    let mut ws = new_sheet(GUIDE)?;
    ws.set_column_width(0, COL_A)?;
    ws.set_column_width(1, COL_B)?;
    for (r, line) in lines(ctx).iter().enumerate() {
        let r = r as u32;
        match line {
            Line::Title(t) => {
                ws.merge_range(r, 0, r, 1, t, &f.title)?;
                ws.set_row_height(r, 32)?;
            }
            Line::Heading(t) => {
                ws.merge_range(r, 0, r, 1, t, &f.bold)?;
                ws.set_row_height(r, 22)?;
            }
            Line::Para(t) => {
                ws.merge_range(r, 0, r, 1, t, &f.wrap)?;
                ws.set_row_height(r, height(t, PER_LINE_AB))?;
            }
            Line::Header(a, b) => {
                ws.write_string_with_format(r, 0, *a, &f.head)?;
                ws.write_string_with_format(r, 1, *b, &f.head)?;
            }
            Line::Pair(a, b) => {
                ws.write_string_with_format(r, 0, a, &f.wrap)?;
                ws.write_string_with_format(r, 1, b, &f.wrap)?;
                ws.set_row_height(r, height(b, PER_LINE_B).max(height(a, 11)))?;
            }
        }
    }
    crate::report::print::Print::new(vec![COL_A, COL_B]).apply(&mut ws)?;
    ws.protect();
    Ok(ws)
}

/// Row height for wrapped text of this many characters.
fn height(text: &str, per_line: usize) -> f64 {
    let lines: usize = text
        .split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum();
    14.0 * lines as f64 + 4.0
}

fn lines(ctx: &Ctx) -> Vec<Line> {
    let mut out = vec![Line::Title(format!(
        "填报说明（{}，报告期 {}）",
        ctx.unit,
        ctx.period.chinese_short()
    ))];
    out.extend(submission(ctx));
    out.extend(columns(ctx));
    out.extend(built(ctx.plan));
    out.extend(mistakes(ctx));
    out
}

fn submission(ctx: &Ctx) -> Vec<Line> {
    let due = crate::select::deadline(ctx.period, ctx.plan);
    let p = ctx.period.chinese_short();
    let mut out = vec![
        Line::Heading("一、报送要求".into()),
        Line::Para(format!(
            "1. 本表为{}{p}的月报表，由{}科技局填报，请于{}年{}月{}日（含）前报送{}。按时报送以表1表尾的报出日期为准。",
            ctx.unit, ctx.unit, due.year(), due.month(), due.day(), ctx.plan.authority
        )),
        Line::Para(format!(
            "2. 表1填{p}月末的状态：本单位谋划、在建和建成运营的全部综合体，一个综合体一行；上月已报的综合体本月仍须填报（已撤销或合并的在备注中说明）。表2填各综合体{p}当月的服务情况，不是累计数。"
        )),
        Line::Para("3. 表头、栏目名称和工作表名称请勿改动（工作表已保护，只能在表格各行和表尾的空白处填写）。综合体超过30个时，在表格中间插入行后填写。文件名可以不改；改名时须保留单位名称和月份，并与表头一致。".into()),
        Line::Para("4. 数字栏只填数字，不带单位和文字；不清楚的留空。留空表示“未报”，不等于0；确实为0的请填0。".into()),
        Line::Para(format!(
            "5. 表尾填写单位负责人、统计负责人、填表人、联系电话和报出日期（如 {}年{}月{}日）。",
            due.year(),
            due.month(),
            due.day().min(5)
        )),
    ];
    if let (true, Some(from)) = (ctx.prefilled > 0, ctx.source) {
        out.extend(prefilled(ctx, from));
    }
    out
}

/// How to update a form prefilled from an earlier return.
fn prefilled(ctx: &Ctx, from: crate::normalize::YearMonth) -> Vec<Line> {
    let (n, from, p) = (
        ctx.prefilled,
        from.chinese_short(),
        ctx.period.chinese_short(),
    );
    vec![
        Line::Para(format!(
            "6. 本表已按本单位{from}报表预填：表1列出其中的{n}个综合体，各栏为{from}所报内容；表2列出同样的综合体，本月数请逐项填写。请按{p}月末的实际情况核对表1各栏，有变化的直接改写（如建设状态、建成时间、投资、功能、考核结果）。"
        )),
        Line::Para(format!("7. 预填综合体的编号和名称已锁定（灰底），不能改写：综合体更名的，在备注中写明“更名为：新名称”，由{}核实后在下月报表中更新；撤销或合并的，在备注中说明，不要删除该行。新增的综合体填在预填行下方的空行中（编号、名称可以填写）。表1、表2可以使用筛选。", ctx.plan.authority)),
    ]
}

fn hint_of(input: Input) -> &'static str {
    match input {
        Input::Seq => "已编好，不用填写。",
        Input::Text(h)
        | Input::List(_, h)
        | Input::Linked(_, h)
        | Input::Month(h)
        | Input::Decimal(h)
        | Input::Whole(h) => h,
    }
}

fn columns(ctx: &Ctx) -> Vec<Line> {
    let mut out = vec![Line::Heading("二、各栏目填写说明".into())];
    out.push(Line::Header("表1 栏目", "填写要求"));
    let functions = ctx.plan.functions.join("、");
    let mut functions_done = false;
    for (field, col) in table1_columns(ctx.plan) {
        if let Some(Field::Function(_)) = field {
            if !functions_done {
                out.push(Line::Pair(
                    FUNCTION_GROUP.into(),
                    format!(
                        "{functions}共{}栏：综合体具备该功能的填“是”，不具备的填“否”；不填按“否”。",
                        ctx.plan.functions.len()
                    ),
                ));
                functions_done = true;
            }
            continue;
        }
        let hint = match field {
            Some(Field::Note) => "综合体撤销、合并、更名，主导产业的具体名称等，在此说明。",
            _ => hint_of(col.input),
        };
        out.push(Line::Pair(col.title.replace('\n', ""), hint.into()));
    }
    out.push(Line::Header("表2 栏目", "填写要求"));
    for (_, col) in table2_columns() {
        out.push(Line::Pair(
            col.title.replace('\n', ""),
            hint_of(col.input).into(),
        ));
    }
    out
}

fn built(plan: &Plan) -> Vec<Line> {
    let w = plan.wording();
    let years = w.years();
    let mut out = vec![Line::Heading("三、什么算“建成运营”，计入哪项目标".into())];
    out.push(Line::Para(format!(
        "建设状态填“建成运营”的综合体须已投入运营，并填写建成时间（建成运营的年月）。建成时间在{years}、且不晚于报告期的，计入{}的目标；{}的计为{PRE_PLAN}，照常填报，但不计入目标。谋划、在建的综合体不计入建成数，其建成时间填计划建成时间。",
        w.basis_quoted(),
        w.pre_plan_meaning()
    )));
    let mut targets = Vec::new();
    for g in &plan.groups {
        let units: Vec<&str> = plan.units_of(&g.id).map(|u| u.name.as_str()).collect();
        targets.push(format!(
            "{}（{}）{}",
            g.label,
            units.join("、"),
            w.group_target(g)
        ));
    }
    let coverage = if w.coverage_is_target() {
        format!("，实现{UNIT_KIND}全覆盖")
    } else {
        String::new()
    };
    out.push(Line::Para(format!(
        "目标：{years}，{}；{}{coverage}。",
        targets.join("；"),
        w.city_target()
    )));
    if plan.targets_text.is_some() {
        out.push(Line::Para(format!(
            "{}原文：{}",
            w.basis_quoted(),
            w.targets()
        )));
    }
    out.push(Line::Para(format!(
        "考核奖励：{}考核结果由{}通知后填写。",
        w.reward_rule(),
        plan.authority
    )));
    out
}

/// How a lead industry is counted: the plan's own 其他 (if it has one) and 未分类.
fn industry_rule(plan: &Plan) -> String {
    let other = plan.industries.iter().any(|i| i.name == "其他");
    if other {
        format!("主导产业不在产业目录中（计入“{UNCLASSIFIED}”；没有合适产业的，请选“其他”并在备注中写明）。")
    } else {
        format!("主导产业不在产业目录中（计入“{UNCLASSIFIED}”；请改选目录中最接近的产业，并在备注中写明）。")
    }
}

fn mistakes(ctx: &Ctx) -> Vec<Line> {
    let p = ctx.period.chinese_short();
    let errors = [
        "表头的填报单位或报告期被改动，或与文件名不一致：整份报表退回。".to_string(),
        "综合体名称为空。".into(),
        format!("所在{UNIT_KIND}填了其他单位。"),
        "建设状态为空，或不是“谋划”“在建”“建成运营”之一。".into(),
        "建设状态为“建成运营”，但没有填建成时间，或建成时间写法无法识别（应写成如 2021年5月）。"
            .into(),
        format!("建设状态为“建成运营”，建成时间却晚于报告期（{p}）。"),
        "同一综合体填了两行（编号相同或名称相同）：两行都不计。".into(),
        format!("综合体编号与其他{UNIT_KIND}的综合体重复：编号全市唯一。"),
        "谋划、在建的综合体填了考核结果“通过”或“未通过”。".into(),
        "表2某行填了数字，却既没有综合体编号也没有名称。".into(),
    ];
    let warnings = [
        "依托单位、主导产业、建设方式、投资方式未填。".to_string(),
        industry_rule(ctx.plan),
        "数字栏填了文字或负数（按未填处理）。".into(),
        "财政资金与社会资本之和不等于累计完成投资；累计完成投资超过计划总投资的1.5倍。".into(),
        "上月报过的综合体本月没有填报。".into(),
        "表2的综合体在表1中找不到。".into(),
        "缺少表2（该月服务情况按缺报处理）。".into(),
        "逾期报送，或表尾没有填写报出日期（已计入统计，不必因此重报）。".into(),
        "月份写成“2021.1”之类（可能是 2021年10月，请写成“2021年10月”）。".into(),
    ];
    let mut out = vec![Line::Heading(format!(
        "四、常见错误（{}汇总时自动检查）",
        ctx.plan.authority
    ))];
    out.push(Line::Para(format!(
        "以下{ERROR}会使该行（或整份报表）不予统计，须改正后将整份报表重新报送："
    )));
    for (i, e) in errors.iter().enumerate() {
        out.push(Line::Pair(format!("{ERROR} {}", i + 1), e.clone()));
    }
    out.push(Line::Para(format!(
        "以下{WARNING}不影响统计，但会列入退回清单，请核实更正："
    )));
    for (i, w) in warnings.iter().enumerate() {
        out.push(Line::Pair(format!("{WARNING} {}", i + 1), w.clone()));
    }
    out
}
