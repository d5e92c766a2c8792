//! xtic: the Xingtai innovation-complex reporting pipeline.

use xtic::{cli, cmd, exit};

use clap::Parser;

fn main() {
    // a reader worker (see ingest::pool): the same binary, started by a run
    #[cfg(target_os = "linux")]
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == xtic::ingest::pool::WORKER_ARG)
    {
        std::process::exit(xtic::ingest::pool::serve());
    }
    let cli = cli::Cli::parse();
    init_logging(cli.verbose, cli.log.as_deref());
    #[cfg(target_os = "linux")]
    if let Ok(exe) = std::env::current_exe() {
        xtic::ingest::pool::enable(exe);
    }
    // exit codes are 0, 1 and 2, nothing else: a panic on this thread (a bug) is a
    // failure with a message, like any other that leaves no new outputs
    let run = std::panic::AssertUnwindSafe(|| run(&cli));
    let result = std::panic::catch_unwind(run).unwrap_or_else(|_| {
        Err(anyhow::anyhow!(
            "xtic 内部错误，本次运行中止，未生成新的报告（上一次的报告保持不变）。请把上面的提示和日志转交技术人员。"
        ))
    });
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("错误：{}", exit::describe(&e));
            std::process::exit(exit::FAILURE);
        }
    }
}

fn run(cli: &cli::Cli) -> anyhow::Result<i32> {
    match &cli.command {
        cli::Command::Plan(a) => cmd::plan::run(a),
        cli::Command::Sample(a) => cmd::sample::run(a),
        cli::Command::Report(a) => cmd::report::run(a),
        cli::Command::Check(a) => cmd::check::run(a),
        cli::Command::Template(a) => cmd::template::run(a),
        cli::Command::Completions(a) => {
            use clap::CommandFactory;
            let mut cmd = cli::Cli::command();
            clap_complete::generate(a.shell, &mut cmd, "xtic", &mut std::io::stdout());
            Ok(exit::CLEAN)
        }
    }
}

/// Logs go to stderr (and, with `--log FILE`, are appended to that file too).
fn init_logging(verbose: u8, file: Option<&std::path::Path>) {
    use tracing_subscriber::fmt::writer::MakeWriterExt;
    let level = match verbose {
        // readers log their own English warnings about odd files; users see ours
        0 => tracing::Level::ERROR,
        1 => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    let builder = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_target(false)
        .with_max_level(level);
    let log = file.and_then(|p| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .ok()
    });
    match log {
        Some(f) => builder
            .with_writer(std::io::stderr.and(std::sync::Mutex::new(f)))
            .init(),
        None => builder.with_writer(std::io::stderr).init(),
    }
    // A reader that panics on a malformed file is caught and reported as a rejected
    // file; keep its panic message out of the user's terminal unless debugging.
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            // where it happened, for the technician; main() then says what it means
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!("xtic 内部错误（{at}）");
            if verbose > 1 {
                default(info);
            }
        } else {
            tracing::debug!("caught reader panic: {info}");
        }
    }));
}
