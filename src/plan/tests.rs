//! The plan file: the built-in plan, lookups, and every refusal and warning naming its line.

use super::*;

#[test]
fn builtin_plan_has_twenty_units_in_order() {
    let plan = Plan::builtin();
    assert_eq!(plan.units.len(), 20);
    assert_eq!(plan.units[0].name, "襄都区");
    assert_eq!(plan.units[19].name, "沙河市");
    assert_eq!(plan.industries.len(), 15);
    assert_eq!(plan.functions.len(), 9);
    assert_eq!(plan.months(), 36);
    assert_eq!(plan.group("priority").target, TargetKind::Yearly(1));
}

#[test]
fn unit_aliases_and_free_text() {
    let plan = Plan::builtin();
    assert_eq!(plan.match_unit_exact(" 桥东区 "), Some("襄都区"));
    assert_eq!(plan.match_unit_exact("威"), Some("威县"));
    assert_eq!(plan.match_unit_exact("ｋａｉ"), None);
    assert_eq!(
        plan.find_unit_in_text("填报单位：清河县科技局"),
        Some("清河县")
    );
    assert_eq!(
        plan.find_unit_in_text("填报单位：邢台经济开发区科技局"),
        Some("邢台经济开发区")
    );
    // a county's own development zone is the county's
    assert_eq!(
        plan.find_unit_in_text("清河县经济开发区管委会"),
        Some("清河县")
    );
    assert_eq!(
        plan.find_unit_in_text("开发区管委会"),
        Some("邢台经济开发区")
    );
    // one-character aliases are never searched inside text
    assert_eq!(plan.find_unit_in_text("权威数据"), None);
    assert_eq!(plan.find_unit_in_text("2022年6月任县.xlsx"), Some("任泽区"));
    assert!(plan
        .find_dissolved_in_text("填报单位：邢台县科技局")
        .is_some());
}

/// `find_unit_in_text` as it was, each name searched for on its own: the oracle for
/// the one-pass search.
fn unit_in_text_by_each_name<'p>(plan: &'p Plan, text: &str) -> Option<&'p str> {
    let hay = fold(text);
    let mut best: Option<(bool, usize, std::cmp::Reverse<usize>)> = None;
    for (key, &i) in &plan.unit_index {
        if key.chars().count() >= 2 && hay.contains(key.as_str()) {
            let found = (
                *key == fold(&plan.units[i].name),
                key.chars().count(),
                std::cmp::Reverse(i),
            );
            best = best.max(Some(found));
        }
    }
    best.map(|(_, _, i)| plan.units[i.0].name.as_str())
}

#[test]
fn one_pass_unit_search_finds_what_searching_each_name_finds() {
    let successor = include_str!("../../tests/plans/plan-2023-2027.toml");
    for plan in [Plan::builtin(), Plan::parse(successor).unwrap()] {
        // every name and alias, alone, in a line, overlapping one another (a county's
        // development zone), run together and cut short
        let mut words: Vec<String> = plan.unit_index.keys().cloned().collect();
        words.sort();
        words.extend(
            [
                "开发区",
                "经济开发区",
                "科技局",
                "县",
                "区",
                "市",
                "填报单位：",
            ]
            .map(String::from),
        );
        let mut texts = Vec::new();
        for (a, x) in words.iter().enumerate() {
            texts.push(x.clone());
            texts.push(format!("填报单位：{x}科技局"));
            texts.push(x.chars().skip(1).collect());
            for y in words.iter().skip(a % 7).step_by(7) {
                texts.push(format!("{x}{y}"));
                texts.push(format!("2022年6月{y}{x}.xlsx"));
            }
        }
        assert!(texts.len() > 1000, "{}", texts.len());
        for t in &texts {
            assert_eq!(
                plan.find_unit_in_text(t),
                unit_in_text_by_each_name(&plan, t),
                "{t}"
            );
        }
    }
}

#[test]
fn industry_aliases() {
    let plan = Plan::builtin();
    assert_eq!(plan.match_industry("羊绒").unwrap().name, "纺织服装");
    assert_eq!(plan.match_industry("光伏新能源").unwrap().name, "新能源");
    assert_eq!(plan.match_industry("电线电缆").unwrap().category, "其他");
    assert!(plan.match_industry("量子计算").is_none());
}

fn with(find: &str, replace: &str) -> String {
    assert!(BUILTIN_PLAN.contains(find));
    BUILTIN_PLAN.replacen(find, replace, 1)
}

fn line_containing(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn unknown_group_names_its_line() {
    let text = with(
        "group = \"county\"\naliases = [\"内丘\"]",
        "group = \"villages\"\naliases = [\"内丘\"]",
    );
    let err = Plan::parse(&text).unwrap_err().to_string();
    let line = line_containing(&text, "villages");
    assert!(err.contains(&format!("第 {line} 行")), "{err}");
    assert!(err.contains("villages"));
}

#[test]
fn unit_listed_twice_is_refused() {
    let text = with("name = \"内丘县\"", "name = \"临城县\"");
    let err = Plan::parse(&text).unwrap_err().to_string();
    assert!(err.contains("临城县"), "{err}");
    assert!(err.contains("第"), "{err}");
}

#[test]
fn alias_shared_by_two_units_is_refused() {
    let text = with("aliases = [\"内丘\"]", "aliases = [\"临城\"]");
    let err = Plan::parse(&text).unwrap_err().to_string();
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"临城\""))
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert!(err.contains(&format!("第 {line} 行")), "{err}");
    assert!(err.contains("临城县") && err.contains("内丘县"), "{err}");
}

#[test]
fn syntax_error_names_its_line() {
    let text = with("city_target = 30", "city_target = = 30");
    let err = Plan::parse(&text).unwrap_err().to_string();
    let line = line_containing(&text, "city_target");
    assert!(err.contains(&format!("第 {line} 行")), "{err}");
}

/// The built-in plan with the first line containing `field` (a whole line) removed.
fn without_line(starting: &str) -> String {
    let mut out = String::new();
    let mut dropped = false;
    for line in BUILTIN_PLAN.lines() {
        if !dropped && line.starts_with(starting) {
            dropped = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    assert!(dropped, "no line {starting}");
    out
}

/// The error's line number and message, asserting that it names `needle`'s line.
fn refused_at(text: &str, needle: &str) -> String {
    let err = Plan::parse(text).unwrap_err().to_string();
    let line = line_containing(text, needle);
    assert!(err.contains(&format!("第 {line} 行")), "{needle}: {err}");
    err
}

#[test]
fn builtin_plan_carries_its_own_words() {
    let plan = Plan::builtin();
    assert_eq!(plan.city, "邢台市");
    assert!(plan.coverage_target);
    let t = plan.targets_text.as_deref().unwrap();
    assert!(
        t.starts_with("2020年—2022年，襄都区") && t.ends_with("全覆盖。"),
        "{t}"
    );
    assert_eq!(plan.dissolved[0].year, Some(2020));
    assert!(plan.warnings.is_empty() && plan.defaults.is_empty());
}

#[test]
fn a_plan_without_the_new_fields_gets_their_defaults() {
    // the plan file xtic printed before the successor-plan fields: no city, targets_text,
    // coverage_target or year
    let mut text = BUILTIN_PLAN.to_string();
    for field in [
        "city = ",
        "targets_text = ",
        "coverage_target = ",
        "year = ",
    ] {
        text = text
            .lines()
            .filter(|l| !l.starts_with(field))
            .map(|l| format!("{l}\n"))
            .collect();
    }
    let plan = Plan::parse(&text).unwrap();
    assert_eq!(plan.city, "邢台市");
    assert_eq!(plan.targets_text, None);
    assert!(plan.coverage_target);
    assert_eq!(plan.dissolved[0].year, None);
    let fields: Vec<&str> = plan.defaults.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "city",
            "targets_text",
            "coverage_target",
            "[[dissolved]]“邢台县”的 year"
        ]
    );
    let comment = defaults_comment(&plan);
    assert!(comment.contains("# city = \"邢台市\""), "{comment}");
    assert!(comment.contains("# coverage_target = true"), "{comment}");
    // the targets xtic will state, built from the figures
    assert!(
        comment.contains(
            "重点区（襄都区、信都区、任泽区、南和区、邢台经济开发区、邢东新区）每年新建不少于1家"
        ),
        "{comment}"
    );
    assert!(comment.lines().all(|l| l.is_empty() || l.starts_with('#')));
}

#[test]
fn authority_defaults_to_the_city_bureau() {
    let text = without_line("authority = ").replace("city = \"邢台市\"", "city = \"保定市\"");
    let plan = Plan::parse(&text).unwrap();
    assert_eq!(plan.authority, "保定市科学技术局");
    assert!(plan
        .defaults
        .iter()
        .any(|(f, v)| f == "authority" && v.contains("保定市")));
}

#[test]
fn unknown_fields_are_warned_with_their_line_not_refused() {
    let text = with("city_target = 30", "city_target = 30\nbudget_wan = 1000").replacen(
        "yearly_target = 1",
        "yearly_target = 1\ncolour = \"red\"",
        1,
    );
    let plan = Plan::parse(&text).unwrap();
    assert_eq!(plan.warnings.len(), 2, "{:?}", plan.warnings);
    let budget = line_containing(&text, "budget_wan");
    let colour = line_containing(&text, "colour");
    assert!(
        plan.warnings[0].contains(&format!("第 {budget} 行")),
        "{:?}",
        plan.warnings
    );
    assert!(plan.warnings[0].contains("budget_wan"));
    assert!(plan.warnings[1].contains(&format!("第 {colour} 行")));
    assert!(plan.warnings[1].contains("[[groups]]") && plan.warnings[1].contains("colour"));
}

#[test]
fn a_function_listed_twice_is_refused() {
    let text = with("\"教育培训\"]", "\"教育培训\", \"研究开发\"]");
    let err = refused_at(&text, "functions = ");
    assert!(err.contains("研究开发") && err.contains("重复"), "{err}");
}

#[test]
fn no_functions_is_refused() {
    let line = BUILTIN_PLAN
        .lines()
        .find(|l| l.starts_with("functions = "))
        .unwrap();
    let text = with(line, "functions = []");
    let err = refused_at(&text, "functions = ");
    assert!(err.contains("functions 不能为空"), "{err}");
}

#[test]
fn an_empty_title_is_refused() {
    let line = BUILTIN_PLAN
        .lines()
        .find(|l| l.starts_with("title = "))
        .unwrap();
    let text = with(line, "title = \"  \"");
    let err = refused_at(&text, "title = ");
    assert!(err.contains("title"), "{err}");
}

#[test]
fn a_group_with_no_units_is_refused() {
    let text = with(
        "[[groups]]\nid = \"county\"",
        "[[groups]]\nid = \"zones\"\nlabel = \"园区\"\ncumulative_target = 2\n\n[[groups]]\nid = \"county\"",
    );
    let err = refused_at(&text, "\"zones\"");
    assert!(
        err.contains("zones") && err.contains("没有任何单位"),
        "{err}"
    );
}

#[test]
fn a_yearly_target_of_zero_is_refused() {
    let text = with("yearly_target = 1", "yearly_target = 0");
    let err = refused_at(&text, "yearly_target = 0");
    assert!(err.contains("不能为 0"), "{err}");
}

#[test]
fn a_negative_reward_is_refused() {
    let text = with("reward_wan = 50.0", "reward_wan = -50.0");
    let err = refused_at(&text, "reward_wan = -");
    assert!(err.contains("不能为负数"), "{err}");
}

#[test]
fn an_empty_label_or_city_is_refused() {
    let text = with("label = \"重点区\"", "label = \"\"");
    let err = refused_at(&text, "label = \"\"");
    assert!(err.contains("label"), "{err}");
    let text = with("city = \"邢台市\"", "city = \"\"");
    refused_at(&text, "city = ");
}
