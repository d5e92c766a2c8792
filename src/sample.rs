//! Deterministic synthetic returns (`xtic sample`) for demos, tests and benchmarks
//! (docs/报表格式.md §十三, §十四). The same options give the same bytes, forever: every number comes
//! from a seeded ChaCha8 stream, and each workbook's creation time is its month's.
//!
//! With the plan's real twenty units and no `--complexes`, the sample tells a hand-made
//! story (see `story.rs`): at 2022-12 the city has 33 complexes built in 2020–2022
//! (8, 12 and 13 a year), 3 built before 2020 (沙河 2018-11, 开发区 2019-06, 清河
//! 2019-09), 3 在建 and 3 谋划; every priority unit builds one or more each year except
//! 任泽区, whose 2021 complex slipped to 2022-03 (so 任泽区 misses 2021); every county
//! unit but 柏乡县 (one complex still 在建) has a built complex, so coverage is 19 of 20.
//! Complexes built in 2020 are assessed in 2022-06, those built in 2021 in 2022-11;
//! 18 pass and two fail (任泽区电线电缆, 隆尧县方便食品).
//!
//! The imperfections real months have, each planted once (and only in that story):
//! - 任泽区 2020-09: the header names the old unit, `填报单位：任县科技局`;
//! - 平乡县 2022-05: the workbook has no 表2;
//! - 临城县 2022-12: no return at all (a missing month);
//! - 新河县 2022-12: 报出日期 in mid-January 2023, after the deadline (late);
//! - 隆尧县 2022-12: `报出日期：` left blank;
//! - 宁晋县 2022-12: 累计完成投资 of its first complex raised without 财政资金 +
//!   社会资本 following (a warning).
//!
//! With `--plan FILE` for any other plan, the successor story of `successor.rs` is
//! told instead: returns over that plan's years, units, groups, targets and
//! industries, ending mid-plan so that every status word shows in the report.
//!
//! The returns carry no data errors. Clerks' habits vary by unit (see
//! `style.rs`): one- or two-row column titles, 报告期 as text or a date cell,
//! numbers as text (`1,200.5`), yes/no as √ or 是/否, months as text or date cells,
//! `已建成` for 建成运营, file names and 合计 placement.

mod month;
mod scenario;
mod story;
mod style;
mod successor;
mod workbook;

use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use crate::normalize::YearMonth;
use crate::plan::{Plan, TargetKind};
use crate::wording::Form;
use month::ReturnDoc;
use scenario::{add_months, Quirk, UnitStory, QUIRKS};

/// What to generate, besides the plan (which gives the units).
#[derive(Debug, Clone)]
pub struct SampleOptions {
    /// Months from `first`.
    pub months: u32,
    /// Complexes per unit; None for a story (the hand-made one for the shipped plan,
    /// the successor story for any other plan file).
    pub complexes: Option<usize>,
    pub seed: u64,
    /// The first month of the sample: the plan's first month.
    pub first: YearMonth,
    /// Whether the successor story is told (a plan file other than the shipped one).
    pub successor: bool,
}

impl SampleOptions {
    /// The options for `plan`: `months` defaults to the shipped sample's 36 months,
    /// to the plan's middle for the successor story, else to the whole plan;
    /// `synthetic_units` when the plan is one made up for `--units`.
    pub fn for_plan(
        plan: &Plan,
        months: Option<u32>,
        complexes: Option<usize>,
        seed: u64,
        synthetic_units: bool,
    ) -> SampleOptions {
        let first = scenario::ym(plan.first_year(), 1);
        let successor = complexes.is_none() && !synthetic_units && !scenario::hand_made_fits(plan);
        let months = months.unwrap_or_else(|| {
            if successor {
                (successor::default_end(plan).index() - first.index() + 1) as u32
            } else {
                plan.months()
            }
        });
        SampleOptions {
            months,
            complexes,
            seed,
            first,
            successor,
        }
    }

    /// Checks the options are in range.
    ///
    /// # Errors
    /// No months or more than 960, no complexes or more than 999 a unit.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.months == 0 || self.months > 960 {
            anyhow::bail!("月数须在 1 到 960 之间，现为 {}", self.months);
        }
        match self.complexes {
            Some(k) if k == 0 || k > 999 => {
                anyhow::bail!("每个单位的综合体数须在 1 到 999 之间，现为 {k}")
            }
            _ => Ok(()),
        }
    }

    /// The sample's last month.
    pub fn last(&self) -> YearMonth {
        add_months(self.first, i64::from(self.months) - 1)
    }
}

/// Every return of the sample: its path relative to the output folder and its bytes,
/// by month, then by unit in plan order.
///
/// # Errors
/// Options out of range (no months, too many, no complexes).
// `xtic sample` writes as it goes (`write_each`); this is the API for tests and benchmarks.
pub fn generate(plan: &Plan, opts: &SampleOptions) -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    each_return(plan, opts, |path, bytes| Ok((path, bytes)))
}

/// Renders every return of the sample, in parallel, and hands each to `sink` with its
/// path relative to the output folder as soon as it is made; the paths handed over.
///
/// # Errors
/// Options out of range, or the first error `sink` returns.
pub fn write_each(
    plan: &Plan,
    opts: &SampleOptions,
    sink: impl Fn(&Path, &[u8]) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<Vec<PathBuf>> {
    each_return(plan, opts, |path, bytes| {
        sink(&path, &bytes)?;
        Ok(path)
    })
}

/// Every return rendered in parallel and passed to `f` as it is made; what `f` gives
/// back, in the order of [`generate`].
fn each_return<T: Send>(
    plan: &Plan,
    opts: &SampleOptions,
    f: impl Fn(PathBuf, Vec<u8>) -> anyhow::Result<T> + Sync,
) -> anyhow::Result<Vec<T>> {
    let stories = stories(plan, opts)?;
    let done: Vec<Option<T>> = jobs(plan, opts)
        .par_iter()
        .map(|&(ui, m)| -> anyhow::Result<Option<T>> {
            match render(plan, opts, &stories, ui, m)? {
                Some((path, bytes)) => f(path, bytes).map(Some),
                None => Ok(None),
            }
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(done.into_iter().flatten().collect())
}

/// The story behind the sample: hand-made for the real units, else drawn from the seed.
fn stories(plan: &Plan, opts: &SampleOptions) -> anyhow::Result<Vec<UnitStory>> {
    opts.check()?;
    let functions = plan.functions.len();
    match opts.complexes {
        None if scenario::hand_made_fits(plan) => {
            Ok(scenario::hand_made(plan, functions, opts.seed))
        }
        None if opts.successor => Ok(successor::stories(plan, functions, opts.last(), opts.seed)),
        k => Ok(scenario::synthetic(
            plan,
            functions,
            (k.unwrap_or(2), opts.months),
            opts.first,
            opts.seed,
        )),
    }
}

/// (unit index, month) of every return to consider, month by month.
fn jobs(plan: &Plan, opts: &SampleOptions) -> Vec<(usize, YearMonth)> {
    (0..i64::from(opts.months))
        .flat_map(move |i| (0..plan.units.len()).map(move |ui| (ui, add_months(opts.first, i))))
        .collect()
}

fn quirks(plan: &Plan, opts: &SampleOptions, ui: usize, m: YearMonth) -> Vec<Quirk> {
    if opts.successor {
        return successor::quirks(ui, m, opts.last());
    }
    if opts.complexes.is_some() || !scenario::hand_made_fits(plan) {
        return Vec::new();
    }
    let unit = plan.units[ui].name.as_str();
    QUIRKS
        .iter()
        .filter(|(u, when, _)| *u == unit && *when == m)
        .map(|(_, _, q)| *q)
        .collect()
}

/// The unit as a clerk may write it in the 所在县 column: its first alias of two or
/// more characters (`清河`, `开发区`), else its name (`威县`).
fn short_name(plan: &Plan, ui: usize) -> String {
    let unit = &plan.units[ui];
    unit.aliases
        .iter()
        .find(|a| a.chars().count() >= 2)
        .unwrap_or(&unit.name)
        .clone()
}

fn document(
    plan: &Plan,
    opts: &SampleOptions,
    stories: &[UnitStory],
    ui: usize,
    m: YearMonth,
) -> Option<ReturnDoc> {
    let story = &stories[ui];
    let quirks = quirks(plan, opts, ui, m);
    month::build(
        story,
        ui,
        m,
        opts.seed,
        plan.functions.len(),
        &quirks,
        &short_name(plan, ui),
    )
}

fn render(
    plan: &Plan,
    opts: &SampleOptions,
    stories: &[UnitStory],
    ui: usize,
    m: YearMonth,
) -> anyhow::Result<Option<(PathBuf, Vec<u8>)>> {
    let Some(doc) = document(plan, opts, stories, ui, m) else {
        return Ok(None);
    };
    let bytes = workbook::write(&doc, &forms(plan, opts))
        .with_context(|| format!("无法生成{}的示例报表 {}", doc.unit, doc.path.display()))?;
    Ok(Some((doc.path, bytes)))
}

/// The words printed on a return form, from the plan (the 表号 from the story).
pub(super) struct Forms {
    /// Titles of 表1 and 表2.
    pub titles: [String; 2],
    /// 表号 of 表1 and 表2.
    pub numbers: [String; 2],
    /// `制表机关：…`.
    pub authority: String,
    pub functions: Vec<String>,
}

/// The words on the forms: the plan's, with the shipped story's own 表号.
fn forms(plan: &Plan, opts: &SampleOptions) -> Forms {
    let w = plan.wording();
    let numbers = if opts.complexes.is_none() && scenario::hand_made_fits(plan) {
        story::FORM_NUMBERS.map(str::to_string)
    } else {
        [Form::Complexes, Form::Services].map(|f| w.form_number(f).to_string())
    };
    Forms {
        titles: [Form::Complexes, Form::Services].map(|f| w.form_title(f)),
        numbers,
        authority: w.authority_line(),
        functions: plan.functions.clone(),
    }
}

/// A plan of `units` synthetic units (`测试县001` …) in `base`'s groups (the first six
/// units in the first group, the others spread over the rest; groups without a unit
/// left out), otherwise `base`'s text: its `[[groups]]`, `[[units]]` and `[[dissolved]]`
/// blocks are replaced.
pub fn synthetic_plan_text(base: &Plan, units: usize) -> String {
    let width = units.to_string().len().max(3);
    let mut out = format!(
        "# xtic sample --units {units} 生成的示例计划文件：原计划文件，单位换成 {units} 个示例单位。\n"
    );
    let groups = base.groups.len().min(units).max(1);
    let head = 6.min(units + 1 - groups);
    let group_of = |i: usize| {
        if i < head || groups == 1 {
            0
        } else {
            1 + (i - head) % (groups - 1)
        }
    };
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut skipping = false;
    let mut inserted = false;
    for line in base.source.lines() {
        let t = line.trim();
        if t.starts_with("[[") {
            skipping = ["[[groups]]", "[[units]]", "[[dissolved]]"].contains(&t);
            if skipping && !inserted {
                for g in &base.groups[..groups] {
                    let target = match g.target {
                        TargetKind::Yearly(n) => format!("yearly_target = {n}"),
                        TargetKind::Cumulative(n) => format!("cumulative_target = {n}"),
                    };
                    out.push_str(&format!(
                        "[[groups]]\nid = {}\nlabel = {}\n{target}\n\n",
                        quote(&g.id),
                        quote(&g.label)
                    ));
                }
                for i in 0..units {
                    out.push_str(&format!(
                        "[[units]]\nname = \"{}\"\ngroup = {}\n\n",
                        synthetic_unit_name(i, width),
                        quote(&base.groups[group_of(i)].id)
                    ));
                }
                inserted = true;
            }
        }
        // the plan's own target paragraph names its real units: left out
        if !skipping && !t.starts_with("targets_text") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn synthetic_unit_name(i: usize, width: usize) -> String {
    format!("测试县{:0width$}", i + 1)
}

#[cfg(test)]
mod tests;
