//! The services of 表2 added up by month and by unit, with how many units sent a 表2
//! each month.

use anyhow::Result;

use super::frames::ServiceFrame;
use super::plan_months;
use crate::figures::{ServiceMonth, Services, UnitServices};
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::select::Selection;

/// Services month by month through P, with how many units sent a 表2.
pub(super) fn by_month(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    sdf: &ServiceFrame,
) -> Result<Vec<ServiceMonth>> {
    let sums = sdf.by_month()?;
    Ok(plan_months(plan, p)
        .map(|m| {
            let used: Vec<bool> = plan
                .units
                .iter()
                .filter_map(|u| sel.used_for(&u.name, m))
                .map(|r| r.body.sheet2.is_some())
                .collect();
            let with_table2 = used.iter().filter(|t| **t).count() as u32;
            ServiceMonth {
                month: m,
                services: sums.get(&m).copied().unwrap_or_default(),
                units_reporting: with_table2,
                units_no_return: (plan.units.len() - used.len()) as u32,
                units_no_table2: used.len() as u32 - with_table2,
            }
        })
        .collect())
}

/// Services per unit over the plan months, and for P itself where its return has 表2.
pub(super) fn by_unit(
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    sdf: &ServiceFrame,
) -> Result<Vec<UnitServices>> {
    let sums = sdf.by_text("unit")?;
    Ok(plan
        .units
        .iter()
        .map(|u| UnitServices {
            unit: u.name.clone(),
            total: sums.get(&u.name).copied().unwrap_or_default(),
            this_month: sel
                .used_for(&u.name, p)
                .filter(|r| r.body.sheet2.is_some())
                .map(|r| {
                    let rows = r.body.services.iter().filter(|s| !s.rejected());
                    Services::of_rows(rows.map(|s| &s.values))
                }),
        })
        .collect())
}
