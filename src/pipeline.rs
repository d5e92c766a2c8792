//! The read-and-decide half of the pipeline, shared by `report` and `check`:
//! discover → read (parallel) → select.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::ingest::discover::discover;
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::select::{self, Selection};

/// Parses `--period`.
///
/// # Errors
/// Not of the form YYYY-MM.
pub fn parse_period(arg: Option<&str>) -> Result<Option<YearMonth>> {
    match arg {
        None => Ok(None),
        Some(s) => YearMonth::parse_iso(s)
            .map(Some)
            .with_context(|| format!("--period “{s}” 不是有效的月份，应写成 YYYY-MM，如 2022-06")),
    }
}

/// Reads every return below `inputs` and decides which data counts. Reads in this
/// process (a thread per core, panics caught) unless the binary enabled workers.
///
/// # Errors
/// The inputs folder cannot be listed.
pub fn read_and_select(inputs: &Path, period: Option<YearMonth>, plan: &Plan) -> Result<Selection> {
    read_and_select_with(inputs, period, plan, false)
}

/// Checks that `inputs` is a folder that can be listed, before anything is written.
///
/// # Errors
/// It does not exist, is not a folder, or cannot be listed.
pub fn check_inputs(inputs: &Path) -> Result<()> {
    let shown = inputs.display();
    if !inputs.is_dir() {
        anyhow::bail!(
            "无法读取报表文件夹 {shown}：不存在或不是文件夹，请用 --inputs 指定报表所在的文件夹"
        );
    }
    std::fs::read_dir(inputs).with_context(|| format!("无法读取报表文件夹 {shown}"))?;
    Ok(())
}

/// As [`read_and_select`], with a progress bar over the files read when `progress` is
/// asked for and standard output is a terminal (never under cron, never with `--json`).
///
/// # Errors
/// The inputs folder cannot be listed.
pub fn read_and_select_with(
    inputs: &Path,
    period: Option<YearMonth>,
    plan: &Plan,
    progress: bool,
) -> Result<Selection> {
    let found =
        discover(inputs).with_context(|| format!("无法读取报表文件夹 {}", inputs.display()))?;
    tracing::info!(
        workbooks = found.workbooks.len(),
        skipped = found.skipped.len(),
        problems = found.problems.len(),
        "files found"
    );
    let bar = progress_bar(progress, found.workbooks.len() as u64, "读取报表");
    let outcomes = crate::ingest::read_all(&found.workbooks, plan, &|| bar.inc(1));
    bar.finish_and_clear();
    let p = period.unwrap_or_else(|| select::default_period(&outcomes, plan));
    tracing::info!(period = %p, "report month");
    let skipped = found
        .skipped
        .iter()
        .map(|(f, _)| {
            let sha = crate::ingest::sha256_of_file(&f.path).unwrap_or_default();
            (f.rel.clone(), sha)
        })
        .collect();
    let mut sel = select::select(outcomes, skipped, p, plan);
    // a pipe, a device or a broken link is skipped for its own reason
    for (f, why) in &found.skipped {
        if let (Some(why), Some(note)) = (why, sel.skipped.iter_mut().find(|n| n.file == f.rel)) {
            note.note = why.clone();
        }
    }
    if !found.problems.is_empty() {
        sel.issues.extend(found.problems);
        select::sort_issues(&mut sel.issues, plan);
    }
    sel.notices = notices(&sel, p, plan, inputs);
    Ok(sel)
}

/// Warnings about the run as a whole: a report month outside the plan, no usable
/// return (docs/报表格式.md §八: the figures are then all zero, and say so).
fn notices(sel: &Selection, p: YearMonth, plan: &Plan, inputs: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let first = YearMonth {
        year: plan.first_year(),
        month: 1,
    };
    let last = YearMonth {
        year: plan.last_year(),
        month: 12,
    };
    let span = format!("{}年—{}年", plan.first_year(), plan.last_year());
    if p < first {
        out.push(format!("报告月份 {} 早于计划（{span}）的第一个月 {}：计划尚未开始，各项目标均为“未到期”，按进度应建成数为 0。请确认 --period 是否填错。", p.chinese_short(), first.chinese_short()));
    } else if p > last {
        out.push(format!("报告月份 {} 晚于计划（{span}）的最后一个月 {}，计划已经结束。请确认 --period 是否填错；如已进入新一期计划，请用 --plan 指定新的计划文件。", p.chinese_short(), last.chinese_short()));
    }
    if sel.used.is_empty() {
        let shown = inputs.display();
        out.push(if sel.files_found == 0 {
            format!("报表文件夹 {shown} 中没有找到任何文件，报告中的各项数字均为 0。请确认 --inputs 是否指向本月报表所在的文件夹。")
        } else {
            format!("报表文件夹 {shown} 中没有可用于 {} 的报表（共找到 {} 个文件：退回 {}，暂存 {}，非报表 {}），报告中的各项数字均为 0。", p.chinese_short(), sel.files_found, sel.rejected.len(), sel.set_aside.len(), sel.skipped.len())
        });
    }
    out
}

/// A progress bar on standard error, hidden unless asked for and standard output is a
/// terminal.
pub fn progress_bar(wanted: bool, len: u64, what: &str) -> ProgressBar {
    if !wanted || !std::io::stdout().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let style = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}
