//! `xtic check`: read and check only; print every problem, grouped by unit.

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::exit;
use crate::issue::Issue;
use crate::pipeline::{check_inputs, parse_period, read_and_select_with};

pub fn run(args: &CheckArgs) -> Result<i32> {
    let plan = crate::cmd::load_plan(args.input.plan.as_deref())?;
    let period = parse_period(args.input.period.as_deref())?;
    check_inputs(&args.input.inputs)?;
    let sel = read_and_select_with(&args.input.inputs, period, &plan, !args.quiet && !args.json)?;
    crate::cmd::report::print_notices(&sel);
    let shown: Vec<&Issue> = sel
        .issues
        .iter()
        .filter(|i| !args.quiet || i.is_error())
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&shown)?);
    } else {
        let mut groups: Vec<(String, Vec<&Issue>)> = Vec::new();
        for i in &shown {
            let unit = i.unit.clone().unwrap_or_else(|| "（未识别单位）".into());
            match groups.iter_mut().find(|(u, _)| *u == unit) {
                Some((_, list)) => list.push(i),
                None => groups.push((unit, vec![i])),
            }
        }
        for (unit, list) in &groups {
            println!("【{unit}】{} 条", list.len());
            for i in list {
                let value = i
                    .value
                    .as_deref()
                    .map(|v| format!("（所填：{v}）"))
                    .unwrap_or_default();
                println!(
                    "  [{}] {} {} {}{}",
                    i.severity.chinese(),
                    i.file,
                    i.place(),
                    i.message,
                    value
                );
            }
        }
        if !args.quiet {
            let p = sel.period.map(|p| p.chinese_short()).unwrap_or_default();
            println!(
                "报告月份 {p}：文件 {} 个（已用 {}，退回（整份未用）{}，被替代 {}，暂存 {}，非报表 {}）；数据行 {} 行（拒收 {}）；错误 {} 条，警告 {} 条。",
                sel.files_found,
                sel.used.len(),
                sel.rejected.len(),
                sel.superseded.len(),
                sel.set_aside.len(),
                sel.skipped.len(),
                sel.rows_read(),
                sel.rows_rejected(),
                sel.errors(),
                sel.issues.len() - sel.errors()
            );
        }
    }
    let code = if sel.errors() > 0 {
        exit::DATA_ERRORS
    } else {
        exit::CLEAN
    };
    // the process ends next: every return's rows are left for it to free at once
    std::mem::forget(sel);
    Ok(code)
}
