//! Aggregation: the state and the service rows as polars frames, grouped into the
//! figures of docs/报表格式.md §六 (unit × year, industries, services by year, month, unit and
//! industry). Units and industries are put back in plan order, never alphabetical.
//! Everything a renderer shows is computed here once, into [`Figures`].

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::DataFrame;

use crate::figures::*;
use crate::model::Status;
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::select::Selection;

mod changes;
mod frames;
mod industries;
mod services;
pub mod targets;
mod units;

pub(crate) use frames::built_in_plan;
use frames::{Class, ServiceFrame, UnitTally};

type UnitTallies = std::collections::HashMap<String, UnitTally>;

/// The state at `at`: per unit (plan order) the accepted complexes of its latest used
/// return for a month ≤ `at`.
fn state_at(sel: &Selection, plan: &Plan, at: YearMonth) -> Vec<StateComplex> {
    let mut out = Vec::new();
    for unit in &plan.units {
        if let Some(u) = sel.state_of(&unit.name, at) {
            for c in u.body.complexes.iter().filter(|c| !c.rejected()) {
                out.push(StateComplex {
                    functions: c.complex.functions.iter().filter(|f| **f).count() as u32,
                    complex: c.complex.clone(),
                    file: u.file.clone(),
                });
            }
        }
    }
    out
}

/// Computes every figure for report month `p`.
///
/// # Errors
/// Only if polars fails on frames built here, which would be a bug.
pub fn figures(sel: &Selection, plan: &Plan, p: YearMonth) -> Result<Figures> {
    let state = state_at(sel, plan, p);
    let df = frames::state_frame(&state, plan)?;
    let sdf = ServiceFrame::new(sel, plan, p)?;
    let assessed = units::assessed(&state, plan);
    let tally = frames::by_unit(&df)?;
    let summary = summary(sel, plan, p, (&state, &df, &sdf, &tally), &assessed)?;
    let c = &summary.city;
    Ok(Figures {
        monthly: monthly_points(&state, plan, p),
        services_by_month: services::by_month(sel, plan, p, &sdf)?,
        services_by_unit: services::by_unit(sel, plan, p, &sdf)?,
        function_counts: function_counts(&state, plan),
        unit_industry_built: industries::unit_industry_built(&df, plan, &summary.industries)?,
        changes: changes::since(sel, plan, p),
        behind_units: summary
            .units
            .iter()
            .filter(|u| u.behind)
            .map(|u| u.unit.clone())
            .collect(),
        categories: industries::categories(&summary.industries, plan),
        groups: units::group_figures(plan, &summary.units),
        unit_counts: units::unit_counts(sel, plan, p, &tally),
        unit_returns: units::unit_returns(sel, plan, p),
        unit_targets: units::target_sums(&summary.units, c.built),
        function_base: function_base(c, &state),
        pre_plan_assessment: units::tally(&assessed, Counted::PrePlan, plan),
        coverage_status: plan
            .coverage_target
            .then(|| targets::cumulative_status(plan, c.units_covered, c.units_total, p)),
        assessed,
        summary,
        state,
    })
}

/// summary.json's figures: inputs, issues, city, units, industries, services by year,
/// and the assessment of the complexes built in a plan year.
fn summary(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    (state, df, sdf, tally): (&[StateComplex], &DataFrame, &ServiceFrame, &UnitTallies),
    assessed: &[AssessedComplex],
) -> Result<Summary> {
    let by_year = frames::built_by_unit_year(df)?;
    let svc_year = sdf.by_year()?;
    let units = units::unit_figures(sel, plan, p, tally, &by_year);
    let city = city_figures(state, &units, plan, p);
    let services_by_year = plan
        .years
        .iter()
        .filter(|y| **y <= p.year)
        .map(|y| (*y, svc_year.get(y).copied().unwrap_or_default()))
        .collect::<BTreeMap<_, _>>();
    Ok(Summary {
        schema: 1,
        period: p,
        inputs: input_counts(sel),
        issues: IssueCounts {
            errors: sel.errors(),
            warnings: sel.issues.len() - sel.errors(),
        },
        city,
        units,
        industries: industries::industry_figures(df, sdf, plan)?,
        services_by_year,
        assessment: units::tally(assessed, Counted::Plan, plan),
    })
}

/// The complexes 功能配置 counts over, by status.
fn function_base(city: &CityFigures, state: &[StateComplex]) -> FunctionBase {
    let complexes = state.len() as u32;
    FunctionBase {
        complexes,
        operating: state
            .iter()
            .filter(|s| s.complex.status == Some(Status::Built))
            .count() as u32,
        under_construction: city.under_construction,
        planned: city.planned,
    }
}

/// The city's figures: the units' built added up, the state counted by status.
fn city_figures(
    state: &[StateComplex],
    units: &[UnitFigures],
    plan: &Plan,
    p: YearMonth,
) -> CityFigures {
    let built: u32 = units.iter().map(|u| u.built).sum();
    let count = |class: Class| {
        state
            .iter()
            .filter(|s| Class::of(&s.complex, plan) == class)
            .count() as u32
    };
    let expected = targets::expected_cumulative(plan, plan.city_target, p);
    CityFigures {
        built,
        target: plan.city_target,
        expected_by_now: round2(expected),
        behind: (built as f64) < expected - 1e-9,
        status: targets::cumulative_status(plan, built, plan.city_target, p),
        pre_plan: count(Class::PrePlan),
        under_construction: count(Class::Building),
        planned: count(Class::Planned),
        units_covered: units.iter().filter(|u| u.covered).count() as u32,
        units_total: plan.units.len() as u32,
        completion: completion(built, plan.city_target),
    }
}

/// Per plan function, the complexes in the state that have it.
fn function_counts(state: &[StateComplex], plan: &Plan) -> Vec<(String, u32)> {
    plan.functions
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let n = state
                .iter()
                .filter(|s| s.complex.functions.get(i).copied().unwrap_or(false))
                .count() as u32;
            (f.clone(), n)
        })
        .collect()
}

fn input_counts(sel: &Selection) -> InputCounts {
    let rows_read = sel.rows_read();
    let rows_rejected = sel.rows_rejected();
    InputCounts {
        files_found: sel.files_found,
        files_read: sel.used.len(),
        files_rejected: sel.rejected.len(),
        files_skipped: sel.skipped.len(),
        files_set_aside: sel.set_aside.len(),
        files_superseded: sel.superseded.len(),
        rows_read,
        rows_accepted: rows_read - rows_rejected,
        rows_rejected,
    }
}

/// The plan months from the plan's start through `p` (none after the plan's end).
pub fn plan_months(plan: &Plan, p: YearMonth) -> impl Iterator<Item = YearMonth> {
    let start = YearMonth {
        year: plan.first_year(),
        month: 1,
    }
    .index();
    let end = p.index().min(
        YearMonth {
            year: plan.last_year(),
            month: 12,
        }
        .index(),
    );
    (start..=end).map(YearMonth::from_index)
}

fn monthly_points(state: &[StateComplex], plan: &Plan, p: YearMonth) -> Vec<MonthPoint> {
    plan_months(plan, p)
        .map(|m| MonthPoint {
            month: m,
            built_cumulative: state
                .iter()
                .filter(|s| {
                    built_in_plan(&s.complex, plan).is_some()
                        && s.complex.built.is_some_and(|b| b <= m)
                })
                .count() as u32,
            expected: round2(targets::expected_cumulative(plan, plan.city_target, m)),
        })
        .collect()
}
