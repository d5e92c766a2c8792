//! Figures: every number the outputs show, computed once (docs/报表格式.md §六, §十二).
//!
//! [`Summary`] is exactly summary.json (docs/报表格式.md §十二). [`Figures`] wraps it with the series
//! that the workbook and the charts need besides (month by month, functions, changes
//! since last month). Renderers read these and never recompute a figure.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::schema::MEASURES;

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

/// The ten service measures of 表2; None where nothing was reported.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Services(pub [f64; 10]);

impl Serialize for Services {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(MEASURES.len()))?;
        for (m, v) in MEASURES.iter().zip(self.0.iter()) {
            if m.integer {
                map.serialize_entry(m.key, &(v.round() as i64))?;
            } else {
                map.serialize_entry(m.key, &round2(*v))?;
            }
        }
        map.end()
    }
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
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitFigures {
    pub unit: String,
    pub group: String,
    /// Month of the return the state comes from; None when the unit sent nothing usable.
    pub return_period: Option<String>,
    pub submission: Submission,
    pub months_missing: Vec<String>,
    pub built_by_year: BTreeMap<String, u32>,
    pub target_by_year: BTreeMap<String, u32>,
    pub status_by_year: BTreeMap<String, TargetStatus>,
    pub built: u32,
    pub target: u32,
    pub expected_by_now: f64,
    pub behind: bool,
    pub status: TargetStatus,
    pub covered: bool,
    pub reward_wan: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndustryFigures {
    pub industry: String,
    pub category: String,
    pub planned: u32,
    pub under_construction: u32,
    pub built: u32,
    pub pre_plan: u32,
    pub invest_done_wan: f64,
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
    pub period: String,
    pub inputs: InputCounts,
    pub issues: IssueCounts,
    pub city: CityFigures,
    pub units: Vec<UnitFigures>,
    pub industries: Vec<IndustryFigures>,
    pub services_by_year: BTreeMap<String, Services>,
    pub assessment: AssessmentFigures,
}

/// One plan month of the city's progress curve.
#[derive(Debug, Clone, Serialize)]
pub struct MonthPoint {
    /// `YYYY-MM`.
    pub month: String,
    /// Complexes built in plan years up to and including this month (state at P).
    pub built_cumulative: u32,
    /// Pro-rated expectation at this month.
    pub expected: f64,
}

/// Services of one month, city-wide, and how many units reported them.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceMonth {
    pub month: String,
    pub services: Services,
    /// Units whose used return for the month has 表2.
    pub units_reporting: u32,
    /// Units with no used return for the month (未报送).
    pub units_no_return: u32,
    /// Units whose used return for the month has no 表2 (缺表2).
    pub units_no_table2: u32,
}

/// Services of one unit over the plan months up to P.
#[derive(Debug, Clone, Serialize)]
pub struct UnitServices {
    pub unit: String,
    pub total: Services,
    /// Services for P itself; None when the unit's return for P is missing or lacks 表2.
    pub this_month: Option<Services>,
}

/// A change in the state since the previous month.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub unit: String,
    pub complex: String,
    /// 新建成 / 新纳入 / 状态变化 / 不再报送
    pub kind: String,
    pub detail: String,
}

/// One industry category: its industries' figures added up.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryFigures {
    pub category: String,
    pub planned: u32,
    pub under_construction: u32,
    pub built: u32,
    pub pre_plan: u32,
    pub invest_done_wan: f64,
    pub services: Services,
}

/// One group of units (plan order): how many keep pace, and the units in each target
/// status.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Default, Serialize)]
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
    pub months_no_table2: Vec<String>,
}

/// Which plan a complex's assessment result belongs to (docs/报表格式.md §六).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// Built in a plan year: counted and rewarded under this plan.
    Plan,
    /// Built before the plan's first year (存量): shown, never counted.
    PrePlan,
    /// Built after the plan's last year: not this plan's.
    AfterPlan,
}

/// One assessed complex in the state.
#[derive(Debug, Clone, Serialize)]
pub struct AssessedComplex {
    pub unit: String,
    pub complex: String,
    pub host: String,
    /// `YYYY-MM`, when given.
    pub built: Option<String>,
    pub counted: Counted,
    pub passed: bool,
    pub reward_wan: f64,
}

/// The units' targets added up, which need not equal the city's own target.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TargetSums {
    pub target: u32,
    pub expected_by_now: f64,
}

/// The complexes the function counts are out of.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FunctionBase {
    pub complexes: u32,
    pub operating: u32,
    pub under_construction: u32,
    pub planned: u32,
}

/// Everything the renderers read.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub summary: Summary,
    /// The plan months through P.
    pub monthly: Vec<MonthPoint>,
    pub services_by_month: Vec<ServiceMonth>,
    pub services_by_unit: Vec<UnitServices>,
    /// Services by industry over the plan months up to P (plan order, then 未分类).
    pub services_by_industry: Vec<(String, Services)>,
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
