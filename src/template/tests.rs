//! Round trips: a template written by [`build`], blank or filled in the way a clerk
//! fills it, read back by the real reader with no problems.

use std::path::Path;

use super::*;
use crate::issue::Rule;
use crate::pipeline::read_and_select;
use crate::schema::MEASURES;

fn period() -> YearMonth {
    YearMonth::new(2023, 1).unwrap()
}

fn text(s: &str) -> Entry {
    Entry::Text(s.to_string())
}

/// One complex row as a clerk types it; `functions` says how many functions it has.
fn complex(
    plan: &Plan,
    head: [&str; 10],
    numbers: [f64; 5],
    functions: usize,
    orgs: f64,
) -> Vec<(Field, Entry)> {
    let [id, name, unit, host, industry, mode, funding, model, status, built] = head;
    let mut row = vec![
        (Field::Id, text(id)),
        (Field::Name, text(name)),
        (Field::Unit, text(unit)),
        (Field::Host, text(host)),
        (Field::Industry, text(industry)),
        (Field::BuildMode, text(mode)),
        (Field::Funding, text(funding)),
        (Field::OperatingModel, text(model)),
        (Field::Status, text(status)),
        (Field::Started, text("2020年3月")),
        (Field::Built, text(built)),
    ];
    let fields = [
        Field::Area,
        Field::InvestPlanned,
        Field::InvestDone,
        Field::InvestGov,
        Field::InvestPrivate,
    ];
    for (f, n) in fields.into_iter().zip(numbers) {
        row.push((f, Entry::Number(n)));
    }
    for i in 0..plan.functions.len() {
        let yes = if i < functions { "是" } else { "否" };
        row.push((Field::Function(i), text(yes)));
    }
    row.push((Field::ResidentOrgs, Entry::Number(orgs)));
    row
}

/// A built complex (passed assessment), one under construction, one planned, and the
/// services of the first two.
fn fill_for(plan: &Plan, i: usize, unit: &str) -> Fill {
    let industry = |k: usize| {
        plan.industries[(i + k) % plan.industries.len()]
            .name
            .clone()
    };
    let (a, b, c) = (industry(0), industry(1), industry(2));
    let ids = [
        format!("XT{i:02}01"),
        format!("XT{i:02}02"),
        format!("XT{i:02}03"),
    ];
    let names = [
        format!("{unit}{a}科技创新综合体"),
        format!("{unit}{b}产业创新服务综合体"),
        format!("{unit}{c}创新中心"),
    ];
    let host = format!("{unit}产业技术研究院");
    let mut built = complex(
        plan,
        [
            &ids[0],
            &names[0],
            unit,
            &host,
            &a,
            "新建",
            "政府投资",
            "理事会制",
            "建成运营",
            "2021年5月",
        ],
        [5200.0, 3000.0, 2500.5, 1000.0, 1500.5],
        6,
        12.0,
    );
    built.push((Field::Assessment, text("通过")));
    built.push((Field::Note, text("")));
    let building = complex(
        plan,
        [
            &ids[1],
            &names[1],
            unit,
            &host,
            &b,
            "改建",
            "混合投资",
            "股份制",
            "在建",
            "2023年6月",
        ],
        [3000.0, 2000.0, 800.0, 300.0, 500.0],
        3,
        4.0,
    );
    let planned = vec![
        (Field::Id, text(&ids[2])),
        (Field::Name, text(&names[2])),
        (Field::Host, text(&host)),
        (Field::Industry, text(&c)),
        (Field::BuildMode, text("扩建")),
        (Field::Funding, text("民间投资")),
        (Field::Status, text("谋划")),
        (Field::Assessment, text("未考核")),
    ];
    let services = (0..2)
        .map(|k| {
            let mut row = vec![
                (ServiceField::Id, text(&ids[k])),
                (ServiceField::Name, text(&names[k])),
            ];
            for (j, m) in MEASURES.iter().enumerate() {
                let v = if m.integer { (j + k) as f64 } else { 12.5 };
                row.push((ServiceField::Measure(j), Entry::Number(v)));
            }
            row
        })
        .collect();
    Fill {
        complexes: vec![built, building, planned],
        services,
        signature: Some(Signature {
            head: "王建国".into(),
            stats: "李明".into(),
            clerk: "张丽".into(),
            phone: "0319-1234567".into(),
            reported: NaiveDate::from_ymd_opt(2023, 2, 5).unwrap(),
        }),
        ..Fill::default()
    }
}

fn write_all(dir: &Path, plan: &Plan, filled: bool) {
    for (i, u) in plan.units.iter().enumerate() {
        let fill = if filled {
            fill_for(plan, i, &u.name)
        } else {
            Fill::default()
        };
        let bytes = build(plan, &u.name, period(), &fill).unwrap();
        std::fs::write(dir.join(file_name(&u.name, period())), bytes).unwrap();
    }
}

#[test]
fn filled_templates_read_back_without_problems() {
    let plan = Plan::builtin();
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &plan, true);
    let sel = read_and_select(dir.path(), Some(period()), &plan).unwrap();
    assert!(sel.issues.is_empty(), "{:#?}", sel.issues);
    assert_eq!(sel.used.len(), 20);
    assert_eq!(sel.rows_read(), 20 * 5);
    let fig = crate::aggregate::figures(&sel, &plan, period()).unwrap();
    let city = &fig.summary.city;
    assert_eq!(
        (city.built, city.under_construction, city.planned),
        (20, 20, 20)
    );
    assert_eq!(city.units_covered, 20);
    assert_eq!(fig.summary.assessment.passed, 20);
    for u in &fig.summary.units {
        assert_eq!(
            u.return_period.map(|m| m.to_string()).as_deref(),
            Some("2023-01")
        );
        assert_eq!(u.built_by_year.get(&2021), Some(&1), "{}", u.unit);
    }
}

/// Under a successor plan (2023–2027, other groups, a new industry) a filled template
/// reads back with no problems too; a complex built in 2021 is 存量 there, and its
/// passed assessment is shown, not counted (docs/报表格式.md §六).
#[test]
fn filled_templates_under_a_successor_plan_read_back() {
    let plan = Plan::parse(include_str!("../../tests/plans/plan-2023-2027.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &plan, true);
    let sel = read_and_select(dir.path(), Some(period()), &plan).unwrap();
    assert!(sel.issues.is_empty(), "{:#?}", sel.issues);
    let fig = crate::aggregate::figures(&sel, &plan, period()).unwrap();
    let city = &fig.summary.city;
    assert_eq!(
        (city.built, city.pre_plan, city.under_construction),
        (0, 20, 20)
    );
    assert_eq!(fig.summary.assessment.passed, 0);
    assert_eq!(fig.summary.assessment.reward_wan, 0.0);
    assert_eq!(fig.pre_plan_assessment.passed, 20);
    let industries: Vec<&str> = fig
        .summary
        .industries
        .iter()
        .map(|i| i.industry.as_str())
        .collect();
    assert!(industries.contains(&"人工智能"));
}

#[test]
fn blank_templates_read_back_with_only_the_missing_date() {
    let plan = Plan::builtin();
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &plan, false);
    let sel = read_and_select(dir.path(), Some(period()), &plan).unwrap();
    assert_eq!(sel.used.len(), 20);
    assert_eq!(sel.rows_read(), 0);
    let other: Vec<_> = sel
        .issues
        .iter()
        .filter(|i| i.rule != Rule::ReturnUndated)
        .collect();
    assert!(other.is_empty(), "{other:#?}");
}

#[test]
fn same_bytes_twice() {
    let plan = Plan::builtin();
    let fill = fill_for(&plan, 3, "清河县");
    let a = build(&plan, "清河县", period(), &fill).unwrap();
    let b = build(&plan, "清河县", period(), &fill).unwrap();
    assert_eq!(a, b);
}

#[test]
fn more_rows_than_the_blank_offers() {
    let plan = Plan::builtin();
    let one = fill_for(&plan, 0, "襄都区");
    let mut fill = one.clone();
    fill.complexes = (0..35)
        .map(|k| {
            let mut row = one.complexes[2].clone();
            row[0].1 = text(&format!("XT99{k:02}"));
            row[1].1 = text(&format!("襄都区综合体{k}"));
            row
        })
        .collect();
    fill.services.clear();
    let dir = tempfile::tempdir().unwrap();
    let bytes = build(&plan, "襄都区", period(), &fill).unwrap();
    std::fs::write(dir.path().join(file_name("襄都区", period())), bytes).unwrap();
    let sel = read_and_select(dir.path(), Some(period()), &plan).unwrap();
    assert!(sel.issues.is_empty(), "{:#?}", sel.issues);
    assert_eq!(sel.rows_read(), 35);
}

#[test]
fn long_choice_lists_keep_within_excel_limits() {
    let many: Vec<String> = (0..80).map(|i| format!("产业{i}")).collect();
    assert_eq!(
        choices_message("主导产业", &many),
        "“主导产业”只能从下拉列表中选择。"
    );
    let few = vec!["新建".to_string(), "改建".to_string()];
    assert_eq!(
        choices_message("建设方式", &few),
        "“建设方式”只能填：新建、改建。"
    );
    assert_eq!(
        file_name("a/b", period()),
        "a_b_2023年01月_科技创新综合体月报表.xlsx"
    );
}
