//! The plan file parser (`xtic::plan::Plan::parse`): any text is a plan or a Chinese
//! error naming its line, and a plan it accepts answers every question the later stages
//! ask of it without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xtic::plan::{Plan, PlanError};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let plan = match Plan::parse(text) {
        Ok(plan) => plan,
        Err(PlanError::AtLine { line, .. }) => {
            assert!(
                line >= 1 && line <= text.lines().count().max(1) + 1,
                "{line}"
            );
            return;
        }
        Err(PlanError::General(_)) => return,
    };
    let _ = (plan.first_year(), plan.last_year(), plan.months());
    for unit in &plan.units {
        let _ = plan.group(&unit.group);
        assert_eq!(plan.match_unit_exact(&unit.name), Some(unit.name.as_str()));
        let _ = (
            plan.unit_order(&unit.name),
            plan.find_unit_in_text(&unit.name),
        );
    }
    for industry in &plan.industries {
        let _ = plan.category_of(&industry.name);
        assert!(plan.match_industry(&industry.name).is_some());
    }
    for d in &plan.dissolved {
        let _ = plan.find_dissolved_in_text(&d.name);
    }
});
