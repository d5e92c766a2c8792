//! One unit's return for one month: the rows of 表1 and 表2 as a clerk would fill them
//! in, the header facts, the file name, and any planted imperfection.

use std::path::PathBuf;

use chrono::{Days, NaiveDate};

use super::scenario::{round1, Complex, Dice, Quirk, Status, UnitStory};
use super::style::Style;
use crate::normalize::YearMonth;
use crate::schema::{MEASURES, STATUSES};

/// A 表1 row, typed; the workbook writer decides how each value is spelled.
#[derive(Debug, Clone)]
pub(super) struct Row1 {
    pub id: String,
    pub name: String,
    pub host: String,
    pub industry: String,
    pub build_mode: &'static str,
    pub funding: &'static str,
    pub model: &'static str,
    pub status: Status,
    pub started: Option<YearMonth>,
    pub built: Option<YearMonth>,
    pub area: Option<f64>,
    pub invest_planned: Option<f64>,
    pub invest_done: Option<f64>,
    pub invest_gov: Option<f64>,
    pub invest_private: Option<f64>,
    pub functions: Vec<bool>,
    pub resident_orgs: Option<f64>,
    /// `通过` or `未通过`; None when not assessed.
    pub assessment: Option<&'static str>,
    pub note: String,
}

/// A 表2 row: the month's services of one complex, in `MEASURES` order.
#[derive(Debug, Clone)]
pub(super) struct Row2 {
    pub id: String,
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// Everything one return workbook says.
#[derive(Debug, Clone)]
pub(super) struct ReturnDoc {
    /// Relative to the output folder.
    pub path: PathBuf,
    /// The unit's name in the plan.
    pub unit: String,
    /// `填报单位：` text, e.g. `清河县科技局`.
    pub unit_label: String,
    /// What the 所在县（市、区） column holds.
    pub unit_cell: String,
    pub month: YearMonth,
    pub submitted: Option<NaiveDate>,
    pub style: Style,
    pub table1: Vec<Row1>,
    pub table2: Option<Vec<Row2>>,
    /// 单位负责人, 统计负责人, 填表人.
    pub people: [String; 3],
    pub phone: String,
}

pub(super) fn status_word(status: Status) -> &'static str {
    match status {
        Status::Planning => STATUSES[0],
        Status::Building => STATUSES[1],
        Status::Built => STATUSES[2],
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "赵", "杨", "陈", "郭", "马", "孙", "高", "贾", "田", "董",
];
const GIVEN: &[&str] = &[
    "建国", "志强", "丽娟", "晓燕", "海涛", "文静", "国栋", "秀英", "立新", "红梅", "振华", "雪梅",
    "永刚", "佳琪",
];

fn person(dice: &mut Dice) -> String {
    format!("{}{}", dice.pick(SURNAMES), dice.pick(GIVEN))
}

/// Builds the return of unit `ui` for `month`; None when the unit sent none (a planted
/// missing month).
pub(super) fn build(
    story: &UnitStory,
    ui: usize,
    month: YearMonth,
    seed: u64,
    functions: usize,
    quirks: &[Quirk],
    short_name: &str,
) -> Option<ReturnDoc> {
    if quirks.contains(&Quirk::Missing) {
        return None;
    }
    let style = Style::choose(ui, seed, month);
    // the clerk changes when the style does, so people follow the style's era
    let mut people_dice = Dice::new(seed, &[3, ui as u64, style.era]);
    let people = [
        person(&mut people_dice),
        person(&mut people_dice),
        person(&mut people_dice),
    ];
    let phone = format!("0319-{}", people_dice.range(2_000_000, 8_999_999));
    let mut dice = Dice::new(seed, &[4, ui as u64, month.index() as u64]);

    let present: Vec<&Complex> = story
        .complexes
        .iter()
        .filter(|c| c.status(month).is_some())
        .collect();
    let mut table1: Vec<Row1> = present
        .iter()
        .map(|c| row1(c, month, functions, story.first))
        .collect();
    if quirks.contains(&Quirk::InvestMismatch) {
        if let Some(r) = table1
            .iter_mut()
            .find(|r| r.invest_done.is_some_and(|d| d > 0.0))
        {
            let extra = round1(r.invest_planned.unwrap_or(0.0) * 0.04).max(12.0);
            r.invest_done = r.invest_done.map(|d| round1(d + extra));
        }
    }
    let table2 = (!quirks.contains(&Quirk::NoTable2)).then(|| {
        present
            .iter()
            .filter(|c| c.status(month) != Some(Status::Planning))
            .map(|c| row2(c, month, functions, &style, &mut dice))
            .collect()
    });

    let submitted = submitted(story.deadline_day, month, quirks, &mut dice);
    let label_name = quirks
        .iter()
        .find_map(|q| match q {
            Quirk::OldName(old) => Some(old.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| story.name.clone());
    let unit_cell = if style.short_unit_cell {
        short_name.to_string()
    } else {
        story.name.clone()
    };
    Some(ReturnDoc {
        path: file_path(&story.name, month, style.file_pattern),
        unit: story.name.clone(),
        unit_label: format!("{label_name}科技局"),
        unit_cell,
        month,
        submitted,
        style,
        table1,
        table2,
        people,
        phone,
    })
}

/// The 报出日期: a few days into the next month, before the deadline day (after it for
/// a planted late return, none for a planted undated one).
fn submitted(
    deadline_day: u32,
    month: YearMonth,
    quirks: &[Quirk],
    dice: &mut Dice,
) -> Option<NaiveDate> {
    let next = month.next().first_day();
    if quirks.contains(&Quirk::Undated) {
        None
    } else if quirks.contains(&Quirk::Late) {
        let d = i64::from(deadline_day);
        next.checked_add_days(Days::new(dice.range(d + 2, d + 7) as u64))
    } else {
        let last = i64::from(deadline_day) - 1;
        next.checked_add_days(Days::new(dice.range(0, last.min(9)) as u64))
    }
}

/// Where a clerk saves the file: `YYYY/MM/<a name of the clerk's habit>`.
fn file_path(unit: &str, m: YearMonth, pattern: u8) -> PathBuf {
    let (y, mo) = (m.year, m.month);
    // a name ending in a digit (测试县001) needs a separator before the month's digits
    let sep = if unit.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    let name = match pattern {
        0 => format!("{unit}_{y}-{mo:02}.xlsx"),
        1 => format!("{y}年{mo}月{unit}科技创新综合体月报表.xlsx"),
        2 => format!("{unit}{sep}{y}{mo:02}.xlsx"),
        _ => format!("{unit}科技创新综合体建设情况月报（{y}.{mo}）.xlsx"),
    };
    PathBuf::from(format!("{y}"))
        .join(format!("{mo:02}"))
        .join(name)
}

fn row1(c: &Complex, m: YearMonth, functions: usize, first: YearMonth) -> Row1 {
    let status = c.status(m).unwrap_or(Status::Planning);
    let done = c.invest_done(m);
    let gov = round1(done * c.gov_share);
    let private = round1(done - gov);
    let (n_functions, orgs) = match status {
        Status::Planning => (0, 0.0),
        Status::Building => {
            let p = c.progress(m);
            (1 + (p * 3.0) as usize, (1.0 + p * 4.0).floor())
        }
        Status::Built => {
            let since = c.months_built(m);
            let n = (4 + since as usize / 3).min(c.functions_final);
            let orgs = (5 + since as u32 * c.orgs_final / 18).min(c.orgs_final);
            (n, orgs as f64)
        }
    };
    let mut flags = vec![false; functions];
    for &f in c.function_order.iter().take(n_functions) {
        flags[f] = true;
    }
    let assessment = match c.assessed {
        Some((when, passed)) if when <= m && status == Status::Built => {
            Some(if passed { "通过" } else { "未通过" })
        }
        _ => None,
    };
    Row1 {
        id: c.id.clone(),
        name: c.name.clone(),
        host: c.host.clone(),
        industry: c.industry.clone(),
        build_mode: c.build_mode,
        funding: c.funding,
        model: c.model,
        status,
        started: c.shown_start(),
        built: if status == Status::Planning {
            None
        } else {
            c.shown_built(m)
        },
        area: Some(c.area),
        invest_planned: Some(c.invest_planned),
        invest_done: Some(done),
        invest_gov: Some(gov),
        invest_private: Some(private),
        functions: flags,
        resident_orgs: Some(orgs),
        assessment,
        note: note(c, m, status, assessment, first),
    }
}

fn note(
    c: &Complex,
    m: YearMonth,
    status: Status,
    assessment: Option<&str>,
    first: YearMonth,
) -> String {
    match (status, assessment) {
        (_, Some("未通过")) => "考核未通过，整改中".into(),
        (Status::Built, _) if c.built.is_some_and(|b| b < first) => {
            format!(
                "{}年已建成，整合提升",
                c.built.map(|b| b.year).unwrap_or(first.year)
            )
        }
        (Status::Building, _) if c.planned_built.is_some_and(|p| p <= m) && c.built.is_some() => {
            "受疫情影响，建成时间推迟".into()
        }
        (Status::Planning, _) => "项目前期论证中".into(),
        _ => String::new(),
    }
}

/// Monthly services: plausible for a running complex, zero-ish while building.
fn row2(c: &Complex, m: YearMonth, functions: usize, style: &Style, dice: &mut Dice) -> Row2 {
    let values: Vec<f64> = if c.status(m) == Some(Status::Built) {
        let maturity = 0.4 + 0.6 * (c.months_built(m).min(12) as f64 / 12.0);
        let season = match m.month {
            1 => 0.85,
            2 => 0.6,
            12 => 1.15,
            _ => 1.0,
        };
        let f = c.scale * maturity * season;
        let testing = functions > 2
            && c.function_order
                .iter()
                .take(c.functions_final)
                .any(|&i| i == 2);
        let mut n = |base: f64| (base * f * dice.between(0.75, 1.25)).round();
        let firms = n(22.0);
        let tests = n(if testing { 20.0 } else { 3.0 });
        let contract = round1(80.0 * f * dice.between(0.5, 1.6));
        let vouchers = if dice.chance(0.6) {
            round1(6.0 * f * dice.between(0.5, 1.5))
        } else {
            0.0
        };
        let incubated = dice.range(0, (2.0 * f).round() as i64) as f64;
        let talents = if dice.chance(0.35) {
            dice.range(1, 3) as f64
        } else {
            0.0
        };
        let teams = if dice.chance(0.08) { 1.0 } else { 0.0 };
        let trainees = (120.0 * f * dice.between(0.6, 1.4)).round();
        let patents = dice.range(0, (4.0 * f).round() as i64) as f64;
        let rnd = round1(60.0 * f * dice.between(0.6, 1.4));
        vec![
            firms, tests, contract, vouchers, incubated, talents, teams, trainees, patents, rnd,
        ]
    } else {
        let firms = dice.range(0, 5) as f64;
        let trainees = if dice.chance(0.2) {
            dice.range(10, 40) as f64
        } else {
            0.0
        };
        let rnd = if dice.chance(0.3) {
            round1(dice.between(2.0, 15.0))
        } else {
            0.0
        };
        vec![firms, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, trainees, 0.0, rnd]
    };
    debug_assert_eq!(values.len(), MEASURES.len());
    let building = c.status(m) != Some(Status::Built);
    Row2 {
        id: c.id.clone(),
        name: c.name.clone(),
        values: values
            .into_iter()
            .map(|v| (!(building && style.blank_zeros && v == 0.0)).then_some(v))
            .collect(),
    }
}
