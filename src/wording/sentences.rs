//! Sentences built from the figures, shared by the narrative (总览, briefing.txt), the
//! console and the workbook's notes, so that one figure reads the same everywhere:
//! counts without decimals, 按进度应建成 and its differences with two, rates with one,
//! 万元 with two; 进度 and 目标状态 never in one word.

use super::glossary::{self, PRE_PLAN, UNIT_KIND};
use super::Wording;
use crate::figures::{Figures, GroupFigures, TargetStatus};

/// `30.00`: an expectation or a difference from one.
pub fn fraction(v: f64) -> String {
    format!("{:.2}", v + 0.0)
}

/// A completion rate as `110.0%`, or `—` without a target.
pub fn rate(completion: Option<f64>) -> String {
    match completion {
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "—".into(),
    }
}

/// `8,990`: a count as the workbook's count cells show it (`#,##0`).
pub fn count(v: f64) -> String {
    let text = format!("{:.0}", v + 0.0);
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |d| ("-", d));
    format!("{sign}{}", grouped(digits))
}

/// `1234567` → `1,234,567`.
fn grouped(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1,440.00`: an amount in 万元.
pub fn money(v: f64) -> String {
    let text = format!("{:.2}", v + 0.0);
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    format!("{sign}{}.{frac}", grouped(digits))
}

/// `进度正常（超出3.00家）` / `进度滞后（落后1.50家）`: built against the expectation.
pub fn pace_words(built: u32, expected: f64, behind: bool) -> String {
    let d = built as f64 - expected;
    let how = if d.abs() < 0.005 {
        "与按进度应建成持平".to_string()
    } else if d > 0.0 {
        format!("超出{}家", fraction(d))
    } else {
        format!("落后{}家", fraction(-d))
    };
    format!("{}{}（{how}）", glossary::PACE, glossary::pace(behind))
}

/// Names, or `A、B等N个` when the list is long.
fn names(list: &[String]) -> String {
    if list.len() <= 6 {
        list.join("、")
    } else {
        format!("{}等{}个", list[..6].join("、"), list.len())
    }
}

impl Wording<'_> {
    /// `重点区6个均进度正常；目标状态：达标5个、未达标1个（任泽区2021年未完成）`.
    pub fn group_sentence(&self, g: &GroupFigures, fig: &Figures) -> String {
        let n = g.units.len();
        let pace = if g.behind.is_empty() {
            if n == 1 {
                format!("{}1个，进度正常", g.label)
            } else {
                format!("{}{n}个均进度正常", g.label)
            }
        } else {
            format!(
                "{}{n}个中{}个进度正常、{}个进度滞后（{}）",
                g.label,
                g.on_schedule(),
                g.behind.len(),
                names(&g.behind)
            )
        };
        let parts: Vec<String> = g
            .by_status
            .iter()
            .filter(|(_, u)| !u.is_empty())
            .map(|(s, u)| match s {
                TargetStatus::Missed => format!(
                    "{}{}个（{}）",
                    s.chinese(),
                    u.len(),
                    self.missed_names(u, fig)
                ),
                _ => format!("{}{}个", s.chinese(), u.len()),
            })
            .collect();
        let status = match g.by_status.iter().find(|(_, u)| u.len() == n) {
            Some((s, _)) if n > 1 && *s != TargetStatus::Missed => {
                format!("目标状态均为{}", s.chinese())
            }
            _ => format!("{}：{}", glossary::TARGET_STATUS, parts.join("、")),
        };
        format!("{pace}；{status}")
    }

    /// Missed units, each with the years it missed when its targets are yearly.
    fn missed_names(&self, units: &[String], fig: &Figures) -> String {
        let shown: Vec<String> = units
            .iter()
            .take(6)
            .map(|name| {
                let years: Vec<String> = fig
                    .summary
                    .units
                    .iter()
                    .find(|u| &u.unit == name)
                    .map(|u| {
                        u.status_by_year
                            .iter()
                            .filter(|(_, s)| **s == TargetStatus::Missed)
                            .map(|(y, _)| y.to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                if years.is_empty() {
                    name.clone()
                } else {
                    format!("{name}{}年未完成", years.join("年、"))
                }
            })
            .collect();
        let mut text = shown.join("、");
        if units.len() > 6 {
            text.push_str(&format!("等{}个", units.len()));
        }
        text
    }

    /// Every group's sentence, each ending with `。`.
    pub fn groups_text(&self, fig: &Figures) -> String {
        fig.groups
            .iter()
            .map(|g| format!("{}。", self.group_sentence(g, fig)))
            .collect()
    }

    /// Units with no complex built in a plan year, each with its 存量 when it has any
    /// (a unit with operating complexes is never said to have none).
    pub fn uncovered(&self, fig: &Figures) -> Vec<String> {
        fig.summary
            .units
            .iter()
            .zip(&fig.unit_counts)
            .filter(|(u, _)| !u.covered)
            .map(|(u, c)| {
                if c.pre_plan > 0 {
                    format!("{}（有{PRE_PLAN}综合体{}家）", u.unit, c.pre_plan)
                } else {
                    u.unit.clone()
                }
            })
            .collect()
    }

    /// Coverage, as a target with its status word only when the plan makes it one.
    pub fn coverage_sentence(&self, fig: &Figures) -> String {
        let c = &fig.summary.city;
        let years = self.years();
        let mut text = format!(
            "已有{}个{UNIT_KIND}有{years}建成的综合体（共{}个",
            c.units_covered, c.units_total
        );
        match fig.coverage_status {
            Some(s) => text.push_str(&format!("），全覆盖目标{}", s.chinese())),
            None => text.push_str("；全覆盖不是本计划的目标）"),
        }
        let missing = self.uncovered(fig);
        if !missing.is_empty() {
            text.push_str(&format!("；尚无{years}建成综合体的有{}", names(&missing)));
        }
        text.push('。');
        text
    }

    /// The assessment and its reward under this plan, and 存量 results beside it.
    pub fn assessment_sentence(&self, fig: &Figures) -> String {
        let a = &fig.summary.assessment;
        let pre = &fig.pre_plan_assessment;
        let mut text = format!(
            "{}建成的综合体考核通过{}家、未通过{}家，奖励资金{}万元",
            self.years(),
            a.passed,
            a.failed,
            money(a.reward_wan)
        );
        if pre.passed + pre.failed > 0 {
            text.push_str(&format!(
                "；{PRE_PLAN}综合体考核通过{}家、未通过{}家，不计奖励",
                pre.passed, pre.failed
            ));
        }
        text.push('。');
        text
    }

    /// What the function counts are out of: every complex in the state.
    pub fn function_base(&self, fig: &Figures) -> String {
        let b = &fig.function_base;
        format!(
            "共{}家综合体（{}{}家、{}{}家、{}{}家）中具备该功能的数量；在建、谋划的按填报时已具备的功能计",
            b.complexes,
            glossary::BUILT,
            b.operating,
            glossary::BUILDING,
            b.under_construction,
            glossary::PLANNING,
            b.planned
        )
    }

    /// The city's target beside the units' targets added up, with why they differ.
    pub fn target_sums_note(&self, fig: &Figures) -> String {
        let c = &fig.summary.city;
        let t = &fig.unit_targets;
        let same = if t.target == c.target {
            "两者相同".to_string()
        } else {
            "两者不同：全市目标是行动计划对全市的要求，不是各单位目标相加".to_string()
        };
        format!(
            "全市目标{}家（按进度应建成{}家）；各{UNIT_KIND}目标之和{}家（按进度应建成{}家），{same}。完成率：全市{}，各单位合计{}。",
            c.target,
            fraction(c.expected_by_now),
            t.target,
            fraction(t.expected_by_now),
            rate(c.completion),
            rate(t.completion)
        )
    }
}
