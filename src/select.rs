//! Deciding which data counts (docs/报表格式.md §六): the report month, returns set aside, returns
//! superseded by a later one for the same unit and month, the used returns, and each
//! unit's state. Also the checks that need more than one file (docs/报表格式.md §七).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A set of short texts, hashed fast (the order of a set is never looked at).
type FastSet<T> = HashSet<T, foldhash::fast::FixedState>;

use chrono::NaiveDate;

use crate::issue::{Issue, Rule};
use crate::model::{Body, FileOutcome};
use crate::normalize::{fold, YearMonth};
use crate::plan::Plan;

/// A used return: unit and month known, body read.
#[derive(Debug, Clone)]
pub struct Used {
    pub file: String,
    pub unit: String,
    pub month: YearMonth,
    pub reported: Option<NaiveDate>,
    /// Zero-based (row, column) of the 报出日期 value on 表1, when found.
    pub reported_cell: Option<(u32, u32)>,
    pub body: Body,
}

impl Used {
    /// Rows read from its 表1 and 表2.
    pub fn rows_read(&self) -> usize {
        self.body.complexes.len() + self.body.services.len()
    }

    /// Of those, the rows rejected.
    pub fn rows_rejected(&self) -> usize {
        self.body.complexes.iter().filter(|c| c.rejected()).count()
            + self.body.services.iter().filter(|s| s.rejected()).count()
    }
}

#[derive(Debug, Clone)]
pub struct FileNote {
    pub file: String,
    pub unit: Option<String>,
    pub month: Option<YearMonth>,
    /// Why (for superseded: by which file).
    pub note: String,
}

#[derive(Debug, Default)]
pub struct Selection {
    pub period: Option<YearMonth>,
    pub files_found: usize,
    pub skipped: Vec<FileNote>,
    pub rejected: Vec<FileNote>,
    pub set_aside: Vec<FileNote>,
    pub superseded: Vec<FileNote>,
    /// Sorted by unit (plan order) then month.
    pub used: Vec<Used>,
    /// Every problem to report, in a stable order.
    pub issues: Vec<Issue>,
    /// Every file found, with its SHA-256 (for the 说明 sheet).
    pub hashes: Vec<(String, String)>,
    /// Warnings about the run as a whole (a report month outside the plan, no usable
    /// return), in Chinese, for the console and every output that explains the run.
    pub notices: Vec<String>,
    /// Per unit, the indices into `used` of its returns, ascending by month; made on
    /// the first look-up (after `select`, `used` is not changed again). Looking a
    /// unit's month up for every unit and month then costs a search, not a pass over
    /// every used return: at 20,400 returns that pass was most of the figures' time.
    by_unit: std::sync::OnceLock<HashMap<String, Vec<usize>>>,
}

impl Selection {
    /// The unit's used returns, ascending by month.
    pub fn used_of<'s>(&'s self, unit: &str) -> impl Iterator<Item = &'s Used> + 's {
        self.indices_of(unit).iter().map(|&i| &self.used[i])
    }

    fn indices_of(&self, unit: &str) -> &[usize] {
        let index = self.by_unit.get_or_init(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, u) in self.used.iter().enumerate() {
                index.entry(u.unit.clone()).or_default().push(i);
            }
            for list in index.values_mut() {
                list.sort_by_key(|&i| self.used[i].month); // stable: ties keep `used` order
            }
            index
        });
        index.get(unit).map_or(&[], Vec::as_slice)
    }

    /// The unit's latest used return for a month ≤ `at` (of two for one month, the
    /// later in `used`).
    pub fn state_of(&self, unit: &str, at: YearMonth) -> Option<&Used> {
        let list = self.indices_of(unit);
        let n = list.partition_point(|&i| self.used[i].month <= at);
        n.checked_sub(1).map(|k| &self.used[list[k]])
    }

    /// The unit's used return for `month` (of two, the first in `used`).
    pub fn used_for(&self, unit: &str, month: YearMonth) -> Option<&Used> {
        let list = self.indices_of(unit);
        let k = list.partition_point(|&i| self.used[i].month < month);
        list.get(k)
            .map(|&i| &self.used[i])
            .filter(|u| u.month == month)
    }

    pub fn rows_read(&self) -> usize {
        self.used.iter().map(Used::rows_read).sum()
    }

    pub fn rows_rejected(&self) -> usize {
        self.used.iter().map(Used::rows_rejected).sum()
    }

    pub fn errors(&self) -> usize {
        self.issues.iter().filter(|i| i.is_error()).count()
    }
}

/// The default report month: the latest month for which at least half of the plan's
/// units have a return (so one mistyped future month does not move it). Failing that,
/// the latest month with the most units; with no return at all, the plan's last month.
pub fn default_period(outcomes: &[FileOutcome], plan: &Plan) -> YearMonth {
    let mut units_by_month: BTreeMap<YearMonth, BTreeSet<&str>> = BTreeMap::new();
    for o in outcomes {
        if let FileOutcome::Return(r) = o {
            units_by_month.entry(r.month).or_default().insert(&r.unit);
        }
    }
    let half = plan.units.len().div_ceil(2);
    // failing that (a small plan, an early month), the latest month with the most
    // units, so one mistyped month never wins on its own
    let most = units_by_month
        .values()
        .map(BTreeSet::len)
        .max()
        .unwrap_or(0);
    units_by_month
        .iter()
        .rev()
        .find(|(_, units)| units.len() >= half)
        .or_else(|| {
            units_by_month
                .iter()
                .rev()
                .find(|(_, units)| units.len() == most)
        })
        .map(|(m, _)| *m)
        .unwrap_or(YearMonth {
            year: plan.last_year(),
            month: 12,
        })
}

/// Sorts the outcomes into rejected, set aside, superseded and used, and runs the
/// cross-file checks.
pub fn select(
    outcomes: Vec<FileOutcome>,
    skipped: Vec<(String, String)>,
    period: YearMonth,
    plan: &Plan,
) -> Selection {
    let mut sel = Selection {
        period: Some(period),
        files_found: outcomes.len() + skipped.len(),
        ..Default::default()
    };
    sel.hashes.extend(skipped.iter().cloned());
    sel.skipped = skipped
        .into_iter()
        .map(|(f, _)| FileNote {
            file: f,
            unit: None,
            month: None,
            note: "不是报表文件（扩展名不是 .xlsx/.xlsm/.xls/.xlsb/.ods），未读取".into(),
        })
        .collect();
    let mut issues = Vec::new();
    let candidates = sort_outcomes(outcomes, period, &mut sel, &mut issues);
    sel.used.reserve(candidates.len());
    let mut candidates = candidates.into_iter().peekable();
    let mut group = Vec::new();
    while let Some(first) = candidates.next() {
        let alone = candidates
            .peek()
            .is_none_or(|u| u.unit != first.unit || u.month != first.month);
        if alone {
            sel.used.push(first); // the only return for its unit and month
            continue;
        }
        let (unit, month) = (first.unit.clone(), first.month);
        group.push(first);
        while let Some(next) = candidates.next_if(|u| u.unit == unit && u.month == month) {
            group.push(next);
        }
        let winner = pick_winner(&mut group, &mut sel, &mut issues, &unit, month);
        group.clear();
        sel.used.push(winner);
    }
    sel.used
        .sort_by_cached_key(|u| (plan.unit_order(&u.unit), u.month));
    check_ids_citywide(&mut sel.used);
    for u in &sel.used {
        issues.extend(submission_issues(u, plan));
    }
    collect_issues(&sel.used, &mut issues);
    sel.hashes.sort();
    sort_issues(&mut issues, plan);
    sel.issues = issues;
    sel
}

/// Files rejected or set aside go into `sel` with their problems in `issues`; the
/// readable returns up to `period` come back sorted by unit and month, those of one
/// unit and month in the order they came (a stable sort of one vector: no map of
/// small groups, each its own allocation, for 20,000 returns).
fn sort_outcomes(
    outcomes: Vec<FileOutcome>,
    period: YearMonth,
    sel: &mut Selection,
    issues: &mut Vec<Issue>,
) -> Vec<Used> {
    let mut candidates: Vec<Used> = Vec::with_capacity(outcomes.len());
    sel.hashes.reserve(outcomes.len());
    for o in outcomes {
        match o {
            FileOutcome::Rejected {
                file,
                sha256,
                unit,
                issues: why,
            } => {
                sel.hashes.push((file.clone(), sha256));
                sel.rejected.push(FileNote {
                    file,
                    unit,
                    month: None,
                    note: why.first().map(|i| i.message.clone()).unwrap_or_default(),
                });
                issues.extend(why);
            }
            FileOutcome::Return(mut r) => {
                sel.hashes
                    .push((r.file.clone(), std::mem::take(&mut r.sha256)));
                if r.month > period {
                    sel.set_aside.push(FileNote {
                        file: r.file.clone(),
                        unit: Some(r.unit.clone()),
                        month: Some(r.month),
                        note: format!(
                            "报告期 {} 晚于本次报告月份 {}，本次不读取",
                            r.month.chinese_short(),
                            period.chinese_short()
                        ),
                    });
                } else {
                    let r = *r;
                    match r.body {
                        Err(why) => {
                            sel.rejected.push(FileNote {
                                file: r.file,
                                unit: Some(r.unit),
                                month: Some(r.month),
                                note: why.first().map(|i| i.message.clone()).unwrap_or_default(),
                            });
                            issues.extend(why);
                        }
                        Ok(body) => candidates.push(Used {
                            file: r.file,
                            unit: r.unit,
                            month: r.month,
                            reported: r.reported,
                            reported_cell: r.reported_cell,
                            body,
                        }),
                    }
                }
            }
        }
    }
    candidates.sort_by(|a, b| (&a.unit, a.month).cmp(&(&b.unit, b.month)));
    candidates
}

/// The problems found on the used returns and on what vanished between them.
fn collect_issues(used: &[Used], issues: &mut Vec<Issue>) {
    issues.extend(vanished(used));
    for u in used {
        issues.extend(u.body.issues.iter().cloned());
        for c in &u.body.complexes {
            issues.extend(c.issues.iter().cloned());
        }
        for s in &u.body.services {
            issues.extend(s.issues.iter().cloned());
        }
    }
}

/// The stable order of problems: by unit (plan order, unknown last), file, sheet, row
/// and cell.
pub fn sort_issues(issues: &mut [Issue], plan: &Plan) {
    // each key made once (stable, like the comparison sort it replaces)
    issues.sort_by_cached_key(|i| {
        (
            i.unit
                .as_deref()
                .map(|u| plan.unit_order(u))
                .unwrap_or(usize::MAX),
            i.file.clone(),
            i.sheet.clone(),
            i.row,
            i.cell.as_ref().map(|c| (c.len(), c.clone())),
        )
    });
}

/// Two returns for one unit and month: the later 报出日期 wins, a dated one beats an
/// undated one; equal dates (or none) are an error, and the path sorting last wins.
fn pick_winner(
    group: &mut Vec<Used>,
    sel: &mut Selection,
    issues: &mut Vec<Issue>,
    unit: &str,
    month: YearMonth,
) -> Used {
    // outcomes arrive sorted by path, so the last of equals is the one sorting last
    group.sort_by(|a, b| {
        a.reported
            .cmp(&b.reported)
            .then(a.file.as_bytes().cmp(b.file.as_bytes()))
    });
    let winner = group.pop().expect("a candidate group is never empty");
    for loser in group.iter() {
        let tie = loser.reported == winner.reported;
        if tie {
            let date = winner
                .reported
                .map(|d| format!("报出日期同为 {d}"))
                .unwrap_or_else(|| "都没有报出日期".into());
            issues.push(
                Issue::new(
                    Rule::DuplicateReturn,
                    &loser.file,
                    format!(
                        "{unit} {} 有两份报表“{}”和“{}”，{date}，无法判断哪份是最新的。暂用“{}”（按文件路径排序在后）。请确认后删除作废的一份，或在表中填写报出日期。",
                        month.chinese_short(), loser.file, winner.file, winner.file
                    ),
                )
                .unit(Some(unit)),
            );
        }
        sel.superseded.push(FileNote {
            file: loser.file.clone(),
            unit: Some(unit.to_string()),
            month: Some(month),
            note: format!(
                "被“{}”替代{}",
                winner.file,
                if tie {
                    "（报出日期相同）"
                } else {
                    "（报出日期更晚）"
                }
            ),
        });
    }
    winner
}

/// 编号 is unique city-wide: the same 编号 in two units' returns for one month rejects
/// both rows.
fn check_ids_citywide(used: &mut [Used]) {
    // (month, folded 编号, return, row) of every numbered row, sorted: the rows sharing
    // a month and 编号 stand together, in the order a map of lists would hold them
    let mut numbered: Vec<(YearMonth, String, usize, usize)> = Vec::new();
    for (ui, u) in used.iter().enumerate() {
        for (ci, c) in u.body.complexes.iter().enumerate() {
            if let Some(id) = &c.complex.id {
                numbered.push((u.month, fold(id), ui, ci));
            }
        }
    }
    numbered.sort_unstable();
    let mut hits: Vec<Vec<(usize, usize)>> = numbered
        .chunk_by(|a, b| (a.0, &a.1) == (b.0, &b.1))
        .filter(|rows| rows.iter().any(|r| used[r.2].unit != used[rows[0].2].unit))
        .map(|rows| rows.iter().map(|r| (r.2, r.3)).collect())
        .collect();
    hits.sort();
    for places in hits {
        let units: Vec<String> = places
            .iter()
            .map(|(ui, _)| used[*ui].unit.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for (ui, ci) in places {
            let u = &mut used[ui];
            let row = &mut u.body.complexes[ci];
            let id = row.complex.id.clone().unwrap_or_default();
            let issue = Issue::new(
                Rule::DuplicateIdCitywide,
                &u.file,
                format!("综合体编号“{id}”同时出现在{}本月的报表中。编号全市唯一，重复的各行均不计入。请与市科技局核对编号。", units.join("、")),
            )
            .unit(Some(&u.unit))
            .sheet(&u.body.sheet1)
            .at(row.row - 1, row.id_col)
            .value(id);
            row.issues.push(issue);
        }
    }
}

fn submission_issues(u: &Used, plan: &Plan) -> Vec<Issue> {
    let deadline = deadline(u.month, plan);
    match u.reported {
        None => vec![Issue::new(
            Rule::ReturnUndated,
            &u.file,
            format!("报表没有填写报出日期，无法判断是否按时报送（截止日期为 {deadline}）。请在表尾填写“报出日期：××××年×月×日”。"),
        )
        .unit(Some(&u.unit))],
        Some(d) if d > deadline => {
            let late = Issue::new(
                Rule::ReturnLate,
                &u.file,
                format!("{} 报表的报出日期为 {d}，晚于截止日期 {deadline}。请按时报送。", u.month.chinese_short()),
            )
            .unit(Some(&u.unit))
            .value(d.to_string());
            let late = match u.reported_cell {
                Some((row, col)) => late.sheet(&u.body.sheet1).at(row, Some(col)),
                None => late,
            };
            vec![late]
        }
        _ => Vec::new(),
    }
}

/// The day by which the return for `month` is due.
pub fn deadline(month: YearMonth, plan: &Plan) -> NaiveDate {
    let next = month.next();
    NaiveDate::from_ymd_opt(next.year, next.month, plan.deadline_day)
        .expect("deadline day is 1..=28")
}

/// A complex present in a unit's return last month and gone from this month's.
fn vanished(used: &[Used]) -> Vec<Issue> {
    // each return's keys and folded names, made once: a return is this month's to the
    // one before it and last month's to the one after
    let marks: Vec<Vec<(String, String)>> = used
        .iter()
        .map(|u| {
            u.body
                .complexes
                .iter()
                .map(|c| (c.complex.key(), fold(&c.complex.name)))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (i, pair) in used.windows(2).enumerate() {
        let (prev, cur) = (&pair[0], &pair[1]);
        if prev.unit != cur.unit || prev.month.next() != cur.month {
            continue;
        }
        // a complex still listed this month, even on a rejected row, has not vanished
        let keys: FastSet<&str> = marks[i + 1].iter().map(|(k, _)| k.as_str()).collect();
        let names: FastSet<&str> = marks[i + 1].iter().map(|(_, n)| n.as_str()).collect();
        let listed = prev.body.complexes.iter().zip(&marks[i]);
        for (c, (key, name)) in listed.filter(|(c, _)| !c.rejected()) {
            if !keys.contains(key.as_str()) && !names.contains(name.as_str()) {
                out.push(
                    Issue::new(
                        Rule::ComplexVanished,
                        &cur.file,
                        format!(
                            "综合体“{}”上月（{}）在报，本月报表中没有了。如已撤销或合并，请在备注中说明；如属漏报，请补报。",
                            c.complex.name,
                            prev.month.chinese_short()
                        ),
                    )
                    .unit(Some(&cur.unit))
                    .sheet(&cur.body.sheet1)
                    .value(c.complex.name.clone()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! The selection's grouping, citywide 编号 check and vanished check, held to the
    //! map-based versions they replaced (kept here as the models), on random returns.
    use super::*;
    use crate::model::{Complex, ComplexRow, Return};
    use proptest::prelude::*;

    /// The grouping as a map of lists (the model): winners in (unit, month) order.
    fn select_by_map(outcomes: Vec<FileOutcome>, period: YearMonth) -> (Selection, Vec<Issue>) {
        let mut sel = Selection::default();
        let mut issues = Vec::new();
        let mut groups: BTreeMap<(String, YearMonth), Vec<Used>> = BTreeMap::new();
        for u in sort_outcomes(outcomes, period, &mut sel, &mut issues) {
            groups.entry((u.unit.clone(), u.month)).or_default().push(u);
        }
        for ((unit, month), mut group) in groups {
            let winner = pick_winner(&mut group, &mut sel, &mut issues, &unit, month);
            sel.used.push(winner);
        }
        (sel, issues)
    }

    fn ids_by_map(used: &mut [Used]) {
        let mut seen: HashMap<(YearMonth, String), Vec<(usize, usize)>> = HashMap::new();
        for (ui, u) in used.iter().enumerate() {
            for (ci, c) in u.body.complexes.iter().enumerate() {
                if let Some(id) = &c.complex.id {
                    seen.entry((u.month, fold(id))).or_default().push((ui, ci));
                }
            }
        }
        let mut hits: Vec<_> = seen
            .into_values()
            .filter(|v| {
                v.iter()
                    .map(|(ui, _)| &used[*ui].unit)
                    .collect::<BTreeSet<_>>()
                    .len()
                    > 1
            })
            .collect();
        hits.sort();
        for places in hits {
            for (ui, ci) in places {
                let file = used[ui].file.clone();
                used[ui].body.complexes[ci].issues.push(Issue::new(
                    Rule::DuplicateIdCitywide,
                    &file,
                    "x",
                ));
            }
        }
    }

    fn vanished_by_map(used: &[Used]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for pair in used.windows(2) {
            let (prev, cur) = (&pair[0], &pair[1]);
            if prev.unit != cur.unit || prev.month.next() != cur.month {
                continue;
            }
            let keys: BTreeSet<String> =
                cur.body.complexes.iter().map(|c| c.complex.key()).collect();
            let names: BTreeSet<String> = cur
                .body
                .complexes
                .iter()
                .map(|c| fold(&c.complex.name))
                .collect();
            for c in prev.body.complexes.iter().filter(|c| !c.rejected()) {
                if !keys.contains(&c.complex.key()) && !names.contains(&fold(&c.complex.name)) {
                    out.push((cur.file.clone(), c.complex.name.clone()));
                }
            }
        }
        out
    }

    /// A return: unit, month, 报出日期 day (0: none), complexes as (编号, name, rejected).
    type Spec = (usize, u32, u32, Vec<(Option<usize>, usize, bool)>);

    fn outcome(n: usize, (unit, month, day, rows): &Spec) -> FileOutcome {
        const UNITS: [&str; 3] = ["甲县", "乙县", "丙县"];
        const IDS: [&str; 4] = ["XT-1", "xt-1", "XT-2", " XT-2"];
        const NAMES: [&str; 4] = ["创新港", "创新 港", "科技城", "##"];
        let file = format!("{:02}/{}.xlsx", n % 7, n);
        let complexes = rows
            .iter()
            .enumerate()
            .map(|(i, (id, name, rejected))| ComplexRow {
                complex: Complex {
                    id: id.map(|k| IDS[k].to_string()),
                    name: NAMES[*name].to_string(),
                    ..Complex::default()
                },
                row: i as u32 + 5,
                id_col: Some(1),
                name_col: Some(2),
                issues: if *rejected {
                    vec![Issue::new(Rule::NameMissing, &file, "x")]
                } else {
                    Vec::new()
                },
            })
            .collect();
        FileOutcome::Return(Box::new(Return {
            file: file.clone(),
            sha256: format!("{n:064x}"),
            unit: UNITS[*unit].to_string(),
            month: YearMonth::new(2021, *month).unwrap(),
            reported: (*day > 0).then(|| NaiveDate::from_ymd_opt(2021, 6, *day).unwrap()),
            reported_cell: None,
            body: Ok(Body {
                sheet1: "表1".into(),
                complexes,
                sheet2: None,
                services: Vec::new(),
                issues: Vec::new(),
            }),
        }))
    }

    fn specs() -> impl Strategy<Value = Vec<Spec>> {
        let row = (
            proptest::option::of(0usize..4),
            0usize..4,
            proptest::bool::weighted(0.2),
        );
        prop::collection::vec(
            (
                0usize..3,
                1u32..5,
                0u32..3,
                prop::collection::vec(row, 0..4),
            ),
            0..24,
        )
    }

    proptest! {
        #[test]
        fn grouping_agrees_with_a_map_of_lists(specs in specs()) {
            let outcomes = || specs.iter().enumerate().map(|(n, s)| outcome(n, s)).collect::<Vec<_>>();
            let period = YearMonth::new(2021, 3).unwrap(); // month 4 is set aside
            let (model, model_issues) = select_by_map(outcomes(), period);
            let plan = Plan::builtin();
            let sel = select(outcomes(), Vec::new(), period, &plan);
            let mut winners: Vec<&str> = model.used.iter().map(|u| u.file.as_str()).collect();
            let mut got: Vec<&str> = sel.used.iter().map(|u| u.file.as_str()).collect();
            // select orders the winners by plan order after picking them
            winners.sort_unstable();
            got.sort_unstable();
            prop_assert_eq!(got, winners);
            let notes = |s: &Selection| s.superseded.iter().map(|n| (n.file.clone(), n.note.clone())).collect::<Vec<_>>();
            prop_assert_eq!(notes(&sel), notes(&model));
            let duplicates = |i: &[Issue]| i.iter().filter(|i| i.rule == Rule::DuplicateReturn).map(|i| (i.file.clone(), i.message.clone())).collect::<Vec<_>>();
            let mut want = duplicates(&model_issues);
            want.sort();
            let mut have = duplicates(&sel.issues);
            have.sort();
            prop_assert_eq!(have, want);
        }

        #[test]
        fn citywide_ids_and_vanished_agree_with_the_map_versions(specs in specs()) {
            let plan = Plan::builtin();
            let period = YearMonth::new(2021, 4).unwrap();
            let outcomes = specs.iter().enumerate().map(|(n, s)| outcome(n, s)).collect::<Vec<_>>();
            let sel = select(outcomes, Vec::new(), period, &plan);
            let mut used = sel.used.clone();
            for u in &mut used {
                for c in &mut u.body.complexes {
                    c.issues.retain(|i| i.rule != Rule::DuplicateIdCitywide);
                }
            }
            let mut model = used.clone();
            ids_by_map(&mut model);
            check_ids_citywide(&mut used);
            let marked = |u: &[Used]| {
                u.iter()
                    .flat_map(|u| u.body.complexes.iter().map(move |c| (u.file.clone(), c.row, c.issues.iter().filter(|i| i.rule == Rule::DuplicateIdCitywide).count())))
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(marked(&used), marked(&model));
            let got: Vec<(String, String)> = vanished(&used)
                .into_iter()
                .map(|i| (i.file, i.value.unwrap_or_default()))
                .collect();
            prop_assert_eq!(got, vanished_by_map(&used));
        }
    }
}
