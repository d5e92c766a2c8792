//! Helpers shared by the CLI tests: run the built binary, read its outputs.
#![allow(dead_code)]

pub mod book;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn xtic() -> Command {
    let mut c = Command::cargo_bin("xtic").expect("binary built");
    c.current_dir(root());
    c
}

/// Runs `xtic report` on `inputs` into a fresh outputs folder.
pub fn report(inputs: &Path, outputs: &Path, period: Option<&str>) -> Output {
    let mut c = xtic();
    c.arg("report")
        .arg("--inputs")
        .arg(inputs)
        .arg("--outputs")
        .arg(outputs)
        .arg("--quiet");
    if let Some(p) = period {
        c.arg("--period").arg(p);
    }
    c.output().expect("xtic runs")
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

/// Asserts that every key and value of `expected` is in `actual` (arrays of objects
/// with a `unit` or `industry` key are matched by that key), listing every difference.
pub fn assert_subset(expected: &Value, actual: &Value) {
    let mut diffs = Vec::new();
    subset(expected, actual, "$", &mut diffs);
    assert!(
        diffs.is_empty(),
        "summary differs from the hand-worked figures:\n{}",
        diffs.join("\n")
    );
}

fn subset(e: &Value, a: &Value, path: &str, diffs: &mut Vec<String>) {
    match (e, a) {
        (Value::Object(eo), Value::Object(ao)) => {
            for (k, ev) in eo {
                match ao.get(k) {
                    Some(av) => subset(ev, av, &format!("{path}.{k}"), diffs),
                    None => diffs.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(ea), Value::Array(aa)) => {
            let keyed = |v: &Value| {
                ["unit", "industry"]
                    .iter()
                    .find_map(|k| v.get(*k).map(|x| (k.to_string(), x.clone())))
            };
            if ea.iter().all(|v| keyed(v).is_some()) && !ea.is_empty() {
                for ev in ea {
                    let (k, key) = keyed(ev).unwrap();
                    match aa.iter().find(|av| av.get(&k) == Some(&key)) {
                        Some(av) => subset(ev, av, &format!("{path}[{key}]"), diffs),
                        None => diffs.push(format!("{path}[{key}]: missing")),
                    }
                }
            } else if ea.len() != aa.len() {
                diffs.push(format!(
                    "{path}: expected {} items {e}, got {} items {a}",
                    ea.len(),
                    aa.len()
                ));
            } else {
                for (i, (ev, av)) in ea.iter().zip(aa).enumerate() {
                    subset(ev, av, &format!("{path}[{i}]"), diffs);
                }
            }
        }
        (Value::Number(en), Value::Number(an)) => {
            if (en.as_f64().unwrap() - an.as_f64().unwrap()).abs() > 1e-6 {
                diffs.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        _ => {
            if e != a {
                diffs.push(format!("{path}: expected {e}, got {a}"));
            }
        }
    }
}

/// Asserts the counting of docs/报表格式.md §七 on a summary: files and rows balance.
pub fn assert_balanced(summary: &Value) {
    let i = &summary["inputs"];
    let n = |k: &str| i[k].as_u64().unwrap_or_else(|| panic!("inputs.{k}"));
    assert_eq!(
        n("files_found"),
        n("files_skipped")
            + n("files_rejected")
            + n("files_set_aside")
            + n("files_superseded")
            + n("files_read"),
        "files balance: {i}"
    );
    assert_eq!(
        n("rows_read"),
        n("rows_accepted") + n("rows_rejected"),
        "rows balance: {i}"
    );
}
