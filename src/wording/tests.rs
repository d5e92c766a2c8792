//! The plan's words under the built-in plan and under a successor plan written by hand.

use super::*;
use crate::plan::BUILTIN_PLAN;

fn successor() -> Plan {
    let text = BUILTIN_PLAN
        .replace(
            "years = [2020, 2021, 2022]",
            "years = [2023, 2024, 2025, 2026, 2027]",
        )
        .replace(
            "title = \"邢台市科技创新综合体建设行动计划(2020-2022年)\"",
            "title = \"示范市科技创新综合体提升行动方案（2023—2027年）\"",
        )
        .replace("city = \"邢台市\"", "city = \"示范市\"")
        .replace(
            "authority = \"邢台市科学技术局\"",
            "authority = \"示范市科学技术局\"",
        )
        .replace(
            "document = \"邢科创领办〔2020〕18号\"",
            "document = \"示科发〔2023〕5号\"",
        )
        .replace("year = 2020", "")
        .replace("coverage_target = true", "coverage_target = false")
        .replace("label = \"重点区\"", "label = \"核心区\"");
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("targets_text"))
        .map(|l| format!("{l}\n"))
        .collect();
    Plan::parse(&text).unwrap()
}

#[test]
fn builtin_words_are_the_2020_2022_plans() {
    let plan = Plan::builtin();
    let w = plan.wording();
    let p = YearMonth::new(2022, 12).unwrap();
    assert_eq!(w.years(), "2020—2022年");
    assert_eq!(w.pre_plan_label(), "存量（2020年以前建成）");
    assert_eq!(
        w.report_file(p),
        "邢台市科技创新综合体建设进展报告_2022年12月.xlsx"
    );
    assert_eq!(
        w.console_title(p),
        "邢台市科技创新综合体建设进展（截至2022年12月）"
    );
    assert!(w.targets().starts_with("“2020年—2022年，"));
    assert_eq!(
        w.resubmit_by(p),
        NaiveDate::from_ymd_opt(2023, 2, 10).unwrap()
    );
    let d = &plan.dissolved[0];
    assert!(w
        .dissolved_message(d)
        .contains("该县已于2020年撤销，分设为襄都区和信都区"));
}

#[test]
fn successor_words_are_its_own() {
    let plan = successor();
    let w = plan.wording();
    let p = YearMonth::new(2024, 6).unwrap();
    assert_eq!(w.years(), "2023—2027年");
    assert_eq!(w.city(), "示范市");
    assert_eq!(
        w.title("功能配置", "2024年6月"),
        "示范市科技创新综合体功能配置（截至2024年6月）"
    );
    let targets = w.targets();
    assert!(
        targets.starts_with("2023—2027年，核心区（襄都区"),
        "{targets}"
    );
    assert!(
        targets.contains("到2027年底全市建成科技创新综合体30家以上"),
        "{targets}"
    );
    assert!(
        !targets.contains("全覆盖"),
        "coverage is no target: {targets}"
    );
    assert!(w
        .reward_rule()
        .contains("只计建成时间在2023—2027年的综合体"));
    let d = &plan.dissolved[0];
    let m = w.dissolved_message(d);
    assert!(m.contains("该县已撤销") && !m.contains("2020"), "{m}");
    assert_eq!(w.deadline(p), NaiveDate::from_ymd_opt(2024, 7, 10).unwrap());
    for text in [
        w.units_note(),
        w.industries_note(),
        w.rewards_note(),
        w.submissions_note(),
    ] {
        assert!(!text.contains("2020") && !text.contains("2022"), "{text}");
        assert!(!text.contains("重点区") && !text.contains("邢台"), "{text}");
    }
}

#[test]
fn numbers_read_the_same_everywhere() {
    use sentences::*;
    assert_eq!(fraction(30.0), "30.00");
    assert_eq!(fraction(-0.0), "0.00");
    assert_eq!(rate(crate::figures::completion(33, 30)), "110.0%");
    assert_eq!(rate(crate::figures::completion(1, 0)), "—");
    assert_eq!(money(1440.0), "1,440.00");
    assert_eq!(super::sentences::count(8990.0), "8,990");
    assert_eq!(super::sentences::count(999.0), "999");
    assert_eq!(super::sentences::count(1234567.0), "1,234,567");
    assert_eq!(money(50.5), "50.50");
    assert_eq!(pace_words(33, 30.0, false), "进度正常（超出3.00家）");
    assert_eq!(pace_words(0, 1.0, true), "进度滞后（落后1.00家）");
}
