//! Figures: every number the outputs show, computed once (docs/报表格式.md §六, §十二).
//!
//! [`Summary`] is exactly summary.json (docs/报表格式.md §十二). [`Figures`] wraps it with the series
//! that the workbook and the charts need besides (month by month, functions, changes
//! since last month). Renderers read these and never recompute a figure.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Complex;
use crate::normalize::YearMonth;

mod services;
pub use services::{Measure, Services};

/// Target status words (docs/报表格式.md §六).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Met,
    Missed,
    InProgress,
    NotDue,
}

impl TargetStatus {
    pub const ALL: [TargetStatus; 4] = [
        TargetStatus::Met,
        TargetStatus::Missed,
        TargetStatus::InProgress,
        TargetStatus::NotDue,
    ];

    pub fn chinese(self) -> &'static str {
        use crate::wording::glossary::{IN_PROGRESS, MET, MISSED, NOT_DUE};
        match self {
            TargetStatus::Met => MET,
            TargetStatus::Missed => MISSED,
            TargetStatus::InProgress => IN_PROGRESS,
            TargetStatus::NotDue => NOT_DUE,
        }
    }
}

/// Submission state of a unit's return for P.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Submission {
    Received,
    Late,
    Missing,
}

impl Submission {
    pub fn chinese(self) -> &'static str {
        match self {
            Submission::Received => "按时报送",
            Submission::Late => "逾期报送",
            Submission::Missing => "未报送",
        }
    }
}

/// Months in summary.json are `YYYY-MM` text.
mod iso {
    use super::YearMonth;
    use serde::Serializer;

    pub fn one<S: Serializer>(m: &YearMonth, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(m)
    }

    pub fn opt<S: Serializer>(m: &Option<YearMonth>, s: S) -> Result<S::Ok, S::Error> {
        match m {
            Some(m) => s.serialize_some(&m.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn list<S: Serializer>(ms: &[YearMonth], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(ms.iter().map(|m| m.to_string()))
    }
}

/// `built / target`, None without a target: the completion rate (完成率) every output
/// shows, computed here once.
pub fn completion(built: u32, target: u32) -> Option<f64> {
    (target > 0).then(|| built as f64 / target as f64)
}

pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct InputCounts {
    pub files_found: usize,
    pub files_read: usize,
    pub files_rejected: usize,
    pub files_skipped: usize,
    pub files_set_aside: usize,
    pub files_superseded: usize,
    pub rows_read: usize,
    pub rows_accepted: usize,
    pub rows_rejected: usize,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct IssueCounts {
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CityFigures {
    pub built: u32,
    pub target: u32,
    pub expected_by_now: f64,
    pub behind: bool,
    pub status: TargetStatus,
    pub pre_plan: u32,
    pub under_construction: u32,
    pub planned: u32,
    pub units_covered: u32,
    pub units_total: u32,
    /// `built / target` (not in summary.json).
    #[serde(skip)]
    pub completion: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitFigures {
    pub unit: String,
    pub group: String,
    /// Month of the return the state comes from; None when the unit sent nothing usable.
    #[serde(serialize_with = "iso::opt")]
    pub return_period: Option<YearMonth>,
    pub submission: Submission,
    #[serde(serialize_with = "iso::list")]
    pub months_missing: Vec<YearMonth>,
    /// Keyed by plan year (summary.json writes the year as text).
    pub built_by_year: BTreeMap<i32, u32>,
    pub target_by_year: BTreeMap<i32, u32>,
    pub status_by_year: BTreeMap<i32, TargetStatus>,
    pub built: u32,
    pub target: u32,
    pub expected_by_now: f64,
    pub behind: bool,
    pub status: TargetStatus,
    pub covered: bool,
    pub reward_wan: f64,
    /// `built / target` (not in summary.json).
    #[serde(skip)]
    pub completion: Option<f64>,
}

/// The state counted by status: 谋划, 在建, built in a plan year, 存量 (built before
/// the plan), and the investment done. One shape for an industry, a category and a
/// unit × industry cell.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Progress {
    pub planned: u32,
    pub under_construction: u32,
    pub built: u32,
    pub pre_plan: u32,
    pub invest_done_wan: f64,
}

impl Progress {
    /// 谋划, 在建 and built in a plan year together (the charts' bars).
    pub fn counted(&self) -> u32 {
        self.planned + self.under_construction + self.built
    }

    pub fn add(&mut self, other: &Progress) {
        self.planned += other.planned;
        self.under_construction += other.under_construction;
        self.built += other.built;
        self.pre_plan += other.pre_plan;
        self.invest_done_wan += other.invest_done_wan;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IndustryFigures {
    pub industry: String,
    pub category: String,
    /// Its investment rounded to 0.01 万元.
    #[serde(flatten)]
    pub progress: Progress,
    /// Services over the plan months up to P (not in summary.json).
    #[serde(skip)]
    pub services: Services,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentFigures {
    pub passed: u32,
    pub failed: u32,
    pub reward_wan: f64,
}

/// summary.json, field for field (docs/报表格式.md §十二).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub schema: u32,
    #[serde(serialize_with = "iso::one")]
    pub period: YearMonth,
    pub inputs: InputCounts,
    pub issues: IssueCounts,
    pub city: CityFigures,
    pub units: Vec<UnitFigures>,
    pub industries: Vec<IndustryFigures>,
    pub services_by_year: BTreeMap<i32, Services>,
    pub assessment: AssessmentFigures,
}

/// One plan month of the city's progress curve.
#[derive(Debug, Clone)]
pub struct MonthPoint {
    pub month: YearMonth,
    /// Complexes built in plan years up to and including this month (state at P).
    pub built_cumulative: u32,
    /// Pro-rated expectation at this month.
    pub expected: f64,
}

/// Services of one month, city-wide, and how many units reported them.
#[derive(Debug, Clone)]
pub struct ServiceMonth {
    pub month: YearMonth,
    pub services: Services,
    /// Units whose used return for the month has 表2.
    pub units_reporting: u32,
    /// Units with no used return for the month (未报送).
    pub units_no_return: u32,
    /// Units whose used return for the month has no 表2 (缺表2).
    pub units_no_table2: u32,
}

/// Services of one unit over the plan months up to P.
#[derive(Debug, Clone)]
pub struct UnitServices {
    pub unit: String,
    pub total: Services,
    /// Services for P itself; None when the unit's return for P is missing or lacks 表2.
    pub this_month: Option<Services>,
}

/// What became of a complex since the previous month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Now 建成运营, before not.
    Built,
    /// In this month's return, not in last month's.
    Added,
    /// Another status than last month, not to 建成运营.
    StatusChanged,
    /// In last month's return, not in this month's.
    Dropped,
}

impl ChangeKind {
    pub fn chinese(self) -> &'static str {
        match self {
            ChangeKind::Built => "新建成",
            ChangeKind::Added => "新纳入",
            ChangeKind::StatusChanged => "状态变化",
            ChangeKind::Dropped => "不再报送",
        }
    }
}

/// A change in the state since the previous month.
#[derive(Debug, Clone)]
pub struct Change {
    pub unit: String,
    pub complex: String,
    pub kind: ChangeKind,
    pub detail: String,
}

/// One industry category: its industries' figures added up (an industry's shape
/// without the category).
#[derive(Debug, Clone)]
pub struct CategoryFigures {
    pub category: String,
    /// Its investment rounded to 0.01 万元.
    pub progress: Progress,
    pub services: Services,
}

/// One group of units (plan order): how many keep pace, and the units in each target
/// status.
#[derive(Debug, Clone)]
pub struct GroupFigures {
    pub id: String,
    pub label: String,
    /// Whether the group has yearly targets (else one cumulative target).
    pub yearly: bool,
    pub units: Vec<String>,
    /// Units behind their expectation (进度滞后), plan order.
    pub behind: Vec<String>,
    /// Units by target status, in `TargetStatus::ALL` order.
    pub by_status: Vec<(TargetStatus, Vec<String>)>,
}

impl GroupFigures {
    /// Units keeping pace (进度正常).
    pub fn on_schedule(&self) -> usize {
        self.units.len() - self.behind.len()
    }

    pub fn with_status(&self, status: TargetStatus) -> &[String] {
        self.by_status
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, u)| u.as_slice())
            .unwrap_or(&[])
    }
}

/// One unit's counts besides its summary figures, for the workbook's tables.
#[derive(Debug, Clone, Default)]
pub struct UnitCounts {
    pub unit: String,
    pub under_construction: u32,
    pub planned: u32,
    pub pre_plan: u32,
    /// Assessment results on complexes built in a plan year (counted, rewarded).
    pub passed: u32,
    pub failed: u32,
    /// Assessment results on 存量 complexes (shown, not counted).
    pub pre_plan_passed: u32,
    pub pre_plan_failed: u32,
    /// Plan months up to P whose used return has no 表2 (besides `months_missing`,
    /// the months with no used return at all).
    pub months_no_table2: Vec<YearMonth>,
}

/// What one unit sent and what became of it, for 报送情况.
#[derive(Debug, Clone, Default)]
pub struct UnitReturns {
    pub unit: String,
    /// The used return the state comes from (file, month, 报出日期), when there is one.
    pub state_file: Option<String>,
    pub state_month: Option<YearMonth>,
    pub state_reported: Option<NaiveDate>,
    /// Returns used, superseded, set aside and rejected over every month.
    pub used: u32,
    pub superseded: u32,
    pub set_aside: u32,
    pub rejected: u32,
    /// Rows read from its used returns (表1 and 表2), and how many were rejected.
    pub rows_read: u32,
    pub rows_rejected: u32,
}

/// A complex in the state at P, with the file it was read from.
#[derive(Debug, Clone)]
pub struct StateComplex {
    pub complex: Complex,
    pub file: String,
    /// How many of the plan's functions it has (具备功能数).
    pub functions: u32,
}

/// Which plan a complex's assessment result belongs to (docs/报表格式.md §六).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Built in a plan year: counted and rewarded under this plan.
    Plan,
    /// Built before the plan's first year (存量): shown, never counted.
    PrePlan,
    /// Built after the plan's last year: not this plan's.
    AfterPlan,
}

/// One assessed complex in the state.
#[derive(Debug, Clone)]
pub struct AssessedComplex {
    pub unit: String,
    pub complex: String,
    pub host: String,
    pub built: Option<YearMonth>,
    pub counted: Counted,
    pub passed: bool,
    pub reward_wan: f64,
}

/// The units' targets added up, which need not equal the city's own target.
#[derive(Debug, Clone, Default)]
pub struct TargetSums {
    pub target: u32,
    pub expected_by_now: f64,
    /// The city's built over the units' targets added up.
    pub completion: Option<f64>,
}

/// The complexes the function counts are out of.
#[derive(Debug, Clone, Default)]
pub struct FunctionBase {
    pub complexes: u32,
    pub operating: u32,
    pub under_construction: u32,
    pub planned: u32,
}

/// Everything the renderers read.
#[derive(Debug, Clone)]
pub struct Figures {
    pub summary: Summary,
    /// The state at P: per unit (plan order) the accepted complexes of its latest used
    /// return for a month ≤ P.
    pub state: Vec<StateComplex>,
    /// Per unit (plan order) what it sent.
    pub unit_returns: Vec<UnitReturns>,
    /// The plan months through P.
    pub monthly: Vec<MonthPoint>,
    pub services_by_month: Vec<ServiceMonth>,
    pub services_by_unit: Vec<UnitServices>,
    /// Per plan function: how many complexes in the state have it.
    pub function_counts: Vec<(String, u32)>,
    /// Units (plan order) × industries: complexes built in plan years.
    pub unit_industry_built: Vec<(String, Vec<u32>)>,
    pub changes: Vec<Change>,
    /// Units behind their expectation, plan order.
    pub behind_units: Vec<String>,
    /// The industries summed by category (plan order, then 未分类 when present).
    pub categories: Vec<CategoryFigures>,
    /// The plan's groups, in plan order.
    pub groups: Vec<GroupFigures>,
    /// Per unit (plan order) the counts the tables show besides the summary's.
    pub unit_counts: Vec<UnitCounts>,
    /// Every assessed complex in the state, plan order.
    pub assessed: Vec<AssessedComplex>,
    /// Assessment results on 存量 complexes: shown, not in `summary.assessment`.
    pub pre_plan_assessment: AssessmentFigures,
    /// Status of the coverage target; None when the plan makes coverage no target.
    pub coverage_status: Option<TargetStatus>,
    /// The units' targets added up (beside the city's own target).
    pub unit_targets: TargetSums,
    /// What 功能配置 counts over: every complex in the state.
    pub function_base: FunctionBase,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_months_are_iso_text() {
        let p = YearMonth {
            year: 2021,
            month: 6,
        };
        #[derive(Serialize)]
        struct T {
            #[serde(serialize_with = "iso::one")]
            p: YearMonth,
            #[serde(serialize_with = "iso::opt")]
            q: Option<YearMonth>,
            #[serde(serialize_with = "iso::list")]
            r: Vec<YearMonth>,
            y: BTreeMap<i32, u32>,
        }
        let t = T {
            p,
            q: Some(p.prev()),
            r: vec![p, p.next()],
            y: [(2021, 1)].into(),
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"p":"2021-06","q":"2021-05","r":["2021-06","2021-07"],"y":{"2021":1}}"#
        );
    }
}
