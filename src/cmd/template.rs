//! `xtic template`: writes the returns of [`crate::template`] into `--out`, one per unit.

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};

use crate::cli::TemplateArgs;
use crate::cmd::write_file;
use crate::exit;
use crate::normalize::YearMonth;
use crate::plan::Plan;
use crate::template::{build, file_name, prefill, Fill};

/// `xtic template`: writes one return per unit into `--out`, blank, or with `--from`
/// prefilled with the unit's complexes as of its latest used return before the period.
///
/// # Errors
/// No `--period`, neither `--unit` nor `--all`, an unknown unit, a bad plan file, a
/// `--from` folder that cannot be listed, or the output folder cannot be written.
pub fn run(args: &TemplateArgs) -> Result<i32> {
    let plan = crate::cmd::load_plan(args.plan.as_deref())?;
    let Some(text) = args.period.as_deref() else {
        bail!("请用 --period YYYY-MM 指定报表的报告期，如 --period 2023-01");
    };
    let period = YearMonth::parse_iso(text)
        .ok_or_else(|| anyhow!("--period “{text}” 不是有效的月份，应写成 YYYY-MM，如 2023-01"))?;
    let units: Vec<&str> = match (&args.unit, args.all) {
        (Some(name), _) => vec![unit_named(&plan, name)?],
        (None, true) => plan.units.iter().map(|u| u.name.as_str()).collect(),
        (None, false) => bail!(
            "请用 --unit 单位名称 为一个单位生成空白报表，或用 --all 为全部 {} 个单位生成",
            plan.units.len()
        ),
    };
    let Some(from) = args.from.as_deref() else {
        std::fs::create_dir_all(&args.out)
            .with_context(|| format!("无法创建输出文件夹 {}", args.out.display()))?;
        for unit in &units {
            let bytes = build(&plan, unit, period, &Fill::default())?;
            write_file(&args.out.join(file_name(unit, period)), &bytes)?;
        }
        println!(
            "已生成 {} 份空白报表（报告期 {}）：{}",
            units.len(),
            period.chinese_short(),
            args.out.display()
        );
        return Ok(exit::CLEAN);
    };
    run_prefilled(&plan, &units, period, from, &args.out)
}

/// `--from DIR`: the state before `period` from the pipeline's read and select, one
/// form per unit, a console line per unit saying what its form holds.
///
/// # Errors
/// `from` cannot be listed, or the output folder cannot be written.
fn run_prefilled(
    plan: &Plan,
    units: &[&str],
    period: YearMonth,
    from: &Path,
    out: &Path,
) -> Result<i32> {
    crate::pipeline::check_inputs(from)?;
    let sel = crate::pipeline::read_and_select_with(from, Some(period.prev()), plan, false)?;
    std::fs::create_dir_all(out)
        .with_context(|| format!("无法创建输出文件夹 {}", out.display()))?;
    let shown = from.display().to_string();
    let mut filled = 0;
    for unit in units {
        let pre = prefill::prefill(&sel, plan, unit, period);
        println!(
            "{}",
            prefill::console_line(unit, &shown, period, pre.as_ref())
        );
        let fill = match &pre {
            Some(p) => {
                filled += 1;
                &p.fill
            }
            None => &Fill::default(),
        };
        let bytes = build(plan, unit, period, fill)?;
        write_file(&out.join(file_name(unit, period)), &bytes)?;
    }
    println!(
        "已生成 {} 份报表（报告期 {}；按此前最近一期报表预填 {} 份，空白 {} 份）：{}",
        units.len(),
        period.chinese_short(),
        filled,
        units.len() - filled,
        out.display()
    );
    Ok(exit::CLEAN)
}

/// The plan's unit for `--unit NAME` (a name or alias).
///
/// # Errors
/// No such unit: the message lists the valid names (and a dissolved unit's successors).
fn unit_named<'a>(plan: &'a Plan, name: &str) -> Result<&'a str> {
    if let Some(unit) = plan.match_unit_exact(name) {
        return Ok(unit);
    }
    if let Some(d) = plan.find_dissolved_in_text(name) {
        bail!(
            "{}已撤销，分设为{}，请为它们分别生成报表",
            d.name,
            d.successors.join("和")
        );
    }
    let names: Vec<&str> = plan.units.iter().map(|u| u.name.as_str()).collect();
    bail!("“{name}”不是计划中的单位。可用的单位：{}", names.join("、"))
}
