//! `xtic report` on the shipped sample in inputs/: the newcomer's first command.

mod common;

use common::*;

#[test]
fn shipped_sample_reports_2022_12_with_balanced_counts() {
    let out = tempfile::tempdir().unwrap();
    let run = report(&root().join("inputs"), out.path(), None);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let dir = out.path().join("2022-12");
    let s = read_json(&dir.join("summary.json"));
    assert_eq!(s["schema"], 1);
    assert_eq!(s["period"], "2022-12");

    let plan: Vec<String> = xtic_plan_units();
    let units: Vec<&str> = s["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit"].as_str().unwrap())
        .collect();
    assert_eq!(
        units,
        plan.iter().map(String::as_str).collect::<Vec<_>>(),
        "20 units in plan order"
    );

    assert_balanced(&s);
    let n = |k: &str| s["inputs"][k].as_u64().unwrap();
    assert!(n("files_read") > 700, "nearly every shipped return is used");

    // statuses consistent with built vs target
    let city = &s["city"];
    let built = city["built"].as_u64().unwrap();
    let unit_sum: u64 = s["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["built"].as_u64().unwrap())
        .sum();
    assert_eq!(built, unit_sum, "the city's built is the sum of the units'");
    let expected_status = if built >= 30 { "met" } else { "missed" };
    assert_eq!(city["status"], expected_status);
    for u in s["units"].as_array().unwrap() {
        let (b, t) = (u["built"].as_u64().unwrap(), u["target"].as_u64().unwrap());
        if u["group"] == "county" && b >= t {
            assert_eq!(u["status"], "met", "{u}");
        }
        assert_eq!(u["covered"].as_bool().unwrap(), b > 0);
    }
    // industries in plan order
    let first: Vec<&str> = s["industries"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|x| x["industry"].as_str().unwrap())
        .collect();
    assert_eq!(first, ["纺织服装", "自行车", "汽摩配件"]);
    assert!(dir
        .join("邢台市科技创新综合体建设进展报告_2022年12月.xlsx")
        .is_file());
    assert!(dir.join("briefing.txt").is_file());
}

fn xtic_plan_units() -> Vec<String> {
    let out = xtic().arg("plan").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .zip(text.lines().skip(1))
        .filter(|(a, _)| a.trim() == "[[units]]")
        .map(|(_, b)| b.split('"').nth(1).unwrap().to_string())
        .collect()
}
