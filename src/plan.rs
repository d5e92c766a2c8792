//! The plan: which units exist, how they are grouped, and what each must build.
//!
//! The targets of an action plan are data, not code. A plan file (TOML) is parsed into
//! [`RawPlan`], then checked and turned into a [`Plan`] that every later stage reads.
//! A plan that is malformed or inconsistent is refused with the line that is wrong.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::normalize::fold;

mod errors;
pub use errors::{plan_text, MAX_PLAN_BYTES};

/// The plan shipped inside the binary (`xtic plan` prints it).
pub const BUILTIN_PLAN: &str = include_str!("plan.toml");

/// Industry bucket for lead industries that match no plan industry.
pub const UNCLASSIFIED: &str = "未分类";

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("计划文件第 {line} 行：{message}")]
    AtLine { line: usize, message: String },
    #[error("计划文件：{0}")]
    General(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    title: String,
    #[serde(default)]
    document: String,
    #[serde(default = "default_authority")]
    authority: String,
    years: Spanned<Vec<i32>>,
    city_target: u32,
    #[serde(default = "default_reward")]
    reward_wan: f64,
    #[serde(default = "default_deadline")]
    deadline_day: Spanned<u32>,
    functions: Vec<String>,
    categories: Vec<String>,
    groups: Vec<RawGroup>,
    units: Vec<RawUnit>,
    #[serde(default)]
    dissolved: Vec<RawDissolved>,
    industries: Vec<RawIndustry>,
}

fn default_authority() -> String {
    "邢台市科学技术局".into()
}
fn default_reward() -> f64 {
    50.0
}
fn default_deadline() -> Spanned<u32> {
    Spanned::new(0..0, 10)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    label: String,
    yearly_target: Option<u32>,
    cumulative_target: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    name: Spanned<String>,
    group: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDissolved {
    name: Spanned<String>,
    successors: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub authority: String,
    pub years: Vec<i32>,
    pub city_target: u32,
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
    unit_index: HashMap<String, usize>,
    industry_index: HashMap<String, usize>,
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
    /// A TOML syntax error, a missing field, an unknown group, a unit or alias listed
    /// twice, or an industry in an unknown category, each with the line it is on.
    pub fn parse(text: &str) -> Result<Plan, PlanError> {
        let raw: RawPlan = toml::from_str(text).map_err(|e| errors::from_toml(text, &e))?;
        Builder { text }.build(raw)
    }

    pub fn group(&self, id: &str) -> &Group {
        self.groups
            .iter()
            .find(|g| g.id == id)
            .expect("units only name known groups")
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
        let hay = fold(text);
        // a unit's own name beats an alias (清河县经济开发区 is 清河县's zone, not
        // 邢台经济开发区); among equals the longest match wins, then plan order
        let mut best: Option<(bool, usize, usize)> = None;
        for (key, &i) in &self.unit_index {
            if key.chars().count() >= 2 && hay.contains(key.as_str()) {
                let full = *key == fold(&self.units[i].name);
                let len = key.chars().count();
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
}

struct Builder<'a> {
    text: &'a str,
}

impl Builder<'_> {
    fn err<T>(&self, span: &Range<usize>, message: String) -> Result<T, PlanError> {
        Err(PlanError::AtLine {
            line: line_of(self.text, span),
            message,
        })
    }

    fn build(&self, raw: RawPlan) -> Result<Plan, PlanError> {
        let years = raw.years.get_ref().clone();
        let contiguous = years.windows(2).all(|w| w[1] == w[0] + 1);
        if years.is_empty() || !contiguous {
            return self.err(
                &raw.years.span(),
                "years 须为连续的年份，如 [2020, 2021, 2022]".into(),
            );
        }
        let deadline_day = *raw.deadline_day.get_ref();
        if !(1..=28).contains(&deadline_day) {
            return self.err(
                &raw.deadline_day.span(),
                format!("deadline_day 须在 1 到 28 之间，现为 {deadline_day}"),
            );
        }
        let groups = self.groups(&raw.groups)?;
        let (units, unit_index) = self.units(&raw.units, &groups)?;
        let dissolved = self.dissolved(&raw.dissolved, &unit_index)?;
        let (industries, industry_index) = self.industries(&raw.industries, &raw.categories)?;
        Ok(Plan {
            title: raw.title,
            document: raw.document,
            authority: raw.authority,
            years,
            city_target: raw.city_target,
            reward_wan: raw.reward_wan,
            deadline_day,
            functions: raw.functions,
            categories: raw.categories,
            groups,
            units,
            dissolved,
            industries,
            source: self.text.to_string(),
            unit_index,
            industry_index,
        })
    }

    fn groups(&self, raw: &[RawGroup]) -> Result<Vec<Group>, PlanError> {
        let mut groups: Vec<Group> = Vec::new();
        for g in raw {
            let id = g.id.get_ref();
            if groups.iter().any(|x| &x.id == id) {
                return self.err(&g.id.span(), format!("分组“{id}”重复列出"));
            }
            let target = match (g.yearly_target, g.cumulative_target) {
                (Some(n), None) => TargetKind::Yearly(n),
                (None, Some(n)) => TargetKind::Cumulative(n),
                _ => {
                    return self.err(
                        &g.id.span(),
                        format!("分组“{id}”须且只须给出 yearly_target 或 cumulative_target 之一"),
                    )
                }
            };
            groups.push(Group {
                id: id.clone(),
                label: g.label.clone(),
                target,
            });
        }
        Ok(groups)
    }

    fn units(
        &self,
        raw: &[RawUnit],
        groups: &[Group],
    ) -> Result<(Vec<Unit>, HashMap<String, usize>), PlanError> {
        let mut units = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, u) in raw.iter().enumerate() {
            let group = u.group.get_ref();
            if !groups.iter().any(|g| &g.id == group) {
                return self.err(&u.group.span(), format!("未知的分组“{group}”"));
            }
            let names = std::iter::once(&u.name).chain(u.aliases.iter());
            for name in names {
                let key = fold(name.get_ref());
                if key.is_empty() {
                    return self.err(&name.span(), "单位名称或别名不能为空".into());
                }
                if let Some(&other) = index.get(&key) {
                    let what = if other == i {
                        format!("“{}”在同一单位中重复列出", name.get_ref())
                    } else if key == fold(raw[other].name.get_ref())
                        && name.get_ref() == u.name.get_ref()
                    {
                        format!("单位“{}”重复列出", name.get_ref())
                    } else {
                        format!(
                            "“{}”同时是“{}”和“{}”的名称或别名",
                            name.get_ref(),
                            raw[other].name.get_ref(),
                            u.name.get_ref()
                        )
                    };
                    return self.err(&name.span(), what);
                }
                index.insert(key, i);
            }
            units.push(Unit {
                name: u.name.get_ref().clone(),
                group: group.clone(),
                aliases: u.aliases.iter().map(|a| a.get_ref().clone()).collect(),
            });
        }
        if units.is_empty() {
            return Err(PlanError::General("计划中没有任何单位".into()));
        }
        Ok((units, index))
    }

    fn dissolved(
        &self,
        raw: &[RawDissolved],
        unit_index: &HashMap<String, usize>,
    ) -> Result<Vec<Dissolved>, PlanError> {
        let mut out = Vec::new();
        for d in raw {
            if unit_index.contains_key(&fold(d.name.get_ref())) {
                return self.err(
                    &d.name.span(),
                    format!("“{}”既是现有单位又列为已撤销单位", d.name.get_ref()),
                );
            }
            for s in &d.successors {
                if !unit_index.contains_key(&fold(s.get_ref())) {
                    return self.err(&s.span(), format!("未知的承继单位“{}”", s.get_ref()));
                }
            }
            out.push(Dissolved {
                name: d.name.get_ref().clone(),
                successors: d.successors.iter().map(|s| s.get_ref().clone()).collect(),
            });
        }
        Ok(out)
    }

    fn industries(
        &self,
        raw: &[RawIndustry],
        categories: &[String],
    ) -> Result<(Vec<Industry>, HashMap<String, usize>), PlanError> {
        let mut out = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, ind) in raw.iter().enumerate() {
            let cat = ind.category.get_ref();
            if !categories.contains(cat) {
                return self.err(&ind.category.span(), format!("未知的产业类别“{cat}”"));
            }
            if ind.name.get_ref() == UNCLASSIFIED {
                return self.err(&ind.name.span(), "“未分类”由 xtic 保留使用".into());
            }
            for name in std::iter::once(&ind.name).chain(ind.aliases.iter()) {
                let key = fold(name.get_ref());
                if let Some(&other) = index.get(&key) {
                    return self.err(
                        &name.span(),
                        format!(
                            "“{}”同时是产业“{}”和“{}”的名称或别名",
                            name.get_ref(),
                            raw[other].name.get_ref(),
                            ind.name.get_ref()
                        ),
                    );
                }
                index.insert(key, i);
            }
            out.push(Industry {
                name: ind.name.get_ref().clone(),
                category: cat.clone(),
                aliases: ind.aliases.iter().map(|a| a.get_ref().clone()).collect(),
            });
        }
        Ok((out, index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_plan_has_twenty_units_in_order() {
        let plan = Plan::builtin();
        assert_eq!(plan.units.len(), 20);
        assert_eq!(plan.units[0].name, "襄都区");
        assert_eq!(plan.units[19].name, "沙河市");
        assert_eq!(plan.industries.len(), 15);
        assert_eq!(plan.functions.len(), 9);
        assert_eq!(plan.months(), 36);
        assert_eq!(plan.group("priority").target, TargetKind::Yearly(1));
    }

    #[test]
    fn unit_aliases_and_free_text() {
        let plan = Plan::builtin();
        assert_eq!(plan.match_unit_exact(" 桥东区 "), Some("襄都区"));
        assert_eq!(plan.match_unit_exact("威"), Some("威县"));
        assert_eq!(plan.match_unit_exact("ｋａｉ"), None);
        assert_eq!(
            plan.find_unit_in_text("填报单位：清河县科技局"),
            Some("清河县")
        );
        assert_eq!(
            plan.find_unit_in_text("填报单位：邢台经济开发区科技局"),
            Some("邢台经济开发区")
        );
        // a county's own development zone is the county's
        assert_eq!(
            plan.find_unit_in_text("清河县经济开发区管委会"),
            Some("清河县")
        );
        assert_eq!(
            plan.find_unit_in_text("开发区管委会"),
            Some("邢台经济开发区")
        );
        // one-character aliases are never searched inside text
        assert_eq!(plan.find_unit_in_text("权威数据"), None);
        assert_eq!(plan.find_unit_in_text("2022年6月任县.xlsx"), Some("任泽区"));
        assert!(plan
            .find_dissolved_in_text("填报单位：邢台县科技局")
            .is_some());
    }

    #[test]
    fn industry_aliases() {
        let plan = Plan::builtin();
        assert_eq!(plan.match_industry("羊绒").unwrap().name, "纺织服装");
        assert_eq!(plan.match_industry("光伏新能源").unwrap().name, "新能源");
        assert_eq!(plan.match_industry("电线电缆").unwrap().category, "其他");
        assert!(plan.match_industry("量子计算").is_none());
    }

    fn with(find: &str, replace: &str) -> String {
        assert!(BUILTIN_PLAN.contains(find));
        BUILTIN_PLAN.replacen(find, replace, 1)
    }

    fn line_containing(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn unknown_group_names_its_line() {
        let text = with(
            "group = \"county\"\naliases = [\"内丘\"]",
            "group = \"villages\"\naliases = [\"内丘\"]",
        );
        let err = Plan::parse(&text).unwrap_err().to_string();
        let line = line_containing(&text, "villages");
        assert!(err.contains(&format!("第 {line} 行")), "{err}");
        assert!(err.contains("villages"));
    }

    #[test]
    fn unit_listed_twice_is_refused() {
        let text = with("name = \"内丘县\"", "name = \"临城县\"");
        let err = Plan::parse(&text).unwrap_err().to_string();
        assert!(err.contains("临城县"), "{err}");
        assert!(err.contains("第"), "{err}");
    }

    #[test]
    fn alias_shared_by_two_units_is_refused() {
        let text = with("aliases = [\"内丘\"]", "aliases = [\"临城\"]");
        let err = Plan::parse(&text).unwrap_err().to_string();
        let line = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("\"临城\""))
            .nth(1)
            .unwrap()
            .0
            + 1;
        assert!(err.contains(&format!("第 {line} 行")), "{err}");
        assert!(err.contains("临城县") && err.contains("内丘县"), "{err}");
    }

    #[test]
    fn syntax_error_names_its_line() {
        let text = with("city_target = 30", "city_target = = 30");
        let err = Plan::parse(&text).unwrap_err().to_string();
        let line = line_containing(&text, "city_target");
        assert!(err.contains(&format!("第 {line} 行")), "{err}");
    }
}
