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

/// Reads every return below `inputs` (a worker per core) and decides which data counts.
///
/// # Errors
/// The inputs folder cannot be listed.
#[cfg(test)]
pub fn read_and_select(inputs: &Path, period: Option<YearMonth>, plan: &Plan) -> Result<Selection> {
    read_and_select_with(inputs, period, plan, false)
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
        "files found"
    );
    let bar = progress_bar(progress, found.workbooks.len() as u64, "读取报表");
    let outcomes = crate::ingest::read_all(&found.workbooks, plan, &|| bar.inc(1));
    bar.finish_and_clear();
    let p = period.unwrap_or_else(|| select::default_period(&outcomes, plan));
    tracing::info!(period = %p, "report month");
    let skipped = found
        .skipped
        .into_iter()
        .map(|f| {
            let sha = crate::ingest::sha256_of_file(&f.path).unwrap_or_default();
            (f.rel, sha)
        })
        .collect();
    Ok(select::select(outcomes, skipped, p, plan))
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
