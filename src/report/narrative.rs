//! The narrative paragraph of the 总览 sheet and briefing.txt, rendered from a
//! template with `{placeholders}` so that the wording can change without recompiling.

use std::collections::BTreeMap;
use std::path::Path;

use crate::figures::{ChangeKind, Figures};
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::wording::sentences::{fraction, money, pace_words, rate};

/// The template shipped with the tool, used when `templates/briefing.txt` is absent.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/briefing.txt");

/// Loads `templates/briefing.txt` from the working folder if present.
pub fn load_template(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("briefing.txt"))
        .unwrap_or_else(|_| DEFAULT_TEMPLATE.to_string())
}

/// The values a template may use. Every plan-derived word comes from the plan's
/// wording, every number is formatted as everywhere else (see `wording::sentences`).
pub fn values(fig: &Figures, plan: &Plan, p: YearMonth) -> BTreeMap<&'static str, String> {
    let s = &fig.summary;
    let c = &s.city;
    let w = plan.wording();
    let mut v = BTreeMap::new();
    v.insert("period", p.chinese_short());
    v.insert("city", w.city().to_string());
    v.insert("years", w.years());
    v.insert("plan_years", w.plan_years());
    v.insert("built", c.built.to_string());
    v.insert("target", c.target.to_string());
    v.insert("unit_target_sum", fig.unit_targets.target.to_string());
    v.insert("rate", rate(c.completion));
    v.insert("expected", fraction(c.expected_by_now));
    v.insert("progress", pace_words(c.built, c.expected_by_now, c.behind));
    v.insert("status", c.status.chinese().to_string());
    v.insert("building", c.under_construction.to_string());
    v.insert("planned", c.planned.to_string());
    v.insert("pre_plan", c.pre_plan.to_string());
    v.insert("pre_plan_meaning", w.pre_plan_meaning());
    v.insert("covered", c.units_covered.to_string());
    v.insert("units_total", c.units_total.to_string());
    v.insert("coverage_text", w.coverage_sentence(fig));
    let uncovered = w.uncovered(fig);
    v.insert(
        "uncovered",
        if uncovered.is_empty() {
            "无".into()
        } else {
            uncovered.join("、")
        },
    );
    v.insert("groups_text", w.groups_text(fig));
    v.insert(
        "behind_units",
        if fig.behind_units.is_empty() {
            "无".into()
        } else {
            fig.behind_units.join("、")
        },
    );
    v.insert(
        "behind_text",
        if fig.behind_units.is_empty() {
            "各单位进度均正常".into()
        } else {
            format!("进度滞后的单位有{}", fig.behind_units.join("、"))
        },
    );
    insert_industry_and_changes(&mut v, fig);
    v.insert("passed", s.assessment.passed.to_string());
    v.insert("failed", s.assessment.failed.to_string());
    v.insert("reward", money(s.assessment.reward_wan));
    v.insert("assessment_text", w.assessment_sentence(fig));
    v
}

/// The industry with most complexes built, and this month's newly built complexes.
fn insert_industry_and_changes(v: &mut BTreeMap<&'static str, String>, fig: &Figures) {
    let s = &fig.summary;
    let top = s.industries.iter().max_by_key(|i| {
        (
            i.progress.built,
            std::cmp::Reverse(s.industries.iter().position(|x| x.industry == i.industry)),
        )
    });
    v.insert(
        "top_industry",
        top.map(|i| i.industry.clone()).unwrap_or_default(),
    );
    v.insert(
        "top_industry_built",
        top.map(|i| i.progress.built.to_string())
            .unwrap_or_default(),
    );
    let newly: Vec<String> = fig
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Built)
        .map(|c| {
            if c.complex
                .starts_with(c.unit.trim_end_matches(['县', '市', '区']))
            {
                c.complex.clone()
            } else {
                format!("{}{}", c.unit, c.complex)
            }
        })
        .collect();
    v.insert(
        "changes_text",
        if newly.is_empty() {
            "本月无新建成综合体。".into()
        } else {
            format!("本月新建成{}家：{}。", newly.len(), newly.join("、"))
        },
    );
}

/// Replaces each `{name}` with its value; unknown names are left as written.
pub fn render(template: &str, values: &BTreeMap<&'static str, String>) -> String {
    let mut out = template.trim_end().to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced() {
        let mut v = BTreeMap::new();
        v.insert("built", "28".to_string());
        v.insert("rate", "93.3%".to_string());
        assert_eq!(
            render("建成{built}家，完成{rate}，{unknown}\n", &v),
            "建成28家，完成93.3%，{unknown}"
        );
    }
}
