//! The fields a plan file may hold: which are known to this version (others are
//! warned about and ignored, so that a plan written for a later xtic still loads), and
//! the defaults of the optional ones, which `xtic plan` states (docs/报表格式.md §九).

use toml::de::{DeTable, DeValue};

use super::build::{DEFAULT_DEADLINE, DEFAULT_REWARD};
use super::{line_of, Plan, RawPlan};

const TOP: &[&str] = &[
    "title",
    "document",
    "city",
    "authority",
    "years",
    "city_target",
    "targets_text",
    "coverage_target",
    "reward_wan",
    "deadline_day",
    "functions",
    "categories",
    "groups",
    "units",
    "dissolved",
    "industries",
];

/// The known fields of each array of tables.
const TABLES: &[(&str, &[&str])] = &[
    (
        "groups",
        &["id", "label", "yearly_target", "cumulative_target"],
    ),
    ("units", &["name", "group", "aliases"]),
    ("dissolved", &["name", "successors", "year"]),
    ("industries", &["name", "category", "aliases"]),
];

/// One warning per field this version does not know, naming its line.
pub(super) fn unknown(text: &str) -> Vec<String> {
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in root.get_ref() {
        let name = key.get_ref().as_ref();
        if !TOP.contains(&name) {
            out.push(warning(text, &key.span(), name, None));
            continue;
        }
        let Some((_, known)) = TABLES.iter().find(|(t, _)| *t == name) else {
            continue;
        };
        if let DeValue::Array(items) = value.get_ref() {
            for item in items.iter() {
                if let DeValue::Table(t) = item.get_ref() {
                    for (k, _) in t {
                        if !known.contains(&k.get_ref().as_ref()) {
                            out.push(warning(text, &k.span(), k.get_ref().as_ref(), Some(name)));
                        }
                    }
                }
            }
        }
    }
    out.sort_by_key(|(line, _)| *line);
    out.into_iter().map(|(_, w)| w).collect()
}

fn warning(
    text: &str,
    span: &std::ops::Range<usize>,
    key: &str,
    table: Option<&str>,
) -> (usize, String) {
    let line = line_of(text, span);
    let place = table.map(|t| format!("[[{t}]] 中")).unwrap_or_default();
    (
        line,
        format!(
            "计划文件第 {line} 行：{place}有本版 xtic 不认识的字段“{key}”（可能是新版 xtic 的字段，或拼写有误），已忽略。"
        ),
    )
}

/// `{city}科学技术局`: the issuing authority when the plan names none.
pub(super) fn default_authority(city: &str) -> String {
    format!("{city}科学技术局")
}

/// The optional fields the file leaves out and the value used for each.
pub(super) fn defaults_of(raw: &RawPlan, city: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |field: &str, value: String| out.push((field.to_string(), value));
    if raw.document.is_none() {
        add("document", "\"\"（不写文号）".into());
    }
    if raw.city.is_none() {
        add("city", format!("\"{city}\""));
    }
    if raw.authority.is_none() {
        add("authority", format!("\"{}\"", default_authority(city)));
    }
    if raw.targets_text.is_none() {
        add(
            "targets_text",
            "未写，说明、填报说明等处按各项目标数字写出目标".into(),
        );
    }
    if raw.coverage_target.is_none() {
        add("coverage_target", "true（全覆盖是目标）".into());
    }
    if raw.reward_wan.is_none() {
        add("reward_wan", format!("{DEFAULT_REWARD:.1}"));
    }
    if raw.deadline_day.is_none() {
        add("deadline_day", DEFAULT_DEADLINE.to_string());
    }
    for d in raw.dissolved.iter().filter(|d| d.year.is_none()) {
        add(
            &format!("[[dissolved]]“{}”的 year", d.name.get_ref()),
            "未写，问题说明中不写撤销年份".into(),
        );
    }
    out
}

/// What `xtic plan` adds after the file's text: the default of every optional field
/// the file leaves out, as TOML comments (empty when the file writes them all).
pub fn defaults_comment(plan: &Plan) -> String {
    if plan.defaults.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n# ---- xtic {} 读取本文件时，以下未写明的字段采用缺省值 ----\n",
        env!("CARGO_PKG_VERSION")
    );
    for (field, value) in &plan.defaults {
        if field == "targets_text" {
            out.push_str(&format!("# {field}：{value}，即：\n"));
            out.push_str(&format!("#   {}\n", plan.wording().targets_from_figures()));
        } else if value.starts_with("未写") {
            out.push_str(&format!("# {field}：{value}\n"));
        } else {
            out.push_str(&format!("# {field} = {value}\n"));
        }
    }
    out
}
