//! Plan files from version to version (docs/报表格式.md §九): the file xtic printed before the
//! §2.1 fields still works with the same figures, a field from a later version is
//! warned about and ignored, `xtic plan` states the defaults it applies, and a plan edit
//! that makes no sense stops with the line and exit 2.

mod common;

use common::*;

/// The plan file `xtic plan` printed before the successor-plan fields (no city, targets_text,
/// coverage_target or year).
const OLD: &str = "tests/plans/plan-2020-2022-v0.toml";

fn json_report(plan: Option<&std::path::Path>) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let mut c = xtic();
    c.args([
        "report",
        "--json",
        "--inputs",
        "tests/fixtures/twenty_clerks",
        "--outputs",
    ])
    .arg(dir.path());
    if let Some(p) = plan {
        c.arg("--plan").arg(p);
    }
    let out = c.output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_plan_file_printed_before_the_new_fields_gives_the_same_figures() {
    let old = root().join(OLD);
    assert_eq!(json_report(Some(&old)), json_report(None));
    let out = xtic().args(["plan", "--plan", OLD]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let source = std::fs::read_to_string(&old).unwrap();
    assert!(text.starts_with(&source), "the file itself first");
    let defaults = &text[source.len()..];
    for line in [
        "# city = \"邢台市\"",
        "# coverage_target = true",
        "# targets_text：未写",
        "# [[dissolved]]“邢台县”的 year：未写",
    ] {
        assert!(defaults.contains(line), "{line} missing from:\n{defaults}");
    }
    // the built-in plan writes every field: nothing is added to it
    let out = xtic().arg("plan").output().unwrap();
    let builtin = String::from_utf8(out.stdout).unwrap();
    assert!(!builtin.contains("采用缺省值 ----"));
    assert!(builtin.contains("targets_text = \"2020年—2022年，"));
}

#[test]
fn a_field_from_a_later_version_is_warned_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(OLD)).unwrap().replacen(
        "city_target = 30",
        "city_target = 30\nbudget_wan = 5000",
        1,
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("budget_wan"))
        .unwrap()
        + 1;
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, &text).unwrap();
    let out = xtic()
        .args(["check", "--inputs", "tests/fixtures/clean_small", "--plan"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("第 {line} 行")) && err.contains("budget_wan"),
        "{err}"
    );
    assert!(err.contains("警告"), "{err}");
}

#[test]
fn plan_edits_that_make_no_sense_stop_with_their_line() {
    let base = std::fs::read_to_string(root().join("plans/builtin.toml")).unwrap();
    let functions = base
        .lines()
        .find(|l| l.starts_with("functions = "))
        .unwrap();
    let title = base.lines().find(|l| l.starts_with("title = ")).unwrap();
    let cases = [
        (functions.to_string(), functions.replace("\"教育培训\"]", "\"教育培训\", \"创意设计\"]"), "重复"),
        (functions.to_string(), "functions = []".to_string(), "不能为空"),
        (title.to_string(), "title = \"\"".to_string(), "不能为空"),
        ("yearly_target = 1".into(), "yearly_target = 0".into(), "不能为 0"),
        ("reward_wan = 50.0".into(), "reward_wan = -1.0".into(), "不能为负数"),
        (
            "[[groups]]\nid = \"county\"".into(),
            "[[groups]]\nid = \"empty\"\nlabel = \"空组\"\ncumulative_target = 1\n\n[[groups]]\nid = \"county\"".into(),
            "没有任何单位",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (find, replace, says) in cases {
        let text = base.replacen(&find, &replace, 1);
        assert_ne!(text, base, "{find}");
        // the line named is the edited one (the new group's id for the group case)
        let edited = replace
            .lines()
            .find(|l| l.starts_with("id = ") || !l.starts_with('['))
            .unwrap();
        let line = text.lines().position(|l| l == edited).unwrap() + 1;
        let path = dir.path().join("plan.toml");
        std::fs::write(&path, &text).unwrap();
        let out = xtic().args(["plan", "--plan"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{replace}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("第 {line} 行")) && err.contains(says),
            "{replace}: {err}"
        );
    }
}
