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
    xtic::logging::init(cli.verbose, cli.log.as_deref());
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
