//! A successor plan (tests/plans/plan-2023-2027.toml: other years, targets, groups,
//! reward, deadline, one new industry, its own target paragraph): `xtic sample --plan`,
//! then report, check and template under it. The figures are worked out here from the
//! sample's returns themselves (read with calamine, counted by SPEC §4's rules, without
//! xtic's aggregation) and compared with summary.json, the workbook, briefing.txt and the
//! console; and no word of the 2020–2022 plan may appear in any output.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::book::{words_below, xlsx_words, Grid};
use common::*;
use serde_json::Value;

const PLAN: &str = "tests/plans/plan-2023-2027.toml";

/// Words of the 2020–2022 plan that no output under another plan may show.
const OLD_WORDS: &[&str] = &[
    "2020—2022",
    "2020-2022",
    "2020年",
    "邢科创领办〔2020〕18号",
    "重点区",
    "其余县",
    "30家",
    "50万元",
    "50 万元",
    "每年新建科技创新综合体不少于1家",
    "实现县（市、区）全覆盖",
    "序时",
    "XT-KJ",
    "提示",
];

fn ok(out: &std::process::Output) -> String {
    assert!(
        matches!(out.status.code(), Some(0)),
        "exit {:?}\n{}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

type Ym = (i32, u32);

/// One 表1 row as the clerk wrote it: status, 建成时间, 考核结果.
#[derive(Debug, Clone)]
struct Row {
    status: String,
    built: Option<Ym>,
    assessment: String,
}

/// One return: its unit and month (from the file's place and name), 表1 and whether
/// it has 表2.
struct Return {
    unit: String,
    month: Ym,
    rows: Vec<Row>,
    has_table2: bool,
}

fn month_of_text(s: &str) -> Option<Ym> {
    let s = s.trim();
    if let Some((y, rest)) = s.split_once('年') {
        let m = rest.trim_end_matches('月');
        return Some((y.parse().ok()?, m.parse().ok()?));
    }
    let (y, m) = s.split_once('-')?;
    Some((y.parse().ok()?, m.parse().ok()?))
}

/// A month cell: text, or a date (an Excel serial day).
fn month_of(d: &Data) -> Option<Ym> {
    use chrono::Datelike;
    let serial = match d {
        Data::String(s) => return month_of_text(s),
        Data::DateTime(dt) => dt.as_f64(),
        Data::Float(f) => *f,
        _ => return None,
    };
    let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(serial as u64))?;
    Some((day.year(), day.month()))
}

/// A return's unit, month and sheets; its 表1 rows only when `rows` is asked for.
fn read_return(path: &Path, rel: &str, units: &[String], rows: bool) -> Return {
    let parts: Vec<&str> = rel.split('/').collect();
    let month = (parts[0].parse().unwrap(), parts[1].parse().unwrap());
    let unit = units
        .iter()
        .filter(|u| parts[2].contains(u.as_str()))
        .max_by_key(|u| u.chars().count())
        .unwrap_or_else(|| panic!("no unit in {rel}"))
        .clone();
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names();
    let has_table2 = names.iter().any(|n| n.contains("表2"));
    if !rows {
        return Return {
            unit,
            month,
            rows: Vec::new(),
            has_table2,
        };
    }
    let sheet = names.iter().find(|n| n.contains("表1")).unwrap().clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let cells: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let title = |d: &Data| common::book::cell_text(d).replace(['\n', ' '], "");
    let (head, status_col) = cells
        .iter()
        .enumerate()
        .find_map(|(r, row)| {
            row.iter()
                .position(|d| title(d) == "建设状态")
                .map(|c| (r, c))
        })
        .expect("建设状态 column");
    let col = |t: &str| cells[head].iter().position(|d| title(d) == t).unwrap();
    let (built_col, assess_col) = (col("建成时间"), col("考核结果"));
    let rows = cells[head + 1..]
        .iter()
        .filter_map(|row| {
            let status = common::book::cell_text(row.get(status_col)?);
            let status = match status.as_str() {
                "建成运营" | "已建成" => "建成运营",
                "在建" | "谋划" => status.as_str(),
                _ => return None,
            }
            .to_string();
            Some(Row {
                status,
                built: row.get(built_col).and_then(month_of),
                assessment: row
                    .get(assess_col)
                    .map(common::book::cell_text)
                    .unwrap_or_default(),
            })
        })
        .collect();
    Return {
        unit,
        month,
        rows,
        has_table2,
    }
}

/// The plan as this test reads it (toml, not xtic).
struct PlanFacts {
    years: Vec<i32>,
    units: Vec<(String, String)>,
    groups: BTreeMap<String, (String, Option<u32>, Option<u32>)>,
    city_target: u32,
    reward: f64,
}

fn plan_facts() -> PlanFacts {
    let t: toml::Table = std::fs::read_to_string(root().join(PLAN))
        .unwrap()
        .parse()
        .unwrap();
    let arr = |k: &str| t[k].as_array().unwrap().clone();
    let s = |v: &toml::Value, k: &str| v[k].as_str().unwrap().to_string();
    PlanFacts {
        years: arr("years")
            .iter()
            .map(|y| y.as_integer().unwrap() as i32)
            .collect(),
        units: arr("units")
            .iter()
            .map(|u| (s(u, "name"), s(u, "group")))
            .collect(),
        groups: arr("groups")
            .iter()
            .map(|g| {
                let n = |k: &str| g.get(k).map(|v| v.as_integer().unwrap() as u32);
                (
                    s(g, "id"),
                    (s(g, "label"), n("yearly_target"), n("cumulative_target")),
                )
            })
            .collect(),
        city_target: t["city_target"].as_integer().unwrap() as u32,
        reward: t["reward_wan"].as_float().unwrap(),
    }
}

/// One unit's figures, worked out by SPEC §4 from its returns.
#[derive(Debug, Default)]
struct Expect {
    built_by_year: BTreeMap<String, u32>,
    status_by_year: BTreeMap<String, &'static str>,
    built: u32,
    target: u32,
    expected: f64,
    behind: bool,
    status: &'static str,
    pre_plan: u32,
    passed: u32,
    failed: u32,
    pre_plan_passed: u32,
    months_missing: Vec<String>,
    months_no_table2: Vec<String>,
}

fn idx((y, m): Ym) -> i32 {
    y * 12 + m as i32 - 1
}

fn expect_unit(plan: &PlanFacts, group: &str, mine: &[&Return], p: Ym) -> Expect {
    let first = plan.years[0];
    let last = *plan.years.last().unwrap();
    let state = mine
        .iter()
        .filter(|r| r.month <= p)
        .max_by_key(|r| r.month)
        .unwrap();
    let mut e = Expect::default();
    let in_plan = |r: &Row| {
        r.status == "建成运营" && r.built.is_some_and(|b| plan.years.contains(&b.0) && b <= p)
    };
    for y in &plan.years {
        let n = state
            .rows
            .iter()
            .filter(|r| in_plan(r) && r.built.unwrap().0 == *y)
            .count() as u32;
        e.built_by_year.insert(y.to_string(), n);
    }
    e.built = e.built_by_year.values().sum();
    for r in &state.rows {
        let pre = r.status == "建成运营" && r.built.is_some_and(|b| b.0 < first);
        e.pre_plan += pre as u32;
        match (in_plan(r), pre, r.assessment.as_str()) {
            (true, _, "通过") => e.passed += 1,
            (true, _, "未通过") => e.failed += 1,
            (_, true, "通过") => e.pre_plan_passed += 1,
            _ => {}
        }
    }
    let (_, yearly, cumulative) = &plan.groups[group];
    let elapsed = (idx(p) - idx((first, 1)) + 1).clamp(0, 12 * plan.years.len() as i32);
    if let Some(n) = yearly {
        for y in &plan.years {
            let b = e.built_by_year[&y.to_string()];
            let s = if b >= *n {
                "met"
            } else if p >= (*y, 12) {
                "missed"
            } else if p.0 == *y {
                "in_progress"
            } else {
                "not_due"
            };
            e.status_by_year.insert(y.to_string(), s);
            e.expected += match y.cmp(&p.0) {
                std::cmp::Ordering::Less => *n as f64,
                std::cmp::Ordering::Equal => *n as f64 * p.1 as f64 / 12.0,
                std::cmp::Ordering::Greater => 0.0,
            };
        }
        e.target = n * plan.years.len() as u32;
        let all: Vec<&str> = e.status_by_year.values().copied().collect();
        e.status = if all.contains(&"missed") {
            "missed"
        } else if all.iter().all(|s| *s == "met") {
            "met"
        } else {
            "in_progress"
        };
    } else {
        let t = cumulative.unwrap();
        e.target = t;
        e.expected = t as f64 * elapsed as f64 / (12.0 * plan.years.len() as f64);
        e.status = if e.built >= t {
            "met"
        } else if p >= (last, 12) {
            "missed"
        } else {
            "in_progress"
        };
    }
    e.behind = (e.built as f64) < e.expected - 1e-9;
    for i in idx((first, 1))..=idx(p) {
        let m = (i / 12, (i % 12) as u32 + 1);
        let key = format!("{}-{:02}", m.0, m.1);
        match mine.iter().find(|r| r.month == m) {
            None => e.months_missing.push(key),
            Some(r) if !r.has_table2 => e.months_no_table2.push(key),
            _ => {}
        }
    }
    e
}

struct Run {
    _dir: tempfile::TempDir,
    inputs: PathBuf,
    out: PathBuf,
    templates: PathBuf,
    console: String,
}

fn run_all(plan: &Path, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    let out = dir.path().join("outputs");
    let templates = dir.path().join("templates");
    let mut console = ok(&xtic()
        .args(["sample", "--plan"])
        .arg(plan)
        .arg("--out")
        .arg(&inputs)
        .args(extra)
        .output()
        .unwrap());
    console += &ok(&xtic()
        .args(["report", "--plan"])
        .arg(plan)
        .arg("--inputs")
        .arg(&inputs)
        .arg("--outputs")
        .arg(&out)
        .output()
        .unwrap());
    console += &ok(&xtic()
        .args(["check", "--plan"])
        .arg(plan)
        .arg("--inputs")
        .arg(&inputs)
        .output()
        .unwrap());
    console += &ok(&xtic().args(["plan", "--plan"]).arg(plan).output().unwrap());
    console += &ok(&xtic()
        .args(["template", "--all", "--period", "2025-07", "--plan"])
        .arg(plan)
        .arg("--out")
        .arg(&templates)
        .output()
        .unwrap());
    Run {
        _dir: dir,
        inputs,
        out,
        templates,
        console,
    }
}

/// Every return below `inputs`, with the 表1 rows of each unit's latest return only
/// (the state at the last month; the story's last month is the report month).
fn returns(inputs: &Path, units: &[String]) -> Vec<Return> {
    let files: Vec<(PathBuf, String)> = common::book::files_below(inputs)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| {
            let rel = p
                .strip_prefix(inputs)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (p, rel)
        })
        .collect();
    let mut all: Vec<Return> = files
        .iter()
        .map(|(p, rel)| read_return(p, rel, units, false))
        .collect();
    for unit in units {
        let latest = (0..all.len())
            .filter(|&i| &all[i].unit == unit)
            .max_by_key(|&i| all[i].month);
        if let Some(i) = latest {
            all[i] = read_return(&files[i].0, &files[i].1, units, true);
        }
    }
    all
}

#[test]
fn a_successor_plan_gives_its_own_figures_and_words() {
    let run = run_all(&root().join(PLAN), &[]);
    let plan = plan_facts();
    let names: Vec<String> = plan.units.iter().map(|(n, _)| n.clone()).collect();
    let all = returns(&run.inputs, &names);
    // the report month: the latest with at least half the units
    let mut per_month: BTreeMap<Ym, usize> = BTreeMap::new();
    for r in &all {
        *per_month.entry(r.month).or_default() += 1;
    }
    let p = *per_month
        .iter()
        .rev()
        .find(|(_, n)| **n * 2 >= names.len())
        .unwrap()
        .0;
    assert_eq!(p, (2025, 6), "the story ends mid-plan");
    let period = format!("{}-{:02}", p.0, p.1);
    let dir = run.out.join(&period);
    let s = read_json(&dir.join("summary.json"));
    assert_eq!(s["period"], period.as_str());

    let mut expect = BTreeMap::new();
    for (unit, group) in &plan.units {
        let mine: Vec<&Return> = all.iter().filter(|r| &r.unit == unit).collect();
        expect.insert(
            unit.clone(),
            (group.clone(), expect_unit(&plan, group, &mine, p)),
        );
    }
    check_summary(&s, &plan, &expect, p);
    let book = dir.join(format!(
        "邢台市科技创新综合体建设进展报告_{}年{:02}月.xlsx",
        p.0, p.1
    ));
    check_workbook(&book, &plan, &expect);
    check_texts(&dir, &book, &run.console, &s);
    check_words(&run);
}

fn check_summary(s: &Value, plan: &PlanFacts, expect: &BTreeMap<String, (String, Expect)>, p: Ym) {
    let mut city_built = 0;
    let (mut passed, mut failed) = (0, 0);
    for u in s["units"].as_array().unwrap() {
        let name = u["unit"].as_str().unwrap();
        let (group, e) = &expect[name];
        assert_eq!(u["group"], group.as_str());
        assert_eq!(u["built"], e.built, "{name}");
        assert_eq!(u["target"], e.target, "{name}");
        assert_eq!(u["status"], e.status, "{name}");
        assert_eq!(u["behind"], e.behind, "{name}");
        assert_eq!(u["covered"], e.built > 0, "{name}");
        assert!(
            (u["expected_by_now"].as_f64().unwrap() - e.expected).abs() < 0.006,
            "{name}"
        );
        assert_eq!(
            u["reward_wan"].as_f64().unwrap(),
            e.passed as f64 * plan.reward,
            "{name}"
        );
        let by_year: BTreeMap<String, u32> =
            serde_json::from_value(u["built_by_year"].clone()).unwrap();
        assert_eq!(by_year, e.built_by_year, "{name}");
        let status: BTreeMap<String, String> =
            serde_json::from_value(u["status_by_year"].clone()).unwrap();
        let want: BTreeMap<String, String> = e
            .status_by_year
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        assert_eq!(status, want, "{name}");
        let missing: Vec<String> = serde_json::from_value(u["months_missing"].clone()).unwrap();
        assert_eq!(missing, e.months_missing, "{name}");
        city_built += e.built;
        passed += e.passed;
        failed += e.failed;
    }
    let c = &s["city"];
    assert_eq!(c["built"], city_built);
    assert_eq!(c["target"], plan.city_target);
    let m = (idx(p) - idx((plan.years[0], 1)) + 1) as f64;
    let expected = plan.city_target as f64 * m / (12.0 * plan.years.len() as f64);
    assert!((c["expected_by_now"].as_f64().unwrap() - expected).abs() < 0.006);
    assert_eq!(
        c["status"],
        if city_built >= plan.city_target {
            "met"
        } else {
            "in_progress"
        }
    );
    let covered = expect.values().filter(|(_, e)| e.built > 0).count();
    assert_eq!(c["units_covered"], covered);
    assert_eq!(
        c["pre_plan"],
        expect.values().map(|(_, e)| e.pre_plan).sum::<u32>()
    );
    // SPEC §2.1: assessment counts and rewards only for complexes built in a plan year
    let a = &s["assessment"];
    assert_eq!(
        (a["passed"].as_u64().unwrap(), a["failed"].as_u64().unwrap()),
        (passed as u64, failed as u64)
    );
    assert_eq!(
        a["reward_wan"].as_f64().unwrap(),
        passed as f64 * plan.reward
    );
    assert!(
        expect.values().any(|(_, e)| e.pre_plan_passed > 0),
        "the story has 存量 results"
    );
    // every status word occurs somewhere in the units
    let text = s["units"].to_string();
    for word in [
        "\"met\"",
        "\"missed\"",
        "\"in_progress\"",
        "\"not_due\"",
        "\"behind\":true",
    ] {
        assert!(text.contains(word), "no {word} in the units");
    }
}

fn check_workbook(book: &Path, plan: &PlanFacts, expect: &BTreeMap<String, (String, Expect)>) {
    let words = [
        ("met", "达标"),
        ("missed", "未达标"),
        ("in_progress", "进行中"),
        ("not_due", "未到期"),
    ];
    let word = |k: &str| words.iter().find(|(a, _)| *a == k).unwrap().1;
    let g = Grid::open(book, "分县区进展");
    let (head, name) = g.header("县（市、区）");
    let col = |t: &str| g.col_in(head, t);
    for (unit, (group, e)) in expect {
        let r = g.row_where(head + 1, name, unit);
        assert_eq!(g.text(r, col("类别")), plan.groups[group].0);
        assert_eq!(g.num(r, col("累计建成（家）")) as u32, e.built, "{unit}");
        assert_eq!(g.num(r, col("目标（家）")) as u32, e.target, "{unit}");
        assert_eq!(g.text(r, col("目标状态")), word(e.status), "{unit}");
        assert_eq!(
            g.text(r, col("进度")),
            if e.behind { "滞后" } else { "正常" },
            "{unit}"
        );
        assert_eq!(g.num(r, col("存量")) as u32, e.pre_plan, "{unit}");
        for (y, st) in &e.status_by_year {
            assert_eq!(
                g.text(r, col(&format!("{y}年目标状态"))),
                word(st),
                "{unit} {y}"
            );
        }
    }
    let sheet = g.all_text();
    for w in ["达标", "未达标", "进行中", "未到期", "滞后"] {
        assert!(sheet.contains(w), "分县区进展 never says {w}");
    }
    assert!(sheet.contains("计划年度（2023—2027年）"));

    let o = Grid::open(book, "总览");
    let (head, ind) = o.header("指标");
    let value = o.col_in(head, "数值");
    let built: u32 = expect.values().map(|(_, e)| e.built).sum();
    assert_eq!(
        o.num(
            o.row_where(head, ind, "全市累计建成（2023—2027年建成）"),
            value
        ) as u32,
        built
    );
    for (id, (label, _, _)) in &plan.groups {
        let on_time = expect
            .values()
            .filter(|(g, e)| g == id && !e.behind)
            .count();
        let r = o.row_where(head, ind, &format!("{label}：进度正常"));
        assert_eq!(o.num(r, value) as usize, on_time, "{label}");
    }

    let k = Grid::open(book, "考核奖励");
    let (head, name) = k.header("县（市、区）");
    for (unit, (_, e)) in expect {
        let r = k.row_where(head + 1, name, unit);
        assert_eq!(k.num(r, 2) as u32, e.passed, "{unit}");
        assert_eq!(k.num(r, 3) as u32, e.failed, "{unit}");
        assert_eq!(k.num(r, 4), e.passed as f64 * plan.reward, "{unit}");
        assert_eq!(k.num(r, 5) as u32, e.pre_plan_passed, "{unit}");
    }
    let detail = k.all_text();
    assert!(detail.contains("存量") && detail.contains("不计奖励"));

    let sv = Grid::open(book, "服务情况");
    let (head2, name2) = sv.header("县（市、区）");
    let no_return = sv.col_in(head2, "未报送月数");
    let no_table2 = sv.col_in(head2, "缺表2月数");
    let sub = Grid::open(book, "报送情况");
    let (sh, sn) = sub.header("县（市、区）");
    for (unit, (_, e)) in expect {
        let r = sv.row_where(head2 + 1, name2, unit);
        assert_eq!(
            sv.num(r, no_return) as usize,
            e.months_missing.len(),
            "{unit}"
        );
        assert_eq!(
            sv.num(r, no_table2) as usize,
            e.months_no_table2.len(),
            "{unit}"
        );
        let r = sub.row_where(sh + 1, sn, unit);
        assert_eq!(
            sub.num(r, sub.col_in(sh, "未报送月数")) as usize,
            e.months_missing.len()
        );
        assert_eq!(
            sub.num(r, sub.col_in(sh, "缺表2月数")) as usize,
            e.months_no_table2.len()
        );
    }
    assert!(expect.values().any(|(_, e)| !e.months_no_table2.is_empty()));
    assert!(expect.values().any(|(_, e)| !e.months_missing.is_empty()));
}

/// briefing.txt, the console and 说明 state the same figures, in the new plan's words.
fn check_texts(dir: &Path, book: &Path, console: &str, s: &Value) {
    let c = &s["city"];
    let briefing = std::fs::read_to_string(dir.join("briefing.txt")).unwrap();
    let built = c["built"].as_u64().unwrap();
    let expected = format!("{:.2}", c["expected_by_now"].as_f64().unwrap());
    assert!(
        briefing.contains(&format!(
            "全市累计建成科技创新综合体{built}家（2023—2027年建成）"
        )),
        "{briefing}"
    );
    assert!(
        briefing.contains(&format!("完成全市目标{}家", c["target"])),
        "{briefing}"
    );
    assert!(
        briefing.contains(&format!("按进度应建成{expected}家")),
        "{briefing}"
    );
    assert!(briefing.contains("全覆盖不是本计划的目标"), "{briefing}");
    assert!(
        console.contains(&format!("全市累计建成 {built} 家")),
        "{console}"
    );
    assert!(
        console.contains(&format!("按进度应建成 {expected} 家")),
        "{console}"
    );
    let reward = s["assessment"]["reward_wan"].as_f64().unwrap();
    assert!(
        briefing.contains(&format!("奖励资金{}万元", money(reward))),
        "{briefing}"
    );
    let about = Grid::open(book, "说明").all_text();
    assert!(
        about.contains(
            "“2023年—2027年，襄都区、信都区、任泽区、南和区每年新建科技创新综合体不少于2家"
        ),
        "{about}"
    );
    assert!(about.contains("每家给予依托单位80万元奖励"));
    assert!(about.contains("次月15日（含）前报送"));
}

fn money(v: f64) -> String {
    let int = format!("{}", v.trunc() as i64);
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{:02}", ((v.fract() * 100.0).round()) as i64)
}

/// No output under the new plan quotes the old one; the new plan's words are there.
fn check_words(run: &Run) {
    let mut texts = words_below(&run.out);
    texts.extend(words_below(&run.templates));
    texts.push((PathBuf::from("console"), run.console.clone()));
    assert!(
        texts
            .iter()
            .any(|(p, _)| p.to_string_lossy().contains("退回")),
        "no 退回 workbook"
    );
    assert!(texts
        .iter()
        .any(|(p, _)| p.extension().is_some_and(|e| e == "svg")));
    for (path, text) in &texts {
        for w in OLD_WORDS {
            assert!(!text.contains(w), "{} says {w}", path.display());
        }
    }
    let template = common::book::files_below(&run.templates)[0].clone();
    let guide = xlsx_words(&template);
    assert!(
        guide.contains("2023年—2027年，襄都区"),
        "the template quotes the plan's targets"
    );
    assert!(guide.contains("综合体1表") && guide.contains("警告 1"));
    assert!(guide.contains("每家给予依托单位80万元奖励"));
}

/// A plan for another city: no output names 邢台 (every city word is the plan's).
#[test]
fn another_citys_plan_never_says_xingtai() {
    let text = std::fs::read_to_string(root().join(PLAN))
        .unwrap()
        .replace("邢台", "衡阳");
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, text).unwrap();
    let run = run_all(&plan, &["--months", "6"]);
    let mut texts = words_below(&run.out);
    texts.extend(words_below(&run.templates));
    texts.extend(words_below(&run.inputs));
    texts.push((PathBuf::from("console"), run.console.clone()));
    for (path, text) in &texts {
        assert!(!text.contains("邢台"), "{} says 邢台", path.display());
    }
    let console = &run.console;
    assert!(
        console.contains("衡阳市科技创新综合体建设进展（截至2023年6月）"),
        "{console}"
    );
    assert!(common::book::files_below(&run.out)
        .iter()
        .any(|p| p.ends_with("2023-06/衡阳市科技创新综合体建设进展报告_2023年06月.xlsx")));
}
