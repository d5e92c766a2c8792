//! Finding the parts of a return: its two sheets, the header block (unit, month,
//! 报出日期) and the column-title rows, one or two of them (SPEC §3.1–§3.3).

use std::collections::HashMap;

use crate::ingest::workbook::Grid;
use crate::normalize::{fold, Cell};

/// Rows searched for the title row.
pub const TITLE_SEARCH_ROWS: u32 = 15;

/// Picks the 表1 sheet: the first whose name contains `表1` or `基本情况`, else the
/// first that is not an instructions sheet (name containing `说明`).
pub fn table1_sheet(names: &[String]) -> Option<&String> {
    names
        .iter()
        .find(|n| {
            let f = fold(n);
            f.contains("表1") || f.contains("基本情况")
        })
        .or_else(|| {
            names.iter().find(|n| {
                let f = fold(n);
                !f.contains("说明") && !f.contains("表2") && !f.contains("服务情况")
            })
        })
}

/// Picks the 表2 sheet: the first whose name contains `表2` or `服务情况`.
pub fn table2_sheet(names: &[String]) -> Option<&String> {
    names.iter().find(|n| {
        let f = fold(n);
        f.contains("表2") || f.contains("服务情况")
    })
}

/// A labelled value found in the sheet (`填报单位：清河县科技局`), with where it stood.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub value: Cell,
    pub row: u32,
    pub col: u32,
}

/// Finds the value after a label: text after `：` in the same cell, or the next
/// non-empty cell to the right. Searches rows `rows` of the grid, left to right.
pub fn find_labelled(grid: &Grid, labels: &[&str], rows: std::ops::Range<u32>) -> Option<Labelled> {
    for row in rows {
        for col in 0..grid.end_col() {
            let Cell::Text(text) = grid.get(row, col) else {
                continue;
            };
            let folded = fold(text);
            for label in labels {
                let Some(pos) = folded.find(label) else {
                    continue;
                };
                let rest = folded[pos + label.len()..]
                    .trim_start_matches([':', '：'])
                    .to_string();
                let rest = cut_at_next_label(&rest);
                if !rest.is_empty() {
                    return Some(Labelled {
                        value: Cell::Text(rest),
                        row,
                        col,
                    });
                }
                for c in col + 1..(col + 6).min(grid.end_col()) {
                    let v = grid.get(row, c);
                    if !v.is_empty() {
                        return Some(Labelled {
                            value: v.clone(),
                            row,
                            col: c,
                        });
                    }
                }
            }
        }
    }
    None
}

/// In `填报单位：清河县科技局报告期：2022年6月` (one cell, spaces folded away) keeps only
/// the first value.
fn cut_at_next_label(rest: &str) -> String {
    let mut end = rest.len();
    for label in [
        "填报单位",
        "报告期",
        "报出日期",
        "制表机关",
        "表号",
        "单位:",
        "金额单位",
        "计量单位",
    ] {
        if let Some(p) = rest.find(label) {
            end = end.min(p);
        }
    }
    rest[..end].to_string()
}

/// The column-title rows and what each column holds.
#[derive(Debug, Clone)]
pub struct TitleMap<F> {
    /// Zero-based row of the (last) title row.
    pub last_title_row: u32,
    pub first_title_row: u32,
    /// Field → column.
    pub columns: HashMap<F, u32>,
}

impl<F: Copy + Eq + std::hash::Hash> TitleMap<F> {
    pub fn col(&self, field: F) -> Option<u32> {
        self.columns.get(&field).copied()
    }
}

fn row_matches<F: Copy + Eq + std::hash::Hash>(
    grid: &Grid,
    row: u32,
    field_of: &dyn Fn(&str) -> Option<F>,
) -> HashMap<F, u32> {
    let mut out = HashMap::new();
    for col in 0..grid.end_col() {
        if let Cell::Text(t) = grid.get(row, col) {
            if let Some(f) = field_of(t) {
                out.entry(f).or_insert(col);
            }
        }
    }
    out
}

/// Finds the title row within the first 15 rows: the row matching the most known
/// titles (at least `min_fields`, including `must`), merged with the row below it when
/// that row holds sub-titles under merged group cells.
pub fn find_titles<F: Copy + Eq + std::hash::Hash>(
    grid: &Grid,
    field_of: &dyn Fn(&str) -> Option<F>,
    must: F,
    min_fields: usize,
) -> Option<TitleMap<F>> {
    let mut best: Option<TitleMap<F>> = None;
    let last = TITLE_SEARCH_ROWS.min(grid.end_row());
    for row in 0..last {
        let mut columns = row_matches(grid, row, field_of);
        let mut last_row = row;
        let below = row_matches(grid, row + 1, field_of);
        let new_below: Vec<_> = below
            .iter()
            .filter(|(f, c)| !columns.contains_key(f) && !columns.values().any(|x| x == *c))
            .map(|(f, c)| (*f, *c))
            .collect();
        if !columns.is_empty() && new_below.len() >= 2 {
            for (f, c) in new_below {
                columns.insert(f, c);
            }
            last_row = row + 1;
        }
        if !columns.contains_key(&must) || columns.len() < min_fields {
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|b| columns.len() > b.columns.len())
        {
            best = Some(TitleMap {
                last_title_row: last_row,
                first_title_row: row,
                columns,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{table1_field, Field};

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn sheet_choice_skips_instructions() {
        let names: Vec<String> = ["填报说明", "Sheet2", "服务情况"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(table1_sheet(&names).unwrap(), "Sheet2");
        assert_eq!(table2_sheet(&names).unwrap(), "服务情况");
        let names: Vec<String> = ["说明", "表1 综合体基本情况", "表2 服务情况"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(table1_sheet(&names).unwrap(), "表1 综合体基本情况");
    }

    #[test]
    fn two_row_titles_with_groups() {
        let functions = crate::plan::Plan::builtin().functions;
        let grid = Grid::from_rows(
            "表1",
            vec![
                vec![t("邢台市科技创新综合体建设情况月报表")],
                vec![
                    t("填报单位：清河县科技局"),
                    Cell::Empty,
                    t("报告期：2022年6月"),
                ],
                vec![
                    t("序号"),
                    t("综合体名称"),
                    t("投资情况（万元）"),
                    Cell::Empty,
                    t("具备功能"),
                ],
                vec![
                    Cell::Empty,
                    Cell::Empty,
                    t("计划总投资"),
                    t("累计完成投资"),
                    t("检验检测"),
                    t("教育培训"),
                ],
                vec![Cell::Number(1.0), t("清河羊绒创新综合体")],
            ],
        );
        let map = find_titles(&grid, &|s| table1_field(s, &functions), Field::Name, 3).unwrap();
        assert_eq!(map.first_title_row, 2);
        assert_eq!(map.last_title_row, 3);
        assert_eq!(map.col(Field::InvestDone), Some(3));
        assert_eq!(map.col(Field::Function(8)), Some(5));
        let unit = find_labelled(&grid, &["填报单位"], 0..2).unwrap();
        assert_eq!(unit.value, t("清河县科技局"));
        let month = find_labelled(&grid, &["报告期"], 0..2).unwrap();
        assert_eq!(month.value, t("2022年6月"));
    }

    #[test]
    fn label_in_own_cell() {
        let grid = Grid::from_rows(
            "表1",
            vec![vec![t("报告期："), Cell::Empty, Cell::Number(202206.0)]],
        );
        let v = find_labelled(&grid, &["报告期"], 0..1).unwrap();
        assert_eq!(v.value, Cell::Number(202206.0));
        assert_eq!(v.col, 2);
    }
}
