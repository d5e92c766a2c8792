//! What makes xtic safe to schedule: a lock on the outputs folder, and outputs that a
//! killed run never leaves half-written.

mod common;

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use calamine::Reader;
use common::*;

const CASE: &str = "tests/fixtures/clean_small";
const PERIOD: &str = "2021-06";

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("xtic")
}

/// `xtic report` on the case, quietly; the outputs folder is added by each caller.
const REPORT: [&str; 6] = ["report", "--quiet", "--inputs", CASE, "--period", PERIOD];

fn spawn_report(outputs: &Path) -> std::process::Child {
    Process::new(bin())
        .current_dir(root())
        .args(REPORT)
        .arg("--outputs")
        .arg(outputs)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn report_no_wait(outputs: &Path) -> std::process::Output {
    xtic()
        .args(REPORT)
        .arg("--no-wait")
        .arg("--outputs")
        .arg(outputs)
        .output()
        .unwrap()
}

/// The period folder is complete: summary.json parses and the workbook opens.
fn assert_complete(outputs: &Path) {
    let dir = outputs.join(PERIOD);
    let s = read_json(&dir.join("summary.json"));
    assert_eq!(s["period"], PERIOD);
    let book = dir.join("邢台市科技创新综合体建设进展报告_2021年06月.xlsx");
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&book).expect("the workbook opens");
    assert_eq!(wb.sheet_names()[0], "总览");
    assert_eq!(std::fs::read_dir(dir.join("charts")).unwrap().count(), 10);
}

#[test]
fn two_runs_at_once_both_finish_and_leave_one_complete_report() {
    let out = tempfile::tempdir().unwrap();
    let a = spawn_report(out.path());
    let b = spawn_report(out.path());
    for child in [a, b] {
        let r = child.wait_with_output().unwrap();
        assert_eq!(
            r.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
    assert_complete(out.path());
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn no_wait_names_the_lock_holder_and_a_dead_holder_does_not_block() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(out.path()).unwrap();
    let lock_path = out.path().join(".xtic.lock");
    let mut held = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&lock_path)
        .unwrap();
    write!(held, "4242").unwrap();
    held.lock().unwrap();
    let r = report_no_wait(out.path());
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("4242") && err.contains("占用"), "{err}");
    assert!(!out.path().join(PERIOD).exists());
    // the holder dies: its lock goes with it, the file with its stale pid stays
    drop(held);
    assert!(lock_path.exists());
    let r = report_no_wait(out.path());
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert_complete(out.path());
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_previous_report_complete() {
    let out = tempfile::tempdir().unwrap();
    let first = spawn_report(out.path()).wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0));
    let before = std::fs::read(out.path().join(PERIOD).join("summary.json")).unwrap();
    // a full run takes a few hundred milliseconds; kill runs at spread-out moments in it
    for delay_ms in [0u64, 20, 60, 120, 200, 300, 450, 700, 1000] {
        let mut child = spawn_report(out.path());
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL: no chance to clean up
        let _ = child.wait();
        assert_complete(out.path());
        assert_eq!(
            std::fs::read(out.path().join(PERIOD).join("summary.json")).unwrap(),
            before,
            "killed after {delay_ms} ms"
        );
    }
    // the next run sweeps what the killed ones left and publishes normally
    let last = spawn_report(out.path()).wait_with_output().unwrap();
    assert_eq!(last.status.code(), Some(0));
    let names: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains(".tmp-") && !n.contains(".old-")),
        "{names:?}"
    );
    assert_complete(out.path());
}
