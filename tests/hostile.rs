//! One bad file never ends the monthly run (issue 8). Each test builds its hostile
//! item itself beside a clean set of returns, runs the real binary, and asserts that
//! the run finishes with the exit code the rules give, that the bad item is listed with
//! a Chinese message naming it, and that every other return is read as in a clean run.
//! Time and memory of these runs are measured by benches/hostile.sh, not asserted here.

mod common;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use calamine::Reader;
use common::*;
use serde_json::Value;

const CLEAN: &str = "tests/fixtures/clean_small";
const PERIOD: &str = "2021-06";
const RETURN: &str = "renze/任泽区_2021-06.xlsx";

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("xtic")
}

/// A copy of the clean set, to add one hostile item to.
fn clean_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in walk(&root().join(CLEAN)) {
        let rel = e.strip_prefix(root().join(CLEAN)).unwrap();
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&e, &to).unwrap();
    }
    dir
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out.sort();
    out
}

struct Run {
    code: i32,
    summary: Value,
    stderr: String,
    outputs: tempfile::TempDir,
}

/// `xtic report --json` on `inputs`.
fn report(inputs: &Path) -> Run {
    let outputs = tempfile::tempdir().unwrap();
    let out = xtic()
        .args(["report", "--json", "--period", PERIOD, "--inputs"])
        .arg(inputs)
        .arg("--outputs")
        .arg(outputs.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let summary = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    Run {
        code: out.status.code().expect("exits, not killed"),
        summary,
        stderr,
        outputs,
    }
}

/// The problems `xtic check --json` lists.
fn problems(inputs: &Path) -> Vec<Value> {
    let out = xtic()
        .args(["check", "--json", "--period", PERIOD, "--inputs"])
        .arg(inputs)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0..=2)));
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn clean_summary() -> Value {
    static CLEAN_RUN: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    CLEAN_RUN
        .get_or_init(|| {
            let r = report(&root().join(CLEAN));
            assert_eq!(r.code, 0, "{}", r.stderr);
            r.summary
        })
        .clone()
}

/// Every figure but the file counts and problem counts is as in the clean run, and so
/// are the rows read; `delta` says how the file counts moved.
fn assert_rest_as_clean(run: &Run, delta: &[(&str, i64)]) {
    let clean = clean_summary();
    assert_balanced(&run.summary);
    for key in [
        "city",
        "units",
        "industries",
        "services_by_year",
        "assessment",
    ] {
        assert_eq!(
            run.summary[key], clean[key],
            "{key} differs from the clean run"
        );
    }
    for key in ["files_read", "rows_read", "rows_accepted", "rows_rejected"] {
        assert_eq!(run.summary["inputs"][key], clean["inputs"][key], "{key}");
    }
    for (key, d) in delta {
        let n = |s: &Value| s["inputs"][key].as_i64().unwrap();
        assert_eq!(n(&run.summary) - n(&clean), *d, "inputs.{key}");
    }
}

/// The 报送情况 sheet's rows that mention `file`, as text.
fn submission_rows(outputs: &Path, file: &str) -> Vec<String> {
    let book = outputs
        .join(PERIOD)
        .join("邢台市科技创新综合体建设进展报告_2021年06月.xlsx");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let range = wb.worksheet_range("报送情况").unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|r| r.contains(file))
        .collect()
}

#[test]
fn a_fifo_named_xlsx_is_skipped_never_opened() {
    let dir = clean_copy();
    let fifo = dir.path().join("y.xlsx");
    let made = Process::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let run = report(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_rest_as_clean(&run, &[("files_found", 1), ("files_skipped", 1)]);
    let rows = submission_rows(run.outputs.path(), "y.xlsx");
    assert!(rows.iter().any(|r| r.contains("管道")), "{rows:?}");
}

#[test]
fn a_link_to_dev_zero_is_skipped_never_read() {
    let dir = clean_copy();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("x.xlsx")).unwrap();
    let run = report(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_rest_as_clean(&run, &[("files_found", 1), ("files_skipped", 1)]);
    let rows = submission_rows(run.outputs.path(), "x.xlsx");
    assert!(rows.iter().any(|r| r.contains("字符设备")), "{rows:?}");
}

#[test]
fn a_link_loop_is_reported_once_and_nothing_is_read_twice() {
    let dir = clean_copy();
    std::os::unix::fs::symlink("..", dir.path().join("renze/loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("up")).unwrap();
    let run = report(dir.path());
    assert_eq!(
        run.code, 0,
        "a loop loses nothing: a warning: {}",
        run.stderr
    );
    assert_rest_as_clean(&run, &[("files_found", 0), ("files_superseded", 0)]);
    let listed: Vec<Value> = problems(dir.path())
        .into_iter()
        .filter(|p| p["rule"] == "link_repeated")
        .collect();
    let files: Vec<&str> = listed.iter().map(|p| p["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["renze/loop", "up"], "once each: {listed:?}");
    assert!(listed[1]["message"].as_str().unwrap().contains("循环"));
}

/// A clean return with one more cell, typed at row 1,048,576 (Ctrl+↓, then a key).
fn with_stray_cell(bytes: &[u8]) -> Vec<u8> {
    rezip(bytes, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).unwrap();
            let cell = r#"<row r="1048576"><c r="B1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#;
            xml.replace("</sheetData>", cell).into_bytes()
        } else {
            data
        }
    })
}

fn rezip(bytes: &[u8], mut edit: impl FnMut(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        w.start_file(name.clone(), opts).unwrap();
        w.write_all(&edit(&name, data)).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_stray_cell_at_the_last_row_is_reported_and_the_return_read() {
    let dir = clean_copy();
    let path = dir.path().join(RETURN);
    let bytes = with_stray_cell(&std::fs::read(&path).unwrap());
    std::fs::write(&path, bytes).unwrap();
    let run = report(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_rest_as_clean(&run, &[("files_found", 0), ("files_rejected", 0)]);
    assert_eq!(run.summary["issues"]["warnings"], 1);
    let stray: Vec<Value> = problems(dir.path())
        .into_iter()
        .filter(|p| p["rule"] == "stray_cells")
        .collect();
    assert_eq!(stray.len(), 1, "{stray:?}");
    assert_eq!(stray[0]["file"], RETURN);
    assert_eq!(stray[0]["cell"], "B1048576");
    assert!(stray[0]["message"]
        .as_str()
        .unwrap()
        .contains("第 1048576 行"));
}

/// A 1 MB zip holding a sheet that inflates to 300 MB (one huge shared string).
fn zip_bomb() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("xl/sharedStrings.xml", opts).unwrap();
    w.write_all(b"<sst><si><t>").unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..300 {
        w.write_all(&chunk).unwrap();
    }
    w.write_all(b"</t></si></sst>").unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_rejected_by_its_size_before_inflating() {
    let dir = clean_copy();
    let bomb = zip_bomb();
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    std::fs::write(dir.path().join("清河县_2021-06.xlsx"), bomb).unwrap();
    let run = report(dir.path());
    assert_eq!(
        run.code, 1,
        "a rejected file is a data error: {}",
        run.stderr
    );
    assert_rest_as_clean(&run, &[("files_found", 1), ("files_rejected", 1)]);
    let p = problems(dir.path());
    let bomb = p
        .iter()
        .find(|p| p["file"] == "清河县_2021-06.xlsx")
        .unwrap();
    assert_eq!(bomb["rule"], "file_too_large");
    assert!(bomb["message"]
        .as_str()
        .unwrap()
        .contains("超过 xtic 的上限 256 MB"));
}

#[test]
fn truncated_and_damaged_files_are_rejected_with_a_reason() {
    let dir = clean_copy();
    let good = std::fs::read(dir.path().join(RETURN)).unwrap();
    std::fs::write(dir.path().join("半截.xlsx"), &good[..good.len() / 2]).unwrap();
    let mut damaged = good.clone();
    // inside 表1's compressed data (after its local header): inflate or CRC fails
    let name = "xl/worksheets/sheet1.xml".as_bytes();
    let at = good.windows(name.len()).position(|w| w == name).unwrap() + name.len();
    for b in &mut damaged[at + 40..at + 100] {
        *b ^= 0x5A;
    }
    std::fs::write(dir.path().join("损坏.xlsx"), damaged).unwrap();
    let run = report(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_rest_as_clean(&run, &[("files_found", 2), ("files_rejected", 2)]);
    let p = problems(dir.path());
    for f in ["半截.xlsx", "损坏.xlsx"] {
        let i = p
            .iter()
            .find(|p| p["file"] == f)
            .unwrap_or_else(|| panic!("{f}: {p:?}"));
        assert_eq!(i["rule"], "file_unreadable", "{f}");
        assert!(i["message"].as_str().unwrap().contains("损坏"), "{f}: {i}");
    }
}

#[test]
fn an_xls_that_makes_the_reader_abort_costs_one_file() {
    // found by benches/mutate.sh: calamine's Xls::new asks for a huge allocation and
    // aborts; in a worker process that is one rejected file (see the fixture's README).
    // Three of them among the returns: each worker that dies holds the files after it
    // (sixteen in flight) and the answers to files before it that it had not sent yet
    // (it answers in batches); its replacement must still read them all.
    let fixture = root().join("tests/fixtures/hostile/alloc_abort.xls");
    let dir = clean_copy();
    let names = [
        "清河县_2021-06.xls",
        "2021/南宫市_2021-03.xls",
        "2022/威县_2022-09.xls",
    ];
    for name in names {
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&fixture, to).unwrap();
    }
    let run = report(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_rest_as_clean(&run, &[("files_found", 3), ("files_rejected", 3)]);
    let p = problems(dir.path());
    for name in names {
        let i = p.iter().find(|p| p["file"] == name).unwrap();
        assert_eq!(i["rule"], "reader_failed", "{i}");
        assert!(i["message"].as_str().unwrap().contains("内存"), "{i}");
    }
}

/// Runs the binary without the capabilities that let root read any folder, so that a
/// folder with mode 000 is really unreadable (the tests run as root).
fn report_without_override(inputs: &Path, outputs: &Path) -> std::process::Output {
    Process::new("setpriv")
        .args([
            "--inh-caps=-dac_override,-dac_read_search",
            "--bounding-set=-dac_override,-dac_read_search",
        ])
        .arg(bin())
        .args(["report", "--json", "--period", PERIOD, "--inputs"])
        .arg(inputs)
        .arg("--outputs")
        .arg(outputs)
        .current_dir(root())
        .output()
        .expect("setpriv (util-linux) runs")
}

#[test]
fn an_unreadable_sub_folder_is_one_problem_and_the_rest_is_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = clean_copy();
    let locked = dir.path().join("锁住的");
    std::fs::create_dir(&locked).unwrap();
    std::fs::copy(dir.path().join(RETURN), locked.join("副本.xlsx")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let outputs = tempfile::tempdir().unwrap();
    let out = report_without_override(dir.path(), outputs.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a listed error: {stderr}");
    let run = Run {
        code: 1,
        summary: serde_json::from_slice(&out.stdout).unwrap(),
        stderr: stderr.into_owned(),
        outputs,
    };
    assert_rest_as_clean(&run, &[("files_found", 0), ("files_rejected", 0)]);
    assert_eq!(run.summary["issues"]["errors"], 1);
    // the problem names the sub-folder, not the inputs folder
    let book = run
        .outputs
        .path()
        .join(PERIOD)
        .join("邢台市科技创新综合体建设进展报告_2021年06月.xlsx");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = wb.worksheet_range("数据问题").unwrap();
    let hit = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .find(|r| r.contains("文件夹无法读取"))
        .expect("listed in 数据问题");
    assert!(
        hit.contains("无法读取文件夹“锁住的”") && hit.contains("没有权限"),
        "{hit}"
    );
}

/// A few hundred mutated returns (the small version of benches/mutate.py): the run
/// ends with 0, 1 or 2 and no panic, and every file is counted read or rejected.
#[test]
fn mutated_returns_in_every_format_are_each_read_or_rejected() {
    let clean = |f: &str| format!("{CLEAN}/{f}");
    let seeds: Vec<(Vec<u8>, &str)> = [
        (clean(RETURN), "xlsx"),
        (clean("shahe/沙河市_2021-05.xlsx"), "xlsx"),
        (clean("xiangdu/襄都区_2021-06.xlsx"), "xlsm"),
        (
            "tests/fixtures/clerk_variety/县区报送/经开区报表.xlsm".into(),
            "xlsm",
        ),
        (
            "tests/fixtures/clerk_variety/县区报送/南和月报.ods".into(),
            "ods",
        ),
        (
            "tests/fixtures/clerk_variety/县区报送/任县2021年6月.xls".into(),
            "xls",
        ),
        ("tests/fixtures/hostile/alloc_abort.xls".into(), "xls"),
    ]
    .iter()
    .map(|(f, ext)| (std::fs::read(root().join(f)).unwrap(), *ext))
    .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut state: u64 = 8;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n.max(1)
    };
    let count = 200;
    for i in 0..count {
        let (seed, ext) = &seeds[i % seeds.len()];
        let mut b = seed.clone();
        match next(3) {
            0 => (0..1 + next(8)).for_each(|_| {
                let at = next(b.len());
                b[at] ^= 1 << next(8);
            }),
            1 => {
                let at = next(b.len() - 4);
                b[at..at + 4].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0x7F]);
            }
            _ => b.truncate(1 + next(b.len() - 1)),
        }
        std::fs::write(dir.path().join(format!("m{i:03}.{ext}")), b).unwrap();
    }
    let outputs = tempfile::tempdir().unwrap();
    let out = xtic()
        .args([
            "report", "--json", "--quiet", "--period", "2030-12", "--inputs",
        ])
        .arg(dir.path())
        .arg("--outputs")
        .arg(outputs.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["inputs"]["files_found"], count);
    assert_balanced(&s);
    assert!(s["inputs"]["files_rejected"].as_u64().unwrap() > 0);
}
