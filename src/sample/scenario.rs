//! The complexes behind the sample: each one's attributes and the months it was
//! listed, started and built, and from these its state in any month.
//!
//! The shipped scenario is written out by hand in `story.rs` (one entry a complex);
//! the seed only moves the numbers around it (investment, areas, services, start and
//! first-listing months of complexes built in the plan years). With
//! `--complexes`, or units other than the plan's real twenty, the complexes are drawn
//! from the seed instead.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};

use super::story::{Timing, GOV, HAND_MADE, PRIV, UNITS};
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::schema::{BUILD_MODES, FUNDINGS, OPERATING_MODELS};

/// The first month of the shipped sample (the built-in plan's first month).
pub(super) const FIRST: YearMonth = YearMonth {
    year: 2020,
    month: 1,
};

/// A portable seeded generator: ChaCha8 behind a few plain helpers, so that the same
/// seed gives the same numbers whatever `rand`'s own distributions do in later versions.
pub(super) struct Dice(ChaCha8Rng);

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Dice {
    /// A generator for one stream (e.g. one unit's return for one month) of a seed.
    pub(super) fn new(seed: u64, stream: &[u64]) -> Dice {
        let mut h = splitmix(seed);
        for &part in stream {
            h = splitmix(h ^ part.wrapping_mul(0xA24B_AED4_963E_E407));
        }
        Dice(ChaCha8Rng::seed_from_u64(h))
    }

    /// An integer in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + (self.0.next_u64() % span) as i64
    }

    /// A number in `[0, 1)`.
    pub(super) fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `[lo, hi)`.
    pub(super) fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64 - 1) as usize]
    }
}

pub(super) fn ym(year: i32, month: u32) -> YearMonth {
    YearMonth { year, month }
}

pub(super) fn add_months(m: YearMonth, n: i64) -> YearMonth {
    YearMonth::from_index(m.index() + n)
}

/// Rounds to one decimal, the precision clerks report 万元 in.
pub(super) fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A complex's state in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Planning,
    Building,
    Built,
}

/// One complex over the whole sample.
#[derive(Debug, Clone)]
pub(super) struct Complex {
    pub id: String,
    pub name: String,
    pub host: String,
    /// The lead industry as the unit writes it (a local alias).
    pub industry: String,
    pub build_mode: &'static str,
    pub funding: &'static str,
    pub model: &'static str,
    pub area: f64,
    pub invest_planned: f64,
    pub gov_share: f64,
    /// First month it is listed (as 谋划, or in its state of that month).
    pub appear: YearMonth,
    pub start: Option<YearMonth>,
    pub built: Option<YearMonth>,
    /// Start month shown while still 谋划, when it never starts within the sample.
    pub planned_start: Option<YearMonth>,
    /// 建成时间 shown while not yet built (a plan, later revised to `built`).
    pub planned_built: Option<YearMonth>,
    /// Assessment month and whether it passed.
    pub assessed: Option<(YearMonth, bool)>,
    /// The order in which the plan's functions are added.
    pub function_order: Vec<usize>,
    pub functions_final: usize,
    pub orgs_final: u32,
    /// Size of its monthly services, about 0.5 to 2.
    pub scale: f64,
}

impl Complex {
    pub(super) fn status(&self, m: YearMonth) -> Option<Status> {
        if m < self.appear {
            None
        } else if self.built.is_some_and(|b| b <= m) {
            Some(Status::Built)
        } else if self.start.is_some_and(|s| s <= m) {
            Some(Status::Building)
        } else {
            Some(Status::Planning)
        }
    }

    /// Share of construction done in month `m` (0 to 1), for a complex being built.
    pub(super) fn progress(&self, m: YearMonth) -> f64 {
        let Some(start) = self.start else { return 0.0 };
        let end = self
            .built
            .or(self.planned_built)
            .unwrap_or_else(|| add_months(start, 12));
        let span = (end.index() - start.index()).max(1) as f64;
        ((m.index() - start.index() + 1) as f64 / span).clamp(0.0, 1.0)
    }

    /// Months since it was built (0 in the month it was built).
    pub(super) fn months_built(&self, m: YearMonth) -> i64 {
        self.built
            .map(|b| m.index() - b.index())
            .unwrap_or(0)
            .max(0)
    }

    /// 累计完成投资 in month `m`, in 万元.
    pub(super) fn invest_done(&self, m: YearMonth) -> f64 {
        let share = match self.status(m) {
            None | Some(Status::Planning) => 0.0,
            Some(Status::Building) => 0.1 + 0.7 * self.progress(m),
            Some(Status::Built) => 0.88 + 0.01 * self.months_built(m).min(14) as f64,
        };
        round1(self.invest_planned * share)
    }

    /// The 建成时间 a clerk writes in month `m`: the real one once built, else the plan.
    pub(super) fn shown_built(&self, m: YearMonth) -> Option<YearMonth> {
        match (self.planned_built, self.built) {
            (Some(p), Some(b)) if b > m && p > m => Some(p),
            (Some(p), None) => Some(p),
            (_, b) => b,
        }
    }

    /// The 开工时间 a clerk writes (the plan, while still 谋划).
    pub(super) fn shown_start(&self) -> Option<YearMonth> {
        self.start.or(self.planned_start)
    }
}

/// One unit's part of the sample.
#[derive(Debug, Clone)]
pub(super) struct UnitStory {
    pub name: String,
    pub complexes: Vec<Complex>,
    /// The sample's first month (the plan's first month).
    pub first: YearMonth,
    /// The plan's deadline day: returns are sent by it, the late one after it.
    pub deadline_day: u32,
}

/// What makes a return imperfect (docs/报表格式.md §十四); only the hand-made scenario has these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quirk {
    /// No file at all for this unit and month.
    Missing,
    /// 报出日期 after the deadline.
    Late,
    /// The 报出日期 is left blank.
    Undated,
    /// The header names the unit by its old name.
    OldName(&'static str),
    /// 财政资金 + 社会资本 ≠ 累计完成投资 on the first complex.
    InvestMismatch,
    /// The workbook has no 表2.
    NoTable2,
}

/// Where the hand-made scenario's imperfections are (listed in the module docs of
/// `sample`).
pub(super) const QUIRKS: &[(&str, YearMonth, Quirk)] = &[
    ("任泽区", ym_const(2020, 9), Quirk::OldName("任县")),
    ("平乡县", ym_const(2022, 5), Quirk::NoTable2),
    ("临城县", ym_const(2022, 12), Quirk::Missing),
    ("新河县", ym_const(2022, 12), Quirk::Late),
    ("隆尧县", ym_const(2022, 12), Quirk::Undated),
    ("宁晋县", ym_const(2022, 12), Quirk::InvestMismatch),
];

const fn ym_const(year: i32, month: u32) -> YearMonth {
    YearMonth { year, month }
}

/// Whether the hand-made scenario fits this plan: the real twenty units, 2020–2022.
pub(super) fn hand_made_fits(plan: &Plan) -> bool {
    plan.years == [2020, 2021, 2022]
        && plan.units.len() == UNITS.len()
        && plan
            .units
            .iter()
            .all(|u| UNITS.iter().any(|(n, _, _)| *n == u.name))
}

pub(super) fn unit_code(name: &str, index: usize, width: usize) -> String {
    match UNITS.iter().find(|(n, _, _)| *n == name) {
        Some((_, code, _)) => (*code).to_string(),
        None => format!("T{:0width$}", index + 1),
    }
}

/// The shipped scenario, with the seed's numbers.
pub(super) fn hand_made(plan: &Plan, functions: usize, seed: u64) -> Vec<UnitStory> {
    plan.units
        .iter()
        .enumerate()
        .map(|(ui, unit)| {
            let mut dice = Dice::new(seed, &[1, ui as u64]);
            let code = unit_code(&unit.name, ui, 3);
            let complexes = HAND_MADE
                .iter()
                .filter(|e| e.unit == unit.name)
                .enumerate()
                .map(|(j, entry)| {
                    let mut c = base_complex(&mut dice, &code, j, functions, entry.funding, FIRST);
                    c.name = entry.name.into();
                    c.host = entry.host.into();
                    c.industry = entry.industry.into();
                    c.build_mode = entry.mode;
                    c.model = entry.model;
                    apply_timing(&mut c, entry.timing, j == 0, FIRST, &mut dice);
                    c.assessed = c
                        .built
                        .and_then(|b| assessment_month(b.year))
                        .map(|m| (m, !entry.fails));
                    c
                })
                .collect();
            UnitStory {
                name: unit.name.clone(),
                complexes,
                first: FIRST,
                deadline_day: plan.deadline_day,
            }
        })
        .collect()
}

/// Complexes built in 2020 are assessed in June 2022, those built in 2021 in November
/// 2022; the others (存量 and 2022) are not assessed within the sample.
fn assessment_month(built_year: i32) -> Option<YearMonth> {
    match built_year {
        2020 => Some(ym(2022, 6)),
        2021 => Some(ym(2022, 11)),
        _ => None,
    }
}

pub(super) fn apply_timing(
    c: &mut Complex,
    timing: Timing,
    first_of_unit: bool,
    first: YearMonth,
    dice: &mut Dice,
) {
    match timing {
        Timing::Built(y, m) => {
            let b = ym(y, m);
            let start = add_months(b, -dice.range(8, 14));
            c.built = Some(b);
            c.start = Some(start);
            c.appear = add_months(start, -dice.range(2, 6));
        }
        Timing::Delayed {
            start,
            planned,
            built,
        } => {
            c.start = Some(start);
            c.planned_built = Some(planned);
            c.built = Some(built);
            c.appear = add_months(start, -dice.range(2, 5));
        }
        Timing::Building {
            appear,
            start,
            planned,
        } => {
            c.appear = appear;
            c.start = Some(start);
            c.planned_built = Some(planned);
        }
        Timing::Planning {
            appear,
            start,
            planned,
        } => {
            c.appear = appear;
            c.planned_start = Some(start);
            c.planned_built = Some(planned);
        }
    }
    if first_of_unit && c.appear > first {
        c.appear = first;
    }
}

/// A complex with the seed's numbers and no timing yet.
pub(super) fn base_complex(
    dice: &mut Dice,
    code: &str,
    j: usize,
    functions: usize,
    funding: &'static str,
    first: YearMonth,
) -> Complex {
    let mut order: Vec<usize> = (0..functions).collect();
    for i in (1..order.len()).rev() {
        let k = dice.range(0, i as i64) as usize;
        order.swap(i, k);
    }
    let gov_share = match funding {
        GOV => dice.range(16, 20) as f64 / 20.0,
        PRIV => dice.range(0, 4) as f64 / 20.0,
        _ => dice.range(6, 12) as f64 / 20.0,
    };
    let invest_planned = (dice.between(300.0, 3200.0) / 10.0).round() * 10.0;
    // a core site of roughly 6 to 14 square metres per 万元 planned
    let area = (invest_planned * dice.between(6.0, 14.0) / 100.0)
        .round()
        .max(15.0)
        * 100.0;
    Complex {
        id: format!("XT-{code}-{:03}", j + 1),
        name: String::new(),
        host: String::new(),
        industry: String::new(),
        build_mode: "新建",
        funding,
        model: "其他",
        area,
        invest_planned,
        gov_share,
        appear: first,
        start: None,
        built: None,
        planned_start: None,
        planned_built: None,
        assessed: None,
        function_order: order,
        functions_final: dice.range(6, functions.max(6) as i64) as usize,
        orgs_final: dice.range(8, 40) as u32,
        scale: dice.between(0.5, 2.0),
    }
}

pub(super) const HOST_FORMS: &[&str] = &[
    "{u}{i}产业技术研究院",
    "{u}{i}行业协会",
    "{u}{i}产业园运营有限公司",
    "{u}{i}商会",
];

/// `k` complexes a unit, drawn from the seed, over `months` months from `first`.
pub(super) fn synthetic(
    plan: &Plan,
    functions: usize,
    (k, months): (usize, u32),
    first: YearMonth,
    seed: u64,
) -> Vec<UnitStory> {
    let width = plan.units.len().to_string().len().max(3);
    plan.units
        .iter()
        .enumerate()
        .map(|(ui, unit)| {
            let mut dice = Dice::new(seed, &[2, ui as u64]);
            let code = unit_code(&unit.name, ui, width);
            let industries: Vec<String> = match UNITS.iter().find(|(n, _, _)| *n == unit.name) {
                Some((_, _, list)) => list.iter().map(|s| s.to_string()).collect(),
                None => plan
                    .industries
                    .iter()
                    .map(|i| i.aliases.first().unwrap_or(&i.name).clone())
                    .collect(),
            };
            let mut complexes: Vec<Complex> = Vec::with_capacity(k);
            for j in 0..k {
                let funding = *dice.pick(FUNDINGS);
                let mut c = base_complex(&mut dice, &code, j, functions, funding, first);
                c.industry = dice.pick(&industries).clone();
                let base = format!("{}{}科技创新综合体", unit.name, c.industry);
                let same = complexes
                    .iter()
                    .filter(|o| o.name.starts_with(&base))
                    .count();
                c.name = if same == 0 {
                    base
                } else {
                    format!("{base}（{}）", same + 1)
                };
                let form = dice.pick(HOST_FORMS);
                c.host = form.replace("{u}", &unit.name).replace("{i}", &c.industry);
                c.build_mode = *dice.pick(BUILD_MODES);
                c.model = *dice.pick(OPERATING_MODELS);
                synthetic_timing(&mut c, &mut dice, (months, first), j == 0);
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

fn synthetic_timing(
    c: &mut Complex,
    dice: &mut Dice,
    (months, first): (u32, YearMonth),
    first_of_unit: bool,
) {
    let months = months as i64;
    let built_at = dice.range(-12, months + 9);
    if built_at < months {
        let b = add_months(first, built_at);
        let start = add_months(b, -dice.range(8, 14));
        c.built = Some(b);
        c.start = Some(start);
        c.appear = add_months(start, -dice.range(2, 6));
        c.assessed = Some((add_months(b, 18), dice.chance(0.9)));
    } else {
        let start = add_months(first, dice.range(months - 12, months + 6));
        let planned = add_months(start, dice.range(8, 14));
        if start < add_months(first, months) {
            c.start = Some(start);
        } else {
            c.planned_start = Some(start);
        }
        c.planned_built = Some(planned);
        c.appear = add_months(start, -dice.range(3, 9));
    }
    if first_of_unit && c.appear > first {
        c.appear = first;
    }
}
