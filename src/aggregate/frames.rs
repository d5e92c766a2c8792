//! The polars half of aggregation. The state is one typed frame (unit, industry, status
//! class, plan year built, investment) and the used 表2 rows another (unit, month, year,
//! industry, one Float64 column per measure); each table of figures is one lazy query
//! over them, read back through typed accessors into plan-keyed maps.

use std::collections::HashMap;

use polars::prelude::*;

use crate::figures::{Measure, Progress, Services, StateComplex};
use crate::model::{Assessment, Complex, Status};
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::select::Selection;

/// Where a complex of the state is counted (docs/报表格式.md §六), stored as a UInt32 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub(super) enum Class {
    Planned,
    Building,
    /// 建成运营 in a plan year.
    Built,
    /// 建成运营 before the plan's first year (存量).
    PrePlan,
    /// 建成运营 after the plan, or with no month.
    BuiltOther,
    /// No status given.
    Unknown,
}

impl Class {
    pub(super) fn of(c: &Complex, plan: &Plan) -> Class {
        match c.status {
            Some(Status::Planned) => Class::Planned,
            Some(Status::Building) => Class::Building,
            Some(Status::Built) => match c.built {
                Some(b) if b.year < plan.first_year() => Class::PrePlan,
                Some(b) if plan.years.contains(&b.year) => Class::Built,
                _ => Class::BuiltOther,
            },
            None => Class::Unknown,
        }
    }

    fn is(self) -> Expr {
        col("class").eq(lit(self as u32))
    }

    /// The number of rows of this class, as a UInt32 column named `name`.
    fn count(self, name: &str) -> Expr {
        count_where(self.is(), name)
    }
}

/// The number of rows where `cond` holds, as a UInt32 column named `name`.
fn count_where(cond: Expr, name: &str) -> Expr {
    cond.cast(DataType::UInt32).sum().alias(name)
}

/// The plan year a complex was built in, when it was built in one.
pub(crate) fn built_in_plan(c: &Complex, plan: &Plan) -> Option<i32> {
    match (c.status, c.built) {
        (Some(Status::Built), Some(b)) if plan.years.contains(&b.year) => Some(b.year),
        _ => None,
    }
}

pub(super) fn state_frame(state: &[StateComplex], plan: &Plan) -> PolarsResult<DataFrame> {
    let of =
        |f: &dyn Fn(&Complex) -> String| state.iter().map(|x| f(&x.complex)).collect::<Vec<_>>();
    let complexes = || state.iter().map(|x| &x.complex);
    DataFrame::new_infer_height(vec![
        Column::new("unit".into(), of(&|c| c.unit.clone())),
        Column::new("industry".into(), of(&|c| c.industry.clone())),
        Column::new(
            "class".into(),
            complexes()
                .map(|c| Class::of(c, plan) as u32)
                .collect::<Vec<u32>>(),
        ),
        Column::new(
            "built_year".into(),
            complexes()
                .map(|c| built_in_plan(c, plan))
                .collect::<Vec<Option<i32>>>(),
        ),
        Column::new(
            "invest_done".into(),
            complexes()
                .map(|c| c.invest_done)
                .collect::<Vec<Option<f64>>>(),
        ),
        Column::new(
            "passed".into(),
            complexes()
                .map(|c| c.assessment == Assessment::Passed)
                .collect::<Vec<bool>>(),
        ),
        Column::new(
            "failed".into(),
            complexes()
                .map(|c| c.assessment == Assessment::Failed)
                .collect::<Vec<bool>>(),
        ),
    ])
}

/// One unit's state counted: 谋划, 在建, 存量, and the assessment results of the
/// complexes built in a plan year and of the 存量 ones.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct UnitTally {
    pub(super) planned: u32,
    pub(super) building: u32,
    pub(super) pre_plan: u32,
    pub(super) passed: u32,
    pub(super) failed: u32,
    pub(super) pre_plan_passed: u32,
    pub(super) pre_plan_failed: u32,
}

/// The state counted per unit: one group-by on the unit.
pub(super) fn by_unit(df: &DataFrame) -> PolarsResult<HashMap<String, UnitTally>> {
    let result =
        |class: Class, outcome: &str, name: &str| count_where(class.is().and(col(outcome)), name);
    let g = df
        .clone()
        .lazy()
        .group_by([col("unit")])
        .agg([
            Class::Planned.count("planned"),
            Class::Building.count("building"),
            Class::PrePlan.count("pre_plan"),
            result(Class::Built, "passed", "passed"),
            result(Class::Built, "failed", "failed"),
            result(Class::PrePlan, "passed", "pre_plan_passed"),
            result(Class::PrePlan, "failed", "pre_plan_failed"),
        ])
        .collect()?;
    let c = |name| counts(&g, name);
    let (planned, building, pre_plan) = (c("planned")?, c("building")?, c("pre_plan")?);
    let (passed, failed) = (c("passed")?, c("failed")?);
    let (pp_passed, pp_failed) = (c("pre_plan_passed")?, c("pre_plan_failed")?);
    Ok(texts(&g, "unit")?
        .into_iter()
        .enumerate()
        .map(|(i, unit)| {
            let t = UnitTally {
                planned: planned[i],
                building: building[i],
                pre_plan: pre_plan[i],
                passed: passed[i],
                failed: failed[i],
                pre_plan_passed: pp_passed[i],
                pre_plan_failed: pp_failed[i],
            };
            (unit, t)
        })
        .collect())
}

/// A String key column, nulls as empty text.
fn texts(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect())
}

/// A count column (UInt32), nulls as 0.
fn counts(df: &DataFrame, name: &str) -> PolarsResult<Vec<u32>> {
    Ok(df
        .column(name)?
        .u32()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}

/// Complexes built in a plan year, per unit and year: one group-by on (unit, year).
pub(super) fn built_by_unit_year(df: &DataFrame) -> PolarsResult<HashMap<(String, i32), u32>> {
    let g = df
        .clone()
        .lazy()
        .filter(col("built_year").is_not_null())
        .group_by([col("unit"), col("built_year")])
        .agg([len().cast(DataType::UInt32).alias("n")])
        .collect()?;
    let years = g.column("built_year")?.i32()?;
    Ok(texts(&g, "unit")?
        .into_iter()
        .zip(years.iter())
        .zip(counts(&g, "n")?)
        .filter_map(|((u, y), n)| Some(((u, y?), n)))
        .collect())
}

/// Complexes built in a plan year, per unit and industry: one group-by on both.
pub(super) fn built_by_unit_industry(
    df: &DataFrame,
) -> PolarsResult<HashMap<(String, String), u32>> {
    let g = df
        .clone()
        .lazy()
        .filter(col("built_year").is_not_null())
        .group_by([col("unit"), col("industry")])
        .agg([len().cast(DataType::UInt32).alias("n")])
        .collect()?;
    Ok(texts(&g, "unit")?
        .into_iter()
        .zip(texts(&g, "industry")?)
        .zip(counts(&g, "n")?)
        .collect())
}

/// The state counted by class per industry, with its investment summed.
pub(super) fn by_industry(df: &DataFrame) -> PolarsResult<HashMap<String, Progress>> {
    let g = df
        .clone()
        .lazy()
        .group_by([col("industry")])
        .agg([
            Class::Planned.count("planned"),
            Class::Building.count("building"),
            Class::Built.count("built"),
            Class::PrePlan.count("pre_plan"),
            col("invest_done").sum().alias("invest"),
        ])
        .collect()?;
    let (planned, building) = (counts(&g, "planned")?, counts(&g, "building")?);
    let (built, pre_plan) = (counts(&g, "built")?, counts(&g, "pre_plan")?);
    let invest = g.column("invest")?.f64()?;
    Ok(texts(&g, "industry")?
        .into_iter()
        .zip(invest.iter())
        .enumerate()
        .map(|(i, (name, invest))| {
            let p = Progress {
                planned: planned[i],
                under_construction: building[i],
                built: built[i],
                pre_plan: pre_plan[i],
                invest_done_wan: invest.unwrap_or(0.0),
            };
            (name, p)
        })
        .collect())
}

/// One accepted 表2 row of a used return, with its month and industry.
struct ServiceFact<'a> {
    unit: &'a str,
    month: YearMonth,
    industry: Option<&'a str>,
    values: &'a [Option<f64>; 10],
}

fn service_facts<'a>(sel: &'a Selection, plan: &Plan, p: YearMonth) -> Vec<ServiceFact<'a>> {
    let mut out = Vec::new();
    for u in sel
        .used
        .iter()
        .filter(|u| u.month <= p && plan.years.contains(&u.month.year))
    {
        for s in u.body.services.iter().filter(|s| !s.rejected()) {
            let industry = s
                .matched
                .map(|i| u.body.complexes[i].complex.industry.as_str());
            out.push(ServiceFact {
                unit: &u.unit,
                month: u.month,
                industry,
                values: &s.values,
            });
        }
    }
    out
}

/// The used 表2 rows of plan months up to `p`: unit, month (as its index), year,
/// industry (empty when the row names no complex of 表1) and the ten measures.
pub(super) struct ServiceFrame(DataFrame);

impl ServiceFrame {
    pub(super) fn new(sel: &Selection, plan: &Plan, p: YearMonth) -> PolarsResult<ServiceFrame> {
        let facts = service_facts(sel, plan, p);
        let mut cols = vec![
            Column::new(
                "unit".into(),
                facts.iter().map(|f| f.unit).collect::<Vec<_>>(),
            ),
            Column::new(
                "month".into(),
                facts.iter().map(|f| f.month.index()).collect::<Vec<i64>>(),
            ),
            Column::new(
                "year".into(),
                facts.iter().map(|f| f.month.year).collect::<Vec<i32>>(),
            ),
            Column::new(
                "industry".into(),
                facts
                    .iter()
                    .map(|f| f.industry.unwrap_or_default())
                    .collect::<Vec<_>>(),
            ),
        ];
        for m in Measure::ALL {
            cols.push(Column::new(
                m.schema().key.into(),
                facts
                    .iter()
                    .map(|f| f.values[m as usize])
                    .collect::<Vec<Option<f64>>>(),
            ));
        }
        DataFrame::new_infer_height(cols).map(ServiceFrame)
    }

    /// The ten measures summed per value of `key`, and the key column as polars left it.
    fn sums_by(&self, key: &str) -> PolarsResult<(Column, Vec<Services>)> {
        let aggs: Vec<Expr> = Measure::ALL
            .iter()
            .map(|m| col(m.schema().key).sum())
            .collect();
        let g = self
            .0
            .clone()
            .lazy()
            .group_by([col(key)])
            .agg(aggs)
            .collect()?;
        let sums = Measure::ALL
            .iter()
            .map(|m| g.column(m.schema().key)?.f64().cloned())
            .collect::<PolarsResult<Vec<_>>>()?;
        let services = (0..g.height())
            .map(|row| Services::from_fn(|m| sums[m as usize].get(row).unwrap_or(0.0)))
            .collect();
        Ok((g.column(key)?.clone(), services))
    }

    /// Services per value of a String column (`unit`, `industry`).
    pub(super) fn by_text(&self, key: &str) -> PolarsResult<HashMap<String, Services>> {
        let (keys, services) = self.sums_by(key)?;
        Ok(keys
            .str()?
            .iter()
            .map(|k| k.unwrap_or_default().to_string())
            .zip(services)
            .collect())
    }

    /// Services per plan year.
    pub(super) fn by_year(&self) -> PolarsResult<HashMap<i32, Services>> {
        let (keys, services) = self.sums_by("year")?;
        Ok(keys
            .i32()?
            .iter()
            .zip(services)
            .filter_map(|(k, s)| Some((k?, s)))
            .collect())
    }

    /// Services per month.
    pub(super) fn by_month(&self) -> PolarsResult<HashMap<YearMonth, Services>> {
        let (keys, services) = self.sums_by("month")?;
        Ok(keys
            .i64()?
            .iter()
            .zip(services)
            .filter_map(|(k, s)| Some((YearMonth::from_index(k?), s)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Assessment;

    fn complex(unit: &str, industry: &str, status: Status, built: Option<(i32, u32)>) -> Complex {
        Complex {
            unit: unit.into(),
            name: format!("{unit}{industry}{status:?}"),
            industry: industry.into(),
            status: Some(status),
            built: built.map(|(year, month)| YearMonth { year, month }),
            invest_done: Some(100.5),
            ..Complex::default()
        }
    }

    fn state(list: Vec<Complex>) -> Vec<StateComplex> {
        list.into_iter()
            .map(|complex| StateComplex {
                complex,
                file: "f.xlsx".into(),
                functions: 0,
            })
            .collect()
    }

    /// A built complex counts in its plan year; 存量 and 在建/谋划 count by class only.
    #[test]
    fn typed_group_bys_count_by_unit_year_industry_and_class() {
        let plan = Plan::builtin();
        let (y0, unit, other) = (plan.first_year(), &plan.units[0].name, &plan.units[1].name);
        let ind = &plan.industries[0].name;
        let mut passed = complex(unit, ind, Status::Built, Some((y0, 5)));
        passed.assessment = Assessment::Passed;
        let mut old = complex(unit, ind, Status::Built, Some((y0 - 1, 5)));
        old.assessment = Assessment::Failed;
        let list = state(vec![
            passed,
            complex(unit, ind, Status::Built, Some((y0 + 1, 2))),
            old,
            complex(other, ind, Status::Building, None),
            complex(other, ind, Status::Planned, None),
        ]);
        let df = state_frame(&list, &plan).unwrap();
        let years = built_by_unit_year(&df).unwrap();
        assert_eq!(years.get(&(unit.clone(), y0)), Some(&1));
        assert_eq!(years.get(&(unit.clone(), y0 + 1)), Some(&1));
        assert_eq!(years.len(), 2, "存量 is not built in a plan year");
        let cells = built_by_unit_industry(&df).unwrap();
        assert_eq!(cells.get(&(unit.clone(), ind.clone())), Some(&2));
        let p = by_industry(&df).unwrap()[ind];
        assert_eq!(
            (p.planned, p.under_construction, p.built, p.pre_plan),
            (1, 1, 2, 1)
        );
        assert!((p.invest_done_wan - 502.5).abs() < 1e-9);
        let t = by_unit(&df).unwrap();
        let mine = t[unit];
        assert_eq!((mine.passed, mine.failed, mine.pre_plan_failed), (1, 0, 1));
        assert_eq!((t[other].building, t[other].planned), (1, 1));
    }

    #[test]
    fn an_empty_state_gives_empty_tables() {
        let plan = Plan::builtin();
        let df = state_frame(&[], &plan).unwrap();
        assert!(built_by_unit_year(&df).unwrap().is_empty());
        assert!(by_industry(&df).unwrap().is_empty());
        assert!(by_unit(&df).unwrap().is_empty());
    }
}
