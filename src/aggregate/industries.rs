//! The state by industry and by category (plan order, then 未分类 when present), and
//! the unit × industry table of complexes built in plan years.

use anyhow::Result;
use polars::prelude::DataFrame;

use super::frames::{self, ServiceFrame};
use crate::figures::{round2, CategoryFigures, IndustryFigures, Progress, Services};
use crate::plan::{Plan, UNCLASSIFIED};

/// Each plan industry's figures, then 未分类's when the state has any; the
/// investment rounded to 0.01 万元; the services of the 表2 rows naming its complexes.
pub(super) fn industry_figures(
    df: &DataFrame,
    sdf: &ServiceFrame,
    plan: &Plan,
) -> Result<Vec<IndustryFigures>> {
    let rows = frames::by_industry(df)?;
    let services = sdf.by_text("industry")?;
    let mut names: Vec<(String, String)> = plan
        .industries
        .iter()
        .map(|i| (i.name.clone(), i.category.clone()))
        .collect();
    if rows.contains_key(UNCLASSIFIED) {
        names.push((UNCLASSIFIED.into(), UNCLASSIFIED.into()));
    }
    Ok(names
        .into_iter()
        .map(|(industry, category)| {
            let mut progress = rows.get(&industry).copied().unwrap_or_default();
            progress.invest_done_wan = round2(progress.invest_done_wan);
            IndustryFigures {
                services: services.get(&industry).copied().unwrap_or_default(),
                industry,
                category,
                progress,
            }
        })
        .collect())
}

/// Units (plan order) × industries (as `industries`): complexes built in plan years.
pub(super) fn unit_industry_built(
    df: &DataFrame,
    plan: &Plan,
    industries: &[IndustryFigures],
) -> Result<Vec<(String, Vec<u32>)>> {
    let built = frames::built_by_unit_industry(df)?;
    Ok(plan
        .units
        .iter()
        .map(|u| {
            let row = industries
                .iter()
                .map(|i| {
                    let key = (u.name.clone(), i.industry.clone());
                    built.get(&key).copied().unwrap_or(0)
                })
                .collect();
            (u.name.clone(), row)
        })
        .collect())
}

/// Adds the industries up by category, in the plan's category order.
pub(super) fn categories(industries: &[IndustryFigures], plan: &Plan) -> Vec<CategoryFigures> {
    let mut names: Vec<&str> = plan.categories.iter().map(String::as_str).collect();
    if industries.iter().any(|i| i.category == UNCLASSIFIED) {
        names.push(UNCLASSIFIED);
    }
    names
        .into_iter()
        .map(|cat| {
            let mine: Vec<&IndustryFigures> =
                industries.iter().filter(|i| i.category == cat).collect();
            let (mut progress, mut services) = (Progress::default(), Services::default());
            for i in &mine {
                progress.add(&i.progress);
                services.add(&i.services);
            }
            // the industries' rounded investments added up
            progress.invest_done_wan =
                round2(mine.iter().map(|i| i.progress.invest_done_wan).sum());
            CategoryFigures {
                category: cat.to_string(),
                progress,
                services,
            }
        })
        .collect()
}
