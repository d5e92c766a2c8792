//! Checks a parsed plan file and turns it into a [`Plan`]: every refusal names the line
//! that is wrong (docs/报表格式.md §九: a plan edit that makes no sense is an error, exit 2).

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::{
    line_of, Dissolved, Group, Industry, Plan, PlanError, RawDissolved, RawGroup, RawIndustry,
    RawPlan, RawUnit, TargetKind, Unit, DEFAULT_CITY, UNCLASSIFIED,
};
use crate::normalize::fold;

pub(super) struct Builder<'a> {
    pub(super) text: &'a str,
}

/// The defaults of the optional fields (docs/报表格式.md §九), as `xtic plan` states them.
pub(super) const DEFAULT_REWARD: f64 = 50.0;
pub(super) const DEFAULT_DEADLINE: u32 = 10;

impl Builder<'_> {
    fn err<T>(&self, span: &Range<usize>, message: String) -> Result<T, PlanError> {
        Err(PlanError::AtLine {
            line: line_of(self.text, span),
            message,
        })
    }

    /// A text field that must say something.
    fn non_empty(&self, s: &Spanned<String>, field: &str) -> Result<String, PlanError> {
        let t = s.get_ref().trim();
        if t.is_empty() {
            return self.err(&s.span(), format!("{field} 不能为空"));
        }
        Ok(t.to_string())
    }

    pub(super) fn build(&self, raw: RawPlan) -> Result<Plan, PlanError> {
        let years = self.years(&raw.years)?;
        let title = self.non_empty(&raw.title, "title（计划名称）")?;
        let city = match &raw.city {
            Some(c) => self.non_empty(c, "city（城市名称）")?,
            None => DEFAULT_CITY.to_string(),
        };
        let deadline_day = match &raw.deadline_day {
            None => DEFAULT_DEADLINE,
            Some(d) if (1..=28).contains(d.get_ref()) => *d.get_ref(),
            Some(d) => {
                return self.err(
                    &d.span(),
                    format!("deadline_day 须在 1 到 28 之间，现为 {}", d.get_ref()),
                )
            }
        };
        let reward_wan = self.reward(raw.reward_wan.as_ref())?;
        let functions = self.functions(&raw.functions)?;
        let groups = self.groups(&raw.groups)?;
        let (units, unit_index) = self.units(&raw.units, &groups)?;
        let unit_search = super::unit_search(&units, &unit_index)?;
        self.groups_have_units(&raw.groups, &units)?;
        let dissolved = self.dissolved(&raw.dissolved, &unit_index)?;
        let (industries, industry_index) = self.industries(&raw.industries, &raw.categories)?;
        let defaults = super::fields::defaults_of(&raw, &city);
        let authority = raw
            .authority
            .clone()
            .unwrap_or_else(|| super::fields::default_authority(&city));
        let targets_text = raw
            .targets_text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        Ok(Plan {
            title,
            document: raw.document.clone().unwrap_or_default().trim().to_string(),
            city,
            authority,
            years,
            city_target: raw.city_target,
            targets_text,
            coverage_target: raw.coverage_target.unwrap_or(true),
            reward_wan,
            deadline_day,
            functions,
            categories: raw.categories,
            groups,
            units,
            dissolved,
            industries,
            source: self.text.to_string(),
            warnings: Vec::new(),
            defaults,
            unit_index,
            unit_search,
            industry_index,
        })
    }

    fn years(&self, raw: &Spanned<Vec<i32>>) -> Result<Vec<i32>, PlanError> {
        let years = raw.get_ref().clone();
        let contiguous = years.windows(2).all(|w| w[1] == w[0] + 1);
        let sane = years.iter().all(|y| (1900..=2100).contains(y));
        if years.is_empty() || !contiguous || !sane {
            return self.err(
                &raw.span(),
                "years 须为连续的年份，如 [2020, 2021, 2022]".into(),
            );
        }
        Ok(years)
    }

    fn reward(&self, raw: Option<&Spanned<f64>>) -> Result<f64, PlanError> {
        match raw {
            None => Ok(DEFAULT_REWARD),
            Some(r) if r.get_ref().is_finite() && *r.get_ref() >= 0.0 => Ok(*r.get_ref()),
            Some(r) => self.err(
                &r.span(),
                format!(
                    "reward_wan（每家奖励，万元）不能为负数，现为 {}",
                    r.get_ref()
                ),
            ),
        }
    }

    fn functions(&self, raw: &Spanned<Vec<Spanned<String>>>) -> Result<Vec<String>, PlanError> {
        if raw.get_ref().is_empty() {
            return self.err(
                &raw.span(),
                "functions 不能为空：请列出综合体应具备的功能，如 [\"创意设计\", \"研究开发\"]"
                    .into(),
            );
        }
        let mut out: Vec<String> = Vec::new();
        for f in raw.get_ref() {
            let name = self.non_empty(f, "功能名称")?;
            if out.iter().any(|o| fold(o) == fold(&name)) {
                return self.err(&f.span(), format!("功能“{name}”重复列出"));
            }
            out.push(name);
        }
        Ok(out)
    }

    fn groups(&self, raw: &[RawGroup]) -> Result<Vec<Group>, PlanError> {
        let mut groups: Vec<Group> = Vec::new();
        for g in raw {
            let id = g.id.get_ref();
            if groups.iter().any(|x| &x.id == id) {
                return self.err(&g.id.span(), format!("分组“{id}”重复列出"));
            }
            let label = self.non_empty(&g.label, &format!("分组“{id}”的 label"))?;
            let target = match (&g.yearly_target, &g.cumulative_target) {
                (Some(n), None) if *n.get_ref() == 0 => {
                    return self.err(
                        &n.span(),
                        format!("分组“{id}”的 yearly_target（每年目标）不能为 0"),
                    )
                }
                (Some(n), None) => TargetKind::Yearly(*n.get_ref()),
                (None, Some(n)) => TargetKind::Cumulative(*n.get_ref()),
                _ => {
                    return self.err(
                        &g.id.span(),
                        format!("分组“{id}”须且只须给出 yearly_target 或 cumulative_target 之一"),
                    )
                }
            };
            groups.push(Group {
                id: id.clone(),
                label,
                target,
            });
        }
        Ok(groups)
    }

    fn groups_have_units(&self, raw: &[RawGroup], units: &[Unit]) -> Result<(), PlanError> {
        for g in raw {
            if !units.iter().any(|u| &u.group == g.id.get_ref()) {
                return self.err(
                    &g.id.span(),
                    format!(
                        "分组“{}”（{}）没有任何单位：请在 [[units]] 中把单位归入该组，或删去该分组",
                        g.id.get_ref(),
                        g.label.get_ref()
                    ),
                );
            }
        }
        Ok(())
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
                    return self.err(&name.span(), self.clash(raw, other, i, name.get_ref()));
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

    /// The message for a name or alias that unit `i` shares with unit `other`.
    fn clash(&self, raw: &[RawUnit], other: usize, i: usize, name: &str) -> String {
        if other == i {
            format!("“{name}”在同一单位中重复列出")
        } else if fold(name) == fold(raw[other].name.get_ref()) && name == raw[i].name.get_ref() {
            format!("单位“{name}”重复列出")
        } else {
            format!(
                "“{name}”同时是“{}”和“{}”的名称或别名",
                raw[other].name.get_ref(),
                raw[i].name.get_ref()
            )
        }
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
            if let Some(y) = &d.year {
                if !(1900..=2100).contains(y.get_ref()) {
                    return self.err(
                        &y.span(),
                        format!("撤销年份 year 应为四位年份，如 2020，现为 {}", y.get_ref()),
                    );
                }
            }
            out.push(Dissolved {
                name: d.name.get_ref().clone(),
                successors: d.successors.iter().map(|s| s.get_ref().clone()).collect(),
                year: d.year.as_ref().map(|y| *y.get_ref()),
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
