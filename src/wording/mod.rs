//! The plan's words: every text an output shows that depends on the plan in use (the
//! city, titles, the plan years, group labels, the target sentence, coverage, the
//! reward rule, dissolved units, 表号, deadlines) comes from here, so that no renderer
//! composes plan wording of its own and a successor plan file changes every word
//! (docs/报表格式.md §九). The words that do not depend on the plan are in [`glossary`];
//! sentences built from the figures (narrative, console, 总览) are in [`sentences`],
//! the 退回 workbooks' closing words in [`feedback`].

pub mod bulletin;
pub mod feedback;
pub mod glossary;
pub mod notes;
pub mod sentences;

use chrono::NaiveDate;

use crate::normalize::{format_number, YearMonth};
use crate::plan::{Dissolved, Group, Plan, TargetKind};
use glossary::UNIT_KIND;

/// The two forms of a return: 表1 (complexes) and 表2 (services).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Complexes,
    Services,
}

/// The plan's words. Cheap to make: `plan.wording()`.
#[derive(Clone, Copy)]
pub struct Wording<'a> {
    plan: &'a Plan,
}

impl<'a> Wording<'a> {
    pub fn new(plan: &'a Plan) -> Wording<'a> {
        Wording { plan }
    }

    pub fn plan(&self) -> &'a Plan {
        self.plan
    }

    /// `邢台市`.
    pub fn city(&self) -> &'a str {
        &self.plan.city
    }

    /// `2020—2022年`, or `2023年` for a one-year plan.
    pub fn years(&self) -> String {
        let (a, b) = (self.plan.first_year(), self.plan.last_year());
        if a == b {
            format!("{a}年")
        } else {
            format!("{a}—{b}年")
        }
    }

    /// `计划年度（2020—2022年）`.
    pub fn plan_years(&self) -> String {
        format!("计划年度（{}）", self.years())
    }

    /// `2020年以前建成`: what 存量 means under this plan.
    pub fn pre_plan_meaning(&self) -> String {
        format!("{}年以前建成", self.plan.first_year())
    }

    /// `存量（2020年以前建成）`.
    pub fn pre_plan_label(&self) -> String {
        format!("{}（{}）", glossary::PRE_PLAN, self.pre_plan_meaning())
    }

    /// `邢台市科技创新综合体`: the subject of every title.
    pub fn subject(&self) -> String {
        format!("{}科技创新综合体", self.city())
    }

    /// `邢台市科技创新综合体建设行动计划(2020-2022年)（邢科创领办〔2020〕18号）`.
    pub fn basis(&self) -> String {
        if self.plan.document.is_empty() {
            self.plan.title.clone()
        } else {
            format!("{}（{}）", self.plan.title, self.plan.document)
        }
    }

    /// `《…行动计划(2020-2022年)》`: the plan's title in book-title marks, without its
    /// 文号 (the 通报 cites the plan this way).
    pub fn title_quoted(&self) -> String {
        let t = self
            .plan
            .title
            .trim_start_matches('《')
            .trim_end_matches('》');
        format!("《{t}》")
    }

    /// `《…行动计划(2020-2022年)》（邢科创领办〔2020〕18号）`, for running text.
    pub fn basis_quoted(&self) -> String {
        let t = self
            .plan
            .title
            .trim_start_matches('《')
            .trim_end_matches('》');
        if self.plan.document.is_empty() {
            format!("《{t}》")
        } else {
            format!("《{t}》（{}）", self.plan.document)
        }
    }

    /// `邢台市科技创新综合体建设进展报告（2022年12月）`: the workbook's title.
    pub fn report_title(&self, p: YearMonth) -> String {
        format!("{}建设进展报告（{}）", self.subject(), p.chinese_short())
    }

    /// `邢台市科技创新综合体建设进展报告_2022年12月.xlsx`.
    pub fn report_file(&self, p: YearMonth) -> String {
        format!("{}建设进展报告_{}.xlsx", self.subject(), p.chinese())
    }

    /// A sheet's or chart's title: `邢台市科技创新综合体{what}（截至2022年12月）`.
    pub fn title(&self, what: &str, p: &str) -> String {
        format!("{}{what}（截至{p}）", self.subject())
    }

    /// The line under a report table's title.
    pub fn table_subtitle(&self, p: YearMonth) -> String {
        format!(
            "{}　　　报告期：{}　　　依据：{}",
            self.authority_line(),
            p.chinese_short(),
            self.basis()
        )
    }

    /// The first line `xtic report` prints.
    pub fn console_title(&self, p: YearMonth) -> String {
        format!("{}建设进展（截至{}）", self.subject(), p.chinese_short())
    }

    /// `邢台市科学技术局`: the issuing authority, as it signs.
    pub fn authority(&self) -> &'a str {
        &self.plan.authority
    }

    /// `邢台市科技创新综合体建设进展通报`: the 通报's title and file name.
    pub fn bulletin_title(&self) -> String {
        format!("{}建设进展通报", self.subject())
    }

    /// `制表机关：邢台市科学技术局`.
    pub fn authority_line(&self) -> String {
        format!("制表机关：{}", self.plan.authority)
    }

    /// The title of a return form.
    pub fn form_title(&self, form: Form) -> String {
        let what = match form {
            Form::Complexes => "建设情况",
            Form::Services => "服务情况",
        };
        format!("{}{what}月报表", self.subject())
    }

    /// The 表号 printed on a form: `综合体1表` / `综合体2表`. The same under every plan
    /// (the form does not change with the plan; see docs/报表格式.md §八).
    pub fn form_number(&self, form: Form) -> &'static str {
        match form {
            Form::Complexes => "综合体1表",
            Form::Services => "综合体2表",
        }
    }

    pub fn group(&self, id: &str) -> Option<&'a Group> {
        self.plan.groups.iter().find(|g| g.id == id)
    }

    /// The label users read for a group id (the id itself if the plan has no such group).
    pub fn group_label(&self, id: &'a str) -> &'a str {
        self.group(id).map(|g| g.label.as_str()).unwrap_or(id)
    }

    /// `每年新建不少于1家` / `到2022年底累计新建不少于1家`.
    pub fn group_target(&self, g: &Group) -> String {
        match g.target {
            TargetKind::Yearly(n) => format!("每年新建不少于{n}家"),
            TargetKind::Cumulative(n) => {
                format!("到{}年底累计新建不少于{n}家", self.plan.last_year())
            }
        }
    }

    /// The labels of the groups with yearly targets, joined: `重点区`.
    pub fn yearly_groups(&self) -> Vec<&'a str> {
        self.plan
            .groups
            .iter()
            .filter(|g| matches!(g.target, TargetKind::Yearly(_)))
            .map(|g| g.label.as_str())
            .collect()
    }

    /// `到2022年底全市建成30家以上`.
    pub fn city_target(&self) -> String {
        format!(
            "到{}年底全市建成科技创新综合体{}家以上",
            self.plan.last_year(),
            self.plan.city_target
        )
    }

    /// Whether 全覆盖 is a target of this plan.
    pub fn coverage_is_target(&self) -> bool {
        self.plan.coverage_target
    }

    /// The targets stated in words built from the plan's figures.
    pub fn targets_from_figures(&self) -> String {
        let parts: Vec<String> = self
            .plan
            .groups
            .iter()
            .map(|g| {
                let units: Vec<&str> = self.plan.units_of(&g.id).map(|u| u.name.as_str()).collect();
                format!(
                    "{}（{}）{}",
                    g.label,
                    units.join("、"),
                    self.group_target(g)
                )
            })
            .collect();
        let coverage = if self.plan.coverage_target {
            format!("，实现{UNIT_KIND}全覆盖")
        } else {
            String::new()
        };
        format!(
            "{}，{}。{}{coverage}。",
            self.years(),
            parts.join("；"),
            self.city_target()
        )
    }

    /// The targets: the plan's own paragraph in quotation marks, else words built from
    /// the figures.
    pub fn targets(&self) -> String {
        match &self.plan.targets_text {
            Some(t) => format!("“{t}”"),
            None => self.targets_from_figures(),
        }
    }

    /// `考核通过的综合体，每家给予依托单位50万元奖励…`: the reward rule of §2.1/§4.
    pub fn reward_rule(&self) -> String {
        format!(
            "考核通过的综合体，每家给予依托单位{}万元奖励。只计建成时间在{}的综合体；{}的存量综合体，考核结果只列示，不计奖励。",
            format_number(self.plan.reward_wan),
            self.years(),
            self.pre_plan_meaning()
        )
    }

    /// `每家 50 万元`.
    pub fn reward_each(&self) -> String {
        format!("每家 {} 万元", format_number(self.plan.reward_wan))
    }

    /// `每月报表于次月10日（含）前报送`.
    pub fn deadline_rule(&self) -> String {
        format!("每月报表于次月{}日（含）前报送", self.plan.deadline_day)
    }

    /// When the return for `p` is due.
    pub fn deadline(&self, p: YearMonth) -> NaiveDate {
        crate::select::deadline(p, self.plan)
    }

    /// When a return for `p` sent back (退回) is due again: with the next month's
    /// return, on the plan's deadline day of the month after next.
    pub fn resubmit_by(&self, p: YearMonth) -> NaiveDate {
        crate::select::deadline(p.next(), self.plan)
    }

    /// Why a return naming a dissolved unit cannot be used, and what to do.
    pub fn dissolved_message(&self, d: &Dissolved) -> String {
        let kind = match d.name.chars().last() {
            Some('县') => "该县",
            Some('区') => "该区",
            Some('市') => "该市",
            _ => "该单位",
        };
        let when = d
            .year
            .map(|y| format!("已于{y}年撤销"))
            .unwrap_or("已撤销".into());
        match d.successors.as_slice() {
            [] => format!(
                "报表的填报单位为“{}”。{kind}{when}，无法归属。请以现行单位的名义报送。",
                d.name
            ),
            [one] => format!(
                "报表的填报单位为“{}”。{kind}{when}，并入{one}。请以{one}的名义报送。",
                d.name
            ),
            many => format!(
                "报表的填报单位为“{}”。{kind}{when}，分设为{}，无法确定归属。请按现行区划以{}的名义分别报送。",
                d.name,
                many.join("和"),
                many.join("或")
            ),
        }
    }
}

/// `2022-12` → `2022年12月`; any other text unchanged.
pub fn month_words(month: &str) -> String {
    YearMonth::parse_iso(month)
        .map(|m| m.chinese_short())
        .unwrap_or_else(|| month.to_string())
}

#[cfg(test)]
mod tests;
