//! The figures of each unit and group: built by year against the group's target,
//! status words, pace, submission, months without a return or without 表2, and the
//! assessment results with the plan each belongs to (docs/报表格式.md §六).

use std::collections::{BTreeMap, HashMap};

use super::frames::UnitTally;
use super::{plan_months, targets};
use crate::figures::*;
use crate::model::{Assessment, Complex, Status};
use crate::normalize::YearMonth;
use crate::plan::{Plan, TargetKind};
use crate::select::Selection;

/// Targets, statuses and expectation of one unit.
struct Targets {
    by_year: BTreeMap<i32, u32>,
    status_by_year: BTreeMap<i32, TargetStatus>,
    target: u32,
    expected: f64,
    status: TargetStatus,
}

fn unit_targets(
    plan: &Plan,
    kind: &TargetKind,
    built_by_year: &BTreeMap<i32, u32>,
    p: YearMonth,
) -> Targets {
    match *kind {
        TargetKind::Yearly(n) => {
            let status_by_year: BTreeMap<i32, TargetStatus> = plan
                .years
                .iter()
                .map(|y| (*y, targets::yearly_status(built_by_year[y], n, *y, p)))
                .collect();
            let statuses: Vec<TargetStatus> = status_by_year.values().copied().collect();
            Targets {
                by_year: plan.years.iter().map(|y| (*y, n)).collect(),
                status: targets::overall_of_years(plan, &statuses, p),
                status_by_year,
                target: n * plan.years.len() as u32,
                expected: targets::expected_yearly(plan, n, p),
            }
        }
        TargetKind::Cumulative(n) => {
            let built: u32 = built_by_year.values().sum();
            Targets {
                by_year: BTreeMap::new(),
                status_by_year: BTreeMap::new(),
                target: n,
                expected: targets::expected_cumulative(plan, n, p),
                status: targets::cumulative_status(plan, built, n, p),
            }
        }
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

/// Each unit's figures (plan order) from the state's built counts by unit and year
/// and its tally (the reward goes to the passed complexes built in a plan year,
/// docs/报表格式.md §六).
pub(super) fn unit_figures(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    tally: &HashMap<String, UnitTally>,
    by_year: &HashMap<(String, i32), u32>,
) -> Vec<UnitFigures> {
    plan.units
        .iter()
        .map(|unit| {
            let name = &unit.name;
            let built_by_year: BTreeMap<i32, u32> = plan
                .years
                .iter()
                .map(|y| (*y, by_year.get(&(name.clone(), *y)).copied().unwrap_or(0)))
                .collect();
            let built: u32 = built_by_year.values().sum();
            let t = unit_targets(plan, &plan.group(&unit.group).target, &built_by_year, p);
            let passed = tally.get(name).map_or(0, |t| t.passed);
            UnitFigures {
                unit: name.clone(),
                group: unit.group.clone(),
                return_period: sel.state_of(name, p).map(|u| u.month),
                submission: submission(sel, plan, name, p),
                months_missing: plan_months(plan, p)
                    .filter(|m| sel.used_for(name, *m).is_none())
                    .collect(),
                built_by_year,
                target_by_year: t.by_year,
                status_by_year: t.status_by_year,
                built,
                target: t.target,
                expected_by_now: round2(t.expected),
                behind: (built as f64) < t.expected - 1e-9,
                status: t.status,
                covered: built > 0,
                reward_wan: passed as f64 * plan.reward_wan,
                completion: completion(built, t.target),
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
            let c = &s.complex;
            let counted = counted(c, plan)?;
            let passed = c.assessment == Assessment::Passed;
            Some(AssessedComplex {
                unit: c.unit.clone(),
                complex: c.name.clone(),
                host: c.host.clone().unwrap_or_default(),
                built: c.built,
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

/// Per unit: 在建, 谋划, 存量, assessment results by plan (from the state frame's
/// per-unit tally), months without 表2.
pub(super) fn unit_counts(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    tally: &HashMap<String, UnitTally>,
) -> Vec<UnitCounts> {
    plan.units
        .iter()
        .map(|u| {
            let t = tally.get(&u.name).copied().unwrap_or_default();
            UnitCounts {
                unit: u.name.clone(),
                under_construction: t.building,
                planned: t.planned,
                pre_plan: t.pre_plan,
                passed: t.passed,
                failed: t.failed,
                pre_plan_passed: t.pre_plan_passed,
                pre_plan_failed: t.pre_plan_failed,
                months_no_table2: plan_months(plan, p)
                    .filter(|m| {
                        sel.used_for(&u.name, *m)
                            .is_some_and(|r| r.body.sheet2.is_none())
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Per unit (plan order): the return its state comes from, its returns by fate, and
/// the rows read from its used returns.
pub(super) fn unit_returns(sel: &Selection, plan: &Plan, p: YearMonth) -> Vec<UnitReturns> {
    let count_for = |list: &[crate::select::FileNote], unit: &str| {
        list.iter()
            .filter(|f| f.unit.as_deref() == Some(unit))
            .count() as u32
    };
    plan.units
        .iter()
        .map(|u| {
            let state = sel.state_of(&u.name, p);
            let used: Vec<_> = sel.used_of(&u.name).collect();
            UnitReturns {
                unit: u.name.clone(),
                state_file: state.map(|x| x.file.clone()),
                state_month: state.map(|x| x.month),
                state_reported: state.and_then(|x| x.reported),
                used: used.len() as u32,
                superseded: count_for(&sel.superseded, &u.name),
                set_aside: count_for(&sel.set_aside, &u.name),
                rejected: count_for(&sel.rejected, &u.name),
                rows_read: used.iter().map(|x| x.rows_read()).sum::<usize>() as u32,
                rows_rejected: used.iter().map(|x| x.rows_rejected()).sum::<usize>() as u32,
            }
        })
        .collect()
}

/// The units' targets and expectations added up, and the city's built over them.
pub(super) fn target_sums(units: &[UnitFigures], built: u32) -> TargetSums {
    let target = units.iter().map(|u| u.target).sum();
    TargetSums {
        target,
        expected_by_now: round2(units.iter().map(|u| u.expected_by_now).sum()),
        completion: completion(built, target),
    }
}
