//! Which unit and which month a return is for: from its header block, else from its
//! file name (docs/报表格式.md §二).

use std::path::Path;

use crate::ingest::locate::{self, HeaderLines, Labelled, DATE_LABELS, MONTH_LABELS, UNIT_LABELS};
use crate::ingest::workbook::Grid;
use crate::issue::{Issue, Rule};
use crate::normalize::{find_month_in_text, fold, fold_cow, parse_month, Cell, Parsed, YearMonth};
use crate::plan::Plan;

/// A return's unit and month, with warnings about how its header wrote them.
pub(super) type Identity = (String, YearMonth, Vec<Issue>);
/// The unit if known, and the file errors that reject it.
pub(super) type Unidentified = (Option<String>, Vec<Issue>);

/// What the header block or the file name says about the unit.
enum Said<T> {
    Nothing,
    Value(T, String),
    Unknown(String),
}

/// What the header block and the file name of one return say.
struct Header<'a> {
    grid: &'a Grid,
    sheet: &'a str,
    header_end: u32,
    file: &'a str,
    /// The file's own name, without its folders.
    name: String,
    plan: &'a Plan,
    unit_cell: Option<Labelled>,
    month_cell: Option<Labelled>,
}

/// Finds the unit and month: from the header block, else from the file name; a
/// conflict between the two, or a unit that cannot be mapped, rejects the file.
pub(super) fn identify(
    lines: &HeaderLines,
    grid: &Grid,
    sheet: &str,
    header_end: u32,
    file: &str,
    plan: &Plan,
) -> Result<Identity, Unidentified> {
    let rows = 0..header_end.max(1);
    let h = Header {
        grid,
        sheet,
        header_end,
        file,
        name: Path::new(file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        plan,
        unit_cell: lines.find(UNIT_LABELS, rows.clone()),
        month_cell: lines.find(MONTH_LABELS, rows),
    };
    h.dissolved()?;
    let unit = h.unit()?;
    let (month, mut warnings) = h
        .month()
        .map_err(|issue| (Some(unit.clone()), vec![*issue]))?;
    for w in &mut warnings {
        w.unit = Some(unit.clone());
    }
    Ok((unit, month, warnings))
}

impl Header<'_> {
    /// A problem with a header value points at the cell it came from.
    fn at(&self, issue: Issue, l: Option<&Labelled>) -> Issue {
        match l {
            Some(l) => issue.sheet(self.sheet).at(l.row, Some(l.col)),
            None => issue,
        }
    }

    fn reject(&self, rule: Rule, msg: String, value: String, l: Option<&Labelled>) -> Unidentified {
        let issue = Issue::new(rule, self.file, msg).value(value);
        (None, vec![self.at(issue, l)])
    }

    /// A dissolved unit anywhere in the header or the name cannot be mapped.
    fn dissolved(&self) -> Result<(), Unidentified> {
        let header_text = self
            .unit_cell
            .as_ref()
            .map(|l| l.value.display())
            .unwrap_or_default();
        for (text, cell) in [
            (header_text.as_str(), self.unit_cell.as_ref()),
            (self.name.as_str(), None),
        ] {
            if let Some(d) = self.plan.find_dissolved_in_text(text) {
                let msg = self.plan.wording().dissolved_message(d);
                return Err(self.reject(Rule::UnitDissolved, msg, text.to_string(), cell));
            }
        }
        Ok(())
    }

    fn unit(&self) -> Result<String, Unidentified> {
        let plan = self.plan;
        let header_unit = match &self.unit_cell {
            None => Said::Nothing,
            Some(l) => {
                let text = l.value.display();
                match plan
                    .match_unit_exact(&text)
                    .or_else(|| plan.find_unit_in_text(&text))
                {
                    Some(u) => Said::Value(u.to_string(), text),
                    None if is_blank_unit(&text) => Said::Nothing,
                    None => Said::Unknown(text),
                }
            }
        };
        let name_unit = match plan.find_unit_in_text(&self.name) {
            Some(u) => Said::Value(u.to_string(), self.name.clone()),
            None => Said::Nothing,
        };
        let cell = self.unit_cell.as_ref();
        match (header_unit, name_unit) {
            (Said::Unknown(text), _) => {
                let msg = format!("表头填报单位“{text}”不是计划中的县（市、区）名称，无法识别。请填写如“清河县科技局”。");
                Err(self.reject(Rule::UnitUnknown, msg, text, cell))
            }
            (Said::Value(h, ht), Said::Value(n, _)) if h != n => {
                let name = &self.name;
                let msg = format!("表头填报单位为“{ht}”（{h}），文件名却是“{name}”（{n}），两者不一致，无法确定是哪个单位的报表。请核实后改正文件名或表头。");
                Err(self.reject(Rule::UnitConflict, msg, ht, cell))
            }
            (Said::Value(h, _), _) => Ok(h),
            (Said::Nothing, Said::Value(n, _)) => Ok(n),
            _ => {
                let msg = "表头没有“填报单位：××县科技局”，文件名中也没有单位名称，无法识别是哪个单位的报表。请在表头填写填报单位。".to_string();
                Err((None, vec![Issue::new(Rule::UnitUnknown, self.file, msg)]))
            }
        }
    }

    /// The month the header says (or the form's title), with a warning for `YYYY.1`.
    fn header_month(&self, warnings: &mut Vec<Issue>) -> Said<YearMonth> {
        let Some(Labelled { value, .. }) = &self.month_cell else {
            return match title_month(self.grid, self.header_end) {
                Some((m, text)) => Said::Value(m, text),
                None => Said::Nothing,
            };
        };
        match parse_month(value) {
            Parsed::Value(v) => {
                if v.maybe_october {
                    let y = v.month.year;
                    let msg = format!("报告期填的是数字 {y}.1，按 {y}年1月 读取；如本意是 {y}年10月，Excel 会把 {y}.10 存成 {y}.1，请改为文本“{y}年10月”。");
                    let w =
                        Issue::new(Rule::MonthMaybeOctober, self.file, msg).value(value.display());
                    warnings.push(self.at(w, self.month_cell.as_ref()));
                }
                Said::Value(v.month, value.display())
            }
            Parsed::Null => Said::Nothing,
            Parsed::Bad(seen) => Said::Unknown(seen),
        }
    }

    fn month(&self) -> Result<(YearMonth, Vec<Issue>), Box<Issue>> {
        let mut warnings = Vec::new();
        let header_month = self.header_month(&mut warnings);
        let name_month = match find_month_in_text(&self.name) {
            Some(m) => Said::Value(m, self.name.clone()),
            None => Said::Nothing,
        };
        let cell = self.month_cell.as_ref();
        let fail = |rule, msg: String, value: String, cell: Option<&Labelled>| {
            Err(Box::new(
                self.at(Issue::new(rule, self.file, msg).value(value), cell),
            ))
        };
        let month = match (header_month, name_month) {
            (Said::Unknown(seen), _) => {
                let msg =
                    format!("表头报告期“{seen}”不是可识别的月份，应写成如“报告期：2022年6月”。");
                return fail(Rule::MonthUnknown, msg, seen, cell);
            }
            (Said::Value(h, ht), Said::Value(n, _)) if h != n => {
                let msg = format!("表头报告期为“{ht}”（{}），文件名“{}”却是 {}，两者不一致。请核实后改正文件名或表头。", h.chinese_short(), self.name, n.chinese_short());
                return fail(Rule::MonthConflict, msg, ht, cell);
            }
            (Said::Value(h, _), _) => h,
            (Said::Nothing, Said::Value(n, _)) => n,
            _ => match find_month_in_text(self.file) {
                Some(m) => m,
                None => {
                    let msg = "表头没有“报告期：××××年×月”，文件名中也没有月份，无法识别是哪个月的报表。请在表头填写报告期。".to_string();
                    return fail(Rule::MonthUnknown, msg, String::new(), None);
                }
            },
        };
        Ok((month, warnings))
    }
}

/// A month in the form's title (`…月报表（2022年6月）`), for a header without 报告期.
fn title_month(grid: &Grid, header_end: u32) -> Option<(YearMonth, String)> {
    for row in 0..header_end.min(locate::TITLE_SEARCH_ROWS) {
        for (_, cell) in grid.row(row) {
            let Cell::Text(text) = cell else {
                continue;
            };
            let f = fold_cow(text);
            let is_title = f.contains("月报") || f.contains("报表") || f.contains("情况表");
            let is_date = DATE_LABELS.iter().any(|l| f.contains(l));
            if is_title && !is_date && f.contains('年') && f.contains('月') {
                if let Some(m) = find_month_in_text(&f) {
                    return Some((m, text.trim().to_string()));
                }
            }
        }
    }
    None
}

/// `（盖章）`, `科技局` and the like: a header that names no unit at all.
fn is_blank_unit(text: &str) -> bool {
    let mut f = fold(text);
    for w in [
        "(盖章)",
        "盖章",
        "科学技术局",
        "科技局",
        "科技和工业信息化局",
        "(",
        ")",
        ":",
        "：",
        "_",
    ] {
        f = f.replace(w, "");
    }
    f.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_from_the_title_when_no_label() {
        let t = |s: &str| Cell::Text(s.into());
        let grid = Grid::from_rows(
            "表1",
            vec![
                vec![t("邢台市科技创新综合体建设情况月报表（2022年6月）")],
                vec![t("报出日期：2022年7月5日")],
                vec![t("序号"), t("综合体名称")],
            ],
        );
        let (m, _) = title_month(&grid, 2).unwrap();
        assert_eq!(m, YearMonth::new(2022, 6).unwrap());
        // a 报出日期 line is never taken for the report month
        let grid = Grid::from_rows("表1", vec![vec![t("报表报出日期：2022年7月5日")]]);
        assert!(title_month(&grid, 1).is_none());
    }

    #[test]
    fn blank_unit_headers() {
        assert!(is_blank_unit("（盖章）"));
        assert!(is_blank_unit("科技局"));
        assert!(!is_blank_unit("某某县科技局"));
    }
}
