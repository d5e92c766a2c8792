//! The per-unit index behind `Selection::used_for`, `state_of` and `used_of` gives what a
//! pass over every used return gives, for every unit and month, on real folders.

use std::path::Path;

use xtic::normalize::YearMonth;
use xtic::pipeline::read_and_select;
use xtic::plan::Plan;

fn check(folder: &str) {
    let plan = Plan::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let sel = read_and_select(&dir, None, &plan).unwrap();
    assert!(sel.used.len() > 10, "{folder}: {} used", sel.used.len());
    let mut units: Vec<String> = plan.units.iter().map(|u| u.name.clone()).collect();
    units.push("不在计划中的单位".into());
    let mut looked_up = 0;
    for unit in &units {
        let linear: Vec<&str> = sel
            .used
            .iter()
            .filter(|u| &u.unit == unit)
            .map(|u| u.file.as_str())
            .collect();
        let indexed: Vec<&str> = sel.used_of(unit).map(|u| u.file.as_str()).collect();
        assert_eq!(indexed, linear, "{folder} {unit}");
        for index in
            YearMonth::new(2018, 1).unwrap().index()..=YearMonth::new(2024, 6).unwrap().index()
        {
            let m = YearMonth::from_index(index);
            let exact = sel.used.iter().find(|u| &u.unit == unit && u.month == m);
            assert_eq!(
                sel.used_for(unit, m).map(|u| &u.file),
                exact.map(|u| &u.file),
                "{folder} {unit} {m:?}"
            );
            let state = sel
                .used
                .iter()
                .filter(|u| &u.unit == unit && u.month <= m)
                .max_by_key(|u| u.month);
            assert_eq!(
                sel.state_of(unit, m).map(|u| &u.file),
                state.map(|u| &u.file),
                "{folder} {unit} {m:?}"
            );
            looked_up += usize::from(exact.is_some());
        }
    }
    assert_eq!(
        looked_up,
        sel.used.len(),
        "{folder}: every used return found by its month"
    );
}

#[test]
fn index_agrees_with_a_pass_over_the_shipped_sample() {
    check("inputs");
}

#[test]
fn index_agrees_with_a_pass_over_twenty_clerks_returns() {
    check("tests/fixtures/twenty_clerks");
}
