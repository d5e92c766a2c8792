//! Logging and the panic hook of the binary: what a statistician sees on the terminal
//! when something goes wrong, and what a technician sees with `-v`.

/// Logs go to stderr (and, with `--log FILE`, are appended to that file too); `-v`
/// shows xtic's own progress, `-vv` debugging detail. Panics caught on reader threads
/// are logged at debug level instead of printed.
pub fn init(verbose: u8, file: Option<&std::path::Path>) {
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
