//! Cutting a table into rows: data rows, 合计 rows, and the rows that are not data
//! (blank, 序号 only, 栏次, footer) (docs/报表格式.md §五).

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::ingest::workbook::Grid;
use crate::normalize::{fold, fold_cow, Cell};

/// What a row below the titles is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Data,
    Total,
    Skip,
}

const FOOTER_LABELS: &[&str] = &[
    "单位负责人",
    "统计负责人",
    "填表人",
    "制表人",
    "审核人",
    "联系电话",
    "电话",
    "报出日期",
    "填报日期",
    "说明",
    "注:",
    "注：",
    "备注:",
    "填表说明",
    "以下空白",
    "以下无",
    "此页无",
    "负责人",
    "填报人",
    "报送日期",
    "联系人",
    "审核",
    "制表",
    "主管领导",
    "日期:",
];

/// `注1.` `注、` `注:` — a note, but not a name such as 注塑….
fn is_note(folded: &str) -> bool {
    let mut chars = folded.chars();
    chars.next() == Some('注')
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '、' | ')' | '(' | '１'))
}

/// [`FOOTER_LABELS`] folded, once.
static FOOTER_KEYS: LazyLock<Vec<String>> =
    LazyLock::new(|| FOOTER_LABELS.iter().map(|l| fold(l)).collect());

fn is_footer_text(folded: &str) -> bool {
    FOOTER_KEYS.iter().any(|l| folded.starts_with(l.as_str())) || is_note(folded)
}

fn is_total_text(folded: &str) -> bool {
    folded.starts_with("合计") || folded.starts_with("总计")
}

/// Classifies one row of a table whose titles map to `columns` (the columns in use)
/// and whose 序号 column is `seq_col`.
pub fn classify(grid: &Grid, row: u32, columns: &[u32], seq_col: Option<u32>) -> RowKind {
    let filled: Vec<(u32, &Cell)> = grid
        .row(row)
        .iter()
        .map(|(c, v)| (*c, v))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    if filled.is_empty() {
        return RowKind::Skip;
    }
    if let Some((_, Cell::Text(t))) = filled.first() {
        let f = fold_cow(t);
        if is_total_text(&f) {
            return RowKind::Total;
        }
        if is_footer_text(&f) {
            return RowKind::Skip;
        }
    }
    // a total written in the name column, after the 序号
    let total_text = |v: &Cell| matches!(v, Cell::Text(t) if is_total_text(&fold_cow(t)));
    if filled.iter().take(3).any(|(_, v)| total_text(v)) {
        return RowKind::Total;
    }
    let in_use: Vec<&(u32, &Cell)> = filled.iter().filter(|(c, _)| columns.contains(c)).collect();
    if in_use.is_empty() {
        return RowKind::Skip;
    }
    if in_use.len() == 1 && Some(in_use[0].0) == seq_col {
        return RowKind::Skip;
    }
    // a template row left unfilled: its 序号 and formulas that give 0, no text at all
    if in_use
        .iter()
        .all(|(c, v)| Some(*c) == seq_col || matches!(v, Cell::Number(n) if *n == 0.0))
    {
        return RowKind::Skip;
    }
    // a footer line that starts in another column (`联系人：…` under the data)
    // (only a row of text alone can be one: the rest are not folded for it)
    let all_text = filled.iter().all(|(_, v)| matches!(v, Cell::Text(_)));
    let texts: Vec<Cow<str>> = filled
        .iter()
        .filter(|_| all_text)
        .filter_map(|(_, v)| match v {
            Cell::Text(t) => Some(fold_cow(t)),
            _ => None,
        })
        .collect();
    if !texts.is_empty()
        && texts.len() == filled.len()
        && texts.iter().all(|t| is_footer_text(t) || !t.contains(':'))
        && texts.iter().any(|t| is_footer_text(t))
        && texts.iter().any(|t| t.contains(':'))
    {
        return RowKind::Skip;
    }
    if is_column_numbers(&filled) {
        return RowKind::Skip;
    }
    RowKind::Data
}

/// A 栏次 row under the titles: 甲 乙 丙 … then 1 2 3 … in sequence.
fn is_column_numbers(filled: &[(u32, &Cell)]) -> bool {
    if filled.len() < 5 {
        return false;
    }
    let mut expect = None::<f64>;
    for (_, v) in filled {
        match v {
            Cell::Text(t) if matches!(&*fold_cow(t), "甲" | "乙" | "丙" | "丁" | "戊" | "己") => {
                if expect.is_some() {
                    return false;
                }
            }
            Cell::Number(n) => {
                if let Some(e) = expect {
                    if *n != e {
                        return false;
                    }
                }
                expect = Some(n + 1.0);
            }
            Cell::Text(t) => {
                let Ok(n) = fold_cow(t).parse::<f64>() else {
                    return false;
                };
                if let Some(e) = expect {
                    if n != e {
                        return false;
                    }
                }
                expect = Some(n + 1.0);
            }
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn kinds() {
        let grid = Grid::from_rows(
            "表1",
            vec![
                vec![Cell::Number(1.0), t("清河羊绒综合体"), t("在建")],
                vec![t("合 计"), Cell::Empty, Cell::Number(3.0)],
                vec![Cell::Number(2.0)],
                vec![],
                vec![t("填表人：张三"), Cell::Empty, t("联系电话：123")],
                vec![Cell::Empty, t("总计"), Cell::Number(3.0)],
                vec![
                    t("甲"),
                    t("乙"),
                    Cell::Number(1.0),
                    Cell::Number(2.0),
                    Cell::Number(3.0),
                ],
                vec![Cell::Empty, t("以下空白")],
                vec![Cell::Number(9.0), Cell::Number(0.0), Cell::Number(0.0)],
                vec![Cell::Empty, t("注塑模具科技创新综合体"), t("在建")],
                vec![t("注1.本表金额单位为万元")],
                vec![Cell::Empty, Cell::Empty, t("联系人：王某"), t("电话：123")],
            ],
        );
        let cols = [0, 1, 2, 3, 4];
        let kinds: Vec<_> = (0..12)
            .map(|r| classify(&grid, r, &cols, Some(0)))
            .collect();
        use RowKind::*;
        assert_eq!(
            kinds,
            [Data, Total, Skip, Skip, Skip, Total, Skip, Skip, Skip, Data, Skip, Skip]
        );
    }
}
