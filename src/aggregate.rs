//! Aggregation: the state and the service rows as polars frames, grouped into the
//! figures of SPEC §4 (unit × year, industries, services by year, month, unit and
//! industry). Units and industries are put back in plan order, never alphabetical.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use polars::prelude::*;

use crate::figures::*;
use crate::model::{Assessment, Complex, Status};
use crate::normalize::{fold, YearMonth};
use crate::plan::{Plan, TargetKind, UNCLASSIFIED};
use crate::rules;
use crate::select::Selection;

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

fn built_in_plan(c: &Complex, plan: &Plan) -> Option<i32> {
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

fn state_frame(state: &[StateComplex], plan: &Plan) -> PolarsResult<DataFrame> {
    let s = |f: &dyn Fn(&Complex) -> String| state.iter().map(|x| f(x.complex)).collect::<Vec<_>>();
    DataFrame::new_infer_height(vec![
        Column::new("unit".into(), s(&|c| c.unit.clone())),
        Column::new("industry".into(), s(&|c| c.industry.clone())),
        Column::new("status".into(), s(&|c| status_code(c, plan).to_string())),
        Column::new(
            "built_year".into(),
            state
                .iter()
                .map(|x| built_in_plan(x.complex, plan))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "built_idx".into(),
            state
                .iter()
                .map(|x| {
                    x.complex
                        .built
                        .filter(|_| built_in_plan(x.complex, plan).is_some())
                        .map(|b| b.index())
                })
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "invest_done".into(),
            state
                .iter()
                .map(|x| x.complex.invest_done)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "passed".into(),
            state
                .iter()
                .map(|x| x.complex.assessment == Assessment::Passed)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "failed".into(),
            state
                .iter()
                .map(|x| x.complex.assessment == Assessment::Failed)
                .collect::<Vec<_>>(),
        ),
    ])
}

fn strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(df
        .column(name)?
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect())
}

fn numbers(df: &DataFrame, name: &str) -> PolarsResult<Vec<f64>> {
    Ok(df
        .column(name)?
        .cast(&DataType::Float64)?
        .f64()?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect())
}

fn count_if(status: &str) -> Expr {
    col("status")
        .eq(lit(status))
        .cast(DataType::UInt32)
        .sum()
        .alias(status)
}

/// Built complexes per unit and plan year: a unit × year table pivoted by polars.
fn built_by_unit_year(df: &DataFrame, plan: &Plan) -> PolarsResult<HashMap<(String, i32), u32>> {
    let grouped = df
        .clone()
        .lazy()
        .filter(col("built_year").is_not_null())
        .group_by([col("unit"), col("built_year")])
        .agg([len().alias("n")])
        .collect()?;
    let units = strings(&grouped, "unit")?;
    let years = numbers(&grouped, "built_year")?;
    let counts = numbers(&grouped, "n")?;
    let mut out = HashMap::new();
    for ((u, y), n) in units.into_iter().zip(years).zip(counts) {
        if plan.years.contains(&(y as i32)) {
            out.insert((u, y as i32), n as u32);
        }
    }
    Ok(out)
}

struct IndustryRow {
    planned: u32,
    building: u32,
    built: u32,
    pre_plan: u32,
    invest: f64,
}

fn by_industry(df: &DataFrame) -> PolarsResult<HashMap<String, IndustryRow>> {
    let g = df
        .clone()
        .lazy()
        .group_by([col("industry")])
        .agg([
            count_if("planned"),
            count_if("building"),
            count_if("built"),
            count_if("pre_plan"),
            col("invest_done").sum().alias("invest"),
        ])
        .collect()?;
    let names = strings(&g, "industry")?;
    let cols: Vec<Vec<f64>> = ["planned", "building", "built", "pre_plan", "invest"]
        .iter()
        .map(|c| numbers(&g, c))
        .collect::<PolarsResult<_>>()?;
    Ok(names
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            (
                n,
                IndustryRow {
                    planned: cols[0][i] as u32,
                    building: cols[1][i] as u32,
                    built: cols[2][i] as u32,
                    pre_plan: cols[3][i] as u32,
                    invest: cols[4][i],
                },
            )
        })
        .collect())
}

/// One accepted 表2 row of a used return, with its month and industry.
struct ServiceFact {
    unit: String,
    month: YearMonth,
    industry: Option<String>,
    values: [Option<f64>; 10],
}

fn service_facts(sel: &Selection, plan: &Plan, p: YearMonth) -> Vec<ServiceFact> {
    let mut out = Vec::new();
    for u in sel
        .used
        .iter()
        .filter(|u| u.month <= p && plan.years.contains(&u.month.year))
    {
        for s in u.body.services.iter().filter(|s| !s.rejected()) {
            let industry = s
                .matched
                .map(|i| u.body.complexes[i].complex.industry.clone());
            out.push(ServiceFact {
                unit: u.unit.clone(),
                month: u.month,
                industry,
                values: s.values,
            });
        }
    }
    out
}

fn services_frame(facts: &[ServiceFact]) -> PolarsResult<DataFrame> {
    let mut cols = vec![
        Column::new(
            "unit".into(),
            facts.iter().map(|f| f.unit.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "month".into(),
            facts
                .iter()
                .map(|f| f.month.to_string())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            facts
                .iter()
                .map(|f| f.month.year.to_string())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "industry".into(),
            facts
                .iter()
                .map(|f| f.industry.clone().unwrap_or_default())
                .collect::<Vec<_>>(),
        ),
    ];
    for i in 0..10 {
        cols.push(Column::new(
            format!("m{i}").into(),
            facts.iter().map(|f| f.values[i]).collect::<Vec<_>>(),
        ));
    }
    DataFrame::new_infer_height(cols)
}

/// Sums the ten measures grouped by one key column.
fn services_by(df: &DataFrame, key: &str) -> PolarsResult<HashMap<String, Services>> {
    let aggs: Vec<Expr> = (0..10).map(|i| col(format!("m{i}")).sum()).collect();
    let g = df.clone().lazy().group_by([col(key)]).agg(aggs).collect()?;
    let keys = strings(&g, key)?;
    let mut values = Vec::new();
    for i in 0..10 {
        values.push(numbers(&g, &format!("m{i}"))?);
    }
    Ok(keys
        .into_iter()
        .enumerate()
        .map(|(row, k)| {
            let mut s = Services::default();
            for (i, v) in values.iter().enumerate() {
                s.0[i] = v[row];
            }
            (k, s)
        })
        .collect())
}

/// Computes every figure for report month `p`.
///
/// # Errors
/// Only if polars fails on frames built here, which would be a bug.
pub fn figures(sel: &Selection, plan: &Plan, p: YearMonth) -> Result<Figures> {
    let state = state_at(sel, plan, p);
    let df = state_frame(&state, plan)?;
    let by_year = built_by_unit_year(&df, plan)?;
    let facts = service_facts(sel, plan, p);
    let sdf = services_frame(&facts)?;
    let svc_year = services_by(&sdf, "year")?;
    let svc_month = services_by(&sdf, "month")?;
    let svc_unit = services_by(&sdf, "unit")?;
    let svc_industry = services_by(&sdf, "industry")?;

    let units = unit_figures(sel, plan, p, &state, &by_year);
    let built: u32 = units.iter().map(|u| u.built).sum();
    let count = |code: &str| {
        state
            .iter()
            .filter(|s| status_code(s.complex, plan) == code)
            .count() as u32
    };
    let covered = units.iter().filter(|u| u.covered).count() as u32;
    let city = CityFigures {
        built,
        target: plan.city_target,
        expected_by_now: round2(rules::expected_cumulative(plan, plan.city_target, p)),
        behind: (built as f64) < rules::expected_cumulative(plan, plan.city_target, p) - 1e-9,
        status: rules::cumulative_status(plan, built, plan.city_target, p),
        pre_plan: count("pre_plan"),
        under_construction: count("building"),
        planned: count("planned"),
        units_covered: covered,
        units_total: plan.units.len() as u32,
    };
    let industries = industry_figures(&df, plan)?;
    let services_by_year = plan
        .years
        .iter()
        .filter(|y| **y <= p.year)
        .map(|y| {
            (
                y.to_string(),
                svc_year.get(&y.to_string()).copied().unwrap_or_default(),
            )
        })
        .collect::<BTreeMap<_, _>>();
    let passed = state
        .iter()
        .filter(|s| s.complex.assessment == Assessment::Passed)
        .count() as u32;
    let failed = state
        .iter()
        .filter(|s| s.complex.assessment == Assessment::Failed)
        .count() as u32;
    let summary = Summary {
        schema: 1,
        period: p.to_string(),
        inputs: input_counts(sel),
        issues: IssueCounts {
            errors: sel.errors(),
            warnings: sel.issues.len() - sel.errors(),
        },
        city,
        units,
        industries,
        services_by_year,
        assessment: AssessmentFigures {
            passed,
            failed,
            reward_wan: passed as f64 * plan.reward_wan,
        },
    };
    let monthly = monthly_points(&state, plan, p);
    let services_by_month = plan_months(plan, p)
        .map(|m| {
            let units_reporting = plan
                .units
                .iter()
                .filter(|u| {
                    sel.used_for(&u.name, m)
                        .is_some_and(|r| r.body.sheet2.is_some())
                })
                .count() as u32;
            ServiceMonth {
                month: m.to_string(),
                services: svc_month.get(&m.to_string()).copied().unwrap_or_default(),
                units_reporting,
            }
        })
        .collect();
    let services_by_unit = plan
        .units
        .iter()
        .map(|u| UnitServices {
            unit: u.name.clone(),
            total: svc_unit.get(&u.name).copied().unwrap_or_default(),
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
        .collect();
    let mut industry_names: Vec<String> = plan.industries.iter().map(|i| i.name.clone()).collect();
    industry_names.push(UNCLASSIFIED.to_string());
    let services_by_industry: Vec<(String, Services)> = industry_names
        .iter()
        .filter(|n| n.as_str() != UNCLASSIFIED || svc_industry.contains_key(n.as_str()))
        .map(|n| (n.clone(), svc_industry.get(n).copied().unwrap_or_default()))
        .collect();
    let function_counts = plan
        .functions
        .iter()
        .enumerate()
        .map(|(i, f)| {
            (
                f.clone(),
                state
                    .iter()
                    .filter(|s| s.complex.functions.get(i).copied().unwrap_or(false))
                    .count() as u32,
            )
        })
        .collect();
    let unit_industry_built = plan
        .units
        .iter()
        .map(|u| {
            let row = summary_industry_names(&summary.industries)
                .iter()
                .map(|ind| {
                    state
                        .iter()
                        .filter(|s| {
                            s.complex.unit == u.name
                                && &s.complex.industry == ind
                                && built_in_plan(s.complex, plan).is_some()
                        })
                        .count() as u32
                })
                .collect();
            (u.name.clone(), row)
        })
        .collect();
    let behind_units = summary
        .units
        .iter()
        .filter(|u| u.behind)
        .map(|u| u.unit.clone())
        .collect();
    let changes = changes_since(sel, plan, p);
    let categories = category_figures(&summary.industries, &services_by_industry, plan);
    Ok(Figures {
        summary,
        monthly,
        services_by_month,
        services_by_unit,
        services_by_industry,
        function_counts,
        unit_industry_built,
        changes,
        behind_units,
        categories,
    })
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

fn summary_industry_names(industries: &[IndustryFigures]) -> Vec<String> {
    industries.iter().map(|i| i.industry.clone()).collect()
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

fn unit_figures(
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
                    (
                        y.to_string(),
                        by_year.get(&(name.clone(), *y)).copied().unwrap_or(0),
                    )
                })
                .collect();
            let built: u32 = built_by_year.values().sum();
            let (target_by_year, status_by_year, target, expected, status) =
                match plan.group(&unit.group).target {
                    TargetKind::Yearly(n) => {
                        let tby: BTreeMap<String, u32> =
                            plan.years.iter().map(|y| (y.to_string(), n)).collect();
                        let sby: BTreeMap<String, TargetStatus> = plan
                            .years
                            .iter()
                            .map(|y| {
                                (
                                    y.to_string(),
                                    rules::yearly_status(built_by_year[&y.to_string()], n, *y, p),
                                )
                            })
                            .collect();
                        let statuses: Vec<TargetStatus> = sby.values().copied().collect();
                        let overall = rules::overall_of_years(plan, &statuses, p);
                        (
                            tby,
                            sby,
                            n * plan.years.len() as u32,
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
                };
            let latest = sel.state_of(name, p);
            let submission = match sel.used_for(name, p) {
                None => Submission::Missing,
                Some(u) => match u.reported {
                    Some(d) if d > crate::select::deadline(p, plan) => Submission::Late,
                    _ => Submission::Received,
                },
            };
            let months_missing = plan_months(plan, p)
                .filter(|m| sel.used_for(name, *m).is_none())
                .map(|m| m.to_string())
                .collect();
            let passed = state
                .iter()
                .filter(|s| &s.complex.unit == name && s.complex.assessment == Assessment::Passed)
                .count();
            UnitFigures {
                unit: name.clone(),
                group: unit.group.clone(),
                return_period: latest.map(|u| u.month.to_string()),
                submission,
                months_missing,
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
