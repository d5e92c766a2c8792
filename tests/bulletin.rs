//! The monthly 通报 (.docx): its numbers are summary.json's, it opens in LibreOffice
//! and converts to a PDF with the expected text, it passes `openxml-audit`, and its
//! wording comes from the template files at run time.
//!
//! The LibreOffice and openxml-audit checks need those tools; without them a test
//! says so and passes, except under CI (`CI` set), where .ci/run installs them.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

const HEADINGS: [&str; 5] = [
    "一、总体进展",
    "二、分县区情况",
    "三、分产业情况",
    "四、服务成效",
    "五、报送情况",
];

/// One report run, shared by the tests of this file.
struct Run {
    docx: PathBuf,
    summary: Value,
}

/// Runs the report into a folder of cargo's test scratch space (statics are never
/// dropped, so a temporary folder would be left behind).
fn run_once(inputs: &str, period: Option<&str>, name: &str) -> Run {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bulletin")
        .join(period.unwrap_or("sample"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = report(&root().join(inputs), &dir, period);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = read_json(&dir.join(period.unwrap_or("2022-12")).join("summary.json"));
    let p = summary["period"].as_str().unwrap().to_string();
    let docx = dir.join(&p).join(name);
    assert!(docx.exists(), "{} missing", docx.display());
    Run { docx, summary }
}

fn sample() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        run_once(
            "inputs",
            None,
            "邢台市科技创新综合体建设进展通报_2022年12月.docx",
        )
    })
}

fn planted() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        run_once(
            "tests/fixtures/planted_problems",
            Some("2021-06"),
            "邢台市科技创新综合体建设进展通报_2021年06月.docx",
        )
    })
}

/// The text of a part of the .docx: `w:t` contents, one line per paragraph.
fn part_text(docx: &Path, part: &str) -> String {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut xml).unwrap();
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        let tag_end = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i + 1..tag_end];
        rest = &rest[tag_end + 1..];
        if tag == "/w:p" {
            text.push('\n');
        } else if (tag == "w:t" || tag.starts_with("w:t ")) && !tag.ends_with('/') {
            let end = rest.find("</w:t>").unwrap();
            text.push_str(&unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    text
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every number in summary.json (values, not keys).
fn summary_numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.push(n.as_f64().unwrap()),
        Value::Array(a) => a.iter().for_each(|x| summary_numbers(x, out)),
        Value::Object(o) => o.values().for_each(|x| summary_numbers(x, out)),
        _ => {}
    }
}

/// A number in running text, with the characters around it.
struct Token {
    text: String,
    before: Option<char>,
    after: Option<char>,
    after2: Option<char>,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        // `1,440.00`: a thousands comma between digits is part of the number
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (matches!(chars[i], '.' | ',')
                    && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())))
        {
            i += 1;
        }
        out.push(Token {
            text: chars[start..i].iter().filter(|c| **c != ',').collect(),
            before: start.checked_sub(1).map(|j| chars[j]),
            after: chars.get(i).copied(),
            after2: chars.get(i + 1).copied(),
        });
    }
    out
}

/// The numbers of `text` that are neither a date (year, month, day, a month range,
/// the plan's year span) within `years` nor one of `allowed`.
fn stray_numbers(text: &str, allowed: &[f64], years: (i64, i64)) -> Vec<String> {
    let mut stray = Vec::new();
    for t in tokens(text) {
        let n: f64 = t.text.parse().unwrap();
        let int = !t.text.contains('.');
        let year = int && t.text.len() == 4 && (years.0..=years.1).contains(&(n as i64));
        let date = match (t.before, t.after) {
            (_, Some('年')) => year,
            (_, Some('-' | '—')) if year && t.after2.is_some_and(|c| c.is_ascii_digit()) => true,
            (Some('年' | '—'), Some('月')) | (Some('年'), Some('—')) => {
                int && (1.0..=12.0).contains(&n)
            }
            (Some('月'), Some('日')) => int && (1.0..=31.0).contains(&n),
            _ => false,
        };
        if !date && !allowed.iter().any(|a| (a - n).abs() < 1e-9) {
            stray.push(t.text);
        }
    }
    stray
}

fn plan_years(summary: &Value) -> (i64, i64) {
    let years: Vec<i64> = summary["units"][0]["built_by_year"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.parse().unwrap())
        .collect();
    let p: i64 = summary["period"].as_str().unwrap()[..4].parse().unwrap();
    (
        *years.iter().min().unwrap(),
        (*years.iter().max().unwrap()).max(p + 1),
    )
}

fn assert_every_number_is_summarys(run: &Run) {
    let mut allowed = Vec::new();
    summary_numbers(&run.summary, &mut allowed);
    let text = part_text(&run.docx, "word/document.xml");
    let stray = stray_numbers(&text, &allowed, plan_years(&run.summary));
    assert!(
        stray.is_empty(),
        "numbers not in summary.json: {stray:?}\n{text}"
    );
    assert!(tokens(&text).len() > 100, "the 通报 shows its figures");
}

#[test]
fn the_number_check_catches_a_derived_figure() {
    let allowed = [33.0, 30.0, 3.0];
    let years = (2020, 2023);
    assert!(stray_numbers(
        "建成33家，目标30家，2022年12月，2023年1月11日",
        &allowed,
        years
    )
    .is_empty());
    assert!(stray_numbers("《计划(2020-2022年)》，2022年1—12月", &allowed, years).is_empty());
    assert_eq!(
        stray_numbers("完成110.0%，超出3.0家", &allowed, years),
        ["110.0"]
    );
    assert_eq!(
        stray_numbers("2019年，13月，1999", &allowed, years),
        ["2019", "13", "1999"]
    );
}

#[test]
fn every_number_of_the_sample_bulletin_is_one_of_summary_json() {
    assert_every_number_is_summarys(sample());
}

#[test]
fn every_number_of_a_bulletin_with_problems_is_one_of_summary_json() {
    assert_every_number_is_summarys(planted());
}

#[test]
fn sections_name_the_units_that_matter() {
    let text = part_text(&sample().docx, "word/document.xml");
    let mut at = 0;
    for h in HEADINGS {
        let i = text[at..]
            .find(h)
            .unwrap_or_else(|| panic!("{h} missing or out of order"));
        at += i;
    }
    for line in [
        "邢台市科技创新综合体建设进展通报",
        "逾期报送的有新河县",
        "未报送的有临城县（数据沿用2022年11月报表）",
        "任泽区（2021年未完成年度目标）",
        "进度滞后的单位有柏乡县",
        "尚无综合体的产业有节能环保",
        "数据问题清单已退回隆尧县、宁晋县、新河县、平乡县",
        "邢台市科学技术局\n2023年1月11日",
    ] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
    let s = &sample().summary;
    for u in s["units"].as_array().unwrap() {
        assert!(text.contains(u["unit"].as_str().unwrap()));
    }
    let planted = part_text(&planted().docx, "word/document.xml");
    assert!(planted.contains("逾期报送的有临西县"), "{planted}");
    assert!(
        planted.contains("未报送的有襄都区、信都区、任泽区、南和区、邢台经济开发区、邢东新区、临城县、内丘县、柏乡县、威县（尚无可用报表）"),
        "{planted}"
    );
    assert!(planted.contains("（2021年6月）"));
}

fn tool(name: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is required under CI (.ci/run installs it)"
        );
        eprintln!("{name} not installed: check skipped");
    }
    found
}

/// Converts `docx` to PDF with LibreOffice (a private profile, so that runs in
/// parallel do not share one) and returns the PDF's path.
fn to_pdf(docx: &Path, dir: &Path) -> PathBuf {
    let profile = format!("file://{}", dir.join("profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.join(docx.file_stem().unwrap()).with_extension("pdf");
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    pdf
}

/// The standard output of `cmd ARGS FILE TAIL`.
fn output_of(cmd: &str, args: &[&str], file: &Path, tail: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .arg(file)
        .args(tail)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn libreoffice_opens_it_and_the_pdf_reads_as_the_bulletin() {
    if !tool("soffice") || !tool("pdftotext") {
        return;
    }
    let run = sample();
    let dir = tempfile::tempdir().unwrap();
    let pdf = to_pdf(&run.docx, dir.path());
    let info = output_of("pdfinfo", &[], &pdf, &[]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!((1..=8).contains(&pages), "{pages} pages");
    let text: String = output_of("pdftotext", &["-enc", "UTF-8"], &pdf, &["-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut expect: Vec<String> = HEADINGS.iter().map(|h| h.to_string()).collect();
    expect.push("邢台市科技创新综合体建设进展通报".into());
    expect.push("—1—".into());
    for u in run.summary["units"].as_array().unwrap() {
        expect.push(u["unit"].as_str().unwrap().to_string());
    }
    let c = &run.summary["city"];
    expect.push(format!("累计建成科技创新综合体{}家", c["built"]));
    let reward = run.summary["assessment"]["reward_wan"].as_f64().unwrap();
    // money with two decimals, as on every other output
    expect.push(format!("兑现奖励资金{reward:.2}万元"));
    for e in &expect {
        assert!(
            text.contains(e.as_str()),
            "{e} missing from the PDF:\n{text}"
        );
    }
    let fonts = output_of("pdffonts", &[], &pdf, &[]);
    assert!(
        [
            "WenQuanYi",
            "Noto",
            "Droid",
            "Source",
            "Sim",
            "FangSong",
            "FZ"
        ]
        .iter()
        .any(|f| fonts.contains(f)),
        "no CJK font in the PDF:\n{fonts}"
    );
}

#[test]
fn openxml_audit_finds_nothing() {
    if !tool("openxml-audit") {
        return;
    }
    for run in [sample(), planted()] {
        let out = Command::new("openxml-audit")
            .args(["-f", "microsoft365"])
            .arg(&run.docx)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("Errors: 0"),
            "{}: {text}",
            run.docx.display()
        );
    }
}

#[test]
fn the_bulletin_is_deterministic_and_its_parts_are_fixed_in_time() {
    let run = sample();
    let dir = tempfile::tempdir().unwrap();
    report(&root().join("inputs"), dir.path(), None);
    let again = dir
        .path()
        .join("2022-12")
        .join(run.docx.file_name().unwrap());
    assert!(std::fs::read(&run.docx).unwrap() == std::fs::read(&again).unwrap());
    let file = std::fs::File::open(&run.docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut names = BTreeSet::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (1980, 1, 1),
            "{:?}",
            entry.name()
        );
        names.insert(entry.name().unwrap().to_string());
    }
    assert!(names.contains("word/theme/theme1.xml") && names.contains("word/media/rIdImage1.png"));
    let core = part_text_raw(&run.docx, "docProps/core.xml");
    assert!(
        core.contains(">2023-01-11T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    let fonts = part_text_raw(&run.docx, "word/fontTable.xml");
    for f in [
        "仿宋_GB2312",
        "方正小标宋简体",
        "黑体",
        "宋体",
        "w:altName w:val=\"仿宋\"",
    ] {
        assert!(fonts.contains(f), "{f} not declared");
    }
}

fn part_text_raw(docx: &Path, part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn editing_a_template_changes_the_words_without_recompiling() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("templates/通报");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("05_报送情况.txt"),
        "本月报送：{submission_text}（截止{deadline}）\n",
    )
    .unwrap();
    let out = work.path().join("out");
    let run = xtic()
        .current_dir(work.path())
        .arg("report")
        .arg("--inputs")
        .arg(root().join("inputs"))
        .arg("--outputs")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let docx = out
        .join("2022-12")
        .join("邢台市科技创新综合体建设进展通报_2022年12月.docx");
    let text = part_text(&docx, "word/document.xml");
    assert!(
        text.contains("本月报送：逾期报送的有新河县；未报送的有临城县（数据沿用2022年11月报表），其余单位按时报送。（截止2023年1月10日）"),
        "{text}"
    );
    // the other sections keep the shipped wording
    // 按进度应建成 with two decimals, as in the workbook (docs/报表格式.md §十)
    assert!(text.contains("按进度应建成30.00家"), "{text}");
    assert!(!text.contains("计划实施以来的报表文件共"));
}

/// A 通报 under the successor plan, with the plan's city replaced everywhere in the
/// plan file when `city` is given: the plan file, its sample returns, the report.
fn successor_run(city: Option<&str>) -> (PathBuf, Value, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut plan_text =
        std::fs::read_to_string(root().join("tests/plans/plan-2023-2027.toml")).unwrap();
    if let Some(c) = city {
        plan_text = plan_text.replace("邢台", c);
    }
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, &plan_text).unwrap();
    let inputs = dir.path().join("inputs");
    let outputs = dir.path().join("outputs");
    let ok = |out: std::process::Output| {
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ok(xtic()
        .args(["sample", "--plan"])
        .arg(&plan)
        .arg("--out")
        .arg(&inputs)
        .output()
        .unwrap());
    ok(xtic()
        .args(["report", "--plan"])
        .arg(&plan)
        .arg("--inputs")
        .arg(&inputs)
        .arg("--outputs")
        .arg(&outputs)
        .output()
        .unwrap());
    let p = std::fs::read_dir(&outputs)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("20"))
        .unwrap();
    let summary = read_json(&outputs.join(&p).join("summary.json"));
    let docx = std::fs::read_dir(outputs.join(&p))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|f| f.extension().is_some_and(|x| x == "docx"))
        .unwrap();
    (docx, summary, plan_text, dir)
}

/// Words of the 2020–2022 plan that no output under another plan may show.
const OLD_PLAN_WORDS: [&str; 9] = [
    "2020",
    "2021",
    "2022",
    "邢科创领办",
    "建设行动计划",
    "每家 50",
    "50万元",
    "30家",
    "（2020",
];

#[test]
fn the_successor_plans_bulletin_speaks_its_words_only() {
    let (docx, summary, plan_text, _dir) = successor_run(None);
    let text = part_text(&docx, "word/document.xml");
    for word in OLD_PLAN_WORDS {
        assert!(
            !text.contains(word),
            "“{word}” under the 2023–2027 plan:\n{text}"
        );
    }
    let title = plan_text
        .lines()
        .find_map(|l| l.strip_prefix("title = \""))
        .unwrap()
        .trim_end_matches('"');
    assert!(text.contains(&format!("《{title}》")), "{text}");
    assert!(text.contains("2023—2027年"), "the plan years: {text}");
    let p = summary["period"].as_str().unwrap();
    assert!(p.starts_with("2025"), "{p}");
    for h in HEADINGS {
        assert!(text.contains(h), "{h}");
    }
    // its group labels and its figures, not the old plan's
    assert!(
        !text.contains("重点区"),
        "the old plan's group label:\n{text}"
    );
    assert_every_number_is_summarys(&Run { docx, summary });
}

#[test]
fn another_city_leaves_no_xingtai_in_the_bulletin() {
    let (docx, _summary, _plan, _dir) = successor_run(Some("沧州"));
    let name = docx.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("沧州市科技创新综合体建设进展通报_"),
        "{name}"
    );
    let mut all = String::new();
    for part in ["word/document.xml", "docProps/core.xml", "word/footer1.xml"] {
        all += &part_text_raw(&docx, part);
    }
    assert!(!all.contains("邢台"), "{all}");
    assert!(all.contains("沧州市科学技术局"), "{all}");
}

/// The closing line and the signature stand on the page of the text before them:
/// the last page holds more than 特此通报 and the signature.
#[test]
fn the_last_page_holds_text_above_the_closing_line() {
    if !tool("soffice") || !tool("pdftotext") {
        return;
    }
    for run in [sample(), planted()] {
        let dir = tempfile::tempdir().unwrap();
        let pdf = to_pdf(&run.docx, dir.path());
        let pages = output_of("pdftotext", &["-enc", "UTF-8"], &pdf, &["-"]);
        let last = pages
            .split('\u{c}')
            .rfind(|p| !p.trim().is_empty())
            .unwrap();
        let body: String = last
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .filter(|l| !l.starts_with("特此通报") && !l.starts_with('—'))
            .filter(|l| !l.contains("科学技术局") && !l.ends_with('日'))
            .collect();
        assert!(body.chars().count() > 20, "the last page: {last:?}");
        // and no page ends with a section heading (its text on the next page)
        for page in pages.split('\u{c}') {
            let end = page
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty() && !l.starts_with('—'))
                .unwrap_or_default();
            assert!(!HEADINGS.contains(&end), "a page ends with {end}");
        }
    }
}

/// Numbers read as the workbook shows them (docs/报表格式.md §十): 按进度应建成 with two
/// decimals, counts without (thousands commas as `#,##0`), 万元 with two.
#[test]
fn numbers_are_written_as_the_workbook_writes_them() {
    let run = sample();
    let text = part_text(&run.docx, "word/document.xml");
    let s = &run.summary;
    let expected = format!(
        "按进度应建成{:.2}家",
        s["city"]["expected_by_now"].as_f64().unwrap()
    );
    assert!(text.contains(&expected), "{expected}\n{text}");
    assert!(text.contains("兑现奖励资金900.00万元"), "{text}");
    let firms = s["services_by_year"]["2022"]["firms_served"]
        .as_f64()
        .unwrap();
    assert!(firms >= 1000.0);
    let firms = format!("{},{:03}", firms as u64 / 1000, firms as u64 % 1000);
    assert!(
        text.contains(&format!("服务企业{firms}家次")),
        "{firms}\n{text}"
    );
    assert!(!text.contains(".0家"), "no count with decimals: {text}");
}
