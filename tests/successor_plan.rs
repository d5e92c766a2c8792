//! A successor plan (tests/plans/plan-2023-2027.toml: other years, targets, groups,
//! reward, deadline, one new industry, its own target paragraph): `xtic sample --plan`,
//! then report, check and template under it. The figures are worked out here from the
//! sample's returns themselves (read with calamine, counted by docs/报表格式.md §六's rules, without
//! xtic's aggregation) and compared with summary.json, the workbook, briefing.txt and the
//! console; and no word of the 2020–2022 plan may appear in any output.

mod common;
#[path = "successor/returns.rs"]
mod returns;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::book::{words_below, xlsx_words, Grid};
use common::*;
use returns::{expect_unit, idx, plan_facts, returns, Expect, PlanFacts, Return, Ym};
use serde_json::Value;

pub(crate) const PLAN: &str = "tests/plans/plan-2023-2027.toml";

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
    // docs/报表格式.md §六: assessment counts and rewards only for complexes built in a plan year
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
