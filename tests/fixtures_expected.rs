//! Every fixture folder of returns, run through the binary and compared with the
//! figures and problems worked out by hand in tests/expected/<case>.json (see the
//! .md beside each for the working).

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

type Problem = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<u64>,
);

fn problem(v: &Value) -> Problem {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    (
        s("severity").unwrap_or_default(),
        s("rule").unwrap_or_default(),
        s("file").unwrap_or_default(),
        s("sheet"),
        s("cell"),
        v.get("row").and_then(Value::as_u64),
    )
}

fn run_case(case: &str) {
    let expected = read_json(&root().join(format!("tests/expected/{case}.json")));
    let inputs = root().join("tests/fixtures").join(case);
    let out = tempfile::tempdir().unwrap();
    let period = expected["period_arg"].as_str();
    let run = report(&inputs, out.path(), period);
    let code = run.status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "{case}: exit {code:?}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let p = expected["expected_period"].as_str().unwrap();
    let summary = read_json(&out.path().join(p).join("summary.json"));
    assert_subset(&expected["summary"], &summary);

    // the counts balance (docs/报表格式.md §七)
    assert_balanced(&summary);

    // every planted problem, and no other
    let mut check = xtic();
    check
        .arg("check")
        .arg("--json")
        .arg("--inputs")
        .arg(&inputs);
    if let Some(p) = period {
        check.arg("--period").arg(p);
    }
    let out = check.output().unwrap();
    let actual: Value = serde_json::from_slice(&out.stdout).expect("check --json prints JSON");
    let actual: BTreeSet<Problem> = actual.as_array().unwrap().iter().map(problem).collect();
    let wanted: BTreeSet<Problem> = expected["problems"]
        .as_array()
        .map(|a| a.iter().map(problem).collect())
        .unwrap_or_default();
    let missing: Vec<_> = wanted.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&wanted).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{case}: problems differ\nmissing: {missing:#?}\nunexpected: {extra:#?}"
    );
    let errors = wanted.iter().filter(|p| p.0 == "错误").count();
    assert_eq!(
        code,
        Some(if errors > 0 { 1 } else { 0 }),
        "{case}: exit code follows the errors"
    );
}

#[test]
fn clean_small() {
    run_case("clean_small");
}

#[test]
fn clerk_variety() {
    run_case("clerk_variety");
}

#[test]
fn planted_problems() {
    run_case("planted_problems");
}

#[test]
fn odd_months() {
    run_case("odd_months");
}

#[test]
fn twenty_clerks() {
    run_case("twenty_clerks");
}
