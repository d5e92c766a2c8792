//! Returns an earlier xtic misread (tests/fixtures/regressions/README.md): each must
//! read with the figures of the plain `base` return and no problem, or with exactly the
//! problem its case expects.

mod common;

use common::*;
use serde_json::Value;

fn figures(case: &str, period: &str) -> Value {
    let out = tempfile::tempdir().unwrap();
    let inputs = root().join("tests/fixtures/regressions").join(case);
    let run = xtic()
        .args(["report", "--json", "--period", period, "--inputs"])
        .arg(&inputs)
        .arg("--outputs")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        matches!(run.status.code(), Some(0) | Some(1)),
        "{case}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let s: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_balanced(&s);
    s
}

fn problems(case: &str, period: &str) -> Vec<(String, Option<String>)> {
    let inputs = root().join("tests/fixtures/regressions").join(case);
    let out = xtic()
        .args(["check", "--json", "--period", period, "--inputs"])
        .arg(&inputs)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["rule"].as_str().unwrap().to_string(),
                p["cell"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The figures a case must share with `base`.
fn key(s: &Value) -> Value {
    let units: Vec<&Value> = s["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| !u["return_period"].is_null())
        .collect();
    serde_json::json!({
        "city": s["city"], "industries": s["industries"], "services": s["services_by_year"],
        "units": units.iter().map(|u| (u["unit"].clone(), u["built"].clone())).collect::<Vec<_>>(),
        "rows": s["inputs"]["rows_accepted"],
    })
}

fn reads_like_base(case: &str) {
    let base = key(&figures("base", "2022-06"));
    assert_eq!(
        problems(case, "2022-06"),
        vec![],
        "{case}: no problem expected"
    );
    let got = key(&figures(case, "2022-06"));
    let mut want = base.clone();
    if case == "h_gaizhang_wei" {
        // the same return, sent by 威县
        want["units"] = serde_json::json!([["威县", 1]]);
    }
    assert_eq!(got, want, "{case}: figures differ from base");
}

#[test]
fn unit_in_the_cell_after_a_stamped_label() {
    reads_like_base("h_gaizhang_wei");
}

#[test]
fn blank_label_followed_by_another_label() {
    reads_like_base("h_blank_unit_then_period");
    reads_like_base("h_blank_period_then_date");
}

#[test]
fn notes_that_mention_a_label() {
    reads_like_base("h_note_above_header");
    reads_like_base("d_note_before_date");
}

#[test]
fn units_in_odd_brackets_or_none() {
    reads_like_base("tb_tortoise");
    reads_like_base("tb_space_unit");
}

#[test]
fn footer_lines_clerks_write() {
    reads_like_base("r_ft_fuzeren");
    reads_like_base("r_ft_tel_first");
}

#[test]
fn a_county_development_zone_is_the_county() {
    reads_like_base("u_county_zone_fn");
}

#[test]
fn sheets_before_table_1() {
    reads_like_base("s_instr_named_t1");
    reads_like_base("s_blank_first");
}

#[test]
fn unfilled_template_rows_and_en_dash_nulls() {
    reads_like_base("f_template_formula_rows");
    reads_like_base("n_nulls2");
}

#[test]
fn a_range_of_months_is_not_a_month() {
    assert_eq!(
        problems("p_cumulative", "2022-06"),
        vec![("month_unknown".to_string(), Some("J2".to_string()))]
    );
}

#[test]
fn report_month_typed_as_yyyy_1_is_warned() {
    assert_eq!(
        problems("pc_oct", "2021-01"),
        vec![("month_maybe_october".to_string(), Some("K2".to_string()))]
    );
    let s = figures("pc_oct", "2021-01");
    assert_eq!(s["inputs"]["files_read"], 1);
}

#[test]
fn a_column_xtic_does_not_know_is_warned_not_dropped_silently() {
    assert_eq!(
        problems("extra_column", "2022-06"),
        vec![("column_unknown".to_string(), Some("AD3".to_string()))]
    );
    let base = key(&figures("base", "2022-06"));
    assert_eq!(
        key(&figures("extra_column", "2022-06")),
        base,
        "the known columns read as before"
    );
}

#[test]
fn same_name_with_two_ids_is_two_complexes() {
    assert_eq!(problems("same_name_two_ids", "2022-06"), vec![]);
    let s = figures("same_name_two_ids", "2022-06");
    assert_eq!(s["inputs"]["rows_rejected"], 0);
    assert_eq!(s["city"]["built"], 1);
    assert_eq!(s["city"]["under_construction"], 2);
    assert_eq!(s["city"]["units_covered"], 1);
}

#[test]
fn a_lone_future_month_never_becomes_the_report_month() {
    let out = tempfile::tempdir().unwrap();
    let inputs = root().join("tests/fixtures/regressions/few_units_one_future_typo");
    let run = xtic()
        .args(["report", "--json", "--inputs"])
        .arg(&inputs)
        .arg("--outputs")
        .arg(out.path())
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(s["period"], "2022-06");
    assert_eq!(s["inputs"]["files_set_aside"], 1);
    assert_balanced(&s);
}
