//! The monthly 通报: a Word document (docs/报表格式.md §十一, item 5) in the form of a government
//! 通报 (GB/T 9704-2012, as far as it fits a data report), written with docx-rs.
//!
//! Five sections (一、总体进展 … 五、报送情况), each rendered from a template file under
//! `templates/通报/` with the `{placeholders}` of the narrative and those of [`values`];
//! a section's template places its table or the chart with a `{table}` or `{chart}`
//! line. Every number the document prints is one of summary.json's (or a date); the
//! wording avoids rates and differences, which summary.json does not hold.
//!
//! `layout` holds the page, styles and paragraphs, `tables` the three tables, `text`
//! the templates, and `package` makes the file deterministic (fixed zip timestamps,
//! no wall clock in core.xml) and declares the fonts with their fallbacks.

mod layout;
mod order;
mod package;
mod tables;
mod text;
pub mod values;

use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Days, NaiveDate};

use crate::figures::Figures;
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::select::Selection;

use layout::Doc;
use text::Block;

/// The city the 通报 is for: in its title, its file name and its sentences.
pub fn city(plan: &Plan) -> String {
    plan.wording().city().to_string()
}

/// `邢台市科技创新综合体建设进展通报_2022年12月.docx`.
pub fn file_name(plan: &Plan, p: YearMonth) -> String {
    format!("{}_{}.docx", plan.wording().bulletin_title(), p.chinese())
}

/// The 成文日期: the day after the return deadline for P, the first day on which the
/// bureau knows which returns are late or missing (never the wall clock).
pub fn issue_date(plan: &Plan, p: YearMonth) -> NaiveDate {
    let deadline = crate::select::deadline(p, plan);
    deadline.checked_add_days(Days::new(1)).unwrap_or(deadline)
}

/// What the 通报 is made from.
pub struct Input<'a> {
    pub fig: &'a Figures,
    pub sel: &'a Selection,
    pub plan: &'a Plan,
    pub p: YearMonth,
    /// The chart of section 一 (全市累计进展) as PNG bytes, with its size in pixels.
    pub chart: (Vec<u8>, (u32, u32)),
}

/// The section headings, in order, with the template file each is written from.
pub const SECTIONS: [(&str, &str); 5] = [
    ("一、总体进展", "01_总体进展.txt"),
    ("二、分县区情况", "02_分县区情况.txt"),
    ("三、分产业情况", "03_分产业情况.txt"),
    ("四、服务成效", "04_服务成效.txt"),
    ("五、报送情况", "05_报送情况.txt"),
];

/// Builds the .docx. `templates` is the folder holding `通报/` (the shipped wording
/// is used for any file that is not there).
///
/// # Errors
/// The document cannot be packed (an internal error of the writer).
pub fn build(input: &Input, templates: &Path) -> Result<Vec<u8>> {
    let v = values::values(input);
    let dir = templates.join("通报");
    let mut doc = Doc::new();
    let title = input.plan.wording().bulletin_title();
    doc.title(&[title.clone(), format!("（{}）", input.p.chinese_short())]);
    let opening = text::render(&text::load(&dir, "00_导语.txt"), &v);
    for (i, block) in opening.iter().enumerate() {
        if let Block::Para(line) = block {
            match i {
                0 => doc.addressee(line),
                _ => doc.body(line),
            }
        }
    }
    for (n, (heading, file)) in SECTIONS.iter().enumerate() {
        doc.heading(heading);
        let blocks = text::render(&text::load(&dir, file), &v);
        let last = n + 1 == SECTIONS.len();
        for (i, block) in blocks.iter().enumerate() {
            let next = blocks.get(i + 1);
            match (block, last && next.is_none()) {
                (Block::Para(line), true) => doc.body_kept(line),
                _ => section_block(&mut doc, input, n, block, next),
            }
        }
    }
    for block in text::render(&text::load(&dir, "06_结束语.txt"), &v) {
        if let Block::Para(line) | Block::Note(line) = block {
            doc.body_kept(&line);
        }
    }
    let date = issue_date(input.plan, input.p);
    let authority = input.plan.wording().authority();
    doc.signature(authority, &chinese_date(date));
    let props = package::Props {
        title: &format!("{title}（{}）", input.p.chinese_short()),
        author: authority,
        date: &date.format("%Y-%m-%d").to_string(),
    };
    package::finish(doc.into_docx(), &props).context("无法生成通报文档")
}

/// Places one block of section `n` (0 = 一); `next` is the block after it. A note
/// stays with the table above it, and the space after a table follows its note.
fn section_block(doc: &mut Doc, input: &Input, n: usize, block: &Block, next: Option<&Block>) {
    let note_follows = matches!(next, Some(Block::Note(_)));
    match block {
        Block::Para(line) => doc.body(line),
        Block::Note(line) => {
            doc.note(line);
            doc.space();
        }
        Block::Chart => doc.picture(&input.chart.0, input.chart.1),
        Block::Table => {
            let grid = match n {
                1 => tables::units(input),
                2 => tables::industries(input),
                3 => tables::services(input),
                _ => return,
            };
            doc.table(grid, note_follows);
            if !note_follows {
                doc.space();
            }
        }
    }
}

/// `2023年1月11日` (GB/T 9704: Arabic numerals, no leading zeros).
pub fn chinese_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{Submission, TargetStatus};
    use crate::report::plots::tests::figures;

    fn input<'a>(fig: &'a Figures, sel: &'a Selection, plan: &'a Plan) -> Input<'a> {
        Input {
            fig,
            sel,
            plan,
            p: YearMonth::new(2021, 6).unwrap(),
            chart: (b"\x89PNG not decoded".to_vec(), (1600, 900)),
        }
    }

    #[test]
    fn same_figures_same_bytes_on_any_thread() {
        let plan = Plan::builtin();
        let fig = figures(&plan, 18, false);
        let sel = Selection::default();
        let none = Path::new("no/such/templates");
        let first = build(&input(&fig, &sel, &plan), none).unwrap();
        let second = build(&input(&fig, &sel, &plan), none).unwrap();
        let other = std::thread::scope(|s| {
            s.spawn(|| build(&input(&fig, &sel, &plan), none).unwrap())
                .join()
                .unwrap()
        });
        assert!(
            first == second && first == other,
            "the 通报 differs between builds"
        );
    }

    #[test]
    fn groups_name_the_exceptions_and_missing_units_their_source() {
        let plan = Plan::builtin();
        let mut fig = figures(&plan, 18, false);
        for u in &mut fig.summary.units {
            u.status = TargetStatus::Met;
        }
        let units = &mut fig.summary.units;
        units[2].status = TargetStatus::Missed;
        units[2].status_by_year.insert(2021, TargetStatus::Missed);
        units[8].status = TargetStatus::InProgress;
        units[6].submission = Submission::Missing;
        units[6].return_period = YearMonth::parse_iso("2021-05");
        units[7].submission = Submission::Missing;
        units[7].return_period = None;
        units[9].submission = Submission::Missing;
        units[9].return_period = YearMonth::parse_iso("2021-05");
        units[10].submission = Submission::Late;
        let sel = Selection::default();
        let v = values::values(&input(&fig, &sel, &plan));
        assert_eq!(
            v["groups_text"],
            "重点区中，目标状态为未达标的有任泽区（2021年未完成年度目标），其余均为达标。\
             其余县（市、区）中，目标状态为进行中的有柏乡县，其余均为达标。"
        );
        assert_eq!(
            v["submission_text"],
            "逾期报送的有宁晋县；未报送的有临城县、隆尧县（数据沿用2021年5月报表）；\
             内丘县（尚无可用报表），其余单位按时报送。"
        );
        assert_eq!(v["deadline"], "2021年7月10日");
        assert_eq!(v["date"], "2021年7月11日");
        assert_eq!(v["services_span"], "2021年1—6月");
    }

    #[test]
    fn the_date_line_follows_the_deadline_day() {
        let mut plan = Plan::builtin();
        plan.deadline_day = 28;
        let p = YearMonth::new(2023, 1).unwrap();
        assert_eq!(chinese_date(issue_date(&plan, p)), "2023年3月1日");
        assert_eq!(
            file_name(&plan, p),
            "邢台市科技创新综合体建设进展通报_2023年01月.docx"
        );
    }
}
