//! Prefilled returns (`xtic template --from DIR`): each unit's form carries the
//! complexes of its latest used return before the report month (the state of docs/报表格式.md §六), so
//! that a clerk updates last month's rows instead of retyping them.
//!
//! The state comes from the pipeline's own read and select stages, run with the month
//! before the new report month as P; nothing here reads a workbook of its own.

use crate::model::{Assessment, Complex};
use crate::normalize::YearMonth;
use crate::plan::{Plan, UNCLASSIFIED};
use crate::schema::{Field, ServiceField};
use crate::select::Selection;

use super::{Entry, Fill};

/// What a unit's prefilled form is made from.
pub struct Prefill {
    pub fill: Fill,
    /// The return the rows come from and its month.
    pub source: (String, YearMonth),
    /// Rows of that return left out because they were rejected (their names).
    pub left_out: Vec<String>,
    /// Warnings on the rows carried over (the values stand as they were).
    pub warnings: usize,
}

/// The unit's form for `period`, filled from its latest used return before `period`;
/// `None` when it has none.
pub fn prefill(sel: &Selection, plan: &Plan, unit: &str, period: YearMonth) -> Option<Prefill> {
    let used = sel.state_of(unit, period.prev())?;
    let mut fill = Fill::default();
    let mut left_out = Vec::new();
    let mut warnings = 0;
    for row in &used.body.complexes {
        if row.rejected() {
            left_out.push(row.complex.name.clone());
            continue;
        }
        warnings += row.issues.len();
        fill.complexes.push(complex_entries(plan, &row.complex));
        fill.services.push(service_keys(&row.complex));
    }
    fill.prefilled = fill.complexes.len();
    fill.source = Some(used.month);
    Some(Prefill {
        fill,
        source: (used.file.clone(), used.month),
        left_out,
        warnings,
    })
}

fn text(s: &str) -> Entry {
    Entry::Text(s.to_string())
}

/// A 表1 row as the return held it: the plan's name for a lead industry it matched
/// (the drop-down's value), the text as written for one it did not.
fn complex_entries(plan: &Plan, c: &Complex) -> Vec<(Field, Entry)> {
    let mut row = Vec::new();
    let mut put = |f: Field, v: Option<Entry>| {
        if let Some(v) = v {
            row.push((f, v));
        }
    };
    put(Field::Id, c.id.as_deref().map(text));
    put(Field::Name, Some(text(&c.name)));
    put(Field::Unit, Some(text(&c.unit)));
    put(Field::Host, c.host.as_deref().map(text));
    let industry = match c.industry == UNCLASSIFIED {
        true => c.industry_raw.as_deref().map(text),
        false => Some(text(&c.industry)),
    };
    put(Field::Industry, industry);
    put(Field::BuildMode, c.build_mode.as_deref().map(text));
    put(Field::Funding, c.funding.as_deref().map(text));
    put(
        Field::OperatingModel,
        c.operating_model.as_deref().map(text),
    );
    put(Field::Status, c.status.map(|s| text(s.chinese())));
    put(Field::Started, c.started.map(|m| text(&m.chinese_short())));
    put(Field::Built, c.built.map(|m| text(&m.chinese_short())));
    let numbers = [
        (Field::Area, c.area_m2),
        (Field::InvestPlanned, c.invest_planned),
        (Field::InvestDone, c.invest_done),
        (Field::InvestGov, c.invest_gov),
        (Field::InvestPrivate, c.invest_private),
    ];
    for (f, n) in numbers {
        put(f, n.map(Entry::Number));
    }
    for i in 0..plan.functions.len() {
        let yes = c.functions.get(i).copied().unwrap_or(false);
        put(
            Field::Function(i),
            Some(text(if yes { "是" } else { "否" })),
        );
    }
    put(Field::ResidentOrgs, c.resident_orgs.map(Entry::Number));
    let assessment = match c.assessment {
        Assessment::NotAssessed => None,
        a => Some(text(a.chinese())),
    };
    put(Field::Assessment, assessment);
    put(Field::Note, c.note.as_deref().map(text));
    row
}

/// The 表2 row of a complex: its 编号 and 名称, the month's values left for the clerk.
fn service_keys(c: &Complex) -> Vec<(ServiceField, Entry)> {
    let mut row = Vec::new();
    if let Some(id) = &c.id {
        row.push((ServiceField::Id, text(id)));
    }
    row.push((ServiceField::Name, text(&c.name)));
    row
}

/// The console line for one unit's form.
pub fn console_line(unit: &str, from: &str, period: YearMonth, p: Option<&Prefill>) -> String {
    let Some(p) = p else {
        return format!(
            "{unit}：{from} 中没有 {} 以前可用的报表，生成空白报表。",
            period.chinese_short()
        );
    };
    let mut line = format!(
        "{unit}：按 {} 报表（{}）预填 {} 个综合体",
        p.source.1.chinese_short(),
        p.source.0,
        p.fill.prefilled
    );
    if !p.left_out.is_empty() {
        line.push_str(&format!(
            "；{} 行因有错误未计入、未预填（{}），请改正后补填",
            p.left_out.len(),
            p.left_out.join("、")
        ));
    }
    if p.warnings > 0 {
        line.push_str(&format!(
            "；预填数据中有 {} 处警告沿用原值，请核实改正",
            p.warnings
        ));
    }
    line.push('。');
    line
}
