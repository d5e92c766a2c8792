//! The polars half of aggregation: the state and the service rows as frames, and the
//! group-bys over them (unit × year, industry, and the ten measures by any key).

use std::collections::HashMap;

use polars::prelude::*;

use super::{built_in_plan, status_code, StateComplex};
use crate::figures::Services;
use crate::model::{Assessment, Complex};
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::select::Selection;

pub(super) fn state_frame(state: &[StateComplex], plan: &Plan) -> PolarsResult<DataFrame> {
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

pub(super) fn strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(df
        .column(name)?
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect())
}

pub(super) fn numbers(df: &DataFrame, name: &str) -> PolarsResult<Vec<f64>> {
    Ok(df
        .column(name)?
        .cast(&DataType::Float64)?
        .f64()?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect())
}

pub(super) fn count_if(status: &str) -> Expr {
    col("status")
        .eq(lit(status))
        .cast(DataType::UInt32)
        .sum()
        .alias(status)
}

/// Built complexes per unit and plan year: a unit × year table pivoted by polars.
pub(super) fn built_by_unit_year(
    df: &DataFrame,
    plan: &Plan,
) -> PolarsResult<HashMap<(String, i32), u32>> {
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

pub(super) struct IndustryRow {
    pub(super) planned: u32,
    pub(super) building: u32,
    pub(super) built: u32,
    pub(super) pre_plan: u32,
    pub(super) invest: f64,
}

pub(super) fn by_industry(df: &DataFrame) -> PolarsResult<HashMap<String, IndustryRow>> {
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
pub(super) struct ServiceFact {
    pub(super) unit: String,
    pub(super) month: YearMonth,
    pub(super) industry: Option<String>,
    pub(super) values: [Option<f64>; 10],
}

pub(super) fn service_facts(sel: &Selection, plan: &Plan, p: YearMonth) -> Vec<ServiceFact> {
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

pub(super) fn services_frame(facts: &[ServiceFact]) -> PolarsResult<DataFrame> {
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
pub(super) fn services_by(df: &DataFrame, key: &str) -> PolarsResult<HashMap<String, Services>> {
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
