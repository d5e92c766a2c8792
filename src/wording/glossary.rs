//! The glossary: one word for each thing, used by every output (workbook, notes,
//! narrative, briefing.txt, charts, 退回 workbooks, templates, console). docs/报表格式.md
//! §九 lists the same words for statisticians.
//!
//! Two judgements are kept apart in every sentence:
//! - 进度 (pace): 正常 or 滞后, built against 按进度应建成 (the pro-rated expectation);
//! - 目标状态 (target status): 达标, 未达标, 进行中 or 未到期 (docs/报表格式.md §六).
//!
//! A unit that missed a year's target (未达标) may since have caught up (进度正常), and
//! a unit still within its target years (进行中) may be behind (滞后).

/// The kind of unit the plan's units are: counties, cities and districts.
pub const UNIT_KIND: &str = "县（市、区）";

/// Column title and word for the pace judgement.
pub const PACE: &str = "进度";
pub const PACE_OK: &str = "正常";
pub const PACE_BEHIND: &str = "滞后";

/// Column title for the target status words.
pub const TARGET_STATUS: &str = "目标状态";
pub const MET: &str = "达标";
pub const MISSED: &str = "未达标";
pub const IN_PROGRESS: &str = "进行中";
pub const NOT_DUE: &str = "未到期";

/// The pro-rated expectation (never 序时进度).
pub const EXPECTED: &str = "按进度应建成";

/// States of a complex (the return's 建设状态) and the count outside the targets.
pub const BUILT: &str = "建成运营";
pub const BUILDING: &str = "在建";
pub const PLANNING: &str = "谋划";
pub const PRE_PLAN: &str = "存量";

/// A lead industry that matches no plan industry is counted here; an industry the
/// plan itself names 其他 is a plan industry like any other.
pub use crate::plan::UNCLASSIFIED;

/// Severity words (never 提示).
pub const ERROR: &str = "错误";
pub const WARNING: &str = "警告";

/// A month with no usable return, and a return that came without 表2: two counts.
pub const NO_RETURN: &str = "未报送";
pub const NO_TABLE2: &str = "缺表2";

/// Marks a month a clerk wrote for what has not happened yet (a 在建 row's 建成时间).
pub const PLANNED_MARK: &str = "（计划）";

/// The pace word.
pub fn pace(behind: bool) -> &'static str {
    if behind {
        PACE_BEHIND
    } else {
        PACE_OK
    }
}
