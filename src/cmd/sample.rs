//! `xtic sample`: writes the synthetic returns of [`crate::sample`] into `--out`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::SampleArgs;
use crate::cmd::write_file;
use crate::plan::Plan;
use crate::sample::{self, SampleOptions};

/// The plan to write returns for: `--plan` or the built-in one, or with `--units` other
/// than its count, a synthetic plan of that many units (its text, to write beside).
fn sample_plan(args: &SampleArgs) -> anyhow::Result<(Plan, Option<String>)> {
    let base = crate::cmd::load_plan(args.plan.as_deref())?;
    let units = args.units.unwrap_or(base.units.len());
    if units == 0 || units > 100_000 {
        anyhow::bail!("单位数须在 1 到 100000 之间，现为 {units}");
    }
    if units == base.units.len() {
        return Ok((base, None));
    }
    let text = sample::synthetic_plan_text(&base, units);
    let plan = Plan::parse(&text).context("生成的示例计划文件有误")?;
    Ok((plan, Some(text)))
}

/// Writes the sample into `--out` (and `plan.toml` there when `--units` is not the
/// plan's unit count).
///
/// # Errors
/// Options out of range, a bad plan file, or a file cannot be written.
pub fn run(args: &SampleArgs) -> anyhow::Result<i32> {
    let (plan, plan_text) = sample_plan(args)?;
    let opts = SampleOptions::for_plan(
        &plan,
        args.months,
        args.complexes,
        args.seed,
        plan_text.is_some(),
    );
    opts.check()?;
    let out = &args.out;
    std::fs::create_dir_all(out).with_context(|| format!("无法创建文件夹 {}", out.display()))?;
    let written = sample::write_each(&plan, &opts, |path, bytes| {
        write_file(&out.join(path), bytes)
    })?;
    let written: HashSet<PathBuf> = written.into_iter().collect();
    let strays = stray_workbooks(out, Path::new(""), &written);
    let mut line = format!(
        "已生成 {} 份示例月报表（{} 个单位，{}—{}），写入 {}",
        written.len(),
        plan.units.len(),
        opts.first.chinese(),
        opts.last().chinese(),
        out.display()
    );
    if let Some(text) = plan_text {
        let path = out.join("plan.toml");
        write_file(&path, text.as_bytes())?;
        line.push_str(&format!("；对应的计划文件为 {}", path.display()));
    }
    println!("{line}");
    if strays > 0 {
        eprintln!(
            "注意：{} 中另有 {strays} 个不是本次生成的报表文件（可能是以前用其他参数生成的），读取时会与示例重复，请先清理该文件夹。",
            out.display()
        );
    }
    Ok(crate::exit::CLEAN)
}

/// Counts the `.xlsx` files below `root/rel` that this run did not write.
fn stray_workbooks(root: &Path, rel: &Path, written: &HashSet<PathBuf>) -> usize {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries.flatten() {
        let path = rel.join(entry.file_name());
        match entry.file_type() {
            Ok(t) if t.is_dir() => n += stray_workbooks(root, &path, written),
            Ok(_) if path.extension().is_some_and(|e| e == "xlsx") && !written.contains(&path) => {
                n += 1
            }
            _ => {}
        }
    }
    n
}
