//! Finding the parts of a return: its two sheets, the header block (unit, month,
//! 报出日期) and the column-title rows, one or two of them (docs/报表格式.md §二–§四).

use crate::ingest::workbook::Grid;
use crate::normalize::{fold, fold_cow, folded_first, Cell};
use crate::schema::Columns;
pub use crate::schema::TitleMap;

/// Rows searched for the title row.
pub const TITLE_SEARCH_ROWS: u32 = 15;

fn is_instructions(folded: &str) -> bool {
    folded.contains("说明")
}

/// The sheets that may be 表1, best first: those whose name contains `表1` or
/// `基本情况`, then every other sheet that is neither instructions (`说明`) nor 表2.
/// The reader takes the first of them whose title row it finds.
pub fn table1_candidates(names: &[String]) -> Vec<&String> {
    let named = |n: &&String| {
        let f = fold(n);
        (f.contains("表1") || f.contains("基本情况")) && !is_instructions(&f)
    };
    let other = |n: &&String| {
        let f = fold(n);
        !is_instructions(&f) && !f.contains("表2") && !f.contains("服务情况") && !named(n)
    };
    names
        .iter()
        .filter(named)
        .chain(names.iter().filter(other))
        .collect()
}

/// Picks the 表2 sheet: the first whose name contains `表2` or `服务情况` and is not
/// an instructions sheet.
pub fn table2_sheet(names: &[String]) -> Option<&String> {
    names.iter().find(|n| {
        let f = fold(n);
        (f.contains("表2") || f.contains("服务情况")) && !is_instructions(&f)
    })
}

/// Labels of the header block and footer whose values xtic reads.
pub const UNIT_LABELS: &[&str] = &["填报单位", "报送单位", "填表单位"];
pub const MONTH_LABELS: &[&str] = &["报告期", "报告月份", "统计期", "所属期"];
pub const DATE_LABELS: &[&str] = &["报出日期", "填报日期", "报送日期"];
/// Other labels that may share a line with them (a value stops where one begins).
const OTHER_LABELS: &[&str] = &[
    "制表机关",
    "表号",
    "单位负责人",
    "统计负责人",
    "填表人",
    "填报人",
    "联系电话",
    "金额单位",
    "计量单位",
];
/// Words that may stand between a label and its value: `填报单位（盖章）：`.
const LABEL_NOISE: &[&str] = &["(盖章)", "(公章)", "(签章)", "(签字)", ":", "："];

/// A labelled value found in the sheet (`填报单位：清河县科技局`), with where it stood.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub value: Cell,
    pub row: u32,
    pub col: u32,
}

fn all_labels() -> impl Iterator<Item = &'static str> {
    UNIT_LABELS
        .iter()
        .chain(MONTH_LABELS)
        .chain(DATE_LABELS)
        .chain(OTHER_LABELS)
        .copied()
}

/// The (label, value) parts of one header line.
type Segments = Vec<(&'static str, String)>;

/// The (label, value) segments of a header cell, or None when the cell does not start
/// with a label (a note such as `注：填报单位须加盖公章` is not a header line).
fn segments(folded: &str) -> Option<Segments> {
    // every label where it stands, left to right; of labels starting at one place the
    // longest, and none inside one already taken (单位负责人 holds 负责人…)
    let mut kept: Vec<(usize, &'static str)> = Vec::new();
    let mut free_from = 0;
    for (p, c) in folded.char_indices() {
        if p < free_from {
            continue;
        }
        if !label_firsts().contains(&c) {
            // no label starts here
            if p == 0 {
                return None;
            }
            continue;
        }
        let rest = &folded[p..];
        let longest = all_labels()
            .filter(|l| rest.starts_with(l))
            .max_by_key(|l| l.len());
        if let Some(l) = longest {
            kept.push((p, l));
            free_from = p + l.len();
        } else if p == 0 {
            return None; // most cells start with no label
        }
    }
    if kept.is_empty() {
        return None;
    }
    Some(values_after(folded, &kept))
}

/// Each label of a header cell with its value: the text up to the next label, without
/// the words between a label and its value (`(盖章)：`) or a trailing separator.
fn values_after(folded: &str, kept: &[(usize, &'static str)]) -> Segments {
    let mut out = Vec::new();
    for (i, (p, l)) in kept.iter().enumerate() {
        let end = kept.get(i + 1).map(|(q, _)| *q).unwrap_or(folded.len());
        let mut rest = &folded[p + l.len()..end];
        while let Some(r) = LABEL_NOISE.iter().find_map(|n| rest.strip_prefix(n)) {
            rest = r;
        }
        out.push((
            *l,
            rest.trim_end_matches([',', '，', ';', '；']).to_string(),
        ));
    }
    out
}

/// The characters labels start with.
fn label_firsts() -> &'static [char] {
    static FIRST: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
        let mut first: Vec<char> = all_labels().filter_map(|l| l.chars().next()).collect();
        first.sort_unstable();
        first.dedup();
        first
    });
    &FIRST
}

/// False when the folded `text` surely starts with no label, told from its first
/// character without folding it (every label starts with a CJK ideograph).
fn may_start_with_label(text: &str) -> bool {
    match folded_first(text) {
        Some(Some(c)) => label_firsts().contains(&c),
        Some(None) => false,
        None => true,
    }
}

/// The header lines of a sheet: every text cell that starts with a label, split into
/// its (label, value) segments. Built in one pass over the sheet; every labelled value
/// is then looked up here.
pub struct HeaderLines<'g> {
    grid: &'g Grid,
    /// (row, column, segments), ascending by row and column.
    lines: Vec<(u32, u32, Segments)>,
}

impl<'g> HeaderLines<'g> {
    pub fn of(grid: &'g Grid) -> HeaderLines<'g> {
        let mut lines = Vec::new();
        for row in grid.rows_from(0) {
            for (col, cell) in grid.row(row) {
                if let Cell::Text(text) = cell {
                    if !may_start_with_label(text) {
                        continue;
                    }
                    if let Some(parts) = segments(&fold_cow(text)) {
                        lines.push((row, *col, parts));
                    }
                }
            }
        }
        HeaderLines { grid, lines }
    }

    fn is_line(&self, row: u32, col: u32) -> bool {
        self.lines
            .binary_search_by_key(&(row, col), |(r, c, _)| (*r, *c))
            .is_ok()
    }

    /// Finds the value of one of `labels` in rows `rows`: the text after the label in
    /// the same cell, or else the next non-empty cell to the right (unless that cell is
    /// itself a label). Only cells that start with a label are header lines; the first
    /// label with a value wins.
    pub fn find(&self, labels: &[&str], rows: std::ops::Range<u32>) -> Option<Labelled> {
        let start = self.lines.partition_point(|(r, _, _)| *r < rows.start);
        let lines = self.lines[start..].iter();
        for (row, col, parts) in lines.take_while(|(r, _, _)| *r < rows.end) {
            let last = parts.len() - 1;
            for (i, (label, value)) in parts.iter().enumerate() {
                if !labels.contains(label) {
                    continue;
                }
                if !value.is_empty() {
                    return Some(Labelled {
                        value: Cell::Text(value.clone()),
                        row: *row,
                        col: *col,
                    });
                }
                if i == last {
                    if let Some(found) = self.value_to_the_right(*row, *col) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }

    fn value_to_the_right(&self, row: u32, col: u32) -> Option<Labelled> {
        let grid = self.grid;
        for c in col + 1..(col + 6).min(grid.end_col()) {
            let v = grid.get(row, c);
            if v.is_empty() {
                continue;
            }
            if self.is_line(row, c) {
                return None; // the next cell is another label: this one was left blank
            }
            return Some(Labelled {
                value: v.clone(),
                row,
                col: c,
            });
        }
        None
    }
}

/// [`HeaderLines::find`] for one look-up.
pub fn find_labelled(grid: &Grid, labels: &[&str], rows: std::ops::Range<u32>) -> Option<Labelled> {
    HeaderLines::of(grid).find(labels, rows)
}

/// The fields matched by the titles of one row, by column (the first column of each).
fn row_matches<F: Copy + Eq + std::hash::Hash>(
    grid: &Grid,
    row: u32,
    field_of: &dyn Fn(&str) -> Option<F>,
) -> Columns<F> {
    let mut out = Columns::default();
    for (col, cell) in grid.row(row) {
        if let Cell::Text(t) = cell {
            if let Some(f) = field_of(t) {
                out.entry(f).or_insert(*col);
            }
        }
    }
    out
}

/// Finds the title row within the first 15 rows: the row matching the most known
/// titles (at least `min_fields`, including one of `must`, tried in turn), merged with
/// the row below it when that row holds sub-titles under merged group cells. Each
/// row's titles are matched once, whatever is tried.
pub fn find_titles_of<F: Copy + Eq + std::hash::Hash>(
    grid: &Grid,
    field_of: &dyn Fn(&str) -> Option<F>,
    must: &[F],
    min_fields: usize,
) -> Option<TitleMap<F>> {
    let last = TITLE_SEARCH_ROWS.min(grid.end_row());
    let matched: Vec<Columns<F>> = (0..=last)
        .map(|row| row_matches(grid, row, field_of))
        .collect();
    must.iter()
        .find_map(|m| best_title_row(&matched, *m, min_fields))
}

/// [`find_titles_of`] with one field that must be there.
pub fn find_titles<F: Copy + Eq + std::hash::Hash>(
    grid: &Grid,
    field_of: &dyn Fn(&str) -> Option<F>,
    must: F,
    min_fields: usize,
) -> Option<TitleMap<F>> {
    find_titles_of(grid, field_of, &[must], min_fields)
}

fn best_title_row<F: Copy + Eq + std::hash::Hash>(
    matched: &[Columns<F>],
    must: F,
    min_fields: usize,
) -> Option<TitleMap<F>> {
    let mut best: Option<TitleMap<F>> = None;
    for row in 0..matched.len().saturating_sub(1) {
        let mut columns = matched[row].clone();
        let mut last_row = row;
        let new_below: Vec<_> = matched[row + 1]
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
                last_title_row: last_row as u32,
                first_title_row: row as u32,
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
        assert_eq!(table1_candidates(&names)[0], "Sheet2");
        assert_eq!(table2_sheet(&names).unwrap(), "服务情况");
        let names: Vec<String> = ["说明", "表1 综合体基本情况", "表2 服务情况"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(table1_candidates(&names)[0], "表1 综合体基本情况");
        let names: Vec<String> = ["填报说明（表1、表2）", "Sheet3", "Sheet1", "表2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(table1_candidates(&names), ["Sheet3", "Sheet1"]);
        assert_eq!(table2_sheet(&names).unwrap(), "表2");
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

    /// The segmentation as first written (every label searched for on its own, the
    /// hits sorted and the overlaps dropped), kept as the oracle for the one-pass scan.
    fn segments_by_search(folded: &str) -> Option<Segments> {
        if !all_labels().any(|l| folded.starts_with(l)) {
            return None;
        }
        let mut hits: Vec<(usize, &'static str)> = Vec::new();
        for label in all_labels() {
            let mut from = 0;
            while let Some(p) = folded[from..].find(label) {
                hits.push((from + p, label));
                from += p + label.len();
            }
        }
        hits.sort_by_key(|(p, l)| (*p, std::cmp::Reverse(l.len())));
        let mut kept: Vec<(usize, &'static str)> = Vec::new();
        for (p, l) in hits {
            if kept.last().is_none_or(|(kp, kl)| p >= kp + kl.len()) {
                kept.push((p, l));
            }
        }
        Some(values_after(folded, &kept))
    }

    #[test]
    fn one_pass_segments_agree_with_searching_each_label() {
        // every pair and triple of labels and fillers a clerk's header line is made of
        let labels: Vec<&str> = all_labels().collect();
        let mut parts: Vec<&str> = labels.clone();
        parts.extend([
            "",
            "：",
            "(盖章)",
            "清河县科技局",
            "2022年6月",
            "负责人",
            "单位",
            "，",
            "报",
        ]);
        let mut checked = 0;
        for a in &parts {
            for b in &parts {
                for c in ["", "填报单位", "：王", "计量单位：万元", "报告"] {
                    let text = format!("{a}{b}{c}");
                    assert_eq!(segments(&text), segments_by_search(&text), "{text}");
                    let text = format!("{c}{a}{b}");
                    assert_eq!(segments(&text), segments_by_search(&text), "{text}");
                    checked += 2;
                }
            }
        }
        assert!(checked > 5_000);
        assert!(segments("").is_none());
        assert_eq!(
            segments("填报单位：清河县科技局单位负责人：王").unwrap(),
            [
                ("填报单位", "清河县科技局".to_string()),
                ("单位负责人", "王".to_string())
            ]
        );
    }

    #[test]
    fn every_label_starts_with_a_cjk_ideograph() {
        // may_start_with_label relies on it
        for l in all_labels() {
            let c = l.chars().next().unwrap();
            assert!(('\u{4E00}'..='\u{9FFF}').contains(&c), "{l}");
        }
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
