//! The read-and-decide half of the pipeline, shared by `report` and `check`:
//! discover → read (parallel) → select.

use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::ingest::discover::discover;
use crate::ingest::read::read_file;
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
pub fn read_and_select(inputs: &Path, period: Option<YearMonth>, plan: &Plan) -> Result<Selection> {
    let found =
        discover(inputs).with_context(|| format!("无法读取报表文件夹 {}", inputs.display()))?;
    tracing::info!(
        workbooks = found.workbooks.len(),
        skipped = found.skipped.len(),
        "files found"
    );
    let outcomes: Vec<_> = found
        .workbooks
        .par_iter()
        .map(|f| read_file(f, plan))
        .collect();
    let p = period.unwrap_or_else(|| select::default_period(&outcomes, plan));
    let skipped = found.skipped.into_iter().map(|f| f.rel).collect();
    Ok(select::select(outcomes, skipped, p, plan))
}
