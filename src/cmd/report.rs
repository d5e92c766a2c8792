//! `xtic report`: the main job. Reads, checks, aggregates, renders, publishes.

use std::path::Path;

use anyhow::Result;

use crate::cli::ReportArgs;
use crate::exit;
use crate::figures::Figures;
use crate::normalize::YearMonth;
use crate::pipeline::{check_inputs, parse_period, progress_bar, read_and_select_with};
use crate::plan::Plan;
use crate::publish::{self, Staging};
use crate::report::{charts, feedback, narrative, summary, xlsx};
use crate::select::Selection;

pub fn run(args: &ReportArgs) -> Result<i32> {
    // every argument is checked before anything is read or written
    let plan = crate::cmd::load_plan(args.input.plan.as_deref())?;
    let period = parse_period(args.input.period.as_deref())?;
    if let Some(font) = args.font.as_deref() {
        charts::check_font(font)?;
    }
    check_inputs(&args.input.inputs)?;
    // the lock first: a second run waits (or, with --no-wait, stops) before reading
    let _lock = publish::lock(&args.outputs, args.no_wait)?;
    publish::sweep(&args.outputs);
    let show = !args.quiet && !args.json;
    let clock = std::time::Instant::now();
    let sel = read_and_select_with(&args.input.inputs, period, &plan, show)?;
    tracing::info!(
        ms = clock.elapsed().as_millis() as u64,
        "returns read and checked"
    );
    print_notices(&sel);
    let p = sel.period.expect("select sets the period");
    let fig = crate::aggregate::figures(&sel, &plan, p)?;
    tracing::info!(ms = clock.elapsed().as_millis() as u64, "figures computed");
    let template = narrative::load_template(Path::new("templates"));
    let text = narrative::render(&template, &narrative::values(&fig, &plan, p));

    let stage = Staging::new(&args.outputs, &p.to_string())?;
    let feedback_units = plan
        .units
        .iter()
        .filter(|u| {
            sel.issues
                .iter()
                .any(|i| i.unit.as_deref() == Some(u.name.as_str()))
        })
        .count();
    let bar = progress_bar(show, 4 + feedback_units as u64, "写出报告");
    let job = Job {
        fig: &fig,
        sel: &sel,
        plan: &plan,
        p,
        text: &text,
        font: args.font.as_deref(),
    };
    write_outputs(&stage, &job, &bar).map_err(|e| stage.failure(&e))?;
    bar.finish_and_clear();
    let dir = stage.commit()?;
    tracing::info!(ms = clock.elapsed().as_millis() as u64, "outputs published");

    if args.json {
        print!("{}", summary::to_json(&fig.summary));
    } else if !args.quiet {
        print_summary(&fig, &dir, p);
    } else if sel.errors() > 0 {
        eprintln!(
            "发现 {} 条数据错误，详见 {}",
            sel.errors(),
            dir.join(xlsx::file_name(p)).display()
        );
    }
    Ok(if sel.errors() > 0 {
        exit::DATA_ERRORS
    } else {
        exit::CLEAN
    })
}

/// What one run writes, computed before anything is written.
struct Job<'a> {
    fig: &'a Figures,
    sel: &'a Selection,
    plan: &'a Plan,
    p: YearMonth,
    text: &'a str,
    font: Option<&'a Path>,
}

/// Warnings about the run as a whole go to standard error, also with `--quiet`.
pub fn print_notices(sel: &Selection) {
    for n in &sel.notices {
        eprintln!("警告：{n}");
    }
}

fn write_outputs(stage: &Staging, job: &Job, bar: &indicatif::ProgressBar) -> Result<()> {
    let Job {
        fig,
        sel,
        plan,
        p,
        text,
        font,
    } = *job;
    let ctx = xlsx::Ctx {
        fig,
        sel,
        plan,
        p,
        narrative: text,
        f: crate::report::table::Formats::new(),
    };
    let clock = std::time::Instant::now();
    stage.write(&xlsx::file_name(p), &xlsx::build(&ctx)?)?;
    tracing::info!(ms = clock.elapsed().as_millis() as u64, "workbook written");
    bar.inc(1);
    stage.write("summary.json", summary::to_json(&fig.summary).as_bytes())?;
    bar.inc(1);
    stage.write("briefing.txt", format!("{text}\n").as_bytes())?;
    bar.inc(1);
    charts::write_charts(fig, plan, &stage.dir.join("charts"), font)?;
    tracing::info!(ms = clock.elapsed().as_millis() as u64, "charts drawn");
    bar.inc(1);
    for unit in &plan.units {
        let mine: Vec<_> = sel
            .issues
            .iter()
            .filter(|i| i.unit.as_deref() == Some(unit.name.as_str()))
            .collect();
        if !mine.is_empty() {
            let bytes = feedback::build(&unit.name, &mine, p, &plan.authority)?;
            stage.write(
                &format!("退回/{}", feedback::file_name(&unit.name, p)),
                &bytes,
            )?;
            bar.inc(1);
        }
    }
    Ok(())
}

fn print_summary(fig: &Figures, dir: &Path, p: YearMonth) {
    let s = &fig.summary;
    let c = &s.city;
    println!("邢台市科技创新综合体建设进展（截至{}）", p.chinese_short());
    println!(
        "  全市建成 {} 家 / 目标 {} 家（{:.1}%），按进度应建成 {:.2} 家，{}",
        c.built,
        c.target,
        if c.target > 0 {
            c.built as f64 * 100.0 / c.target as f64
        } else {
            0.0
        },
        c.expected_by_now,
        if c.behind { "滞后" } else { "未滞后" }
    );
    println!(
        "  覆盖 {} / {} 个县（市、区）；在建 {} 家，谋划 {} 家，存量 {} 家",
        c.units_covered, c.units_total, c.under_construction, c.planned, c.pre_plan
    );
    if fig.behind_units.is_empty() {
        println!("  进度滞后单位：无");
    } else {
        println!("  进度滞后单位：{}", fig.behind_units.join("、"));
    }
    let i = &s.inputs;
    println!(
        "  文件 {} 个：已用 {}，退回 {}，被替代 {}，暂存 {}，非报表 {}；数据行 {} 行：接收 {}，拒收 {}",
        i.files_found, i.files_read, i.files_rejected, i.files_superseded, i.files_set_aside, i.files_skipped, i.rows_read, i.rows_accepted, i.rows_rejected
    );
    println!(
        "  数据问题：错误 {} 条，警告 {} 条",
        s.issues.errors, s.issues.warnings
    );
    let missing: Vec<&str> = s
        .units
        .iter()
        .filter(|u| u.submission == crate::figures::Submission::Missing)
        .map(|u| u.unit.as_str())
        .collect();
    if !missing.is_empty() {
        println!("  本月未报送：{}", missing.join("、"));
    }
    println!("报告已写入 {}", dir.display());
}
