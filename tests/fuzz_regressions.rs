//! Inputs the fuzz targets (fuzz/, docs/fuzzing.md) stopped on, each kept with the
//! outcome a user must get: a clean, named rejection, never a failed run.

mod common;

use common::*;

/// fuzz target `workbook`, out of memory in process (over -rss_limit_mb=2048, or an
/// allocation of 32 GB that aborts: `*_crash_*`): mutated .xls files that calamine's .xls
/// reader (which reads a whole sheet at once) needs gigabytes for. In the binary a reader worker's memory cap
/// (768 MB) turns each into one rejected file with the reason.
#[test]
fn fuzz_workbook_oom_xls_is_one_rejected_file() {
    let mut names: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/fuzz"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("workbook_") && n.ends_with(".xls"))
        .collect();
    names.sort();
    assert!(names.len() >= 2, "{names:?}");
    for name in &names {
        let dir = tempfile::tempdir().unwrap();
        let fixture = root().join("tests/fixtures/fuzz").join(name);
        std::fs::copy(&fixture, dir.path().join("清河县_2022-06.xls")).unwrap();
        let out = xtic()
            .args(["check", "--period", "2022-06", "--inputs"])
            .arg(dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stdout}{stderr}");
        let line = stdout
            .lines()
            .find(|l| l.contains("清河县_2022-06.xls"))
            .unwrap_or_else(|| panic!("{name}: {stdout}"));
        assert!(
            line.contains("[错误]") && line.contains("内存超过上限"),
            "{name}: {line}"
        );
        assert!(stdout.contains("退回（整份未用）1"), "{name}: {stdout}");
    }
}
