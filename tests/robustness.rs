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
    assert!(
        s["issues"]["errors"].as_u64().unwrap() >= n("files_rejected"),
        "every rejected file has its reason"
    );
}
