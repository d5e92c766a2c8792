//! Aggregation: the state and the service rows as polars frames, grouped into the
//! figures of docs/报表格式.md §六 (unit × year, industries, services by year, month, unit and
//! industry). Units and industries are put back in plan order, never alphabetical.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;

use crate::figures::*;
use crate::model::{Complex, Status};
use crate::normalize::{fold, YearMonth};
use crate::plan::{Plan, UNCLASSIFIED};
use crate::rules;

use crate::select::Selection;

mod frames;
mod units;
use frames::{
    built_by_unit_year, by_industry, service_facts, services_by, services_frame, state_frame,
};
use polars::prelude::DataFrame;

/// A complex in a unit's state at P.
pub struct StateComplex<'a> {
    pub complex: &'a Complex,
    pub file: &'a str,
}

/// The state at `at`: per unit (plan order) the accepted complexes of its latest used
/// return for a month ≤ `at`.
pub fn state_at<'a>(sel: &'a Selection, plan: &Plan, at: YearMonth) -> Vec<StateComplex<'a>> {
    let mut out = Vec::new();
    for unit in &plan.units {
        if let Some(u) = sel.state_of(&unit.name, at) {
            for c in u.body.complexes.iter().filter(|c| !c.rejected()) {
                out.push(StateComplex {
                    complex: &c.complex,
                    file: &u.file,
                });
            }
        }
    }
    out
}

/// The plan year a complex was built in, when it was built in one.
pub(crate) fn built_in_plan(c: &Complex, plan: &Plan) -> Option<i32> {
    match (c.status, c.built) {
        (Some(Status::Built), Some(b)) if plan.years.contains(&b.year) => Some(b.year),
        _ => None,
    }
}

fn status_code(c: &Complex, plan: &Plan) -> &'static str {
    match c.status {
        Some(Status::Planned) => "planned",
        Some(Status::Building) => "building",
        Some(Status::Built) => match c.built {
            Some(b) if b.year < plan.first_year() => "pre_plan",
            Some(b) if plan.years.contains(&b.year) => "built",
            _ => "built_other",
        },
        None => "unknown",
    }
}

/// Computes every figure for report month `p`.
///
/// # Errors
/// Only if polars fails on frames built here, which would be a bug.
pub fn figures(sel: &Selection, plan: &Plan, p: YearMonth) -> Result<Figures> {
    let state = state_at(sel, plan, p);
    let df = state_frame(&state, plan)?;
    let facts = service_facts(sel, plan, p);
    let sdf = services_frame(&facts)?;
    let assessed = units::assessed(&state, plan);
    let summary = summary(sel, plan, p, (&state, &df, &sdf), &assessed)?;
    let svc_industry = services_by(&sdf, "industry")?;
    let services_by_industry = services_by_industry(plan, &svc_industry);
    let c = &summary.city;
    Ok(Figures {
        monthly: monthly_points(&state, plan, p),
        services_by_month: services_by_month(sel, plan, p, &services_by(&sdf, "month")?),
        services_by_unit: services_by_unit(sel, plan, p, &services_by(&sdf, "unit")?),
        function_counts: function_counts(&state, plan),
        unit_industry_built: unit_industry_built(&state, plan, &summary.industries),
        changes: changes_since(sel, plan, p),
        behind_units: summary
            .units
            .iter()
            .filter(|u| u.behind)
            .map(|u| u.unit.clone())
            .collect(),
        categories: category_figures(&summary.industries, &services_by_industry, plan),
        services_by_industry,
        groups: units::group_figures(plan, &summary.units),
        unit_counts: units::unit_counts(sel, plan, p, &state),
        unit_targets: units::target_sums(&summary.units),
        function_base: function_base(c, &state),
        pre_plan_assessment: units::tally(&assessed, Counted::PrePlan, plan),
        coverage_status: plan
            .coverage_target
            .then(|| rules::cumulative_status(plan, c.units_covered, c.units_total, p)),
        assessed,
        summary,
    })
}

/// summary.json's figures: inputs, issues, city, units, industries, services by year,
/// and the assessment of the complexes built in a plan year.
fn summary(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    (state, df, sdf): (&[StateComplex], &DataFrame, &DataFrame),
    assessed: &[AssessedComplex],
) -> Result<Summary> {
    let by_year = built_by_unit_year(df, plan)?;
    let svc_year = services_by(sdf, "year")?;
    let units = units::unit_figures(sel, plan, p, state, &by_year);
    let city = city_figures(state, &units, plan, p);
    let services_by_year = plan
        .years
        .iter()
        .filter(|y| **y <= p.year)
        .map(|y| {
            let s = svc_year.get(&y.to_string()).copied().unwrap_or_default();
            (y.to_string(), s)
        })
        .collect::<BTreeMap<_, _>>();
    Ok(Summary {
        schema: 1,
        period: p.to_string(),
        inputs: input_counts(sel),
        issues: IssueCounts {
            errors: sel.errors(),
            warnings: sel.issues.len() - sel.errors(),
        },
        city,
        units,
        industries: industry_figures(df, plan)?,
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
    let count = |code: &str| {
        state
            .iter()
            .filter(|s| status_code(s.complex, plan) == code)
            .count() as u32
    };
    let expected = rules::expected_cumulative(plan, plan.city_target, p);
    CityFigures {
        built,
        target: plan.city_target,
        expected_by_now: round2(expected),
        behind: (built as f64) < expected - 1e-9,
        status: rules::cumulative_status(plan, built, plan.city_target, p),
        pre_plan: count("pre_plan"),
        under_construction: count("building"),
        planned: count("planned"),
        units_covered: units.iter().filter(|u| u.covered).count() as u32,
        units_total: plan.units.len() as u32,
    }
}

/// Services month by month through P, with how many units sent a 表2.
fn services_by_month(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    by_month: &HashMap<String, Services>,
) -> Vec<ServiceMonth> {
    plan_months(plan, p)
        .map(|m| {
            let used: Vec<bool> = plan
                .units
                .iter()
                .filter_map(|u| sel.used_for(&u.name, m))
                .map(|r| r.body.sheet2.is_some())
                .collect();
            let with_table2 = used.iter().filter(|t| **t).count() as u32;
            ServiceMonth {
                month: m.to_string(),
                services: by_month.get(&m.to_string()).copied().unwrap_or_default(),
                units_reporting: with_table2,
                units_no_return: (plan.units.len() - used.len()) as u32,
                units_no_table2: used.len() as u32 - with_table2,
            }
        })
        .collect()
}

/// Services per unit over the plan months, and for P itself where its return has 表2.
fn services_by_unit(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    by_unit: &HashMap<String, Services>,
) -> Vec<UnitServices> {
    plan.units
        .iter()
        .map(|u| UnitServices {
            unit: u.name.clone(),
            total: by_unit.get(&u.name).copied().unwrap_or_default(),
            this_month: sel
                .used_for(&u.name, p)
                .filter(|r| r.body.sheet2.is_some())
                .map(|r| {
                    let mut s = Services::default();
                    for row in r.body.services.iter().filter(|s| !s.rejected()) {
                        for (i, v) in row.values.iter().enumerate() {
                            s.0[i] += v.unwrap_or(0.0);
                        }
                    }
                    s
                }),
        })
        .collect()
}

/// Services per plan industry (plan order), then 未分类 when it has any.
fn services_by_industry(
    plan: &Plan,
    by_industry: &HashMap<String, Services>,
) -> Vec<(String, Services)> {
    plan.industries
        .iter()
        .map(|i| i.name.clone())
        .chain(std::iter::once(UNCLASSIFIED.to_string()))
        .filter(|n| n.as_str() != UNCLASSIFIED || by_industry.contains_key(n.as_str()))
        .map(|n| {
            let s = by_industry.get(&n).copied().unwrap_or_default();
            (n, s)
        })
        .collect()
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

/// Units × industries: complexes built in plan years.
fn unit_industry_built(
    state: &[StateComplex],
    plan: &Plan,
    industries: &[IndustryFigures],
) -> Vec<(String, Vec<u32>)> {
    plan.units
        .iter()
        .map(|u| {
            let row = industries
                .iter()
                .map(|ind| {
                    state
                        .iter()
                        .filter(|s| {
                            s.complex.unit == u.name
                                && s.complex.industry == ind.industry
                                && built_in_plan(s.complex, plan).is_some()
                        })
                        .count() as u32
                })
                .collect();
            (u.name.clone(), row)
        })
        .collect()
}

/// Adds the industries up by category, in the plan's category order.
fn category_figures(
    industries: &[IndustryFigures],
    services: &[(String, Services)],
    plan: &Plan,
) -> Vec<CategoryFigures> {
    let mut names: Vec<&str> = plan.categories.iter().map(String::as_str).collect();
    if industries.iter().any(|i| i.category == UNCLASSIFIED) {
        names.push(UNCLASSIFIED);
    }
    names
        .into_iter()
        .map(|cat| {
            let mine: Vec<&IndustryFigures> =
                industries.iter().filter(|i| i.category == cat).collect();
            let mut svc = Services::default();
            for (name, s) in services {
                if mine.iter().any(|i| &i.industry == name) {
                    for (a, b) in svc.0.iter_mut().zip(s.0.iter()) {
                        *a += b;
                    }
                }
            }
            CategoryFigures {
                category: cat.to_string(),
                planned: mine.iter().map(|i| i.planned).sum(),
                under_construction: mine.iter().map(|i| i.under_construction).sum(),
                built: mine.iter().map(|i| i.built).sum(),
                pre_plan: mine.iter().map(|i| i.pre_plan).sum(),
                invest_done_wan: round2(mine.iter().map(|i| i.invest_done_wan).sum()),
                services: svc,
            }
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

fn industry_figures(df: &DataFrame, plan: &Plan) -> Result<Vec<IndustryFigures>> {
    let rows = by_industry(df)?;
    let mut out: Vec<IndustryFigures> = Vec::new();
    let mut names: Vec<(String, String)> = plan
        .industries
        .iter()
        .map(|i| (i.name.clone(), i.category.clone()))
        .collect();
    if rows.contains_key(UNCLASSIFIED) {
        names.push((UNCLASSIFIED.into(), UNCLASSIFIED.into()));
    }
    for (name, category) in names {
        let r = rows.get(&name);
        out.push(IndustryFigures {
            industry: name,
            category,
            planned: r.map_or(0, |r| r.planned),
            under_construction: r.map_or(0, |r| r.building),
            built: r.map_or(0, |r| r.built),
            pre_plan: r.map_or(0, |r| r.pre_plan),
            invest_done_wan: round2(r.map_or(0.0, |r| r.invest)),
        });
    }
    Ok(out)
}

fn monthly_points(state: &[StateComplex], plan: &Plan, p: YearMonth) -> Vec<MonthPoint> {
    plan_months(plan, p)
        .map(|m| MonthPoint {
            month: m.to_string(),
            built_cumulative: state
                .iter()
                .filter(|s| {
                    built_in_plan(s.complex, plan).is_some()
                        && s.complex.built.is_some_and(|b| b <= m)
                })
                .count() as u32,
            expected: round2(rules::expected_cumulative(plan, plan.city_target, m)),
        })
        .collect()
}

/// What changed between the state at P−1 and the state at P.
fn changes_since(sel: &Selection, plan: &Plan, p: YearMonth) -> Vec<Change> {
    let before = state_at(sel, plan, p.prev());
    let now = state_at(sel, plan, p);
    let find = |c: &Complex| {
        before.iter().find(|b| {
            b.complex.unit == c.unit
                && (b.complex.key() == c.key() || fold(&b.complex.name) == fold(&c.name))
        })
    };
    let mut out = Vec::new();
    for s in &now {
        let c = s.complex;
        let change = |kind: &str, detail: String| Change {
            unit: c.unit.clone(),
            complex: c.name.clone(),
            kind: kind.into(),
            detail,
        };
        match find(c) {
            None => out.push(change(
                "新纳入",
                format!(
                    "新报送，状态：{}",
                    c.status.map(Status::chinese).unwrap_or("")
                ),
            )),
            Some(b) if b.complex.status != c.status => {
                let from = b.complex.status.map(Status::chinese).unwrap_or("");
                let to = c.status.map(Status::chinese).unwrap_or("");
                let kind = if c.status == Some(Status::Built) {
                    "新建成"
                } else {
                    "状态变化"
                };
                out.push(change(kind, format!("{from} → {to}")));
            }
            _ => {}
        }
    }
    for b in &before {
        let c = b.complex;
        if !now.iter().any(|s| {
            s.complex.unit == c.unit
                && (s.complex.key() == c.key() || fold(&s.complex.name) == fold(&c.name))
        }) {
            out.push(Change {
                unit: c.unit.clone(),
                complex: c.name.clone(),
                kind: "不再报送".into(),
                detail: "上月在报，本月报表中没有".into(),
            });
        }
    }
    out
}
