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
use crate::report::{bulletin, feedback, narrative, plots, summary, xlsx};
use crate::select::Selection;
use crate::wording::glossary::{
    ERROR, EXPECTED, NO_RETURN, NO_TABLE2, PRE_PLAN, UNIT_KIND, WARNING,
};
use crate::wording::sentences::{fraction, pace_words, rate};

pub fn run(args: &ReportArgs) -> Result<i32> {
    // every argument is checked before anything is read or written
    let plan = crate::cmd::load_plan(args.input.plan.as_deref())?;
    let period = parse_period(args.input.period.as_deref())?;
    if let Some(font) = args.font.as_deref() {
        plots::check_font(font)?;
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
    let bar = progress_bar(show, 5 + feedback_units as u64, "写出报告");
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
        print_summary(&fig, &plan, &dir, p, feedback_units);
    } else if sel.errors() > 0 {
        eprintln!(
            "发现 {} 条数据错误，详见 {}",
            sel.errors(),
            dir.join(xlsx::file_name(&plan, p)).display()
        );
    }
    let code = if sel.errors() > 0 {
        exit::DATA_ERRORS
    } else {
        exit::CLEAN
    };
    // the process ends next: freeing every return's rows one by one (some 20 ms at
    // 20,400 returns, on one core) would only delay the exit
    std::mem::forget(fig);
    std::mem::forget(sel);
    Ok(code)
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

/// Writes every output into the staging folder. The workbook, the charts with the
/// 通报, and the 退回 workbooks are built side by side (each from the same figures, so
/// the bytes do not depend on the order); the files are written as each part is ready.
fn write_outputs(stage: &Staging, job: &Job, bar: &indicatif::ProgressBar) -> Result<()> {
    let Job {
        fig,
        sel,
        plan,
        p,
        text,
        font,
    } = *job;
    let clock = std::time::Instant::now();
    std::thread::scope(|scope| -> Result<()> {
        let workbook = scope.spawn(|| {
            let ctx = xlsx::Ctx {
                fig,
                sel,
                plan,
                p,
                narrative: text,
                f: crate::report::table::Formats::new(),
            };
            xlsx::build(&ctx)
        });
        let pictures = scope.spawn(|| -> Result<Vec<u8>> {
            let drawn = plots::draw_charts(fig, plan, &stage.dir.join("charts"), font)?;
            tracing::info!(ms = clock.elapsed().as_millis() as u64, "charts drawn");
            bar.inc(1);
            // the chart the 通报 embeds, as drawn for its file (every chart is drawn)
            let chart = drawn
                .png(plots::Chart::Cumulative)
                .ok_or_else(|| anyhow::anyhow!("全市累计图表未能生成"))?;
            let input = bulletin::Input {
                fig,
                sel,
                plan,
                p,
                chart,
            };
            bulletin::build(&input, Path::new("templates"))
        });
        stage.write("summary.json", summary::to_json(&fig.summary).as_bytes())?;
        bar.inc(1);
        stage.write("briefing.txt", format!("{text}\n").as_bytes())?;
        bar.inc(1);
        write_feedback(stage, sel, plan, p, bar)?;
        let docx = join(pictures)?;
        stage.write(&bulletin::file_name(plan, p), &docx)?;
        tracing::info!(ms = clock.elapsed().as_millis() as u64, "通报 written");
        bar.inc(1);
        let book = join(workbook)?;
        stage.write(&xlsx::file_name(plan, p), &book)?;
        tracing::info!(ms = clock.elapsed().as_millis() as u64, "workbook written");
        bar.inc(1);
        Ok(())
    })
}

/// The result of a part built on its own thread; a panic there is re-raised here.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, Result<T>>) -> Result<T> {
    match handle.join() {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// One 退回 workbook for each unit with a problem.
fn write_feedback(
    stage: &Staging,
    sel: &Selection,
    plan: &Plan,
    p: YearMonth,
    bar: &indicatif::ProgressBar,
) -> Result<()> {
    for unit in &plan.units {
        let mine: Vec<_> = sel
            .issues
            .iter()
            .filter(|i| i.unit.as_deref() == Some(unit.name.as_str()))
            .collect();
        if !mine.is_empty() {
            let bytes = feedback::build(&unit.name, &mine, p, plan)?;
            stage.write(
                &format!("退回/{}", feedback::file_name(&unit.name, p)),
                &bytes,
            )?;
            bar.inc(1);
        }
    }
    Ok(())
}

/// The console summary: each number says what it is, in the plan's words.
fn print_summary(fig: &Figures, plan: &Plan, dir: &Path, p: YearMonth, feedback: usize) {
    let s = &fig.summary;
    let c = &s.city;
    let w = plan.wording();
    println!("{}", w.console_title(p));
    println!(
        "  全市累计建成 {} 家（{}建成），全市目标 {} 家，完成 {}，目标状态：{}；各{UNIT_KIND}目标之和 {} 家",
        c.built,
        w.years(),
        c.target,
        rate(c.completion),
        c.status.chinese(),
        fig.unit_targets.target
    );
    println!(
        "  {EXPECTED} {} 家，{}",
        fraction(c.expected_by_now),
        pace_words(c.built, c.expected_by_now, c.behind)
    );
    println!(
        "  在建 {} 家，谋划 {} 家，{PRE_PLAN} {} 家（{}，不计入目标）",
        c.under_construction,
        c.planned,
        c.pre_plan,
        w.pre_plan_meaning()
    );
    println!("  {}", w.coverage_sentence(fig));
    for g in &fig.groups {
        println!("  {}。", w.group_sentence(g, fig));
    }
    println!("  {}", w.assessment_sentence(fig));
    print_inputs(fig, feedback);
    println!("报告已写入 {}", dir.display());
}

/// Files, rows, problems and submissions, each count named.
fn print_inputs(fig: &Figures, feedback: usize) {
    let s = &fig.summary;
    let i = &s.inputs;
    println!(
        "  发现文件 {} 个：已用 {}，退回（整份未用）{}，被替代 {}，暂存 {}，非报表 {}；数据行 {} 行：接收 {}，拒收 {}",
        i.files_found, i.files_read, i.files_rejected, i.files_superseded, i.files_set_aside, i.files_skipped, i.rows_read, i.rows_accepted, i.rows_rejected
    );
    println!(
        "  数据问题：{ERROR} {} 条，{WARNING} {} 条；已写出退回清单 {feedback} 份（有问题的单位各一份，在“退回”文件夹）",
        s.issues.errors, s.issues.warnings
    );
    let list = |f: &dyn Fn(usize) -> bool| -> String {
        let names: Vec<&str> = (0..s.units.len())
            .filter(|k| f(*k))
            .map(|k| s.units[k].unit.as_str())
            .collect();
        if names.is_empty() {
            "无".into()
        } else {
            names.join("、")
        }
    };
    let p = s.period;
    println!(
        "  本月{NO_RETURN}：{}；本月报表{NO_TABLE2}：{}",
        list(&|k| s.units[k].submission == crate::figures::Submission::Missing),
        list(&|k| fig.unit_counts[k].months_no_table2.contains(&p)),
    );
}
