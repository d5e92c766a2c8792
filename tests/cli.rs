//! The command line as a user meets it: exit codes, messages, determinism.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let inputs = root().join("tests/fixtures/planted_problems");
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    report(&inputs, a.path(), Some("2021-06"));
    report(&inputs, b.path(), Some("2021-06"));
    let (fa, fb) = (
        all_files(&a.path().join("2021-06")),
        all_files(&b.path().join("2021-06")),
    );
    assert!(fa.keys().any(|k| k.ends_with(".xlsx")) && fa.contains_key("summary.json"));
    assert!(
        fa.keys().any(|k| k.starts_with("退回")),
        "feedback workbooks written"
    );
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs between two runs");
    }
}

#[test]
fn plan_prints_and_a_bad_plan_names_its_line() {
    let out = xtic().arg("plan").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("邢科创领办〔2020〕18号"));
    let dir = tempfile::tempdir().unwrap();
    let bad = text.replacen("group = \"county\"", "group = \"villages\"", 1);
    let line = bad.lines().position(|l| l.contains("villages")).unwrap() + 1;
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, bad).unwrap();
    let out = xtic()
        .arg("report")
        .arg("--plan")
        .arg(&path)
        .arg("--inputs")
        .arg("tests/fixtures/clean_small")
        .arg("--outputs")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("第 {line} 行")) && err.contains("villages"),
        "{err}"
    );
    assert!(
        !dir.path().join("out").join("2021-06").exists(),
        "no outputs on a plan failure"
    );
}

#[test]
fn usage_errors_exit_2_in_chinese() {
    let out = xtic()
        .args([
            "report",
            "--period",
            "2022-13",
            "--inputs",
            "tests/fixtures/clean_small",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是有效的月份"));
    let out = xtic()
        .args(["check", "--inputs", "no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取报表文件夹"));
}

#[test]
fn json_prints_the_summary_and_check_groups_by_unit() {
    let dir = tempfile::tempdir().unwrap();
    let out = xtic()
        .args([
            "report",
            "--json",
            "--period",
            "2021-06",
            "--inputs",
            "tests/fixtures/clean_small",
            "--outputs",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let printed: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("only JSON on stdout");
    let written = read_json(&dir.path().join("2021-06/summary.json"));
    assert_eq!(printed, written);

    let out = xtic()
        .args([
            "check",
            "--period",
            "2021-06",
            "--inputs",
            "tests/fixtures/planted_problems",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "errors found");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("【隆尧县】") && text.contains("隆尧县_2021-06.xlsx 表1 综合体基本情况!D6"),
        "{text}"
    );
}

#[test]
fn completions_and_log_file() {
    let out = xtic().args(["completions", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("xtic"));

    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("xtic.log");
    for _ in 0..2 {
        let out = xtic()
            .args([
                "check",
                "-v",
                "--quiet",
                "--period",
                "2021-06",
                "--inputs",
                "tests/fixtures/clean_small",
                "--log",
            ])
            .arg(&log)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("files found"),
            "logs on stderr"
        );
        assert!(
            out.stdout.is_empty(),
            "--quiet with no errors prints nothing; no progress bar off a terminal"
        );
    }
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        text.matches("files found").count(),
        2,
        "--log appends: {text}"
    );
}
