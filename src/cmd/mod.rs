//! One module per subcommand; each only wires the stages together.

pub mod check;
pub mod plan;
pub mod report;
pub mod sample;
pub mod template;
use std::path::Path;

use anyhow::Context;

use crate::plan::Plan;

/// Loads the plan given with `--plan`, or the built-in one. Fields the plan file has
/// that this version does not know are warned about on standard error.
///
/// # Errors
/// The file cannot be read, or the plan is malformed (with the line).
pub fn load_plan(path: Option<&Path>) -> anyhow::Result<Plan> {
    match path {
        None => Ok(Plan::builtin()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("无法读取计划文件 {}", p.display()))?;
            let plan =
                Plan::parse(&text).with_context(|| format!("计划文件 {} 有误", p.display()))?;
            for w in &plan.warnings {
                eprintln!("警告：{}：{w}", p.display());
            }
            Ok(plan)
        }
    }
}
