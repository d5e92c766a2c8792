//! The shipped sample's report read back: each figure shows the same value, with its
//! label and decimals, wherever it appears (总览, 分县区进展, 服务情况, 报送情况,
//! narrative, briefing.txt, summary.json, console), and the words follow the glossary.

mod common;

use std::path::PathBuf;

use common::book::{xlsx_words, Grid};
use common::*;
use serde_json::Value;

struct Report {
    _out: tempfile::TempDir,
    dir: PathBuf,
    book: PathBuf,
    summary: Value,
    console: String,
    briefing: String,
}

fn shipped() -> Report {
    let out = tempfile::tempdir().unwrap();
    let run = xtic()
        .args(["report", "--outputs"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let dir = out.path().join("2022-12");
    Report {
        book: dir.join("邢台市科技创新综合体建设进展报告_2022年12月.xlsx"),
        summary: read_json(&dir.join("summary.json")),
        console: String::from_utf8(run.stdout).unwrap(),
        briefing: std::fs::read_to_string(dir.join("briefing.txt")).unwrap(),
        dir,
        _out: out,
    }
}

/// One report of the shipped sample, checked figure by figure and word by word.
#[test]
fn the_shipped_report_agrees_with_itself() {
    let r = shipped();
    every_figure_reads_the_same_everywhere(&r);
    words_follow_the_glossary(&r);
    feedback_closing_words_fit_the_problems(&r);
}

fn every_figure_reads_the_same_everywhere(r: &Report) {
    let s = &r.summary;
    let c = &s["city"];
    assert_eq!(
        (c["built"].as_u64(), c["target"].as_u64()),
        (Some(33), Some(30))
    );
    city_target_and_unit_targets(r);
    groups_keep_pace_apart_from_target_status(r);
    returns_without_table2_are_counted_apart(r);
    console_names_each_count(r);
    // the narrative on 总览 is briefing.txt
    let o = Grid::open(&r.book, "总览");
    assert!(
        o.all_text().contains(r.briefing.trim()),
        "总览 narrative differs from briefing.txt"
    );
}

/// 总览 and the narrative give the city's target (30); 分县区进展's 合计 row adds the
/// units' targets (32); both are shown, labelled, with the same rate and expectation.
fn city_target_and_unit_targets(r: &Report) {
    let o = Grid::open(&r.book, "总览");
    let (head, ind) = o.header("指标");
    let (value, note) = (o.col_in(head, "数值"), o.col_in(head, "说明"));
    let built = o.row_where(head, ind, "全市累计建成（2020—2022年建成）");
    assert_eq!(o.num(built, value), 33.0);
    assert!(o
        .text(built, note)
        .contains("全市目标 30 家；各县（市、区）目标之和 32 家"));
    let rate = o.row_where(head, ind, "全市目标完成率");
    assert!((o.num(rate, value) - 1.1).abs() < 1e-9);
    assert!(o.text(rate, note).contains("103.1%"));
    let exp = o.row_where(head, ind, "按进度应建成");
    assert_eq!(o.num(exp, value), 30.0);
    assert!(o.text(exp, note).contains("超出3.00家"));

    let u = Grid::open(&r.book, "分县区进展");
    let (h, name) = u.header("县（市、区）");
    let total = u.row_where(h, 0, "合计");
    assert_eq!(u.num(total, u.col_in(h, "目标（家）")), 32.0);
    assert_eq!(u.num(total, u.col_in(h, "累计建成（家）")), 33.0);
    assert_eq!(u.num(total, u.col_in(h, "按进度应建成")), 32.0);
    let (h2, label) = u.header("口径");
    let city = u.row_where(h2, label, "全市目标（行动计划对全市的要求）");
    let sums = u.row_where(h2, label, "各县（市、区）目标之和（上表合计行）");
    let t = u.col_in(h2, "目标（家）");
    assert_eq!((u.num(city, t), u.num(sums, t)), (30.0, 32.0));
    let rate = u.col_in(h2, "完成率");
    assert!((u.num(city, rate) - 1.1).abs() < 1e-9);
    assert!((u.num(sums, rate) - 33.0 / 32.0).abs() < 1e-9);
    assert_eq!(u.text(city, u.col_in(h2, "目标状态")), "达标");
    let _ = name;
    let all = u.all_text();
    assert!(all.contains("两者不同") && all.contains("全市目标30家（按进度应建成30.00家）"));

    for text in [&r.briefing, &r.console] {
        assert!(text.contains("110.0%"), "{text}");
        assert!(text.contains("30.00"), "{text}");
        assert!(
            !text.contains("30.0家") && !text.contains("3.0家"),
            "{text}"
        );
    }
    assert!(r.briefing.contains("完成全市目标30家的110.0%"));
    assert!(r.briefing.contains("各县（市、区）目标之和为32家"));
    assert!(r.console.contains("全市目标 30 家") && r.console.contains("目标之和 32 家"));
    assert!(
        r.briefing.contains("奖励资金900.00万元"),
        "money as in the workbook"
    );
}

/// All six 重点区 keep pace; 任泽区 missed 2021's target: two counts, never one.
fn groups_keep_pace_apart_from_target_status(r: &Report) {
    let u = Grid::open(&r.book, "分县区进展");
    let (h, _) = u.header("县（市、区）");
    let (group, pace, status) = (
        u.col_in(h, "类别"),
        u.col_in(h, "进度"),
        u.col_in(h, "目标状态"),
    );
    let rows: Vec<usize> = (h + 1..u.cells.len())
        .filter(|&i| u.text(i, group) == "重点区")
        .collect();
    assert_eq!(rows.len(), 6);
    let on_pace = rows.iter().filter(|&&i| u.text(i, pace) == "正常").count();
    let met = rows
        .iter()
        .filter(|&&i| u.text(i, status) == "达标")
        .count();
    assert_eq!((on_pace, met), (6, 5));

    let o = Grid::open(&r.book, "总览");
    let (head, ind) = o.header("指标");
    let row = o.row_where(head, ind, "重点区：进度正常");
    assert_eq!(o.num(row, o.col_in(head, "数值")) as usize, on_pace);
    let note = o.text(row, o.col_in(head, "说明"));
    assert!(
        note.contains("达标 5 个") && note.contains("未达标 1 个（任泽区）"),
        "{note}"
    );
    for text in [&r.briefing, &r.console] {
        assert!(
            text.contains(
                "重点区6个均进度正常；目标状态：达标5个、未达标1个（任泽区2021年未完成）"
            ),
            "{text}"
        );
    }
    let s = &r.summary;
    let missed: Vec<&str> = s["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["group"] == "priority" && u["status"] == "missed")
        .map(|u| u["unit"].as_str().unwrap())
        .collect();
    assert_eq!(missed, ["任泽区"]);
}

/// 平乡县 sent 2022-05 without 表2 (no month is missing); 临城县 sent nothing for
/// 2022-12. Each sheet shows both counts, labelled, and they agree.
fn returns_without_table2_are_counted_apart(r: &Report) {
    let sv = Grid::open(&r.book, "服务情况");
    let (h, _) = sv.header("月份");
    let may = sv.row_where(h, 0, "2022-05");
    assert_eq!(sv.num(may, sv.col_in(h, "报送表2的单位数")), 19.0);
    assert_eq!(sv.num(may, sv.col_in(h, "未报送的单位数")), 0.0);
    assert_eq!(sv.num(may, sv.col_in(h, "缺表2的单位数")), 1.0);
    let (h2, name) = sv.header("县（市、区）");
    let sub = Grid::open(&r.book, "报送情况");
    let (h3, name3) = sub.header("县（市、区）");
    for (unit, no_return, no_table2) in [
        ("平乡县", 0.0, 1.0),
        ("临城县", 1.0, 0.0),
        ("襄都区", 0.0, 0.0),
    ] {
        let a = sv.row_where(h2 + 1, name, unit);
        assert_eq!(sv.num(a, sv.col_in(h2, "未报送月数")), no_return, "{unit}");
        assert_eq!(sv.num(a, sv.col_in(h2, "缺表2月数")), no_table2, "{unit}");
        let b = sub.row_where(h3 + 1, name3, unit);
        assert_eq!(
            sub.num(b, sub.col_in(h3, "未报送月数")),
            no_return,
            "{unit}"
        );
        assert_eq!(sub.num(b, sub.col_in(h3, "缺表2月数")), no_table2, "{unit}");
        let js = r.summary["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == unit)
            .unwrap()["months_missing"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(js as f64, no_return, "{unit}");
    }
    assert!(sub
        .all_text()
        .contains("未填报出日期的视为按时报送，并给出警告"));
    assert!(!sub.all_text().contains("按按时计"));
}

/// The console says what each number is: files sent back whole versus the 退回 lists.
fn console_names_each_count(r: &Report) {
    let lists = std::fs::read_dir(r.dir.join("退回")).unwrap().count();
    assert_eq!(lists, 4);
    assert!(r.console.contains("退回（整份未用）0"), "{}", r.console);
    assert!(
        r.console.contains(&format!("已写出退回清单 {lists} 份")),
        "{}",
        r.console
    );
    assert!(r.console.contains("本月未报送：临城县"), "{}", r.console);
}

fn words_follow_the_glossary(r: &Report) {
    let mut texts = common::book::words_below(&r.dir);
    texts.push((PathBuf::from("console"), r.console.clone()));
    for (path, text) in &texts {
        for w in ["序时", "提示", "县(市、区)", "(市、区)", "按按时"] {
            assert!(!text.contains(w), "{} says {w}", path.display());
        }
    }
    // PNG/SVG charts say 按进度应建成, with the workbook's decimals
    let svg = std::fs::read_to_string(r.dir.join("charts/全市累计进展.svg")).unwrap();
    assert!(svg.contains("按进度应建成30.00家"));
    let svg = std::fs::read_to_string(r.dir.join("charts/功能配置.svg")).unwrap();
    assert!(
        svg.contains("共42家综合体（建成运营36家、在建3家、谋划3家）"),
        "the denominator"
    );
    // 名录: a 在建 row's 建成时间 is a plan and says so
    let d = Grid::open(&r.book, "综合体名录");
    let (h, _) = d.header("建设状态");
    let (status, built) = (d.col_in(h, "建设状态"), d.col_in(h, "建成时间"));
    let building: Vec<usize> = (h + 1..d.cells.len())
        .filter(|&i| d.text(i, status) == "在建")
        .collect();
    assert_eq!(building.len(), 3);
    for i in building {
        assert!(
            d.text(i, built).ends_with("（计划）"),
            "{}",
            d.text(i, built)
        );
    }
    // 分产业: the note names 其他 as the table does, and 未分类 for what matches nothing
    let note = Grid::open(&r.book, "分产业情况").all_text();
    assert!(note.contains("“其他”是计划产业目录中的产业") && note.contains("“未分类”"));
}

/// 退回 workbooks end with what the unit must do: a late but counted return is not
/// sent again; a return without 表2 is, by the deadline derived from the plan's day.
fn feedback_closing_words_fit_the_problems(r: &Report) {
    let words =
        |unit: &str| xlsx_words(&r.dir.join(format!("退回/{unit}_数据问题_2022年12月.xlsx")));
    let late = words("新河县");
    assert!(
        late.contains("逾期报送的报表已计入统计，无需因此重新报送"),
        "{late}"
    );
    assert!(!late.contains("整份报表重新报送"));
    let no_table2 = words("平乡县");
    assert!(no_table2.contains("请补齐表2后将该期整份报表重新报送，截止 2023年2月10日"));
    let mismatch = words("宁晋县");
    assert!(mismatch.contains("请在下一期报表中改正（截止 2023年2月10日），本期报表不必重新报送"));
    let undated = words("隆尧县");
    assert!(undated.contains("今后请在表尾填写报出日期"));
}
