//! xtic: the Xingtai innovation-complex reporting pipeline.

use xtic::{cli, cmd, exit};

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    init_logging(cli.verbose, cli.log.as_deref());
    let result = match &cli.command {
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
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("错误：{e:#}");
            std::process::exit(exit::FAILURE);
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
            default(info);
        } else {
            tracing::debug!("caught reader panic: {info}");
        }
    }));
}
