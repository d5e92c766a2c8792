//! `xtic template`: blank returns that read back clean, one per unit, byte-stable, with
//! clear Chinese usage errors. (Filled-in round trips are unit tests beside the layout
//! code, src/template/tests.rs, since they build the workbook in-process.)

mod common;

use std::io::Read;
use std::path::Path;

use common::xtic;
use serde_json::Value;

fn template(out: &Path, args: &[&str]) -> std::process::Output {
    xtic()
        .arg("template")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("xtic runs")
}

fn xlsx_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The text of one part of an .xlsx (a zip).
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn all_units_blank_templates_read_back_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("templates");
    let run = template(&out, &["--all", "--period", "2023-01"]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let names = xlsx_files(&out);
    assert_eq!(names.len(), 20, "{names:?}");
    assert!(names.contains(&"清河县_2023年01月_科技创新综合体月报表.xlsx".to_string()));
    assert!(names.iter().all(|n| n.ends_with(".xlsx")));

    let check = xtic()
        .args(["check", "--period", "2023-01", "--json", "--inputs"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let issues: Value = serde_json::from_slice(&check.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    // A blank template cannot know its 报出日期: the one thing the clerk must add.
    let other: Vec<&Value> = issues
        .iter()
        .filter(|i| i["rule"] != "return_undated")
        .collect();
    assert!(other.is_empty(), "{other:#?}");
    assert!(issues.iter().all(|i| i["severity"] == "警告"));

    let outputs = tmp.path().join("outputs");
    let report = xtic()
        .args(["report", "--period", "2023-01", "--json", "--inputs"])
        .arg(&out)
        .arg("--outputs")
        .arg(&outputs)
        .output()
        .unwrap();
    assert_eq!(report.status.code(), Some(0), "{report:?}");
    let summary: Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(summary["inputs"]["files_read"], 20);
    assert_eq!(summary["inputs"]["rows_read"], 0);
    assert_eq!(summary["issues"]["errors"], 0);
    let units = summary["units"].as_array().unwrap();
    assert_eq!(units.len(), 20);
    assert!(units.iter().all(|u| u["return_period"] == "2023-01"));
    let city = &summary["city"];
    for key in ["built", "pre_plan", "under_construction", "planned"] {
        assert_eq!(city[key], 0, "{key}");
    }
}

#[test]
fn one_unit_by_alias_same_bytes_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        let run = template(dir, &["--unit", "经开区", "--period", "2022-06"]);
        assert_eq!(run.status.code(), Some(0), "{run:?}");
    }
    let name = "邢台经济开发区_2022年06月_科技创新综合体月报表.xlsx";
    assert_eq!(xlsx_files(&a), vec![name.to_string()]);
    let bytes = std::fs::read(a.join(name)).unwrap();
    assert_eq!(bytes, std::fs::read(b.join(name)).unwrap());

    let file = a.join(name);
    let workbook = part(&file, "xl/workbook.xml");
    let order: Vec<&str> = ["表1 综合体基本情况", "表2 服务情况", "代码表", "填报说明"]
        .into_iter()
        .filter(|s| workbook.contains(&format!("name=\"{s}\"")))
        .collect();
    assert_eq!(order.len(), 4, "{workbook}");
    let pos = |s: &str| workbook.find(s).unwrap();
    assert!(pos("表1 综合体基本情况") < pos("表2 服务情况"));
    assert!(pos("代码表") < pos("填报说明"));
    assert!(workbook.contains(r#"name="代码表" sheetId="3" state="hidden""#));
    let sheet1 = part(&file, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("<sheetProtection"));
    let strings = part(&file, "xl/sharedStrings.xml");
    assert!(strings.contains("报告期：2022年6月"));
    assert!(strings.contains("填报单位：邢台经济开发区科技局"));
    assert!(
        sheet1.contains("'代码表'!$B$2:$B$16"),
        "industries from the code sheet"
    );
    assert!(sheet1.contains(r#"type="decimal""#));
    assert!(sheet1.contains(r#"type="whole""#));
    // 表1 is too wide for A4: A3 landscape, split with 序号 to 名称 on every page
    assert!(sheet1.contains(r#"<pageSetup paperSize="8""#), "{sheet1}");
    assert!(sheet1.contains(r#"orientation="landscape""#));
    assert!(
        workbook.contains("'表1 综合体基本情况'!$A:$C,'表1 综合体基本情况'!$4:$5"),
        "key columns and headings repeated: {workbook}"
    );
    let core = part(&file, "docProps/core.xml");
    assert!(core.contains("2022-07-01T08:00:00Z"), "{core}");
}

#[test]
fn usage_errors_in_chinese() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("t");
    for (args, says) in [
        (vec!["--period", "2023-01"], "--all"),
        (vec!["--all"], "--period"),
        (vec!["--all", "--period", "2023-13"], "YYYY-MM"),
        (vec!["--unit", "北京", "--period", "2023-01"], "清河县"),
        (
            vec!["--unit", "邢台县", "--period", "2023-01"],
            "襄都区和信都区",
        ),
    ] {
        let run = template(&out, &args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(
            err.contains("错误") && err.contains(says),
            "{args:?}: {err}"
        );
    }
    assert!(!out.exists() || xlsx_files(&out).is_empty());
}
