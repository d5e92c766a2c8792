//! The story for any plan but the shipped one (`xtic sample --plan FILE`): returns over
//! the plan's own years, units, groups, targets and industries, laid out so that the
//! report at the last month shows every status word somewhere.
//!
//! The units of each group take four roles in turn (plan order): steady (builds its
//! target every year), slipped (misses the first year and catches up: 未达标 yet 进度正常),
//! behind (nothing yet in the current year, or nothing at all for a cumulative target:
//! 滞后), and ahead (one more than its target). Steady and behind units also run a
//! complex built two years before the plan, assessed under the previous plan (存量, shown
//! in 考核奖励 without a reward); slipped and behind units have one 在建 complex with a
//! planned 建成时间 after the last month, ahead units one 谋划 complex. By default the
//! story ends mid-plan (see [`default_end`]), so that finished years (达标, 未达标), a year
//! in progress (进行中) and years not yet begun (未到期) all show. A few returns of the
//! last month carry the imperfections real months have (see [`quirks`]).

use super::scenario::{
    add_months, apply_timing, base_complex, unit_code, ym, Complex, Dice, Quirk, UnitStory,
    HOST_FORMS,
};
use super::story::{Timing, GOV, MIX, PRIV};
use crate::normalize::YearMonth;
use crate::plan::{Plan, TargetKind};
use crate::schema::{BUILD_MODES, OPERATING_MODELS};

/// The default last month: June of the middle plan year (December of the first year
/// for a two-year plan, June for a one-year plan).
pub(super) fn default_end(plan: &Plan) -> YearMonth {
    let y = &plan.years;
    match y.len() {
        1 => ym(y[0], 6),
        2 => ym(y[0], 12),
        n => ym(y[n / 2], 6),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Steady,
    Slipped,
    Behind,
    Ahead,
}

fn role(index_in_group: usize) -> Role {
    [Role::Steady, Role::Slipped, Role::Behind, Role::Ahead][index_in_group % 4]
}

/// Complexes built in each plan year up to the last month's year (index `k`).
fn builds(kind: &TargetKind, role: Role, k: usize) -> Vec<u32> {
    let mut out = vec![0u32; k + 1];
    match *kind {
        TargetKind::Yearly(n) => {
            out.iter_mut().for_each(|b| *b = n);
            match role {
                Role::Steady => {}
                Role::Slipped => {
                    out[0] = 0;
                    if k >= 1 {
                        out[1] = 2 * n;
                    }
                }
                Role::Behind => out[k] = 0,
                Role::Ahead => out[0] = n + 1,
            }
        }
        TargetKind::Cumulative(t) => {
            let total = match role {
                Role::Steady => t,
                Role::Slipped => t.div_ceil(2),
                Role::Behind => 0,
                Role::Ahead => t + 1,
            };
            for i in 0..total as usize {
                out[i % (k + 1)] += 1;
            }
        }
    }
    out
}

/// What one unit's complexes are, before the seed's numbers.
struct Plot {
    timing: Timing,
    /// Assessment month and whether it passes.
    assessed: Option<(YearMonth, bool)>,
}

/// The complexes of the unit at plan position `ui`, `gi` within its group.
fn plots(plan: &Plan, ui: usize, gi: usize, end: YearMonth) -> Vec<Plot> {
    let first = plan.first_year();
    let unit = &plan.units[ui];
    let role = role(gi);
    let k = (end.year - first) as usize;
    let mut out = Vec::new();
    let stock = match role {
        Role::Steady | Role::Behind => Some(true),
        Role::Ahead => Some(false),
        Role::Slipped => None,
    };
    if let Some(passes) = stock {
        out.push(Plot {
            timing: Timing::Built(first - 1, 5 + (ui % 6) as u32),
            assessed: Some((ym(first, 3), passes)),
        });
    }
    let counts = builds(&plan.group(&unit.group).target, role, k);
    let current = if end.month == 12 {
        12
    } else {
        end.month.saturating_sub(1).max(1)
    };
    for (y, n) in counts.iter().enumerate() {
        for j in 0..*n as usize {
            let month = if y < k || end.month == 12 {
                2 + ((ui * 5 + j * 3) % 10) as u32
            } else {
                1 + ((ui + j) as u32 % current)
            };
            let built = ym(first + y as i32, month);
            let assess = add_months(built, 12);
            let passes = (ui + j) % 5 != 4;
            out.push(Plot {
                timing: Timing::Built(built.year, built.month),
                assessed: (y == 0 && assess <= end).then_some((assess, passes)),
            });
        }
    }
    match role {
        Role::Slipped | Role::Behind => out.push(Plot {
            timing: Timing::Building {
                appear: add_months(end, -14),
                start: add_months(end, -9),
                planned: add_months(end, 4),
            },
            assessed: None,
        }),
        Role::Ahead => out.push(Plot {
            timing: Timing::Planning {
                appear: add_months(end, -5),
                start: add_months(end, 3),
                planned: add_months(end, 15),
            },
            assessed: None,
        }),
        Role::Steady => {}
    }
    out
}

/// Every unit's story, in plan order.
pub(super) fn stories(plan: &Plan, functions: usize, end: YearMonth, seed: u64) -> Vec<UnitStory> {
    let first = ym(plan.first_year(), 1);
    let width = plan.units.len().to_string().len().max(3);
    plan.units
        .iter()
        .enumerate()
        .map(|(ui, unit)| {
            let gi = plan
                .units_of(&unit.group)
                .position(|u| u.name == unit.name)
                .unwrap_or(0);
            let mut dice = Dice::new(seed, &[5, ui as u64]);
            let code = unit_code(&unit.name, ui, width);
            let mut complexes: Vec<Complex> = Vec::new();
            for (j, plot) in plots(plan, ui, gi, end).into_iter().enumerate() {
                let c = complex(
                    plan,
                    (ui, j),
                    &code,
                    functions,
                    first,
                    plot,
                    &mut dice,
                    &complexes,
                );
                complexes.push(c);
            }
            UnitStory {
                name: unit.name.clone(),
                complexes,
                first,
                deadline_day: plan.deadline_day,
            }
        })
        .collect()
}

/// One complex: its industry (the plan's, written as an alias every other time), name,
/// host and ways, the seed's numbers and the plot's timing.
#[allow(clippy::too_many_arguments)]
fn complex(
    plan: &Plan,
    (ui, j): (usize, usize),
    code: &str,
    functions: usize,
    first: YearMonth,
    plot: Plot,
    dice: &mut Dice,
    earlier: &[Complex],
) -> Complex {
    let funding = [MIX, GOV, PRIV][(ui + j) % 3];
    let mut c = base_complex(dice, code, j, functions, funding, first);
    let industry = &plan.industries[(ui * 3 + j) % plan.industries.len()];
    c.industry = match industry.aliases.first() {
        Some(alias) if j % 2 == 1 => alias.clone(),
        _ => industry.name.clone(),
    };
    let unit = &plan.units[ui].name;
    let base = format!("{unit}{}科技创新综合体", industry.name);
    let same = earlier.iter().filter(|o| o.name.starts_with(&base)).count();
    c.name = if same == 0 {
        base
    } else {
        format!("{base}（{}）", same + 1)
    };
    c.id = format!("{code}-{:03}", j + 1);
    c.host = HOST_FORMS[(ui + j) % HOST_FORMS.len()]
        .replace("{u}", unit)
        .replace("{i}", &industry.name);
    c.build_mode = BUILD_MODES[(ui + j) % BUILD_MODES.len()];
    c.model = OPERATING_MODELS[(ui * 2 + j) % OPERATING_MODELS.len()];
    apply_timing(&mut c, plot.timing, j == 0, first, dice);
    c.assessed = plot.assessed;
    c
}

/// The imperfections of the last month, one each on units 2, 4, 6, 8 and 10 in plan
/// order (when the plan has them): no return, a late one, one without 表2, an undated
/// one, and one whose investment does not add up.
pub(super) fn quirks(ui: usize, m: YearMonth, end: YearMonth) -> Vec<Quirk> {
    if m != end {
        return Vec::new();
    }
    match ui {
        1 => vec![Quirk::Missing],
        3 => vec![Quirk::Late],
        5 => vec![Quirk::NoTable2],
        7 => vec![Quirk::Undated],
        9 => vec![Quirk::InvestMismatch],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(years: &[i32]) -> Plan {
        let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        let text = crate::plan::BUILTIN_PLAN.replace(
            "years = [2020, 2021, 2022]",
            &format!("years = [{}]", list.join(", ")),
        );
        Plan::parse(&text).unwrap()
    }

    #[test]
    fn the_story_ends_mid_plan() {
        assert_eq!(default_end(&plan_of(&[2023])), ym(2023, 6));
        assert_eq!(default_end(&plan_of(&[2023, 2024])), ym(2023, 12));
        assert_eq!(default_end(&plan_of(&[2023, 2024, 2025])), ym(2024, 6));
        let five = plan_of(&[2023, 2024, 2025, 2026, 2027]);
        assert_eq!(default_end(&five), ym(2025, 6));
    }

    #[test]
    fn roles_build_what_their_status_needs() {
        let yearly = TargetKind::Yearly(2);
        assert_eq!(builds(&yearly, Role::Steady, 2), [2, 2, 2]);
        assert_eq!(builds(&yearly, Role::Slipped, 2), [0, 4, 2]);
        assert_eq!(builds(&yearly, Role::Behind, 2), [2, 2, 0]);
        assert_eq!(builds(&yearly, Role::Ahead, 2), [3, 2, 2]);
        let cumulative = TargetKind::Cumulative(3);
        assert_eq!(builds(&cumulative, Role::Steady, 2), [1, 1, 1]);
        assert_eq!(builds(&cumulative, Role::Slipped, 2), [1, 1, 0]);
        assert_eq!(builds(&cumulative, Role::Behind, 2), [0, 0, 0]);
        assert_eq!(builds(&cumulative, Role::Ahead, 1), [2, 2]);
    }

    #[test]
    fn quirks_fall_on_the_last_month_only() {
        let end = ym(2025, 6);
        assert_eq!(quirks(1, end, end), [Quirk::Missing]);
        assert_eq!(quirks(5, end, end), [Quirk::NoTable2]);
        assert!(quirks(1, ym(2025, 5), end).is_empty());
        assert!(quirks(2, end, end).is_empty());
    }
}
