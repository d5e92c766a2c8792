use super::*;
use crate::issue::Rule;
use crate::model::{Complex, ComplexRow, ServiceRow};
use crate::plan::Plan;

fn test_ctx<'a>(plan: &'a Plan, sheet: &'a str) -> Ctx<'a> {
    Ctx {
        plan,
        file: "f.xlsx",
        sheet,
        unit: "清河县",
        month: YearMonth::new(2022, 6).unwrap(),
    }
}

fn complex(id: Option<&str>, name: &str, rejected: bool) -> ComplexRow {
    let plan = crate::plan::Plan::builtin();
    let ctx = test_ctx(&plan, "表1");
    let issues = if rejected {
        vec![ctx.issue(Rule::StatusMissing, 5, Some(9), String::new())]
    } else {
        vec![]
    };
    ComplexRow {
        complex: Complex {
            id: id.map(str::to_string),
            name: name.into(),
            ..Complex::default()
        },
        row: 6,
        id_col: Some(1),
        name_col: Some(2),
        issues,
    }
}

fn service(id: Option<&str>, name: Option<&str>) -> ServiceRow {
    ServiceRow {
        id: id.map(str::to_string),
        name: name.map(str::to_string),
        values: [Some(1.0); 10],
        row: 5,
        matched: None,
        issues: vec![],
    }
}

#[test]
fn services_match_by_id_then_name_and_name_a_rejected_twin() {
    let plan = crate::plan::Plan::builtin();
    let ctx = test_ctx(&plan, "表2");
    let complexes = vec![
        complex(Some("QH-1"), "甲", false),
        complex(Some("QH-2"), "乙", false),
        complex(None, "丙", true),
    ];
    let mut rows = vec![
        service(Some("QH-2"), Some("甲")), // the 编号 wins over the name
        service(None, Some(" 甲 ")),       // by name, spaces folded
        service(None, Some("丙")),         // its 表1 row was rejected
        service(Some("QH-9"), Some("丁")), // nowhere
    ];
    match_services(&mut rows, &complexes, (Some(1), Some(2)), &ctx);
    assert_eq!(
        rows.iter().map(|r| r.matched).collect::<Vec<_>>(),
        [Some(1), Some(0), None, None]
    );
    assert!(rows[0].issues.is_empty() && rows[1].issues.is_empty());
    assert!(
        rows[2].issues[0].message.contains("表1 行有错误"),
        "{}",
        rows[2].issues[0].message
    );
    assert!(rows[3].issues[0].message.contains("找不到对应的综合体"));
    assert_eq!(rows[3].issues[0].cell.as_deref(), Some("C5"));
    assert!(
        rows.iter().all(|r| !r.rejected()),
        "unmatched 表2 rows are warnings, not errors"
    );
}

#[test]
fn duplicates_are_keyed_by_id_when_given() {
    let plan = crate::plan::Plan::builtin();
    let ctx = test_ctx(&plan, "表1");
    let mut rows = vec![
        complex(Some("QH-1"), "甲", false),
        complex(Some("QH-2"), "甲", false),
        complex(None, "乙", false),
        complex(None, "乙", false),
        complex(Some("QH-1"), "丙", false),
    ];
    check_duplicates(&mut rows, &ctx);
    let rejected: Vec<bool> = rows.iter().map(ComplexRow::rejected).collect();
    assert_eq!(rejected, [true, false, true, true, true]);
}
