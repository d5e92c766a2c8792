//! Tests of `xtic sample`: determinism, the file count, the synthetic plan, the
//! workbooks read back with calamine, and the hand-made story's figures and rules.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use super::month::ReturnDoc;
use super::scenario::{ym, Status, FIRST};
use super::workbook::{table1_columns, SHEET1, SHEET2};
use super::*;
use crate::schema::{
    table1_field, table2_field, Field, BUILD_MODES, FUNDINGS, MEASURES, OPERATING_MODELS,
};

fn opts(months: u32) -> SampleOptions {
    SampleOptions {
        months,
        complexes: None,
        seed: 2020,
        first: FIRST,
        successor: false,
    }
}

/// Every return document of the sample (no workbook bytes).
fn documents(plan: &Plan, opts: &SampleOptions) -> Vec<ReturnDoc> {
    let stories = stories(plan, opts).unwrap();
    jobs(plan, opts)
        .into_iter()
        .filter_map(|(ui, m)| document(plan, opts, &stories, ui, m))
        .collect()
}

#[test]
fn same_seed_same_bytes() {
    let plan = Plan::builtin();
    let a = generate(&plan, &opts(3)).unwrap();
    let b = generate(&plan, &opts(3)).unwrap();
    assert_eq!(a.len(), 60);
    assert!(a == b, "two runs with one seed differ");
    let other = generate(&plan, &SampleOptions { seed: 7, ..opts(3) }).unwrap();
    assert!(a != other, "another seed gives the same bytes");
    for (path, bytes) in &a {
        assert!(
            (5_000..20_000).contains(&bytes.len()),
            "{} is {} bytes",
            path.display(),
            bytes.len()
        );
    }
}

#[test]
fn twenty_units_three_years_less_the_missing_month() {
    let plan = Plan::builtin();
    let docs = documents(&plan, &opts(36));
    assert_eq!(docs.len(), 20 * 36 - 1);
    let paths: HashSet<&PathBuf> = docs.iter().map(|d| &d.path).collect();
    assert_eq!(paths.len(), docs.len(), "two returns share a path");
    assert!(!docs
        .iter()
        .any(|d| d.unit == "临城县" && d.month == ym(2022, 12)));
    assert!(paths
        .iter()
        .all(|p| p.extension().is_some_and(|e| e == "xlsx")));
}

#[test]
fn fifty_units_come_with_their_plan() {
    let text = synthetic_plan_text(&Plan::builtin(), 50);
    let plan = Plan::parse(&text).unwrap();
    assert_eq!(plan.units.len(), 50);
    assert_eq!(plan.units[0].name, "测试县001");
    assert_eq!(
        plan.units.iter().filter(|u| u.group == "priority").count(),
        6
    );
    assert_eq!(plan.industries.len(), Plan::builtin().industries.len());
    assert!(plan.dissolved.is_empty());
    let files = generate(
        &plan,
        &SampleOptions {
            months: 2,
            complexes: Some(3),
            seed: 1,
            first: FIRST,
            successor: false,
        },
    )
    .unwrap();
    assert_eq!(files.len(), 100);
    // every file name and header names its own unit and month
    for (path, _) in &files {
        let name = path.to_string_lossy();
        assert!(plan.find_unit_in_text(&name).is_some(), "{name}");
    }
}

#[test]
fn synthetic_units_keep_the_plans_own_groups() {
    let base = Plan::parse(include_str!("../../tests/plans/plan-2023-2027.toml")).unwrap();
    let ids: Vec<&str> = base.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["urban", "parks", "towns"]);
    let plan = Plan::parse(&synthetic_plan_text(&base, 10)).unwrap();
    let count = |g: &str| plan.units.iter().filter(|u| u.group == g).count();
    assert_eq!((count("urban"), count("parks"), count("towns")), (6, 2, 2));
    assert_eq!(plan.years, base.years);
    // fewer units than groups: the groups without a unit are left out
    let two = Plan::parse(&synthetic_plan_text(&base, 2)).unwrap();
    let ids: Vec<&str> = two.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["urban", "parks"]);
    assert!(!synthetic_plan_text(&base, 50).contains("priority"));
}

fn cell(range: &calamine::Range<Data>, r: u32, c: u32) -> Data {
    range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
}

fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(v) => Some(*v),
        Data::Int(v) => Some(*v as f64),
        _ => None,
    }
}

#[test]
fn workbook_reads_back_with_title_sheets_and_total() {
    let plan = Plan::builtin();
    let o = opts(36);
    let stories = stories(&plan, &o).unwrap();
    // a two-row, numeric return in the last month with several complexes
    let (ui, doc) = (0..20)
        .filter_map(|ui| document(&plan, &o, &stories, ui, ym(2022, 12)).map(|d| (ui, d)))
        .find(|(_, d)| d.style.two_row && !d.style.text_numbers && d.table1.len() >= 3)
        .expect("some unit writes two-row numeric titles");
    let (_, bytes) = render(&plan, &o, &stories, ui, ym(2022, 12))
        .unwrap()
        .unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![SHEET1.to_string(), SHEET2.to_string()]
    );
    let range = wb.worksheet_range(SHEET1).unwrap();
    assert_eq!(
        cell(&range, 0, 0),
        Data::String("邢台市科技创新综合体建设情况月报表".into())
    );
    let info = format!("{:?}", cell(&range, 2, 0));
    assert!(info.contains(&format!("填报单位：{}", doc.unit)), "{info}");

    let cols = table1_columns(&doc.style, &plan.functions);
    let done_col = cols
        .iter()
        .position(|c| c.field == Some(Field::InvestDone))
        .unwrap() as u32;
    // titles in rows 3-4, data from row 5, then 合计
    let first = 5;
    let total_row = first + doc.table1.len() as u32;
    let label = format!(
        "{:?}{:?}",
        cell(&range, total_row, 0),
        cell(&range, total_row, 2)
    );
    assert!(label.replace(' ', "").contains("合计"), "{label}");
    let sum: f64 = (first..total_row)
        .filter_map(|r| number(&cell(&range, r, done_col)))
        .sum();
    let cached = number(&cell(&range, total_row, done_col)).expect("a cached total");
    assert!(sum > 0.0);
    assert!((cached - sum).abs() < 0.01, "合计 {cached} vs rows {sum}");
    let formulas = wb.worksheet_formula(SHEET1).unwrap();
    let f = formulas
        .get_value((total_row, done_col))
        .cloned()
        .unwrap_or_default();
    assert!(f.starts_with("SUM("), "{f}");
}

#[test]
fn written_titles_are_read_back_as_their_fields() {
    let plan = Plan::builtin();
    for ui in 0..20 {
        let style = style::Style::choose(ui, 2020, ym(2022, 6));
        for col in table1_columns(&style, &plan.functions) {
            assert_eq!(
                table1_field(&col.title, &plan.functions),
                col.field,
                "{}",
                col.title
            );
        }
    }
    for m in &MEASURES {
        let title = format!("{}\n（{}）", m.title, m.unit);
        assert!(table2_field(&title).is_some(), "{title}");
    }
}

#[test]
fn every_coded_value_is_one_the_reader_knows() {
    let plan = Plan::builtin();
    for doc in documents(&plan, &opts(36))
        .iter()
        .filter(|d| d.month.month == 12)
    {
        for r in &doc.table1 {
            assert!(plan.match_industry(&r.industry).is_some(), "{}", r.industry);
            assert!(BUILD_MODES.contains(&r.build_mode));
            assert!(FUNDINGS.contains(&r.funding));
            assert!(OPERATING_MODELS.contains(&r.model));
        }
        assert_eq!(
            plan.find_unit_in_text(&doc.path.to_string_lossy()),
            Some(doc.unit.as_str())
        );
        assert_eq!(
            plan.find_unit_in_text(&doc.unit_label),
            Some(doc.unit.as_str())
        );
        assert_eq!(
            plan.match_unit_exact(&doc.unit_cell),
            Some(doc.unit.as_str())
        );
        assert_eq!(
            crate::normalize::find_month_in_text(&doc.path.to_string_lossy()),
            Some(doc.month)
        );
    }
}

/// The rules of docs/报表格式.md §七 that make a row an error never fire on the sample.
#[test]
fn no_data_errors_and_nothing_vanishes() {
    let plan = Plan::builtin();
    let docs = documents(&plan, &opts(36));
    let mut ids_by_month: HashMap<YearMonth, HashSet<String>> = HashMap::new();
    let mut last_seen: HashMap<String, (YearMonth, Status)> = HashMap::new();
    for doc in &docs {
        let ids = ids_by_month.entry(doc.month).or_default();
        let mut names = HashSet::new();
        for r in &doc.table1 {
            assert!(ids.insert(r.id.clone()), "{} twice in {}", r.id, doc.month);
            assert!(names.insert(r.name.clone()));
            assert!(!r.name.is_empty() && !r.host.is_empty());
            if r.status == Status::Built {
                assert!(
                    r.built.is_some_and(|b| b <= doc.month),
                    "{} {}",
                    r.id,
                    doc.month
                );
            } else {
                assert!(r.assessment.is_none(), "{} assessed unbuilt", r.id);
            }
            let (d, g, p) = (
                r.invest_done.unwrap(),
                r.invest_gov.unwrap(),
                r.invest_private.unwrap(),
            );
            let planted = doc.unit == "宁晋县" && doc.month == ym(2022, 12);
            assert!(
                planted || (g + p - d).abs() <= 0.01,
                "{} {} {d} {g} {p}",
                doc.unit,
                doc.month
            );
            assert!(d <= 1.5 * r.invest_planned.unwrap());
            if let Some((seen, status)) = last_seen.insert(r.id.clone(), (doc.month, r.status)) {
                assert!(status as u8 <= r.status as u8, "{} went back", r.id);
                let _ = seen;
            }
        }
        if let Some(rows) = &doc.table2 {
            for r in rows {
                assert!(doc.table1.iter().any(|c| c.id == r.id && c.name == r.name));
            }
        }
    }
    // a complex once listed stays listed (the missing month aside)
    for doc in &docs {
        let prev = docs
            .iter()
            .find(|d| d.unit == doc.unit && d.month == doc.month.prev());
        if let Some(prev) = prev {
            for r in &prev.table1 {
                assert!(
                    doc.table1.iter().any(|c| c.id == r.id),
                    "{} vanished in {}",
                    r.id,
                    doc.month
                );
            }
        }
    }
}

/// The figures the report should show for 2022-12 (listed in the module docs).
#[test]
fn the_story_at_december_2022() {
    let plan = Plan::builtin();
    let docs = documents(&plan, &opts(36));
    let mut state: BTreeMap<&str, &ReturnDoc> = BTreeMap::new();
    for d in &docs {
        state.insert(d.unit.as_str(), d); // months ascend, so the latest wins
    }
    assert_eq!(state["临城县"].month, ym(2022, 11));
    let mut by_year: BTreeMap<i32, usize> = BTreeMap::new();
    let (mut pre_plan, mut building, mut planning, mut passed, mut failed) = (0, 0, 0, 0, 0);
    let mut covered = 0;
    for (unit, doc) in &state {
        let mut unit_years: BTreeMap<i32, usize> = BTreeMap::new();
        for r in &doc.table1 {
            match (r.status, r.built) {
                (Status::Built, Some(b)) if b.year < 2020 => pre_plan += 1,
                (Status::Built, Some(b)) => *unit_years.entry(b.year).or_default() += 1,
                (Status::Building, _) => building += 1,
                _ => planning += 1,
            }
            match r.assessment {
                Some("通过") => passed += 1,
                Some(_) => failed += 1,
                None => {}
            }
        }
        covered += usize::from(!unit_years.is_empty());
        let priority = plan
            .units
            .iter()
            .any(|u| u.name == *unit && u.group == "priority");
        if priority && *unit != "任泽区" {
            assert!(
                (2020..=2022).all(|y| unit_years.contains_key(&y)),
                "{unit} {unit_years:?}"
            );
        }
        for (y, n) in unit_years {
            *by_year.entry(y).or_default() += n;
        }
    }
    assert_eq!(by_year.values().sum::<usize>(), 33);
    assert_eq!(by_year, BTreeMap::from([(2020, 8), (2021, 12), (2022, 13)]));
    assert_eq!((pre_plan, building, planning), (3, 3, 3));
    assert_eq!(covered, 19);
    assert_eq!((passed, failed), (18, 2));
    let renze = &state["任泽区"].table1;
    assert!(!renze
        .iter()
        .any(|r| r.built.is_some_and(|b| b.year == 2021) && r.status == Status::Built));
}

#[test]
fn options_out_of_range_are_refused() {
    let plan = Plan::builtin();
    assert!(generate(&plan, &opts(0)).is_err());
    let zero = SampleOptions {
        complexes: Some(0),
        ..opts(1)
    };
    assert!(generate(&plan, &zero).is_err());
}

/// An empty 表2 (a unit with only 谋划 complexes) totals 0, not the -0 of an empty sum.
#[test]
fn empty_table2_totals_zero_not_minus_zero() {
    let plan = Plan::builtin();
    let o = opts(1);
    let stories = stories(&plan, &o).unwrap();
    let ui = plan.units.iter().position(|u| u.name == "柏乡县").unwrap();
    let doc = document(&plan, &o, &stories, ui, FIRST).unwrap();
    assert_eq!(doc.table2.as_ref().map(Vec::len), Some(0));
    let (_, bytes) = render(&plan, &o, &stories, ui, FIRST).unwrap().unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range(SHEET2).unwrap();
    let is_total = |d: Data| matches!(d, Data::String(t) if t.replace(' ', "").starts_with("合计"));
    let total = (0..20)
        .find(|&r| is_total(cell(&range, r, 0)) || is_total(cell(&range, r, 2)))
        .expect("a 合计 row");
    for c in 3..13 {
        match cell(&range, total, c) {
            Data::Float(v) => assert!(v == 0.0 && v.is_sign_positive(), "{v}"),
            Data::String(s) => assert_eq!(s, "0"),
            other => panic!("{other:?}"),
        }
    }
}

/// The sample committed under inputs/ is exactly what `xtic sample` writes today, so
/// the generator and the shipped sample never drift apart.
#[test]
fn shipped_inputs_are_the_generator_output() {
    let plan = Plan::builtin();
    let files = generate(&plan, &opts(36)).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    for (rel, bytes) in &files {
        let shipped = std::fs::read(root.join(rel))
            .unwrap_or_else(|e| panic!("inputs/{}: {e}", rel.display()));
        assert!(&shipped == bytes, "inputs/{} differs from `xtic sample`; regenerate with `cargo run -- sample --out inputs`", rel.display());
    }
    let count = walk_count(&root);
    assert_eq!(
        count,
        files.len(),
        "inputs/ holds exactly the generated returns"
    );
}

fn walk_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                walk_count(&e.path())
            } else {
                1
            }
        })
        .sum()
}
