//! The placeholders of the 通报's templates: the narrative's (see
//! [`crate::report::narrative::values`]) and these, which the sections need.
//!
//! Every number here is printed as summary.json holds it; sentences that would need a
//! count summary.json does not have (how many units are late, how many complexes were
//! newly built) name the units or complexes instead.

use std::collections::BTreeMap;

use crate::figures::{ChangeKind, Measure, Submission, UnitFigures};
use crate::report::narrative;
use crate::schema::MEASURES;
use crate::wording::sentences::{count, fraction, money};

use super::{chinese_date, city, Input};

/// Every value a 通报 template may use.
pub fn values(input: &Input) -> BTreeMap<&'static str, String> {
    let (fig, plan, p) = (input.fig, input.plan, input.p);
    let s = &fig.summary;
    let c = &s.city;
    let mut v = narrative::values(fig, plan, p);
    let w = plan.wording();
    v.insert("city", city(plan));
    v.insert("plan_title", plan.title.clone());
    v.insert("plan_basis", w.title_quoted());
    v.insert("authority", w.authority().to_string());
    v.insert("expected_by_now", fraction(c.expected_by_now));
    v.insert("city_progress", progress_word(c.behind));
    v.insert("failed", s.assessment.failed.to_string());
    v.insert("newly_built_text", newly_built(input));
    v.insert("uncovered_text", uncovered(&s.units));
    v.insert("groups_text", w.group_status_by_name(fig));
    v.insert("table_note", w.unit_table_note(fig));
    v.insert("empty_industries_text", empty_industries(input));
    services(input, &mut v);
    inputs(input, &mut v);
    v.insert("deadline", chinese_date(crate::select::deadline(p, plan)));
    v.insert("submission_text", submission(&s.units));
    v.insert("feedback_text", feedback(input));
    v.insert("date", chinese_date(super::issue_date(plan, p)));
    v
}

/// 进度 of a unit or the city: behind its pro-rated expectation or not.
pub fn progress_word(behind: bool) -> String {
    crate::wording::bulletin::pace_word(behind)
}

fn names<'a>(units: impl Iterator<Item = &'a UnitFigures>) -> Vec<String> {
    units.map(|u| u.unit.clone()).collect()
}

fn newly_built(input: &Input) -> String {
    let newly: Vec<String> = input
        .fig
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Built)
        .map(|c| {
            let short = c.unit.trim_end_matches(['县', '市', '区']);
            match c.complex.starts_with(short) {
                true => c.complex.clone(),
                false => format!("{}{}", c.unit, c.complex),
            }
        })
        .collect();
    match newly.is_empty() {
        true => "本月无新建成综合体。".into(),
        false => format!("本月新建成的综合体有{}。", newly.join("、")),
    }
}

fn uncovered(units: &[UnitFigures]) -> String {
    let none = names(units.iter().filter(|u| !u.covered));
    match none.is_empty() {
        true => String::new(),
        false => format!("，尚未建成的有{}", none.join("、")),
    }
}

fn empty_industries(input: &Input) -> String {
    let empty: Vec<&str> = input
        .fig
        .summary
        .industries
        .iter()
        .filter(|i| !super::tables::has_complexes(i))
        .map(|i| i.industry.as_str())
        .collect();
    match empty.is_empty() {
        true => String::new(),
        false => format!("尚无综合体的产业有{}。", empty.join("、")),
    }
}

/// The ten measures of P's year, as summary.json's `services_by_year` prints them.
fn services(input: &Input, v: &mut BTreeMap<&'static str, String>) {
    let p = input.p;
    let year = p.year.to_string();
    let span = match p.month {
        1 => format!("{}年1月", p.year),
        m => format!("{}年1—{m}月", p.year),
    };
    v.insert("services_span", span);
    v.insert("services_year", year.clone());
    let this_year = input.fig.summary.services_by_year.get(&p.year);
    for (i, m) in MEASURES.iter().enumerate() {
        let value = this_year.map(|s| s[Measure::ALL[i]]).unwrap_or(0.0);
        v.insert(m.key, measure_text(value, m.integer));
    }
}

/// A service value as the workbook writes it: counts without decimals, 万元 with two,
/// both with thousands commas (docs/报表格式.md §十).
pub fn measure_text(value: f64, integer: bool) -> String {
    match integer {
        true => count(value),
        false => money(value),
    }
}

fn inputs(input: &Input, v: &mut BTreeMap<&'static str, String>) {
    let i = &input.fig.summary.inputs;
    let issues = &input.fig.summary.issues;
    for (k, n) in [
        ("files_found", i.files_found),
        ("files_read", i.files_read),
        ("files_rejected", i.files_rejected),
        ("rows_read", i.rows_read),
        ("rows_accepted", i.rows_accepted),
        ("rows_rejected", i.rows_rejected),
        ("errors", issues.errors),
        ("warnings", issues.warnings),
    ] {
        v.insert(k, count(n as f64));
    }
}

/// The units whose return for P is late or missing, by name (the units on time are
/// not listed: a reader wants the exceptions). Missing units are grouped by where
/// their figures come from: `A、B（数据沿用2022年11月报表）；C（尚无可用报表）`.
fn submission(units: &[UnitFigures]) -> String {
    let late = names(units.iter().filter(|u| u.submission == Submission::Late));
    let mut missing: Vec<(String, Vec<&str>)> = Vec::new();
    for u in units.iter().filter(|u| u.submission == Submission::Missing) {
        let why = match &u.return_period {
            Some(m) => format!("数据沿用{}报表", m.chinese_short()),
            None => "尚无可用报表".to_string(),
        };
        match missing.iter_mut().find(|(w, _)| *w == why) {
            Some((_, list)) => list.push(&u.unit),
            None => missing.push((why, vec![&u.unit])),
        }
    }
    let mut parts = Vec::new();
    if !late.is_empty() {
        parts.push(format!("逾期报送的有{}", late.join("、")));
    }
    if !missing.is_empty() {
        let groups: Vec<String> = missing
            .iter()
            .map(|(why, list)| format!("{}（{why}）", list.join("、")))
            .collect();
        parts.push(format!("未报送的有{}", groups.join("；")));
    }
    match parts.is_empty() {
        true => "各单位均已按时报送。".into(),
        false => format!("{}，其余单位按时报送。", parts.join("；")),
    }
}

/// The units that are sent a 退回 workbook with this run.
fn feedback(input: &Input) -> String {
    let units: Vec<&str> = input
        .plan
        .units
        .iter()
        .filter(|u| {
            input
                .sel
                .issues
                .iter()
                .any(|i| i.unit.as_deref() == Some(u.name.as_str()))
        })
        .map(|u| u.name.as_str())
        .collect();
    match units.is_empty() {
        true => String::new(),
        false => format!(
            "数据问题清单已退回{}，请核实更正后重新报送。",
            units.join("、")
        ),
    }
}
