//! calamine's own odd workbooks (merged cells, errors, fuzz-found broken files; none a
//! return): every file must end read or rejected with a reason, with no panic or hang.

mod common;

use common::*;

#[test]
fn odd_workbooks_are_read_or_rejected_without_panic() {
    let odd = root().join("../shared/fixtures/odd-workbooks");
    if !odd.is_dir() {
        eprintln!("skipped: {} is not here", odd.display());
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let run = xtic()
        .arg("report")
        .arg("--json")
        .arg("--inputs")
        .arg(&odd)
        .arg("--outputs")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        run.status.code(),
        Some(1),
        "rejected files are data errors: {stderr}"
    );
    let s: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let i = &s["inputs"];
    let n = |k: &str| i[k].as_u64().unwrap();
    let workbooks = std::fs::read_dir(&odd)
        .unwrap()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .count() as u64;
    assert_eq!(n("files_found"), workbooks);
    assert_balanced(&s);
    assert!(n("files_rejected") >= 100, "none of these is a return");
    assert_eq!(
        s["issues"]["errors"].as_u64().unwrap(),
        n("files_rejected"),
        "every rejected file has exactly one reason"
    );
}

#[test]
fn odd_workbooks_get_reasons_a_clerk_can_act_on() {
    let odd = root().join("../shared/fixtures/odd-workbooks");
    if !odd.is_dir() {
        eprintln!("skipped: {} is not here", odd.display());
        return;
    }
    let out = xtic()
        .arg("check")
        .arg("--json")
        .arg("--inputs")
        .arg(&odd)
        .output()
        .unwrap();
    let problems: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rule_of = |file: &str| {
        problems
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["file"] == file)
            .map(|p| p["rule"].as_str().unwrap().to_string())
    };
    // password-protected files in three formats, a truncated OLE file, a broken zip
    for f in [
        "pass_protected.xlsx",
        "pass_protected.ods",
        "pass_protected.xlsb",
    ] {
        assert_eq!(rule_of(f).as_deref(), Some("file_encrypted"), "{f}");
    }
    assert_eq!(rule_of("too_small.xls").as_deref(), Some("file_unreadable"));
    // readable workbooks that are not returns: no title row, in every format
    for f in [
        "any_sheets.xlsx",
        "any_sheets.xls",
        "any_sheets.xlsb",
        "any_sheets.ods",
    ] {
        assert_eq!(rule_of(f).as_deref(), Some("no_title_row"), "{f}");
    }
}
