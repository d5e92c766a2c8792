//! The print set-up and the 合计 formulas of the workbooks xtic writes, read back from
//! the files: every 合计 is a SUM over its column whose cached value is the figure of
//! summary.json; every table sheet has a filter over its titles and data and repeats
//! its titles on every printed page; 说明's file list is out of the print; no column
//! title breaks inside a word. (tests/print_pdf.rs prints them through LibreOffice.)

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use serde_json::Value;
use xtic::report::heading::need;

/// The sheets of the report that hold tables (all but 总览 and 说明).
const TABLE_SHEETS: [&str; 8] = [
    "分县区进展",
    "分产业情况",
    "功能配置",
    "服务情况",
    "考核奖励",
    "综合体名录",
    "报送情况",
    "数据问题",
];

/// Runs the report on the shipped sample; returns the outputs folder and summary.json.
fn sample_report(out: &Path) -> (PathBuf, Value) {
    let run = report(&root().join("inputs"), out, None);
    assert!(matches!(run.status.code(), Some(0) | Some(1)), "{run:?}");
    let dir = out.join("2022-12");
    let summary = read_json(&dir.join("summary.json"));
    (dir, summary)
}

fn book(dir: &Path) -> PathBuf {
    dir.join("邢台市科技创新综合体建设进展报告_2022年12月.xlsx")
}

fn part(file: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in {}", file.display()))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// `C12` → (row 11, column 2), zero-based.
fn cell_ref(a1: &str) -> (u32, u32) {
    let a1 = a1.replace('$', "");
    let split = a1.find(|c: char| c.is_ascii_digit()).expect("a row number");
    let col = a1[..split]
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    (a1[split..].parse::<u32>().unwrap() - 1, col - 1)
}

fn number(d: Option<&Data>) -> Option<f64> {
    match d {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// Every 合计 cell of every sheet: (sheet, row, column) → (formula, cached value).
fn totals(file: &Path) -> BTreeMap<(String, u32, u32), (String, f64)> {
    let mut wb: Xlsx<_> = open_workbook(file).unwrap();
    let mut out = BTreeMap::new();
    for name in wb.sheet_names() {
        let values = wb.worksheet_range(&name).unwrap();
        let formulas = wb.worksheet_formula(&name).unwrap();
        for (r, row) in values.rows().enumerate() {
            let r = r as u32 + values.start().unwrap().0;
            if text(row.first()) != "合计" {
                continue;
            }
            for (c, v) in row.iter().enumerate().skip(1) {
                let c = c as u32 + values.start().unwrap().1;
                if let Some(n) = number(Some(v)) {
                    let f = formulas.get_value((r, c)).cloned().unwrap_or_default();
                    out.insert((name.clone(), r, c), (f, n));
                }
            }
        }
        // the row 合计 of the unit × industry table, under its column title
        for (r, row) in values.rows().enumerate() {
            let r = r as u32 + values.start().unwrap().0;
            let Some(c) = row.iter().rposition(|v| text(Some(v)) == "合计") else {
                continue;
            };
            if c == 0 {
                continue;
            }
            let c = c as u32 + values.start().unwrap().1;
            for below in r + 1..values.end().unwrap().0 + 1 {
                if let Some(n) = number(values.get_value((below, c))) {
                    let f = formulas.get_value((below, c)).cloned().unwrap_or_default();
                    out.insert((name.clone(), below, c), (f, n));
                }
            }
        }
    }
    out
}

/// The sum of the cached values in `A1:B2` on `sheet`.
fn range_sum(file: &Path, sheet: &str, range: &str) -> f64 {
    let mut wb: Xlsx<_> = open_workbook(file).unwrap();
    let values = wb.worksheet_range(sheet).unwrap();
    let (from, to) = range.split_once(':').expect("a range");
    let ((r0, c0), (r1, c1)) = (cell_ref(from), cell_ref(to));
    let mut sum = 0.0;
    for r in r0..=r1 {
        for c in c0..=c1 {
            sum += number(values.get_value((r, c))).unwrap_or(0.0);
        }
    }
    sum
}

/// Every 合计 is a SUM formula over its column, caching the cells' sum, which is the
/// figure of summary.json.
fn totals_are_sum_formulas_holding_the_summary_figures(dir: &Path, s: &Value) {
    let file = book(dir);
    let all = totals(&file);
    assert!(all.len() > 60, "合计 cells found: {}", all.len());
    for ((sheet, r, c), (formula, value)) in &all {
        if let Some(range) = formula
            .strip_prefix("SUM(")
            .and_then(|f| f.strip_suffix(')'))
        {
            let sum = range_sum(&file, sheet, range);
            assert!(
                (sum - value).abs() < 1e-6,
                "{sheet} row {r} col {c}: {formula} caches {value}, the cells sum to {sum}"
            );
        } else {
            // the one 合计 that is not a sum: 分县区进展's 完成率, built over target
            assert!(
                sheet == "分县区进展" && formula.contains('/'),
                "{sheet} row {r} col {c}: 合计 {value} is not a formula: {formula:?}"
            );
        }
    }
    // the cached values are summary.json's figures
    let at = |sheet: &str, title: &str| -> f64 {
        let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
        let values = wb.worksheet_range(sheet).unwrap();
        let (r0, c0) = values.start().unwrap();
        let head = values
            .rows()
            .position(|r| r.iter().any(|v| text(Some(v)).replace('\n', "") == title))
            .unwrap_or_else(|| panic!("{sheet}: no column {title}"));
        let col = values.rows().nth(head).unwrap().iter();
        let c = col
            .clone()
            .position(|v| text(Some(v)).replace('\n', "") == title)
            .unwrap() as u32
            + c0;
        let r = values
            .rows()
            .skip(head)
            .position(|row| text(row.first()) == "合计")
            .unwrap() as u32
            + head as u32
            + r0;
        let (formula, value) = &all[&(sheet.to_string(), r, c)];
        assert!(formula.starts_with("SUM("), "{sheet} {title}: {formula}");
        *value
    };
    let f = |v: &Value| v.as_f64().unwrap();
    assert_eq!(at("分县区进展", "累计建成（家）"), f(&s["city"]["built"]));
    assert_eq!(
        at("分县区进展", "在建"),
        f(&s["city"]["under_construction"])
    );
    assert_eq!(at("分县区进展", "谋划"), f(&s["city"]["planned"]));
    assert_eq!(at("分县区进展", "存量"), f(&s["city"]["pre_plan"]));
    assert_eq!(
        at("考核奖励", "考核通过（家）"),
        f(&s["assessment"]["passed"])
    );
    assert_eq!(
        at("考核奖励", "考核未通过（家）"),
        f(&s["assessment"]["failed"])
    );
    assert_eq!(
        at("考核奖励", "奖励资金（万元）"),
        f(&s["assessment"]["reward_wan"])
    );
    let invest: f64 = s["industries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| f(&i["invest_done_wan"]))
        .sum();
    assert!((at("分产业情况", "累计完成投资（万元）") - invest).abs() < 1e-6);
    let years = s["services_by_year"].as_object().unwrap();
    for (key, title) in [
        ("firms_served", "服务企业（家次）"),
        ("contract_value", "技术合同成交额（万元）"),
        ("rnd", "研发投入（万元）"),
    ] {
        let want: f64 = years.values().map(|y| f(&y[key])).sum();
        assert!(
            (at("服务情况", title) - want).abs() < 1e-6,
            "服务情况 {title}: {want}"
        );
    }
}

/// The defined names of a workbook: (name, sheet index) → formula.
fn defined_names(file: &Path) -> Vec<(String, usize, String)> {
    let xml = part(file, "xl/workbook.xml");
    xml.split("<definedName ")
        .skip(1)
        .map(|d| {
            let attr = |a: &str| {
                d.split(&format!("{a}=\""))
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap_or_default()
                    .to_string()
            };
            let body = d.split('>').nth(1).unwrap_or_default();
            let body = body.split('<').next().unwrap_or_default().to_string();
            (
                attr("name"),
                attr("localSheetId").parse().unwrap_or(0),
                body,
            )
        })
        .collect()
}

fn sheet_index(file: &Path, sheet: &str) -> usize {
    let wb: Xlsx<_> = open_workbook(file).unwrap();
    wb.sheet_names().iter().position(|n| n == sheet).unwrap()
}

/// Every table sheet has a filter over its titles and data and repeats its titles on
/// every printed page; 说明 prints up to its file list.
fn tables_filter_and_repeat_titles_and_the_file_list_is_not_printed(dir: &Path) {
    let file = book(dir);
    let names = defined_names(&file);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    for sheet in TABLE_SHEETS {
        let i = sheet_index(&file, sheet);
        let find = |n: &str| {
            names
                .iter()
                .find(|(name, at, _)| name == n && *at == i)
                .map(|(_, _, f)| f.clone())
                .unwrap_or_else(|| panic!("{sheet}: no {n}"))
        };
        // the filter: from a title row down to the last data row, above the 合计 row
        let filter = find("_xlnm._FilterDatabase");
        let range = filter.split('!').nth(1).unwrap();
        let (from, to) = range.split_once(':').unwrap();
        let ((r0, c0), (r1, _)) = (cell_ref(from), cell_ref(to));
        let values = wb.worksheet_range(sheet).unwrap();
        let title = text(values.get_value((r0, c0)));
        assert!(
            ["序号", "县（市、区）", "主导产业"].contains(&title.as_str()),
            "{sheet}: filter {range} starts at {title:?}"
        );
        assert!(r1 > r0, "{sheet}: a filter with no data rows");
        assert_ne!(text(values.get_value((r1, 0))), "合计", "{sheet}: {range}");
        // the column titles repeat on every page
        let titles = find("_xlnm.Print_Titles");
        assert!(titles.contains(":$"), "{sheet}: {titles}");
    }
    // 说明: printed up to the plan table, the file list (with the hashes) below it
    let i = sheet_index(&file, "说明");
    let area = names
        .iter()
        .find(|(n, at, _)| n == "_xlnm.Print_Area" && *at == i)
        .map(|(_, _, f)| f.clone())
        .expect("说明 has a print area");
    let (_, last) = area.split_once(':').unwrap();
    let last_row = cell_ref(last).0;
    let values = wb.worksheet_range("说明").unwrap();
    let hashes = values
        .rows()
        .position(|r| r.iter().any(|v| text(Some(v)) == "SHA-256"))
        .expect("the file list stays in the workbook") as u32;
    assert!(
        last_row < hashes,
        "print area {area}, file list at row {hashes}"
    );
}

/// Column widths of a sheet part (characters, as Table set them).
fn widths(xml: &str) -> BTreeMap<u32, f64> {
    let mut out = BTreeMap::new();
    for col in xml.split("<col ").skip(1) {
        let attr = |a: &str| {
            col.split(&format!("{a}=\""))
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_default()
                .to_string()
        };
        let (min, max): (u32, u32) = (attr("min").parse().unwrap(), attr("max").parse().unwrap());
        let w: f64 = attr("width").parse().unwrap();
        for c in min..=max {
            out.insert(c - 1, w - 5.0 / 7.0);
        }
    }
    out
}

/// Cells of a sheet part drawn in vertical characters (style with textRotation 255).
fn stacked_cells(file: &Path, xml: &str) -> Vec<(u32, u32)> {
    let styles = part(file, "xl/styles.xml");
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xfs = xfs.split("</cellXfs>").next().unwrap();
    let vertical: Vec<bool> = xfs
        .split("<xf ")
        .skip(1)
        .map(|x| {
            x.split("</xf>")
                .next()
                .unwrap()
                .contains("textRotation=\"255\"")
        })
        .collect();
    let mut out = Vec::new();
    for c in xml.split("<c r=\"").skip(1) {
        let at = c.split('"').next().unwrap();
        let style = c
            .split('>')
            .next()
            .and_then(|h| h.split("s=\"").nth(1))
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse::<usize>().ok());
        if style.is_some_and(|s| vertical.get(s) == Some(&true)) {
            out.push(cell_ref(at));
        }
    }
    out
}

/// Merged ranges of a sheet part: (first row, first column, last row, last column).
fn merges(xml: &str) -> Vec<(u32, u32, u32, u32)> {
    xml.split("<mergeCell ref=\"")
        .skip(1)
        .map(|m| {
            let r = m.split('"').next().unwrap();
            let (a, b) = r.split_once(':').unwrap();
            let ((r0, c0), (r1, c1)) = (cell_ref(a), cell_ref(b));
            (r0, c0, r1, c1)
        })
        .collect()
}

/// Asserts that every line of every column title on `sheet` (the rows `heads`, from
/// column A to the end of the table there) fits the width of its column or merged
/// columns: a title that wrapped would break inside a word.
fn assert_titles_fit(file: &Path, sheet: &str, heads: &[u32]) {
    let i = sheet_index(file, sheet);
    let xml = part(file, &format!("xl/worksheets/sheet{}.xml", i + 1));
    let (w, stacked, merged) = (widths(&xml), stacked_cells(file, &xml), merges(&xml));
    let covered = |r: u32, c: u32| {
        merged
            .iter()
            .any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&r) && (c0..=c1).contains(&c))
    };
    let mut wb: Xlsx<_> = open_workbook(file).unwrap();
    let values = wb.worksheet_range(sheet).unwrap();
    let mut checked = 0;
    for &r in heads {
        for c in 0..=values.end().unwrap().1 {
            let title = text(values.get_value((r, c)));
            if title.is_empty() && !covered(r, c) {
                break; // the end of this table's titles
            }
            if title.is_empty() || stacked.contains(&(r, c)) {
                continue;
            }
            let last = merged
                .iter()
                .find(|m| (m.0, m.1) == (r, c))
                .map_or(c, |m| m.3);
            let room: f64 = (c..=last).map(|k| w.get(&k).copied().unwrap_or(8.43)).sum();
            for line in title.split('\n') {
                assert!(
                    need(line) <= room + 1e-6,
                    "{sheet}: title {title:?} at row {r} col {c}: {line:?} needs {:.2}, the column is {room:.2}",
                    need(line)
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 3, "{sheet}: titles checked {checked}");
}

/// The rows holding column titles: where a column reads 序号, 县（市、区）, 月份 …
fn title_rows(file: &Path, sheet: &str) -> Vec<u32> {
    let mut wb: Xlsx<_> = open_workbook(file).unwrap();
    let values = wb.worksheet_range(sheet).unwrap();
    let starts = [
        "序号",
        "县（市、区）",
        "月份",
        "主导产业",
        "产业类别",
        "指标",
        "项目",
    ];
    values
        .rows()
        .enumerate()
        .filter(|(_, row)| starts.contains(&text(row.first()).as_str()))
        .map(|(r, _)| r as u32 + values.start().unwrap().0)
        .collect()
}

/// No column title of the report, a 退回 workbook or a template breaks inside a word.
fn titles_break_between_words(dir: &Path, scratch: &Path) {
    let file = book(dir);
    for sheet in TABLE_SHEETS.iter().chain(&["总览", "说明"]) {
        assert_titles_fit(&file, sheet, &title_rows(&file, sheet));
    }
    let feedback = std::fs::read_dir(dir.join("退回"))
        .unwrap()
        .next()
        .expect("a feedback workbook")
        .unwrap()
        .path();
    assert_titles_fit(&feedback, "数据问题", &title_rows(&feedback, "数据问题"));
    let tpl = scratch.join("tpl");
    let run = xtic()
        .args([
            "template",
            "--unit",
            "清河县",
            "--period",
            "2023-01",
            "--out",
        ])
        .arg(&tpl)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let tpl = tpl.join("清河县_2023年01月_科技创新综合体月报表.xlsx");
    // the two heading rows under the header block (rows 4 and 5)
    assert_titles_fit(&tpl, "表1 综合体基本情况", &[3, 4]);
    assert_titles_fit(&tpl, "表2 服务情况", &[3, 4]);
}

/// Two runs on the same inputs give the same workbook and 退回 workbooks, byte for byte.
fn same_bytes(da: &Path, db: &Path) {
    assert_eq!(
        std::fs::read(book(da)).unwrap(),
        std::fs::read(book(db)).unwrap()
    );
    let mut n = 0;
    for e in std::fs::read_dir(da.join("退回")).unwrap() {
        let p = e.unwrap().path();
        let q = db.join("退回").join(p.file_name().unwrap());
        assert_eq!(
            std::fs::read(&p).unwrap(),
            std::fs::read(&q).unwrap(),
            "{p:?}"
        );
        n += 1;
    }
    assert!(n > 0, "feedback workbooks written");
}

#[test]
fn the_sample_report_totals_filters_titles_and_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ((da, s), (db, _)) = std::thread::scope(|t| {
        let second = t.spawn(|| sample_report(b.path()));
        (sample_report(a.path()), second.join().unwrap())
    });
    same_bytes(&da, &db);
    totals_are_sum_formulas_holding_the_summary_figures(&da, &s);
    tables_filter_and_repeat_titles_and_the_file_list_is_not_printed(&da);
    titles_break_between_words(&da, a.path());
}
