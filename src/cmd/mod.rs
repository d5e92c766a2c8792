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
            if p.exists() && !p.is_file() {
                anyhow::bail!(
                    "计划文件 {} 不是普通文件（是文件夹或设备），请指定 .toml 计划文件",
                    p.display()
                );
            }
            let bytes =
                read_bounded(p).with_context(|| format!("无法读取计划文件 {}", p.display()))?;
            let text = crate::plan::plan_text(&bytes).map_err(|why| {
                anyhow::anyhow!(
                    "{} 不是计划文件（{why}）。计划文件是 TOML 格式的文本，可用 xtic plan 打印内置计划作为样板",
                    p.display()
                )
            })?;
            let plan =
                Plan::parse(text).with_context(|| format!("计划文件 {} 有误", p.display()))?;
            for w in &plan.warnings {
                eprintln!("警告：{}：{w}", p.display());
            }
            Ok(plan)
        }
    }
}

/// Writes a file whole or not at all ([`crate::publish::write_file`]), with the path in
/// the error.
///
/// # Errors
/// The file cannot be written.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::publish::write_file(path, bytes).with_context(|| format!("无法写入 {}", path.display()))
}

/// A plan file's bytes, read up to one byte past the plan size limit
/// (a device or a huge file is never read whole).
fn read_bounded(p: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(p)?
        .take(crate::plan::MAX_PLAN_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}
