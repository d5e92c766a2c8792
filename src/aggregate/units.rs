//! The figures of each unit and group: built by year against the group's target,
//! status words, pace, submission, months without a return or without 表2, and the
//! assessment results with the plan each belongs to (docs/报表格式.md §六).

use std::collections::{BTreeMap, HashMap};

use super::{built_in_plan, plan_months, StateComplex};
use crate::figures::*;
use crate::model::{Assessment, Complex, Status};
use crate::normalize::YearMonth;
use crate::plan::{Plan, TargetKind};
use crate::rules;
use crate::select::Selection;

/// Targets, statuses and expectation of one unit: (target by year, status by year,
/// target, expected by now, overall status).
type Targets = (
    BTreeMap<String, u32>,
    BTreeMap<String, TargetStatus>,
    u32,
    f64,
    TargetStatus,
);

fn targets(
    plan: &Plan,
    kind: &TargetKind,
    by_year: &BTreeMap<String, u32>,
    p: YearMonth,
) -> Targets {
    let built: u32 = by_year.values().sum();
    match *kind {
        TargetKind::Yearly(n) => {
            let tby: BTreeMap<String, u32> =
                plan.years.iter().map(|y| (y.to_string(), n)).collect();
            let sby: BTreeMap<String, TargetStatus> = plan
                .years
                .iter()
                .map(|y| {
                    let b = by_year[&y.to_string()];
                    (y.to_string(), rules::yearly_status(b, n, *y, p))
                })
                .collect();
            let statuses: Vec<TargetStatus> = sby.values().copied().collect();
            let overall = rules::overall_of_years(plan, &statuses, p);
            let target = n * plan.years.len() as u32;
            (
                tby,
                sby,
                target,
                rules::expected_yearly(plan, n, p),
                overall,
            )
        }
        TargetKind::Cumulative(n) => (
            BTreeMap::new(),
            BTreeMap::new(),
            n,
            rules::expected_cumulative(plan, n, p),
            rules::cumulative_status(plan, built, n, p),
        ),
    }
}

fn submission(sel: &Selection, plan: &Plan, unit: &str, p: YearMonth) -> Submission {
    match sel.used_for(unit, p) {
        None => Submission::Missing,
        Some(u) => match u.reported {
            Some(d) if d > crate::select::deadline(p, plan) => Submission::Late,
            _ => Submission::Received,
        },
    }
}

/// Rewarded under this plan: passed, and built in a plan year (docs/报表格式.md §六).
fn rewarded(c: &Complex, plan: &Plan) -> bool {
    c.assessment == Assessment::Passed && built_in_plan(c, plan).is_some()
}

pub(super) fn unit_figures(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    state: &[StateComplex],
    by_year: &HashMap<(String, i32), u32>,
) -> Vec<UnitFigures> {
    plan.units
        .iter()
        .map(|unit| {
            let name = &unit.name;
            let built_by_year: BTreeMap<String, u32> = plan
                .years
                .iter()
                .map(|y| {
                    let n = by_year.get(&(name.clone(), *y)).copied().unwrap_or(0);
                    (y.to_string(), n)
                })
                .collect();
            let built: u32 = built_by_year.values().sum();
            let kind = &plan.group(&unit.group).target;
            let (target_by_year, status_by_year, target, expected, status) =
                targets(plan, kind, &built_by_year, p);
            let passed = state
                .iter()
                .filter(|s| &s.complex.unit == name && rewarded(s.complex, plan))
                .count();
            UnitFigures {
                unit: name.clone(),
                group: unit.group.clone(),
                return_period: sel.state_of(name, p).map(|u| u.month.to_string()),
                submission: submission(sel, plan, name, p),
                months_missing: plan_months(plan, p)
                    .filter(|m| sel.used_for(name, *m).is_none())
                    .map(|m| m.to_string())
                    .collect(),
                built_by_year,
                target_by_year,
                status_by_year,
                built,
                target,
                expected_by_now: round2(expected),
                behind: (built as f64) < expected - 1e-9,
                status,
                covered: built > 0,
                reward_wan: passed as f64 * plan.reward_wan,
            }
        })
        .collect()
}

/// Which plan a built complex's assessment belongs to; None when it is not built.
fn counted(c: &Complex, plan: &Plan) -> Option<Counted> {
    let b = match (c.status, c.built) {
        (Some(Status::Built), Some(b)) => b,
        _ => return None,
    };
    Some(if plan.years.contains(&b.year) {
        Counted::Plan
    } else if b.year < plan.first_year() {
        Counted::PrePlan
    } else {
        Counted::AfterPlan
    })
}

/// Every assessed complex in the state, with the plan its result belongs to.
pub(super) fn assessed(state: &[StateComplex], plan: &Plan) -> Vec<AssessedComplex> {
    state
        .iter()
        .filter(|s| s.complex.assessment != Assessment::NotAssessed)
        .filter_map(|s| {
            let c = s.complex;
            let counted = counted(c, plan)?;
            let passed = c.assessment == Assessment::Passed;
            Some(AssessedComplex {
                unit: c.unit.clone(),
                complex: c.name.clone(),
                host: c.host.clone().unwrap_or_default(),
                built: c.built.map(|b| b.to_string()),
                counted,
                passed,
                reward_wan: if passed && counted == Counted::Plan {
                    plan.reward_wan
                } else {
                    0.0
                },
            })
        })
        .collect()
}

/// Passed, failed and reward of the assessed complexes that `counted` says.
pub(super) fn tally(list: &[AssessedComplex], counted: Counted, plan: &Plan) -> AssessmentFigures {
    let mine = list.iter().filter(|a| a.counted == counted);
    let passed = mine.clone().filter(|a| a.passed).count() as u32;
    let failed = mine.filter(|a| !a.passed).count() as u32;
    AssessmentFigures {
        passed,
        failed,
        reward_wan: if counted == Counted::Plan {
            passed as f64 * plan.reward_wan
        } else {
            0.0
        },
    }
}

/// Per group: the units keeping pace and the units in each target status.
pub(super) fn group_figures(plan: &Plan, units: &[UnitFigures]) -> Vec<GroupFigures> {
    plan.groups
        .iter()
        .map(|g| {
            let mine: Vec<&UnitFigures> = units.iter().filter(|u| u.group == g.id).collect();
            let names = |f: &dyn Fn(&UnitFigures) -> bool| -> Vec<String> {
                mine.iter()
                    .filter(|u| f(u))
                    .map(|u| u.unit.clone())
                    .collect()
            };
            GroupFigures {
                id: g.id.clone(),
                label: g.label.clone(),
                yearly: matches!(g.target, TargetKind::Yearly(_)),
                units: names(&|_| true),
                behind: names(&|u| u.behind),
                by_status: TargetStatus::ALL
                    .iter()
                    .map(|s| (*s, names(&|u| u.status == *s)))
                    .collect(),
            }
        })
        .collect()
}

/// Per unit: 在建, 谋划, 存量, assessment results by plan, months without 表2.
pub(super) fn unit_counts(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    state: &[StateComplex],
) -> Vec<UnitCounts> {
    plan.units
        .iter()
        .map(|u| {
            let mine: Vec<&Complex> = state
                .iter()
                .map(|s| s.complex)
                .filter(|c| c.unit == u.name)
                .collect();
            let n = |f: &dyn Fn(&Complex) -> bool| mine.iter().filter(|c| f(c)).count() as u32;
            let result = |c: &Complex, counted_as: Counted, a: Assessment| {
                c.assessment == a && counted(c, plan) == Some(counted_as)
            };
            UnitCounts {
                unit: u.name.clone(),
                under_construction: n(&|c| c.status == Some(Status::Building)),
                planned: n(&|c| c.status == Some(Status::Planned)),
                pre_plan: n(&|c| counted(c, plan) == Some(Counted::PrePlan)),
                passed: n(&|c| result(c, Counted::Plan, Assessment::Passed)),
                failed: n(&|c| result(c, Counted::Plan, Assessment::Failed)),
                pre_plan_passed: n(&|c| result(c, Counted::PrePlan, Assessment::Passed)),
                pre_plan_failed: n(&|c| result(c, Counted::PrePlan, Assessment::Failed)),
                months_no_table2: plan_months(plan, p)
                    .filter(|m| {
                        sel.used_for(&u.name, *m)
                            .is_some_and(|r| r.body.sheet2.is_none())
                    })
                    .map(|m| m.to_string())
                    .collect(),
            }
        })
        .collect()
}

/// The units' targets and expectations added up.
pub(super) fn target_sums(units: &[UnitFigures]) -> TargetSums {
    TargetSums {
        target: units.iter().map(|u| u.target).sum(),
        expected_by_now: round2(units.iter().map(|u| u.expected_by_now).sum()),
    }
}
