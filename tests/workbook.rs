//! The workbook read back with calamine: its figures are summary.json's, its 数据问题
//! sheet is the problem list, cell for cell.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use common::*;
use serde_json::Value;

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other}"),
    }
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The row holding `title` in column `col`, and a column lookup by header text.
struct Sheet {
    range: Range<Data>,
    head: usize,
}

impl Sheet {
    fn open(book: &Path, name: &str, head_first_cell: &str) -> Sheet {
        let mut wb: Xlsx<_> = open_workbook(book).unwrap();
        let range = wb.worksheet_range(name).unwrap();
        let head = range
            .rows()
            .position(|r| r.iter().any(|c| text(c) == head_first_cell))
            .unwrap_or_else(|| panic!("{name}: no header {head_first_cell}"));
        Sheet { range, head }
    }

    fn col(&self, title: &str) -> usize {
        let row = self.range.rows().nth(self.head).unwrap();
        row.iter()
            .position(|c| text(c).replace('\n', "") == title)
            .unwrap_or_else(|| panic!("no column {title}"))
    }

    /// The data row whose column `key_col` reads `key`.
    fn row(&self, key_col: usize, key: &str) -> &[Data] {
        self.range
            .rows()
            .skip(self.head + 1)
            .find(|r| text(&r[key_col]) == key)
            .unwrap_or_else(|| panic!("no row {key}"))
    }
}

fn run(inputs: &str, period: Option<&str>) -> (tempfile::TempDir, Value, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let r = report(&root().join(inputs), out.path(), period);
    assert!(
        matches!(r.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let s = read_json(&out.path().join(s_period(&out, period)).join("summary.json"));
    let p = s["period"].as_str().unwrap().to_string();
    let (y, m) = p.split_once('-').unwrap();
    let book = out
        .path()
        .join(&p)
        .join(format!("邢台市科技创新综合体建设进展报告_{y}年{m}月.xlsx"));
    (out, s, book)
}

fn s_period(out: &tempfile::TempDir, period: Option<&str>) -> String {
    period.map(str::to_string).unwrap_or_else(|| {
        std::fs::read_dir(out.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| !n.starts_with('.'))
            .unwrap()
    })
}

#[test]
fn unit_sheet_and_overview_hold_the_summary_figures() {
    let (_out, s, book) = run("inputs", None);
    let units = Sheet::open(&book, "分县区进展", "县（市、区）");
    let name = units.col("县（市、区）");
    let built = units.col("累计建成（家）");
    let target = units.col("目标（家）");
    let expected = units.col("按进度应建成");
    let status = units.col("目标状态");
    let words = [
        ("met", "达标"),
        ("missed", "未达标"),
        ("in_progress", "进行中"),
        ("not_due", "未到期"),
    ];
    for u in s["units"].as_array().unwrap() {
        let row = units.row(name, u["unit"].as_str().unwrap());
        assert_eq!(num(&row[built]), u["built"].as_f64().unwrap(), "{u}");
        assert_eq!(num(&row[target]), u["target"].as_f64().unwrap());
        assert!((num(&row[expected]) - u["expected_by_now"].as_f64().unwrap()).abs() < 0.006);
        let word = words.iter().find(|(k, _)| u["status"] == *k).unwrap().1;
        assert_eq!(text(&row[status]), word);
        for (y, b) in u["built_by_year"].as_object().unwrap() {
            let c = units.col(&format!("{y}年建成"));
            assert_eq!(num(&row[c]), b.as_f64().unwrap());
        }
    }
    let total = units.row(0, "合计");
    assert_eq!(num(&total[built]), s["city"]["built"].as_f64().unwrap());

    // the category table adds the industries up
    let industries = Sheet::open(&book, "分产业情况", "主导产业");
    let built_col = industries.col("建成（计划年度）");
    for cat in ["传统产业", "新兴产业", "其他"] {
        let want: f64 = s["industries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["category"] == cat)
            .map(|i| i["built"].as_f64().unwrap())
            .sum();
        assert_eq!(num(&industries.row(0, cat)[built_col]), want, "{cat}");
    }

    let overview = Sheet::open(&book, "总览", "指标");
    let value = overview.col("数值");
    let city = &s["city"];
    assert_eq!(
        num(&overview.row(0, "全市累计建成（2020—2022年建成）")[value]),
        city["built"].as_f64().unwrap()
    );
    assert!(
        (num(&overview.row(0, "按进度应建成")[value]) - city["expected_by_now"].as_f64().unwrap())
            .abs()
            < 0.006
    );
    assert_eq!(
        num(&overview.row(0, "已覆盖县（市、区）")[value]),
        city["units_covered"].as_f64().unwrap()
    );
}

#[test]
fn problems_sheet_lists_every_problem_with_its_cell() {
    let (_out, s, book) = run("tests/fixtures/planted_problems", Some("2021-06"));
    let sheet = Sheet::open(&book, "数据问题", "序号");
    let (sev, file, cell) = (sheet.col("类别"), sheet.col("文件"), sheet.col("单元格"));
    let listed: BTreeSet<(String, String, String)> = sheet
        .range
        .rows()
        .skip(sheet.head + 1)
        .filter(|r| matches!(text(&r[sev]).as_str(), "错误" | "警告"))
        .map(|r| (text(&r[sev]), text(&r[file]), text(&r[cell])))
        .collect();
    let n = s["issues"]["errors"].as_u64().unwrap() + s["issues"]["warnings"].as_u64().unwrap();
    let rows = sheet
        .range
        .rows()
        .skip(sheet.head + 1)
        .filter(|r| matches!(text(&r[sev]).as_str(), "错误" | "警告"))
        .count() as u64;
    assert_eq!(rows, n, "one line per problem");
    let check = xtic()
        .args([
            "check",
            "--json",
            "--period",
            "2021-06",
            "--inputs",
            "tests/fixtures/planted_problems",
        ])
        .output()
        .unwrap();
    let problems: Value = serde_json::from_slice(&check.stdout).unwrap();
    for p in problems.as_array().unwrap() {
        let where_ = p["cell"]
            .as_str()
            .map(str::to_string)
            .or(p["row"].as_u64().map(|r| format!("第{r}行")))
            .unwrap_or_default();
        let key = (
            p["severity"].as_str().unwrap().to_string(),
            p["file"].as_str().unwrap().to_string(),
            where_,
        );
        assert!(listed.contains(&key), "{key:?} missing from 数据问题");
    }
}

#[test]
fn about_sheet_lists_every_file_found_with_its_sha256() {
    let (_out, s, book) = run("tests/fixtures/planted_problems", Some("2021-06"));
    let sheet = Sheet::open(&book, "说明", "SHA-256");
    let (file, sha) = (sheet.col("文件"), sheet.col("SHA-256"));
    let listed: Vec<(String, String)> = sheet
        .range
        .rows()
        .skip(sheet.head + 1)
        .filter(|r| !text(&r[file]).is_empty())
        .map(|r| (text(&r[file]), text(&r[sha])))
        .collect();
    assert_eq!(
        listed.len() as u64,
        s["inputs"]["files_found"].as_u64().unwrap(),
        "one line per file found"
    );
    assert!(
        listed
            .iter()
            .any(|(f, _)| f == "notes.txt" || f.ends_with(".txt")),
        "skipped files too"
    );
    // a file's line carries the hash of its bytes (the 0-byte file: the hash of nothing)
    let empty = listed
        .iter()
        .find(|(f, _)| f.ends_with("空白.xlsx"))
        .expect("the 0-byte file");
    assert_eq!(
        empty.1,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}
