//! The notes (注：) under the report's tables, in the plan's words and the glossary's.

use super::glossary::{
    BUILDING, EXPECTED, IN_PROGRESS, MET, MISSED, NOT_DUE, NO_RETURN, NO_TABLE2, PACE, PACE_BEHIND,
    PACE_OK, PLANNED_MARK, PLANNING, PRE_PLAN, TARGET_STATUS, UNCLASSIFIED, UNIT_KIND, WARNING,
};
use super::Wording;
use crate::figures::Figures;

impl Wording<'_> {
    /// Under 分县区进展: what counts as built, the target status words, the pace.
    pub fn units_note(&self) -> String {
        let yearly = self.yearly_groups();
        let yearly_rule = if yearly.is_empty() {
            String::new()
        } else {
            format!(
                "（{}按年度考核，任一年度未完成即为未达标）",
                yearly.join("、")
            )
        };
        let yearly_pace = if yearly.is_empty() {
            String::new()
        } else {
            "（按年度考核的单位：已结束年度目标之和＋当年目标×当年已过月数÷12）".to_string()
        };
        format!(
            "注：1. 建成数只计建设状态为“建成运营”且建成时间在{}内的综合体；{}的为{PRE_PLAN}，单列，不计入目标。2. {TARGET_STATUS}（目标是否完成）：{MET}＝已完成目标；{MISSED}＝目标年度已结束仍未完成{yearly_rule}；{IN_PROGRESS}＝目标年度内尚未完成；{NOT_DUE}＝目标年度尚未开始。3. {PACE}（是否跟上时间进度）：{EXPECTED}＝目标×已过月数÷计划总月数{yearly_pace}；建成数低于该值为“{PACE_BEHIND}”，否则为“{PACE_OK}”。{PACE}和{TARGET_STATUS}是两回事：某年度{MISSED}的单位，此后补建跟上进度的，{PACE}仍为“{PACE_OK}”。4. 合计行的目标是各单位目标之和，不一定等于全市目标，两者见下表。",
            self.plan_years(),
            self.pre_plan_meaning()
        )
    }

    /// Under 分产业情况: the plan's industry list, 其他 and 未分类.
    pub fn industries_note(&self) -> String {
        let others: Vec<&str> = self
            .plan()
            .industries
            .iter()
            .filter(|i| i.name == "其他" || i.category == "其他")
            .map(|i| i.name.as_str())
            .collect();
        let other = if others.is_empty() {
            String::new()
        } else {
            format!(
                "“{}”是计划产业目录中的产业，计入的是计划明确归入其中的产业；",
                others.join("”“")
            )
        };
        format!(
            "注：主导产业按计划的产业目录归类，县区报送的本地产业名称（别名）按计划文件对应；{other}无法对应到目录中任何产业的计入“{UNCLASSIFIED}”（有时才列出）。服务情况为{}各月之和，表2中无法对应到综合体的服务数据不计入任何产业。",
            self.plan_years()
        )
    }

    /// Under 功能配置: the plan's functions and what the counts are out of.
    pub fn functions_note(&self, fig: &Figures) -> String {
        format!(
            "注：行动计划要求综合体集{}等功能于一体。√ 表示具备该功能；合计行为具备该功能的综合体数（家），为{}。",
            self.plan().functions.join("、"),
            self.function_base(fig)
        )
    }

    /// Under the monthly services table.
    pub fn services_note(&self) -> String {
        format!(
            "注：各月数据为当月各单位所用报表表2之和。某单位某月{NO_RETURN}（没有可用报表）或报表{NO_TABLE2}的，该单位该月服务情况按缺报处理（不按0计），两者分列；报送表2的单位数少于 {} 的月份，合计偏小。",
            self.plan().units.len()
        )
    }

    /// Under 考核奖励.
    pub fn rewards_note(&self) -> String {
        format!(
            "注：{}考核通过、未通过和奖励资金只计建成时间在{}的综合体；{PRE_PLAN}综合体的考核结果在明细中列为“{PRE_PLAN}”，不计奖励。",
            self.reward_rule()
                .split_once('。')
                .map(|(a, _)| format!("{a}。"))
                .unwrap_or_default(),
            self.years()
        )
    }

    /// Under 报送情况.
    pub fn submissions_note(&self) -> String {
        format!(
            "注：{}。按时报送＝报出日期不晚于截止日期（未填报出日期的视为按时报送，并给出{WARNING}）；逾期报送＝晚于截止日期（已计入统计）；未报送＝本月无可用报表，以最近一期报表为准。“{NO_RETURN}月数”为计划年度内没有可用报表的月数，“{NO_TABLE2}月数”为有报表但缺表2的月数，两者分列。",
            self.deadline_rule()
        )
    }

    /// Under 综合体名录.
    pub fn directory_note(&self) -> String {
        format!(
            "注：建设状态为“{BUILDING}”“{PLANNING}”的综合体，所填建成时间为计划建成时间，标“{PLANNED_MARK}”；只有“建成运营”的建成时间是实际建成时间。{UNIT_KIND}按报送单位列出。"
        )
    }
}
