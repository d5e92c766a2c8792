//! The closing words of a 退回 workbook: what the unit must do, fitted to its problems
//! (an error asks for the whole return again, a late but counted return does not) and
//! with the date by which a return sent back is due again.

use super::glossary::{ERROR, WARNING};
use super::Wording;
use crate::issue::{Issue, Rule};
use crate::normalize::YearMonth;

/// Problems that are about when or how the return was sent, not its data.
fn about_sending(rule: Rule) -> bool {
    matches!(rule, Rule::ReturnLate | Rule::ReturnUndated)
}

fn date_words(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

impl Wording<'_> {
    /// The notes under a unit's problem list for report month `p`.
    pub fn feedback_notes(&self, issues: &[&Issue], p: YearMonth) -> Vec<String> {
        let due = date_words(self.resubmit_by(p));
        let authority = &self.plan().authority;
        let errors = issues.iter().filter(|i| i.is_error()).count();
        let no_table2 = issues.iter().any(|i| i.rule == Rule::Table2Missing);
        let data = issues
            .iter()
            .filter(|i| !i.is_error() && !about_sending(i.rule) && i.rule != Rule::Table2Missing)
            .count();
        let late = issues.iter().any(|i| i.rule == Rule::ReturnLate);
        let undated = issues.iter().any(|i| i.rule == Rule::ReturnUndated);
        let resend = errors > 0 || no_table2;
        let mut out = vec!["注：“单元格”指所报文件中的位置，如 F12 为 F 列第 12 行。".to_string()];
        if errors > 0 {
            out.push(format!(
                "{ERROR} {errors} 条：所涉的行或文件未计入统计。请改正后将该期整份报表重新报送{authority}，截止 {due}（与下一期报表的截止日期相同）。"
            ));
        }
        if no_table2 {
            out.push(format!(
                "缺少表2的月份，服务情况按缺报处理。请补齐表2后将该期整份报表重新报送，截止 {due}。"
            ));
        }
        if data > 0 {
            let how = if resend {
                "确有错误的，请在重新报送时一并改正".to_string()
            } else {
                format!("确有错误的，请在下一期报表中改正（截止 {due}），本期报表不必重新报送")
            };
            out.push(format!(
                "{WARNING} {data} 条所涉的数据已计入统计，请逐条核实；{how}。"
            ));
        }
        if late {
            out.push(format!(
                "逾期报送的报表已计入统计，无需因此重新报送；今后请{}。",
                self.deadline_rule()
            ));
        }
        if undated {
            out.push(
                "未填报出日期的报表已视为按时报送、计入统计，无需因此重新报送；今后请在表尾填写报出日期。"
                    .to_string(),
            );
        }
        out
    }
}
