//! The figures of a successor-plan sample worked out from its returns alone: each
//! return's 表1 read with calamine (status, 建成时间, 考核结果), the plan read with toml,
//! and docs/报表格式.md §六's rules applied here, without xtic's reader or aggregation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};

use super::common::book::{cell_text, files_below};
use super::common::root;
use super::PLAN;

pub(crate) type Ym = (i32, u32);

/// One 表1 row as the clerk wrote it: status, 建成时间, 考核结果.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) status: String,
    pub(crate) built: Option<Ym>,
    pub(crate) assessment: String,
}

/// One return: its unit and month (from the file's place and name), 表1 and whether
/// it has 表2.
pub(crate) struct Return {
    pub(crate) unit: String,
    pub(crate) month: Ym,
    pub(crate) rows: Vec<Row>,
    pub(crate) has_table2: bool,
}

pub(crate) fn month_of_text(s: &str) -> Option<Ym> {
    let s = s.trim();
    if let Some((y, rest)) = s.split_once('年') {
        let m = rest.trim_end_matches('月');
        return Some((y.parse().ok()?, m.parse().ok()?));
    }
    let (y, m) = s.split_once('-')?;
    Some((y.parse().ok()?, m.parse().ok()?))
}

/// A month cell: text, or a date (an Excel serial day).
pub(crate) fn month_of(d: &Data) -> Option<Ym> {
    use chrono::Datelike;
    let serial = match d {
        Data::String(s) => return month_of_text(s),
        Data::DateTime(dt) => dt.as_f64(),
        Data::Float(f) => *f,
        _ => return None,
    };
    let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(serial as u64))?;
    Some((day.year(), day.month()))
}

/// A return's unit, month and sheets; its 表1 rows only when `rows` is asked for.
pub(crate) fn read_return(path: &Path, rel: &str, units: &[String], rows: bool) -> Return {
    let parts: Vec<&str> = rel.split('/').collect();
    let month = (parts[0].parse().unwrap(), parts[1].parse().unwrap());
    let unit = units
        .iter()
        .filter(|u| parts[2].contains(u.as_str()))
        .max_by_key(|u| u.chars().count())
        .unwrap_or_else(|| panic!("no unit in {rel}"))
        .clone();
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names();
    let has_table2 = names.iter().any(|n| n.contains("表2"));
    if !rows {
        return Return {
            unit,
            month,
            rows: Vec::new(),
            has_table2,
        };
    }
    let sheet = names.iter().find(|n| n.contains("表1")).unwrap().clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let cells: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let title = |d: &Data| cell_text(d).replace(['\n', ' '], "");
    let (head, status_col) = cells
        .iter()
        .enumerate()
        .find_map(|(r, row)| {
            row.iter()
                .position(|d| title(d) == "建设状态")
                .map(|c| (r, c))
        })
        .expect("建设状态 column");
    let col = |t: &str| cells[head].iter().position(|d| title(d) == t).unwrap();
    let (built_col, assess_col) = (col("建成时间"), col("考核结果"));
    let rows = cells[head + 1..]
        .iter()
        .filter_map(|row| {
            let status = cell_text(row.get(status_col)?);
            let status = match status.as_str() {
                "建成运营" | "已建成" => "建成运营",
                "在建" | "谋划" => status.as_str(),
                _ => return None,
            }
            .to_string();
            Some(Row {
                status,
                built: row.get(built_col).and_then(month_of),
                assessment: row.get(assess_col).map(cell_text).unwrap_or_default(),
            })
        })
        .collect();
    Return {
        unit,
        month,
        rows,
        has_table2,
    }
}

/// The plan as this test reads it (toml, not xtic).
pub(crate) struct PlanFacts {
    pub(crate) years: Vec<i32>,
    pub(crate) units: Vec<(String, String)>,
    pub(crate) groups: BTreeMap<String, (String, Option<u32>, Option<u32>)>,
    pub(crate) city_target: u32,
    pub(crate) reward: f64,
}

pub(crate) fn plan_facts() -> PlanFacts {
    let t: toml::Table = std::fs::read_to_string(root().join(PLAN))
        .unwrap()
        .parse()
        .unwrap();
    let arr = |k: &str| t[k].as_array().unwrap().clone();
    let s = |v: &toml::Value, k: &str| v[k].as_str().unwrap().to_string();
    PlanFacts {
        years: arr("years")
            .iter()
            .map(|y| y.as_integer().unwrap() as i32)
            .collect(),
        units: arr("units")
            .iter()
            .map(|u| (s(u, "name"), s(u, "group")))
            .collect(),
        groups: arr("groups")
            .iter()
            .map(|g| {
                let n = |k: &str| g.get(k).map(|v| v.as_integer().unwrap() as u32);
                (
                    s(g, "id"),
                    (s(g, "label"), n("yearly_target"), n("cumulative_target")),
                )
            })
            .collect(),
        city_target: t["city_target"].as_integer().unwrap() as u32,
        reward: t["reward_wan"].as_float().unwrap(),
    }
}

/// One unit's figures, worked out by docs/报表格式.md §六 from its returns.
#[derive(Debug, Default)]
pub(crate) struct Expect {
    pub(crate) built_by_year: BTreeMap<String, u32>,
    pub(crate) status_by_year: BTreeMap<String, &'static str>,
    pub(crate) built: u32,
    pub(crate) target: u32,
    pub(crate) expected: f64,
    pub(crate) behind: bool,
    pub(crate) status: &'static str,
    pub(crate) pre_plan: u32,
    pub(crate) passed: u32,
    pub(crate) failed: u32,
    pub(crate) pre_plan_passed: u32,
    pub(crate) months_missing: Vec<String>,
    pub(crate) months_no_table2: Vec<String>,
}

pub(crate) fn idx((y, m): Ym) -> i32 {
    y * 12 + m as i32 - 1
}

pub(crate) fn expect_unit(plan: &PlanFacts, group: &str, mine: &[&Return], p: Ym) -> Expect {
    let first = plan.years[0];
    let last = *plan.years.last().unwrap();
    let state = mine
        .iter()
        .filter(|r| r.month <= p)
        .max_by_key(|r| r.month)
        .unwrap();
    let mut e = Expect::default();
    let in_plan = |r: &Row| {
        r.status == "建成运营" && r.built.is_some_and(|b| plan.years.contains(&b.0) && b <= p)
    };
    for y in &plan.years {
        let n = state
            .rows
            .iter()
            .filter(|r| in_plan(r) && r.built.unwrap().0 == *y)
            .count() as u32;
        e.built_by_year.insert(y.to_string(), n);
    }
    e.built = e.built_by_year.values().sum();
    for r in &state.rows {
        let pre = r.status == "建成运营" && r.built.is_some_and(|b| b.0 < first);
        e.pre_plan += pre as u32;
        match (in_plan(r), pre, r.assessment.as_str()) {
            (true, _, "通过") => e.passed += 1,
            (true, _, "未通过") => e.failed += 1,
            (_, true, "通过") => e.pre_plan_passed += 1,
            _ => {}
        }
    }
    let (_, yearly, cumulative) = &plan.groups[group];
    let elapsed = (idx(p) - idx((first, 1)) + 1).clamp(0, 12 * plan.years.len() as i32);
    if let Some(n) = yearly {
        for y in &plan.years {
            let b = e.built_by_year[&y.to_string()];
            let s = if b >= *n {
                "met"
            } else if p >= (*y, 12) {
                "missed"
            } else if p.0 == *y {
                "in_progress"
            } else {
                "not_due"
            };
            e.status_by_year.insert(y.to_string(), s);
            e.expected += match y.cmp(&p.0) {
                std::cmp::Ordering::Less => *n as f64,
                std::cmp::Ordering::Equal => *n as f64 * p.1 as f64 / 12.0,
                std::cmp::Ordering::Greater => 0.0,
            };
        }
        e.target = n * plan.years.len() as u32;
        let all: Vec<&str> = e.status_by_year.values().copied().collect();
        e.status = if all.contains(&"missed") {
            "missed"
        } else if all.iter().all(|s| *s == "met") {
            "met"
        } else {
            "in_progress"
        };
    } else {
        let t = cumulative.unwrap();
        e.target = t;
        e.expected = t as f64 * elapsed as f64 / (12.0 * plan.years.len() as f64);
        e.status = if e.built >= t {
            "met"
        } else if p >= (last, 12) {
            "missed"
        } else {
            "in_progress"
        };
    }
    e.behind = (e.built as f64) < e.expected - 1e-9;
    for i in idx((first, 1))..=idx(p) {
        let m = (i / 12, (i % 12) as u32 + 1);
        let key = format!("{}-{:02}", m.0, m.1);
        match mine.iter().find(|r| r.month == m) {
            None => e.months_missing.push(key),
            Some(r) if !r.has_table2 => e.months_no_table2.push(key),
            _ => {}
        }
    }
    e
}

/// Every return below `inputs`, with the 表1 rows of each unit's latest return only
/// (the state at the last month; the story's last month is the report month).
pub(crate) fn returns(inputs: &Path, units: &[String]) -> Vec<Return> {
    let files: Vec<(PathBuf, String)> = files_below(inputs)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| {
            let rel = p
                .strip_prefix(inputs)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (p, rel)
        })
        .collect();
    let mut all: Vec<Return> = files
        .iter()
        .map(|(p, rel)| read_return(p, rel, units, false))
        .collect();
    for unit in units {
        let latest = (0..all.len())
            .filter(|&i| &all[i].unit == unit)
            .max_by_key(|&i| all[i].month);
        if let Some(i) = latest {
            all[i] = read_return(&files[i].0, &files[i].1, units, true);
        }
    }
    all
}
