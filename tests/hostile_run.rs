//! The run itself under hostile conditions (issue 8): a full disk at any point, bad
//! arguments, a report month outside the plan or no return, a second run started while
//! one reads, a panic on the main thread. Each asserts the exit code and the message.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use calamine::Reader;
use common::*;

const CLEAN: &str = "tests/fixtures/clean_small";
const PERIOD: &str = "2021-06";
const RETURN: &str = "renze/任泽区_2021-06.xlsx";

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("xtic")
}

/// A copy of the clean set, with one more return for the report month.
fn clean_copy_plus_one() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join(CLEAN), dir.path());
    std::fs::copy(
        root().join(CLEAN).join(RETURN),
        dir.path().join("任泽区_2021-06_补报.xlsx"),
    )
    .unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

const FULL_DISK: &str = r#"
set -u
out=$1; bin=$2; clean=$3; more=$4; res=$5
mount -t tmpfs -o size=4m tmpfs "$out" || exit 90
"$bin" report --quiet --period 2021-06 --inputs "$clean" --outputs "$out" 2> "$res/first.err"
echo $? > "$res/first"
hashes() { (cd "$out" && find . -type f ! -name .xtic.lock ! -name filler -exec sha256sum {} + | sort); }
hashes > "$res/before"
for free in 0 8 30 100 300 600; do
    rm -f "$out/filler"
    avail=$(df --output=avail -k "$out" | tail -1)
    fill=$((avail - free))
    [ "$fill" -gt 0 ] && head -c $((fill * 1024)) /dev/zero > "$out/filler" 2>/dev/null
    "$bin" report --quiet --period 2021-06 --inputs "$more" --outputs "$out" 2> "$res/err_$free"
    echo "$free $?" >> "$res/codes"
    ls -a "$out" > "$res/ls_$free"
    hashes > "$res/after_$free"
done
"#;

#[test]
fn a_full_disk_at_any_point_leaves_the_previous_report_and_no_temp_folder() {
    // a real full disk: a 4 MB tmpfs mounted in a private mount namespace (the tests
    // run as root), filled to leave 0 to 600 KB, less than one report needs
    let out = tempfile::tempdir().unwrap();
    let res = tempfile::tempdir().unwrap();
    let more = clean_copy_plus_one();
    let status = Process::new("unshare")
        .args(["-m", "bash", "-c", FULL_DISK, "full-disk"])
        .arg(out.path())
        .arg(bin())
        .arg(root().join(CLEAN))
        .arg(more.path())
        .arg(res.path())
        .current_dir(root())
        .status()
        .expect("unshare (util-linux) runs");
    assert!(
        status.success(),
        "the tmpfs could not be set up: {status:?}"
    );
    let read = |name: &str| std::fs::read_to_string(res.path().join(name)).unwrap();
    assert_eq!(read("first").trim(), "0", "{}", read("first.err"));
    let before = read("before");
    assert!(before.contains("summary.json"), "{before}");
    let codes = read("codes");
    assert_eq!(codes.lines().count(), 6, "{codes}");
    for line in codes.lines() {
        let (free, code) = line.split_once(' ').unwrap();
        let err = read(&format!("err_{free}"));
        assert_eq!(code, "2", "{free} KB free: {err}");
        assert!(err.contains("错误：无法写入"), "{free} KB free: {err}");
        assert!(
            err.contains(&format!("{}/2021-06", out.path().display())),
            "names the file: {err}"
        );
        assert!(err.contains("磁盘"), "{free} KB free: {err}");
        for debug in ["Error(", "Custom", "kind:", "os error"] {
            assert!(!err.contains(debug), "{free} KB free, Rust text: {err}");
        }
        let ls = read(&format!("ls_{free}"));
        assert!(
            !ls.contains(".tmp-") && !ls.contains(".old-"),
            "{free} KB free: {ls}"
        );
        assert_eq!(read(&format!("after_{free}")), before, "{free} KB free");
    }
}

#[test]
fn bad_arguments_are_refused_before_anything_is_written() {
    let outputs = tempfile::tempdir().unwrap();
    let target = outputs.path().join("out");
    for args in [
        ["--font", "Cargo.toml", "--inputs", CLEAN],
        ["--period", "2021-13", "--inputs", CLEAN],
        ["--plan", "Cargo.toml", "--inputs", CLEAN],
        ["--period", PERIOD, "--inputs", "no/such/folder"],
    ] {
        let out = xtic()
            .args(["report", "--quiet"])
            .args(args)
            .arg("--outputs")
            .arg(&target)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("错误："), "{args:?}: {err}");
        assert!(!target.exists(), "{args:?} wrote {}", target.display());
    }
}

#[test]
fn a_month_outside_the_plan_or_no_return_is_warned_on_the_console_and_in_the_notes() {
    let empty = tempfile::tempdir().unwrap();
    let cases = [
        (
            root().join(CLEAN),
            "2030-01",
            "晚于计划（2020年—2022年）的最后一个月",
        ),
        (
            root().join(CLEAN),
            "1999-01",
            "早于计划（2020年—2022年）的第一个月",
        ),
        (empty.path().to_path_buf(), "2021-06", "没有找到任何文件"),
    ];
    for (inputs, period, words) in cases {
        let outputs = tempfile::tempdir().unwrap();
        let out = xtic()
            .args(["report", "--quiet", "--period", period, "--inputs"])
            .arg(&inputs)
            .arg("--outputs")
            .arg(outputs.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{period}: {err}");
        assert!(
            err.contains("警告：") && err.contains(words),
            "{period}: {err}"
        );
        let (y, m) = period.split_once('-').unwrap();
        let book = outputs
            .path()
            .join(period)
            .join(format!("邢台市科技创新综合体建设进展报告_{y}年{m}月.xlsx"));
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
        let notes = wb.worksheet_range("说明").unwrap();
        let said = notes
            .rows()
            .any(|r| r[0] == "注意" && r[1].to_string().contains(words));
        assert!(said, "{period}: 说明 lacks the warning");
    }
}

#[test]
fn the_lock_is_taken_before_the_inputs_are_read() {
    // a run over the shipped sample reads for about a second; one started 0.3 s
    // later with --no-wait must find the lock already held
    let outputs = tempfile::tempdir().unwrap();
    let mut first = Process::new(bin())
        .args(["report", "--quiet", "--inputs", "inputs", "--outputs"])
        .arg(outputs.path())
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let second = xtic()
        .args([
            "report",
            "--quiet",
            "--no-wait",
            "--inputs",
            "inputs",
            "--outputs",
        ])
        .arg(outputs.path())
        .output()
        .unwrap();
    let still_running = first.try_wait().unwrap().is_none();
    let _ = first.wait();
    assert!(still_running, "the first run ended too soon to tell");
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("占用"));
}

#[test]
fn exit_codes_stay_0_1_2_even_when_the_main_thread_panics() {
    // standard output closed before xtic writes: printing fails, which panics in
    // Rust's print!; the run must still end with 2 and a Chinese message
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Process::new(bin())
        .arg("plan")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("xtic 内部错误"), "{stderr}");
    // usage errors are 2 as well, and a clean run 0 (asserted above and in cli.rs)
    let usage = xtic()
        .args(["report", "--period", "2022-13"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
}
