//! The plan: which units exist, how they are grouped, and what each must build.
//!
//! The targets of an action plan are data, not code. A plan file (TOML) is parsed into
//! `RawPlan`, then checked and turned into a [`Plan`] that every later stage reads.
//! A plan that is malformed or inconsistent is refused with the line that is wrong;
//! a field this version does not know is accepted with a warning (a plan written for a
//! later xtic still loads), and every optional field left out gets the default that
//! `xtic plan` states (docs/报表格式.md §九).

mod build;
mod errors;
mod fields;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::normalize::{fold, fold_cow};

pub use errors::{plan_text, MAX_PLAN_BYTES};
pub use fields::defaults_comment;

/// The plan shipped inside the binary (`xtic plan` prints it).
pub const BUILTIN_PLAN: &str = include_str!("../../plans/builtin.toml");

/// Industry bucket for lead industries that match no plan industry.
pub const UNCLASSIFIED: &str = "未分类";

/// The city a plan file names when it names none (docs/报表格式.md §九).
pub const DEFAULT_CITY: &str = "邢台市";

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("计划文件第 {line} 行：{message}")]
    AtLine { line: usize, message: String },
    #[error("计划文件：{0}")]
    General(String),
}

// Unknown fields are not refused here: `fields::unknown` warns about them with their line.
#[derive(Debug, Deserialize)]
struct RawPlan {
    title: Spanned<String>,
    document: Option<String>,
    city: Option<Spanned<String>>,
    authority: Option<String>,
    years: Spanned<Vec<i32>>,
    city_target: u32,
    targets_text: Option<String>,
    coverage_target: Option<bool>,
    reward_wan: Option<Spanned<f64>>,
    deadline_day: Option<Spanned<u32>>,
    functions: Spanned<Vec<Spanned<String>>>,
    categories: Vec<String>,
    groups: Vec<RawGroup>,
    units: Vec<RawUnit>,
    #[serde(default)]
    dissolved: Vec<RawDissolved>,
    industries: Vec<RawIndustry>,
}

#[derive(Debug, Deserialize)]
struct RawGroup {
    id: Spanned<String>,
    label: Spanned<String>,
    yearly_target: Option<Spanned<u32>>,
    cumulative_target: Option<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
struct RawUnit {
    name: Spanned<String>,
    group: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
struct RawDissolved {
    name: Spanned<String>,
    successors: Vec<Spanned<String>>,
    year: Option<Spanned<i32>>,
}

#[derive(Debug, Deserialize)]
struct RawIndustry {
    name: Spanned<String>,
    category: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

/// How a group of units is measured.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind {
    /// At least `n` complexes newly built in each plan year.
    Yearly(u32),
    /// At least `n` complexes built by the end of the plan, cumulatively.
    Cumulative(u32),
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub label: String,
    pub target: TargetKind,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub name: String,
    pub group: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Dissolved {
    pub name: String,
    pub successors: Vec<String>,
    /// The year it was dissolved, when the plan says.
    pub year: Option<i32>,
}

#[derive(Debug, Clone)]
pub struct Industry {
    pub name: String,
    pub category: String,
    pub aliases: Vec<String>,
}

/// A validated plan. Units, groups and industries keep the file's order.
#[derive(Debug, Clone)]
pub struct Plan {
    pub title: String,
    pub document: String,
    /// The city the plan is for (`邢台市`).
    pub city: String,
    pub authority: String,
    pub years: Vec<i32>,
    pub city_target: u32,
    /// The plan's own paragraph stating its targets, quoted where the targets are stated.
    pub targets_text: Option<String>,
    /// Whether covering every unit (全覆盖) is a target.
    pub coverage_target: bool,
    pub reward_wan: f64,
    pub deadline_day: u32,
    pub functions: Vec<String>,
    pub categories: Vec<String>,
    pub groups: Vec<Group>,
    pub units: Vec<Unit>,
    pub dissolved: Vec<Dissolved>,
    pub industries: Vec<Industry>,
    /// The plan file's text, as loaded (shown in the report's 说明 sheet).
    pub source: String,
    /// Fields this version does not know, each a Chinese warning naming its line.
    pub warnings: Vec<String>,
    /// The optional fields the file leaves out, each `(field, the value used)`.
    pub defaults: Vec<(String, String)>,
    unit_index: HashMap<String, usize>,
    /// The names and aliases `find_unit_in_text` searches for.
    unit_search: UnitSearch,
    industry_index: HashMap<String, usize>,
}

/// A folded name or alias of two or more characters, searched for inside text.
#[derive(Debug, Clone)]
pub(super) struct UnitKey {
    unit: usize,
    chars: usize,
    /// The unit's own name, not an alias.
    full: bool,
}

/// The names and aliases `find_unit_in_text` looks for, all searched in one pass over
/// the text (one automaton; searching for each name in turn cost a few hundred
/// searches a text with a province's units).
#[derive(Debug, Clone)]
pub(super) struct UnitSearch {
    /// Pattern `k` of `matcher` is `keys[k]`.
    keys: Vec<UnitKey>,
    matcher: aho_corasick::AhoCorasick,
}

/// The search keys of the units' names and aliases, in a fixed order.
///
/// # Errors
/// So many names that the automaton cannot be built (far beyond any plan).
pub(super) fn unit_search(
    units: &[Unit],
    index: &HashMap<String, usize>,
) -> Result<UnitSearch, PlanError> {
    let mut keys: Vec<(&String, usize)> = index
        .iter()
        .filter(|(k, _)| k.chars().count() >= 2)
        .map(|(k, &i)| (k, i))
        .collect();
    keys.sort();
    let matcher = aho_corasick::AhoCorasick::new(keys.iter().map(|(k, _)| k.as_bytes()))
        .map_err(|e| PlanError::General(format!("单位名称与别名过多，无法建立检索（{e}）")))?;
    let keys = keys
        .into_iter()
        .map(|(k, i)| UnitKey {
            unit: i,
            chars: k.chars().count(),
            full: *k == fold(&units[i].name),
        })
        .collect();
    Ok(UnitSearch { keys, matcher })
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

fn line_of(text: &str, span: &Range<usize>) -> usize {
    text[..span.start.min(text.len())].matches('\n').count() + 1
}

impl Plan {
    /// The plan shipped with the tool.
    pub fn builtin() -> Plan {
        Plan::parse(BUILTIN_PLAN).expect("the built-in plan is valid")
    }

    /// Parses and checks a plan file's text.
    ///
    /// # Errors
    /// A TOML syntax error, a missing field, a plan edit that makes no sense (a function
    /// listed twice, no functions, an empty title, a group with no units, a yearly
    /// target of 0, a negative reward, an unknown group, a unit or alias listed twice,
    /// an industry in an unknown category …), each with the line it is on.
    pub fn parse(text: &str) -> Result<Plan, PlanError> {
        let raw: RawPlan = toml::from_str(text).map_err(|e| errors::from_toml(text, &e))?;
        let mut plan = build::Builder { text }.build(raw)?;
        plan.warnings = fields::unknown(text);
        Ok(plan)
    }

    /// The group with this id. Every unit names a group of its plan.
    pub fn group(&self, id: &str) -> &Group {
        self.groups
            .iter()
            .find(|g| g.id == id)
            .expect("units only name known groups")
    }

    /// The units of a group, in plan order.
    pub fn units_of<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Unit> + 'a {
        self.units.iter().filter(move |u| u.group == group)
    }

    /// Position of a unit in plan order (for sorting).
    pub fn unit_order(&self, name: &str) -> usize {
        self.units
            .iter()
            .position(|u| u.name == name)
            .unwrap_or(usize::MAX)
    }

    /// Looks up a whole cell or name: a unit's name or any alias, after folding.
    pub fn match_unit_exact(&self, text: &str) -> Option<&str> {
        let key = fold(text);
        self.unit_index
            .get(&key)
            .map(|&i| self.units[i].name.as_str())
    }

    /// Finds the unit named inside free text (`填报单位：清河县科技局`, a file name).
    ///
    /// Only names and aliases of two or more characters are searched; a unit's own
    /// name beats an alias, then the longest match wins.
    pub fn find_unit_in_text(&self, text: &str) -> Option<&str> {
        let hay = fold_cow(text);
        // a unit's own name beats an alias (清河县经济开发区 is 清河县's zone, not
        // 邢台经济开发区); among equals the longest match wins, then plan order
        let mut best: Option<(bool, usize, usize)> = None;
        let search = &self.unit_search;
        // every name that occurs, overlapping ones too (the order does not matter:
        // the best is the largest by the rule above)
        for found in search.matcher.find_overlapping_iter(hay.as_bytes()) {
            let key = &search.keys[found.pattern().as_usize()];
            let (full, len, i) = (key.full, key.chars, key.unit);
            let better = match best {
                None => true,
                Some((bf, bl, bi)) => {
                    (full, len, std::cmp::Reverse(i)) > (bf, bl, std::cmp::Reverse(bi))
                }
            };
            if better {
                best = Some((full, len, i));
            }
        }
        best.map(|(_, _, i)| self.units[i].name.as_str())
    }

    /// A dissolved unit named in the text, if any.
    pub fn find_dissolved_in_text(&self, text: &str) -> Option<&Dissolved> {
        let hay = fold(text);
        self.dissolved
            .iter()
            .find(|d| hay.contains(fold(&d.name).as_str()))
    }

    /// Maps an industry name or alias to the plan's industry.
    pub fn match_industry(&self, text: &str) -> Option<&Industry> {
        let key = fold(text);
        self.industry_index.get(&key).map(|&i| &self.industries[i])
    }

    pub fn first_year(&self) -> i32 {
        self.years[0]
    }

    pub fn last_year(&self) -> i32 {
        *self.years.last().expect("a plan has years")
    }

    /// Months in the plan (36 for 2020–2022).
    pub fn months(&self) -> u32 {
        self.years.len() as u32 * 12
    }

    /// The category of an industry name (`未分类` for the unclassified bucket).
    pub fn category_of(&self, industry: &str) -> &str {
        self.industries
            .iter()
            .find(|i| i.name == industry)
            .map(|i| i.category.as_str())
            .unwrap_or(UNCLASSIFIED)
    }

    /// The plan's words, for every output (see [`crate::wording`]).
    pub fn wording(&self) -> crate::wording::Wording<'_> {
        crate::wording::Wording::new(self)
    }
}
