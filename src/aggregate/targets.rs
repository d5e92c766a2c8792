//! The target rules of docs/报表格式.md §六: status words and pro-rated expectations, as pure
//! functions of the plan, the report month and the counts.

use crate::figures::TargetStatus;
use crate::normalize::YearMonth;
use crate::plan::Plan;

/// Months of the plan elapsed through `p` inclusive, between 0 and the plan's length.
pub fn months_elapsed(plan: &Plan, p: YearMonth) -> u32 {
    let start = YearMonth {
        year: plan.first_year(),
        month: 1,
    }
    .index();
    (p.index() - start + 1).clamp(0, plan.months() as i64) as u32
}

pub fn plan_started(plan: &Plan, p: YearMonth) -> bool {
    p.year >= plan.first_year()
}

pub fn plan_over(plan: &Plan, p: YearMonth) -> bool {
    p >= (YearMonth {
        year: plan.last_year(),
        month: 12,
    })
}

/// Status of a yearly target for `year`, as of `p`.
pub fn yearly_status(built: u32, target: u32, year: i32, p: YearMonth) -> TargetStatus {
    if built >= target {
        TargetStatus::Met
    } else if p >= (YearMonth { year, month: 12 }) {
        TargetStatus::Missed
    } else if p.year == year {
        TargetStatus::InProgress
    } else {
        TargetStatus::NotDue
    }
}

/// Overall status of a unit with yearly targets.
pub fn overall_of_years(plan: &Plan, years: &[TargetStatus], p: YearMonth) -> TargetStatus {
    if !plan_started(plan, p) {
        TargetStatus::NotDue
    } else if years.contains(&TargetStatus::Missed) {
        TargetStatus::Missed
    } else if years.iter().all(|s| *s == TargetStatus::Met) {
        TargetStatus::Met
    } else {
        TargetStatus::InProgress
    }
}

/// Status of a cumulative target (county units, the city, coverage).
pub fn cumulative_status(plan: &Plan, built: u32, target: u32, p: YearMonth) -> TargetStatus {
    if !plan_started(plan, p) {
        TargetStatus::NotDue
    } else if built >= target {
        TargetStatus::Met
    } else if plan_over(plan, p) {
        TargetStatus::Missed
    } else {
        TargetStatus::InProgress
    }
}

/// T × m / M for a cumulative target.
pub fn expected_cumulative(plan: &Plan, target: u32, p: YearMonth) -> f64 {
    target as f64 * months_elapsed(plan, p) as f64 / plan.months() as f64
}

/// Targets of finished years plus this year's × (months of this year through P) / 12.
pub fn expected_yearly(plan: &Plan, per_year: u32, p: YearMonth) -> f64 {
    plan.years
        .iter()
        .map(|&y| {
            if y < p.year {
                per_year as f64
            } else if y == p.year {
                per_year as f64 * p.month as f64 / 12.0
            } else {
                0.0
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use TargetStatus::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn city_expected_at_2021_06_is_15() {
        let plan = Plan::builtin();
        assert_eq!(expected_cumulative(&plan, 30, ym(2021, 6)), 15.0);
        assert_eq!(expected_cumulative(&plan, 30, ym(2022, 12)), 30.0);
        assert_eq!(expected_cumulative(&plan, 30, ym(2023, 5)), 30.0);
        assert_eq!(expected_cumulative(&plan, 30, ym(2019, 12)), 0.0);
        // a county unit at 2022-06: 1 × 30 / 36
        assert!((expected_cumulative(&plan, 1, ym(2022, 6)) - 30.0 / 36.0).abs() < 1e-12);
    }

    #[test]
    fn yearly_expectation() {
        let plan = Plan::builtin();
        assert_eq!(expected_yearly(&plan, 1, ym(2022, 6)), 2.5);
        assert_eq!(expected_yearly(&plan, 1, ym(2021, 12)), 2.0);
        assert_eq!(expected_yearly(&plan, 1, ym(2020, 3)), 0.25);
        assert_eq!(expected_yearly(&plan, 1, ym(2024, 1)), 3.0);
    }

    #[test]
    fn yearly_status_in_december_and_mid_year() {
        assert_eq!(yearly_status(0, 1, 2021, ym(2021, 12)), Missed);
        assert_eq!(yearly_status(1, 1, 2021, ym(2021, 12)), Met);
        assert_eq!(yearly_status(0, 1, 2021, ym(2021, 6)), InProgress);
        assert_eq!(yearly_status(0, 1, 2022, ym(2021, 6)), NotDue);
        assert_eq!(yearly_status(0, 1, 2020, ym(2021, 6)), Missed);
    }

    #[test]
    fn a_missed_year_makes_a_priority_unit_missed() {
        let plan = Plan::builtin();
        let p = ym(2021, 6);
        let years = [
            yearly_status(0, 1, 2020, p),
            yearly_status(1, 1, 2021, p),
            yearly_status(0, 1, 2022, p),
        ];
        assert_eq!(years, [Missed, Met, NotDue]);
        assert_eq!(overall_of_years(&plan, &years, p), Missed);
        let good = [Met, InProgress, NotDue];
        assert_eq!(overall_of_years(&plan, &good, p), InProgress);
        assert_eq!(overall_of_years(&plan, &[Met, Met, Met], ym(2022, 12)), Met);
        assert_eq!(
            overall_of_years(&plan, &[NotDue, NotDue, NotDue], ym(2019, 12)),
            NotDue
        );
    }

    #[test]
    fn cumulative_status_words() {
        let plan = Plan::builtin();
        assert_eq!(cumulative_status(&plan, 1, 1, ym(2020, 3)), Met);
        assert_eq!(cumulative_status(&plan, 0, 1, ym(2022, 11)), InProgress);
        assert_eq!(cumulative_status(&plan, 0, 1, ym(2022, 12)), Missed);
        assert_eq!(cumulative_status(&plan, 29, 30, ym(2022, 12)), Missed);
        assert_eq!(cumulative_status(&plan, 0, 30, ym(2019, 12)), NotDue);
    }

    #[test]
    fn months_elapsed_bounds() {
        let plan = Plan::builtin();
        assert_eq!(months_elapsed(&plan, ym(2020, 1)), 1);
        assert_eq!(months_elapsed(&plan, ym(2021, 6)), 18);
        assert_eq!(months_elapsed(&plan, ym(2030, 1)), 36);
    }
}
