//! The 通报's plan-dependent sentences: each group's target status by unit name, and
//! the note under its unit table. Kept here with the other plan wording so that the
//! 通报 composes no plan phrase of its own; its numbers are all summary.json's (counts
//! of units are not, so units are named instead).

use super::glossary::{PACE, TARGET_STATUS};
use super::Wording;
use crate::figures::{Figures, TargetStatus, UnitFigures};
use crate::plan::TargetKind;

/// `进度正常` / `进度滞后`: a unit's or the city's pace, in one word.
pub fn pace_word(behind: bool) -> String {
    format!("{PACE}{}", super::glossary::pace(behind))
}

impl Wording<'_> {
    /// Per plan group: the units whose target status differs from most of the group's,
    /// by name and status (with the years a unit with yearly targets missed), then
    /// `其余均为<the common status>`; `<group>目标状态均为…` when all share one.
    pub fn group_status_by_name(&self, fig: &Figures) -> String {
        let order = [
            TargetStatus::Missed,
            TargetStatus::InProgress,
            TargetStatus::NotDue,
            TargetStatus::Met,
        ];
        let mut out = String::new();
        for g in &self.plan().groups {
            let members: Vec<&UnitFigures> = fig
                .summary
                .units
                .iter()
                .filter(|u| u.group == g.id)
                .collect();
            if members.is_empty() {
                continue;
            }
            let count = |st: TargetStatus| members.iter().filter(|u| u.status == st).count();
            // The most common status; ties go to the later word in `order` (达标 first).
            let Some(common) = order.iter().rev().copied().max_by_key(|st| count(*st)) else {
                continue;
            };
            if count(common) == members.len() {
                out.push_str(&format!(
                    "{}{TARGET_STATUS}均为{}。",
                    g.label,
                    common.chinese()
                ));
                continue;
            }
            let parts: Vec<String> = order
                .iter()
                .filter(|st| **st != common && count(**st) > 0)
                .map(|st| {
                    let list: Vec<String> = members
                        .iter()
                        .filter(|u| u.status == *st)
                        .map(|u| with_missed_years(u))
                        .collect();
                    format!("{TARGET_STATUS}为{}的有{}", st.chinese(), list.join("、"))
                })
                .collect();
            out.push_str(&format!(
                "{}中，{}，其余均为{}。",
                g.label,
                parts.join("；"),
                common.chinese()
            ));
        }
        out
    }

    /// The note under the 通报's unit table: each group's target in the plan's words
    /// (with the total of a unit's yearly targets), and what 进度 means.
    pub fn unit_table_note(&self, fig: &Figures) -> String {
        let mut parts = Vec::new();
        for g in &self.plan().groups {
            let Some(u) = fig.summary.units.iter().find(|u| u.group == g.id) else {
                continue;
            };
            parts.push(match g.target {
                TargetKind::Yearly(_) => format!(
                    "{}{}，合计{}家，任一年度未完成即为未达标",
                    g.label,
                    self.group_target(g),
                    u.target
                ),
                TargetKind::Cumulative(_) => format!("{}{}", g.label, self.group_target(g)),
            });
        }
        format!(
            "注：目标为{}的建设目标，{}；{PACE}按计划已过月数折算，建成数少于按进度应建成数的为{}。",
            self.plan_years(),
            parts.join("，"),
            pace_word(true)
        )
    }
}

fn with_missed_years(u: &UnitFigures) -> String {
    let missed: Vec<String> = u
        .status_by_year
        .iter()
        .filter(|(_, st)| **st == TargetStatus::Missed)
        .map(|(y, _)| format!("{y}年"))
        .collect();
    match missed.is_empty() {
        true => u.unit.clone(),
        false => format!("{}（{}未完成年度目标）", u.unit, missed.join("、")),
    }
}
